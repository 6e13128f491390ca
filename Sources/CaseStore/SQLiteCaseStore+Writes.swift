import CaseDesk
import Foundation
import GRDB

extension SQLiteCaseStore {
    public func open(_ intake: Intake, by actor: Actor, at now: Date) throws(StoreError) -> CaseState {
        let now = Millis.truncate(now)
        return try write { db in
            let procedure = try procedure(db)
            let roles = try staffRoles(db, actor)
            return try openCase(db, intake, roles: roles, by: actor, at: now, procedure: procedure)
        }
    }

    /// Opens the next case from `intake` inside the caller's transaction, judged like `open`.
    func openCase(_ db: Database, _ intake: Intake, roles: Set<Role>, by actor: Actor, at now: Date,
                  procedure: Procedure) throws -> CaseState {
        do throws(PermissionError) {
            try Permissions.check(actor: actor.account, roles: roles, action: .intake, kind: intake.kind, stage: intake.stage)
        } catch {
            throw StoreError.forbidden(error)
        }
        let number = (try CaseNumber.fetchOne(db, sql: "SELECT max(id) FROM cases") ?? 0) + 1
        let event = try normalized(Event(caseNumber: number, sequence: 1, recorded: now, actor: actor.account, via: actor.via,
                                         change: .received(intake)))
        return try appendJudged(db, event, to: nil, at: now, procedure: procedure)
    }

    public func record(_ change: Change, on number: CaseNumber, expectedVersion: Int?, by actor: Actor, at now: Date) throws(StoreError) -> CaseState {
        let now = Millis.truncate(now)
        return try write { db in
            let procedure = try procedure(db)
            let roles = try staffRoles(db, actor)
            let state = try currentState(db, number, expectedVersion: expectedVersion, procedure: procedure)
            try permit(change, on: state, roles: roles, actor: actor)
            try checkReferences(db, change, on: state)
            return try appendJudged(db, change, to: state, by: actor, at: now, procedure: procedure)
        }
    }

    /// The case as its trail leaves it; a conflict naming who changed it when it is no longer at
    /// the version the caller read.
    func currentState(_ db: Database, _ number: CaseNumber, expectedVersion: Int?, procedure: Procedure) throws -> CaseState {
        let events = try loadEvents(db, number)
        guard !events.isEmpty else { throw StoreError.noSuchCase(number) }
        let state = try CaseState.fold(events)
        if let expectedVersion, expectedVersion != state.version {
            let last = events[events.count - 1]
            throw StoreError.conflict(number, expected: expectedVersion, current: state.version, by: last.actor,
                                      when: procedure.calendar.readable(last.recorded), what: EventText.pastTense(last.change))
        }
        return state
    }

    /// What a change names outside the case must exist: the person it is assigned to (someone who
    /// can work cases), the case it duplicates.
    func checkReferences(_ db: Database, _ change: Change, on state: CaseState) throws {
        switch change {
        case let .assigned(assignment):
            guard let person = assignment.to else { return }
            let roles = try self.roles(db, person)
            if roles.isEmpty { throw StoreError.unknownStaff(person) }
            if roles.isDisjoint(with: [.supervisor, .abuse, .head]) {
                throw StoreError.refused(TransitionError(caseNumber: state.number, action: .assign, problem: .refused(
                    "\(person) does not work cases (roles: \(SQLiteCaseStore.encodeRoles(roles))); assign it to a supervisor, an abuse specialist or the head")))
            }
        case let .closed(closure):
            if let other = closure.duplicateOf, other != state.number,
               try Int.fetchOne(db, sql: "SELECT count(*) FROM cases WHERE id = ?", arguments: [other]) == 0 {
                throw StoreError.refused(TransitionError(caseNumber: state.number, action: .close, problem: .refused(
                    "there is no case \(other) for it to duplicate")))
            }
        default:
            break
        }
    }

    /// Refuses unless one of `roles` may make this change on this case.
    func permit(_ change: Change, on state: CaseState, roles: Set<Role>, actor: Actor) throws {
        do throws(PermissionError) {
            try Permissions.check(actor: actor.account, roles: roles, action: Action(change), caseNumber: state.number,
                                  kind: state.kind, stage: state.stage)
        } catch {
            throw StoreError.forbidden(error)
        }
    }

    /// Has the procedure judge the change on `state`, then appends it; the state after it.
    func appendJudged(_ db: Database, _ change: Change, to state: CaseState, by actor: Actor, at now: Date,
                      procedure: Procedure) throws -> CaseState {
        let event = try normalized(Event(caseNumber: state.number, sequence: state.version + 1, recorded: now,
                                         actor: actor.account, via: actor.via, change: change))
        return try appendJudged(db, event, to: state, at: now, procedure: procedure)
    }

    /// Has the procedure judge the event (the opening one when `state` is nil), then appends it.
    private func appendJudged(_ db: Database, _ event: Event, to state: CaseState?, at now: Date,
                              procedure: Procedure) throws -> CaseState {
        let after: CaseState
        do throws(TransitionError) {
            after = try procedure.apply(event, to: state, now: now)
        } catch {
            throw StoreError.refused(error)
        }
        try append(db, event: event, before: state, after: after, procedure: procedure)
        return after
    }

