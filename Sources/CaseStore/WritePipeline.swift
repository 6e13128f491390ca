import CaseDesk
import CaseDeskConfig
import Foundation

/// A case event as every backend keeps it: the row, text as stored.
struct StoredEvent: Sendable, Equatable {
    var caseNumber: CaseNumber
    var sequence: Int
    /// Its place in the store's trail (case and desk events together), from 1.
    var position: Int64
    var recordedMs: Int64
    var actor: String
    var via: String?
    var type: String
    var data: String
    var changes: String

    func event() throws(StoreError) -> Event {
        Event(caseNumber: caseNumber, sequence: sequence, recorded: Millis.date(recordedMs), actor: actor, via: via,
              change: try EventCoding.decode(data, case: caseNumber, sequence: sequence))
    }
}

/// A desk event (staff, settings, the store's creation, handover reads) as every backend keeps it.
struct StoredDeskEvent: Sendable, Equatable {
    var id: Int64
    var position: Int64
    var recordedMs: Int64
    var actor: String
    var via: String?
    var type: String
    var data: String
}

/// What one backend provides inside one write transaction: its SQL, and nothing of the rules.
protocol StoreTransaction {
    /// The account's roles from the staff table; empty when it is not on the staff.
    func roles(of account: String) throws -> Set<Role>
    /// The case's events in sequence order (empty: no such case).
    func storedTrail(of number: CaseNumber) throws -> [StoredEvent]
    /// The trails of several cases (a case with none is left out): one read where a round trip costs.
    func storedTrails(of numbers: [CaseNumber]) throws -> [CaseNumber: [StoredEvent]]
    func lastCaseNumber() throws -> CaseNumber
    func caseExists(_ number: CaseNumber) throws -> Bool
    /// The numbers of the open cases, in order.
    func openCaseNumbers() throws -> [CaseNumber]
    /// The open cases and the version each is at.
    func openCaseVersions() throws -> [CaseNumber: Int]
    /// The last link of the store's trail and how many events it holds.
    func trailHead() throws -> TrailHead
    func nextDeskEventID() throws -> Int64
    func insert(_ event: StoredEvent) throws
    func insert(_ event: StoredDeskEvent) throws
    func insertLink(position: Int64, link: Data) throws
    func saveProjection(_ row: CaseProjection) throws
    func saveFigures(_ figures: CaseFigures) throws
    /// Where the case's saved rows place it among the queue's totals; nil for a case not yet saved.
    /// Read from the rows as stored, not rebuilt: after a change of the rules a row may still be the
    /// old rules' until its reprojection batch comes.
    func storedBucket(of number: CaseNumber) throws -> QueueBucket?
    /// Adds `delta` (cases in, or out when negative) to the counter of `bucket`, creating it at 0 first.
    func addToCount(_ bucket: QueueBucket, _ delta: Int) throws
    /// The case's statistics row as stored (nil: none yet).
    func storedFigures(of number: CaseNumber) throws -> CaseFigures?
    /// Adds `counts` (negative ones take away) to the statistics kept per day and dimension.
    func addToStatistics(_ counts: StatisticsAggregate) throws
    /// Replaces what the search index holds for the case (`old`: what it held, nil for a new case).
    func replaceSearchText(number: CaseNumber, old: SearchText?, new: SearchText) throws