    public func sweep(by actor: Actor, at now: Date) throws(StoreError) -> [CaseNumber] {
        let now = Millis.truncate(now)
        // Any member of the staff may record the passing of time; nobody else writes to the trail.
        if try self.roles(of: actor.account).isEmpty { throw .notStaff(actor.account) }
        let candidates = try read { db in
            try CaseNumber.fetchAll(db, sql: "SELECT id FROM cases WHERE window_end_ms IS NOT NULL AND window_end_ms < ? ORDER BY id",
                                    arguments: [Millis.from(now)])
        }
        var lapsed: [CaseNumber] = []
        for number in candidates {
            // Each lapse in its own transaction: judged again inside it, so two sweepers write it once.
            let written = try write { db -> Bool in
                let procedure = try procedure(db)
                let events = try loadEvents(db, number)
                guard !events.isEmpty else { return false }
                let state = try CaseState.fold(events)
                guard let change = procedure.lapseDue(state, now: now) else { return false }
                // Judged as computed, kept at the store's precision: the window's end is the last
                // millisecond of a day, which the round trip through milliseconds gives back to the
                // millisecond but not bit for bit, so the check of the stored form would refuse it.
                try procedure.check(change, on: state, now: now)
                let event = try normalized(Event(caseNumber: number, sequence: state.version + 1, recorded: now,
                                                 actor: actor.account, via: actor.via, change: change))
                var after = state
                after.fold(event)
                try append(db, event: event, before: state, after: after, procedure: procedure)
                return true
            }
            if written { lapsed.append(number) }
        }
        return lapsed
    }

    /// The event exactly as the store will keep it (millisecond instants), so the state built now is
    /// the state a rebuild from the trail gives.
    func normalized(_ event: Event) throws(StoreError) -> Event {
        var copy = event
        copy.recorded = Millis.truncate(event.recorded)
        let json = EventCoding.encode(event.change)
        if EventCoding.containsNUL(json) {
            throw .invalid("case \(event.caseNumber): text with a NUL character (U+0000) cannot be stored; remove it and try again")
        }
        if let kept = EventCoding.storedFormWithoutDecoding(event.change) {
            copy.change = kept
        } else {
            copy.change = try EventCoding.decode(json, case: event.caseNumber, sequence: event.sequence)
        }
        return copy
    }

    func loadEvents(_ db: Database, _ number: CaseNumber) throws -> [Event] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT seq, recorded_ms, actor, via, data FROM events WHERE case_id = ? ORDER BY seq"),
                         arguments: [number]).map { row in
            let sequence: Int = row["seq"]
            return Event(caseNumber: number, sequence: sequence, recorded: Millis.date(row["recorded_ms"]), actor: row["actor"],
                         via: row["via"], change: try EventCoding.decode(row["data"], case: number, sequence: sequence))
        }
    }

    /// Appends the event and brings the projection and the search index up to date: one transaction.
    func append(_ db: Database, event: Event, before: CaseState?, after: CaseState, procedure: Procedure) throws {
        var oldFields: [String: String] = [:]
        if let before {
            let beforeClocks = CaseProjection.clocks(before, procedure: procedure)
            oldFields = CaseProjection.recordFields(before, row: CaseProjection(before, procedure: procedure, clocks: beforeClocks),
                                                    clocks: beforeClocks)
        }
        let clocks = CaseProjection.clocks(after, procedure: procedure)
        let newRow = CaseProjection(after, procedure: procedure, clocks: clocks)
        let newFields = CaseProjection.recordFields(after, row: newRow, clocks: clocks)
        try db.cachedStatement(sql: """
            INSERT INTO events (case_id, seq, recorded_ms, actor, via, type, data, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                event.caseNumber, event.sequence, Millis.from(event.recorded), event.actor, event.via, event.change.type,
                EventCoding.encode(event.change),
                EventCoding.encodeChanges(CaseProjection.changes(from: oldFields, to: newFields)),
            ])
        try saveProjection(db, newRow)
        try saveFigures(db, CaseFigures(after, procedure: procedure, clocks: clocks))
        let oldText = before.map(SearchText.init)
        let newText = SearchText(after)
        if oldText != newText {
            try replaceSearchText(db, number: event.caseNumber, old: oldText, new: newText)
        }
    }

    static var projectionColumns: [String] { CaseProjection.columns }

    /// A new row. (INSERT OR REPLACE would delete and re-insert every index entry; twice the work.)
    static let insertProjectionSQL = "INSERT INTO cases (\(projectionColumns.joined(separator: ", "))) VALUES ("
        + Array(repeating: "?", count: projectionColumns.count).joined(separator: ", ") + ")"

    static let saveProjectionSQL = insertProjectionSQL + " ON CONFLICT (id) DO UPDATE SET "
        + projectionColumns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")

    func saveProjection(_ db: Database, _ row: CaseProjection) throws {
        var arguments = ArgumentWriter()
        row.write(into: &arguments)
        try db.cachedStatement(sql: SQLiteCaseStore.saveProjectionSQL).execute(arguments: StatementArguments(arguments.values))
    }

    /// A row's values as a statement's arguments.
    private struct ArgumentWriter: ColumnWriter {
        var values: [DatabaseValue] = []
        mutating func integer(_ value: Int64?) { values.append(value.databaseValue) }
        mutating func text(_ value: String?) { values.append(value.databaseValue) }
    }

    func saveFigures(_ db: Database, _ figures: CaseFigures) throws {
        try db.cachedStatement(sql: CaseFigures.upsertSQL)
            .execute(arguments: StatementArguments(figures.values.map { $0.databaseValue }))
    }

    /// A contentless index forgets a row only when given the exact text it indexed.
    func replaceSearchText(_ db: Database, number: CaseNumber, old: SearchText?, new: SearchText) throws {
        if let old {
            try db.cachedStatement(sql: """
                INSERT INTO case_text (case_text, rowid, subject, description, customer, domains, notes) VALUES ('delete', ?, ?, ?, ?, ?, ?)
                """).execute(arguments: StatementArguments([number] + old.values.map { $0 as DatabaseValueConvertible }))
        }
        try db.cachedStatement(sql: """
            INSERT INTO case_text (rowid, subject, description, customer, domains, notes) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: StatementArguments([number] + new.values.map { $0 as DatabaseValueConvertible }))
    }
}