    // Incidents (issue 12)
    /// Lists the domains an abuse report names, as it opens (they never change after).
    func addAbuseDomains(_ number: CaseNumber, _ domains: [String]) throws
    /// Other abuse reports naming one of the domains that are open, or in an incident with an open
    /// report: incidents first, lowest number first.
    func reportsNaming(_ domains: [String], except number: CaseNumber) throws -> [IncidentCandidate]
    /// The next incident number, kept as handed out so none is used twice.
    func newIncidentNumber(openedMs: Int64) throws -> IncidentNumber
    /// The reports in an incident now, by number.
    func incidentMembers(_ incident: IncidentNumber) throws -> [CaseNumber]
    /// Runs `body` so that what it wrote is undone if it throws; the transaction goes on.
    func inSavepoint(_ body: () throws -> Void) throws
    /// The archived message with these bytes (digest) or this Message-ID, if any.
    func archivedMessage(sha256: String, messageID: String?) throws -> DuplicateMessage?
    /// The case holding the archived message with this Message-ID.
    func caseHolding(messageID: String) throws -> CaseNumber?
    /// Keeps a message's bytes in the archive, filed with the event `state` ends with.
    func insertMessage(raw: Data, correspondence: Change.Correspondence, direction: CaseState.MessageRecord.Direction, origin: String,
                       on state: CaseState) throws
}

extension StoreTransaction {
    /// Case by case: a local file answers each read at once.
    func storedTrails(of numbers: [CaseNumber]) throws -> [CaseNumber: [StoredEvent]] {
        var trails: [CaseNumber: [StoredEvent]] = [:]
        for number in numbers {
            let trail = try storedTrail(of: number)
            if !trail.isEmpty { trails[number] = trail }
        }
        return trails
    }
}

/// The rules of every write, once, for every backend: the actor's roles, the version the caller
/// read, the procedure's judgement, the event, its link in the trail, the projection, the
/// statistics row and the search text — all inside the caller's transaction.
final class WritePipeline<Transaction: StoreTransaction> {
    let transaction: Transaction
    let procedure: Procedure
    /// The entry digest of the last event of each case this transaction read or wrote.
    var caseHeads: [CaseNumber: Data] = [:]

    init(_ transaction: Transaction, procedure: Procedure) {
        self.transaction = transaction
        self.procedure = procedure
    }

    // MARK: Who

    /// The actor's roles; refused when the account is not on the staff.
    func staffRoles(_ actor: Actor) throws -> Set<Role> {
        let roles = try transaction.roles(of: actor.account)
        if roles.isEmpty { throw StoreError.notStaff(actor.account) }
        return roles
    }

    /// Refuses unless the actor's roles allow a desk action (staff, settings).
    func require(_ actor: Actor, _ action: Action) throws {
        let roles = try staffRoles(actor)
        do throws(PermissionError) {
            try Permissions.check(actor: actor.account, roles: roles, action: action)
        } catch {
            throw StoreError.forbidden(error)
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

    // MARK: Cases

    /// Opens the next case from `intake`, judged like any write.
    func open(_ intake: Intake, roles: Set<Role>, by actor: Actor, at now: Date) throws -> CaseState {
        do throws(PermissionError) {
            try Permissions.check(actor: actor.account, roles: roles, action: .intake, kind: intake.kind, stage: intake.stage)
        } catch {
            throw StoreError.forbidden(error)
        }
        let number = try transaction.lastCaseNumber() + 1
        let event = try normalized(Event(caseNumber: number, sequence: 1, recorded: now, actor: actor.account, via: actor.via,
                                         change: .received(intake)))
        return try appendJudged(event, to: nil, at: now)
    }

    /// Roles, version, references, the procedure: then the event.
    func record(_ change: Change, on number: CaseNumber, expectedVersion: Int?, by actor: Actor, at now: Date) throws -> CaseState {
        let roles = try staffRoles(actor)
        let state = try currentState(number, expectedVersion: expectedVersion)
        try permit(change, on: state, roles: roles, actor: actor)
        try checkReferences(change, on: state)
        return try appendJudged(change, to: state, by: actor, at: now)
    }

    /// The case as its trail leaves it; a conflict naming who changed it when it is no longer at
    /// the version the caller read. `keepingHead`: its trail's head is hashed and kept for the
    /// event about to be appended; a judgement that appends nothing (the moves a change of the
    /// rules owes, over millions of open cases) leaves it.
    /// `stored`: its trail, when already read (with others', `storedTrails`).
    func currentState(_ number: CaseNumber, expectedVersion: Int?, keepingHead: Bool = true, stored: [StoredEvent]? = nil) throws -> CaseState {
        let stored = try stored ?? transaction.storedTrail(of: number)
        guard !stored.isEmpty else { throw StoreError.noSuchCase(number) }
        var events: [Event] = []
        events.reserveCapacity(stored.count)
        for row in stored { events.append(try row.event()) }
        if keepingHead { caseHeads[number] = TrailLink.caseHead(stored) }
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
    func checkReferences(_ change: Change, on state: CaseState) throws {
        switch change {
        case let .assigned(assignment):
            guard let person = assignment.to else { return }
            let roles = try transaction.roles(of: person)
            if roles.isEmpty { throw StoreError.unknownStaff(person) }
            if roles.isDisjoint(with: [.supervisor, .abuse, .head]) {
                throw StoreError.refused(TransitionError(caseNumber: state.number, action: .assign, problem: .refused(
                    "\(person) does not work cases (roles: \(Role.listed(roles))); assign it to a supervisor, an abuse specialist or the head")))
            }
        case let .closed(closure):
            if let other = closure.duplicateOf, other != state.number, try !transaction.caseExists(other) {
                throw StoreError.refused(TransitionError(caseNumber: state.number, action: .close, problem: .refused(
                    "there is no case \(other) for it to duplicate")))
            }
        default:
            break
        }
    }

    /// Has the procedure judge the change on `state`, then appends it; the state after it.
    func appendJudged(_ change: Change, to state: CaseState, by actor: Actor, at now: Date) throws -> CaseState {
        let event = try normalized(Event(caseNumber: state.number, sequence: state.version + 1, recorded: now,
                                         actor: actor.account, via: actor.via, change: change))
        return try appendJudged(event, to: state, at: now)
    }

    /// Has the procedure judge the event (the opening one when `state` is nil), then appends it.
    private func appendJudged(_ event: Event, to state: CaseState?, at now: Date) throws -> CaseState {
        let after: CaseState
        do throws(TransitionError) {
            after = try procedure.apply(event, to: state, now: now)
        } catch {
            throw StoreError.refused(error)
        }
        try append(event, before: state, after: after)
        return after
    }

    /// Writes the lapse on a case whose customer window has run out, judged again here so that two
    /// sweepers write it once. False when nothing was due.
    func lapse(_ number: CaseNumber, by actor: Actor, at now: Date) throws -> Bool {
        let state = try currentState(number, expectedVersion: nil)
        guard let change = procedure.lapseDue(state, now: now) else { return false }
        do throws(TransitionError) {
            try procedure.check(change, on: state, now: now)
        } catch {
            throw StoreError.refused(error)
        }
        let event = try normalized(Event(caseNumber: number, sequence: state.version + 1, recorded: now,
                                         actor: actor.account, via: actor.via, change: change))
        var after = state
        after.fold(event)
        try append(event, before: state, after: after)
        return true
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

    /// Appends the event with its link, and brings the projection, the statistics row and the
    /// search index up to date.
    func append(_ event: Event, before: CaseState?, after: CaseState) throws {
        var oldFields: [String: String] = [:]
        if let before {
            let beforeClocks = CaseProjection.clocks(before, procedure: procedure)
            oldFields = CaseProjection.recordFields(before, row: CaseProjection(before, procedure: procedure, clocks: beforeClocks),
                                                    clocks: beforeClocks)
        }
        let clocks = CaseProjection.clocks(after, procedure: procedure)
        let newRow = CaseProjection(after, procedure: procedure, clocks: clocks)
        let newFields = CaseProjection.recordFields(after, row: newRow, clocks: clocks)
        let head = try transaction.trailHead()
        let stored = StoredEvent(
            caseNumber: event.caseNumber, sequence: event.sequence, position: head.count + 1, recordedMs: Millis.from(event.recorded),
            actor: event.actor, via: event.via, type: event.change.type, data: EventCoding.encode(event.change),
            changes: EventCoding.encodeChanges(CaseProjection.changes(from: oldFields, to: newFields)))
        let previous = try before == nil ? nil : caseHead(event.caseNumber)
        let entry = TrailLink.caseEntry(previous: previous, stored)
        try transaction.insert(stored)
        if before == nil, after.kind == .abuse, !after.intake.domains.isEmpty {
            try transaction.addAbuseDomains(event.caseNumber, after.intake.domains.map(\.unicode))
        }
        try transaction.insertLink(position: stored.position, link: TrailLink.link(previous: head.link, position: stored.position, entry: entry))
        caseHeads[event.caseNumber] = entry
        let figures = CaseFigures(after, procedure: procedure, clocks: clocks)
        try saveRows(newRow, figures)
        let oldText = before.map(SearchText.init)
        let newText = SearchText(after)
        if oldText != newText {
            try transaction.replaceSearchText(number: event.caseNumber, old: oldText, new: newText)
        }
    }

    /// Saves a case's projection and statistics rows and moves it between the queue's kept totals
    /// when its bucket changed: the counters change in the same transaction as the rows they count.
    func saveRows(_ row: CaseProjection, _ figures: CaseFigures) throws {
        let old = try transaction.storedBucket(of: row.number)
        try transaction.saveProjection(row)
        try keepFigures(figures)
        let new = QueueBucket(row, figures)
        guard old != new else { return }
        if let old { try transaction.addToCount(old, -1) }
        try transaction.addToCount(new, 1)
    }

    /// Saves a case's statistics row and moves the kept counts by the difference from the row it
    /// replaces (read as stored, so counts made under older rules are taken back exactly).
    func keepFigures(_ figures: CaseFigures) throws {
        let old = try transaction.storedFigures(of: figures.number)
        guard old != figures else { return }
        try transaction.saveFigures(figures)
        try transaction.addToStatistics(StatisticsAggregate(from: old, to: figures))
    }

    private func caseHead(_ number: CaseNumber) throws -> Data? {
        if let head = caseHeads[number] { return head }
        let head = TrailLink.caseHead(try transaction.storedTrail(of: number))
        caseHeads[number] = head
        return head
    }

    // MARK: The desk

    /// A handover note for the whole desk: judged by the permission table (whoever may leave
    /// handover notes on cases may leave one for the desk), then appended as a desk event.
    func handoverNote(_ text: String, by actor: Actor, at now: Date) throws {
        try require(actor, .handoverNote)
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw StoreError.invalid("a handover note needs some text") }
        if text.unicodeScalars.contains("\u{0}") {
            throw StoreError.invalid("text with a NUL character (U+0000) cannot be stored; remove it and try again")
        }
        try deskEvent(type: "handover_note", data: ["text": text], by: actor, at: now)
    }

    /// Appends an event of the desk (staff, settings, handover reads) with its link.
    func deskEvent(type: String, data: [String: String], by actor: Actor, at now: Date) throws {
        let json = String(decoding: try EventCoding.encoder().encode(data), as: UTF8.self)
        let head = try transaction.trailHead()
        let event = StoredDeskEvent(id: try transaction.nextDeskEventID(), position: head.count + 1, recordedMs: Millis.from(now),
                                    actor: actor.account, via: actor.via, type: type, data: json)
        try transaction.insert(event)
        try transaction.insertLink(position: event.position,
                                   link: TrailLink.link(previous: head.link, position: event.position, entry: TrailLink.deskEntry(event)))
    }
}

// MARK: Versions of the rules

extension WritePipeline {
    /// The procedure a change of the rules makes of `current`, judged: the text must read, and the
    /// new version takes effect neither before now nor before the newest version's own moment.
    static func next(_ change: RuleChange, after current: Procedure, at now: Date) throws(StoreError) -> Procedure {
        var policy = current.policy
        var calendar = current.calendar
        do throws(ConfigError) {
            switch change.setting {
            case .policy:
                if let text = change.text { policy = try PolicyFile.parse(text: text, file: change.file) } else { policy = .standard }
            case .calendar:
                if let text = change.text { calendar = try CalendarFile.parse(text: text, file: change.file) } else { calendar = .saarland }
            }
        } catch {
            throw .invalid(error.description)
        }
        let from = Millis.truncate(change.from ?? now)
        if from < Millis.truncate(now) {
            throw .invalid("--from \(current.calendar.readable(from)) is in the past: new rules take effect from now or later, never earlier (closed cases and past outcomes never change)")
        }
        if let newest = current.versions.last, from < newest.from {
            throw .invalid("--from \(current.calendar.readable(from)) is before version \(newest.number) of the rules takes effect (\(current.calendar.readable(newest.from))); versions take effect in the order they are made")
        }
        return current.adding(policy: policy, calendar: calendar, from: from)
    }

    /// The open clocks that move if they follow `next`'s newest version, case by case: of every
    /// open case, or of `among` (cases found before, in order, judged again as they are now).
    func plannedMoves(current: Procedure, next: Procedure, at now: Date, among: [CaseNumber]? = nil) throws -> [ClockMove] {
        let numbers = try among ?? transaction.openCaseNumbers()
        var moves: [ClockMove] = []
        // 200 cases' trails per read (PostgreSQL: one round trip instead of 200), never more in
        // memory at once (the SQLite store judges millions of open cases this way).
        for start in stride(from: 0, to: numbers.count, by: Self.trailsPerRead) {
            let chunk = Array(numbers[start..<min(start + Self.trailsPerRead, numbers.count)])
            let trails = try transaction.storedTrails(of: chunk)
            for number in chunk {
                moves += try judgedMoves(number, current: current, next: next, at: now, stored: trails[number] ?? []).moves
            }
        }
        return moves
    }

    /// How many cases' trails `plannedMoves` reads at once.
    static var trailsPerRead: Int { 200 }

    /// One case's version and the moves of its open clocks if they follow `next`'s newest version
    /// (nothing is appended: its trail's head is not hashed). `stored`: its trail, when already read.
    func judgedMoves(_ number: CaseNumber, current: Procedure, next: Procedure, at now: Date,
                     stored: [StoredEvent]? = nil) throws -> (version: Int, moves: [ClockMove]) {
        let state = try currentState(number, expectedVersion: nil, keepingHead: false, stored: stored)
        return (state.version, RulePlan.moves(state, current: current, next: next, now: now))
    }

    /// One batch of a change's owed moves (`RebaseMarker`): the clocks of the open cases `numbers`
    /// that count under an older version, judged again now and moved.
    func rebase(among numbers: [CaseNumber], by actor: Actor, at now: Date) throws {
        try rebase(try plannedMoves(current: procedure, next: procedure, at: now, among: numbers), by: actor, at: now)
    }

    /// Records each move as a `clock_rebased` event on its case, judged like any write (this
    /// pipeline's procedure is the one with the new version).
    func rebase(_ moves: [ClockMove], by actor: Actor, at now: Date) throws {
        let calendar = procedure.calendar
        for move in moves {
            let reason = "\(move.reason); due \(calendar.readable(move.from)) → \(calendar.readable(move.to))"
            _ = try record(.clockRebased(.init(clock: move.clock, version: procedure.currentVersion, from: move.from, to: move.to,
                                               reason: reason)),
                           on: move.caseNumber, expectedVersion: nil, by: actor, at: now)
        }
    }
}

extension Role {
    /// Roles in the table's order, comma-separated, as the staff table keeps them.
    static func listed(_ roles: Set<Role>) -> String {
        Role.allCases.filter(roles.contains).map(\.rawValue).joined(separator: ",")
    }

    /// Roles back from `listed` (unknown names are dropped).
    static func parseListed(_ text: String) -> Set<Role> {
        Set(text.split(separator: ",").compactMap { Role(rawValue: String($0)) })
    }
}
