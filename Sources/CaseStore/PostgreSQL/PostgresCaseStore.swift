import CaseDesk
import CaseDeskConfig
import Foundation
import Synchronization

/// The case store on a PostgreSQL database, for a desk on several hosts: the same rules through the
/// same write pipeline as SQLite; only the SQL is here. Writes take one advisory lock for their
/// transaction, so they queue like SQLite's writers and a stale version is a conflict, never a
/// silent overwrite; reads run beside them.
public final class PostgresCaseStore: CaseStore {
    public let address: PostgresAddress
    public var location: String { address.description }
    public let isReadOnly = false
    /// One connection, handed to one caller at a time.
    private let connection: Mutex<PostgresConnection>
    private let procedureCache = Mutex<(version: String, procedure: Procedure)?>(nil)
    /// Whether the connection was lost and made again since the change feed last asked.
    let reconnected = Atomic<Bool>(false)
    /// Who the database says this connection is (read once): its session role and whether it is a superuser.
    private let session = Mutex<(role: String, isSuperuser: Bool)?>(nil)

    /// The key of the advisory lock every write transaction holds ("CDS1", as SQLite's application id).
    static let writeLock: Int64 = 0x4344_5331

    private init(address: PostgresAddress, connection: PostgresConnection) {
        self.address = address
        self.connection = Mutex(connection)
    }

    /// A store on a connection of its own for a job of this store: one whose schema a move is about
    /// to make (`receive`), a demo load's second writer.
    convenience init(moving address: PostgresAddress, connection: PostgresConnection) {
        self.init(address: address, connection: connection)
    }

    /// Opens an existing store, running the migrations it lacks; a database from a newer casedesk,
    /// an empty one or another program's is refused.
    public static func open(_ address: PostgresAddress) throws(StoreError) -> PostgresCaseStore {
        let store = PostgresCaseStore(address: address, connection: try PostgresConnection(address))
        let state = try store.read { connection in try PostgresCaseStore.state(connection) }
        switch state {
        case .empty:
            throw .notAStore(path: address.description, reason: "an empty database; create a store with casedesk init --db \(address)")
        case .foreign:
            throw .notAStore(path: address.description, reason: "a database of another program")
        case let .store(version) where version > latestSchema:
            throw .newerStore(path: address.description, found: version, supported: latestSchema)
        case let .store(version) where version < latestSchema:
            try store.write { transaction in
                if case let .store(now) = try PostgresCaseStore.state(transaction.connection), now < latestSchema {
                    try PostgresCaseStore.migrate(transaction.connection, from: now)
                }
            }
        case .store:
            // The permission table changed since the rows were written: a superuser (who runs
            // upgrades) writes them again; others go on, and verify names the difference.
            if try store.sessionRole().isSuperuser,
               try store.read({ connection in try PostgresDeskRoles.eventPermissionsStale(connection) }) {
                try store.write { transaction in try PostgresDeskRoles.setUp(transaction.connection) }
            }
        }
        return store
    }

    /// Creates the schema in an empty database; the creator joins the staff. Schema, creator and
    /// first event are one transaction; of two at once exactly one creates the store.
    public static func create(_ address: PostgresAddress, creator: Actor, roles: Set<Role>, at now: Date = Date()) throws(StoreError) -> PostgresCaseStore {
        let store = PostgresCaseStore(address: address, connection: try PostgresConnection(address))
        let now = Millis.truncate(now)
        try store.write { transaction in
            switch try PostgresCaseStore.state(transaction.connection) {
            case .store: throw StoreError.alreadyExists(path: address.description)
            case .foreign: throw StoreError.notAStore(path: address.description, reason: "the database holds another program's tables")
            case .empty: break
            }
            try PostgresCaseStore.migrate(transaction.connection, from: 0)
            try transaction.connection.execute("INSERT INTO staff (account, roles, added_ms, added_by) VALUES ($1, $2, $3, $4)",
                                               [.text(creator.account), .text(Role.listed(roles)), .integer(Millis.from(now)), .text(creator.account)])
            try PostgresDeskRoles.setMember(transaction.connection, creator.account)
            try WritePipeline(transaction, procedure: Procedure())
                .deskEvent(type: "store_created", data: ["account": creator.account, "roles": Role.listed(roles)], by: creator, at: now)
        }
        return store
    }

    // MARK: Transactions

    /// The connection for one caller; made again first if the server or network dropped it.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        do {
            return try connection.withLock { connection in
                if !connection.isHealthy {
                    guard connection.reset() else { throw StoreError.unavailable("lost the connection to \(address) and cannot make it again") }
                    reconnected.store(true, ordering: .relaxed)
                }
                return try body(connection)
            }
        } catch {
            throw storeError(error)
        }
    }

    /// One write transaction holding the store's write lock. A serialization failure or deadlock
    /// runs it again (nothing of it was kept); a lost connection is made again and the write run
    /// once more only if it never reached COMMIT. Lost while COMMIT was on its way, the server is
    /// asked on the new connection whether the transaction committed (`committedAfterLoss`).
    /// `takingWriteLock` false: the caller holds the write lock for the whole of a larger job on
    /// another connection (a demo load's writers, see `loadGenerated`).
    func write<T>(takingWriteLock: Bool = true, _ body: (PostgresTransaction) throws -> T) throws(StoreError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            lastFailureWasRetryable.store(false, ordering: .relaxed)
            lastFailureLostConnection.store(false, ordering: .relaxed)
            var reachedCommit = false
            do throws(StoreError) {
                return try withConnection { connection in
                    try connection.execute("BEGIN")
                    do {
                        // The transaction's id (asked after a lost COMMIT), read in the same round trip as the lock, once it is held.
                        let xid = try takingWriteLock
                            ? connection.execute("SELECT pg_advisory_xact_lock($1), txid_current()", [.integer(Self.writeLock)]).first?.integer(1)
                            : connection.execute("SELECT txid_current()").first?.integer(0)
                        let result = try body(PostgresTransaction(connection: connection))
                        reachedCommit = true
                        do {
                            try connection.execute("COMMIT")
                        } catch let failure as PostgresFailure where failure.isConnectionLost {
                            guard let xid, try committedAfterLoss(connection, xid: xid, failure) else { throw failure }
                        }
                        return result
                    } catch {
                        _ = try? connection.execute("ROLLBACK")
                        throw error
                    }
                }
            } catch {
                if case .unavailable = error, attempt < 4, lastFailureWasRetryable.load(ordering: .relaxed) { continue }
                // Lost before COMMIT was sent: nothing of it was kept, so it runs again on a new connection.
                if case .unavailable = error, attempt < 4, !reachedCommit, lastFailureLostConnection.load(ordering: .relaxed) { continue }
                throw error
            }
        }
    }

    /// Whether the transaction `xid`, whose COMMIT was sent when the connection was lost, committed:
    /// asked on the connection made again. False: it was aborted (nothing kept; the lost connection
    /// is the error). When the server cannot say, the error says the outcome is unknown.
    func committedAfterLoss(_ connection: PostgresConnection, xid: Int64, _ failure: PostgresFailure) throws -> Bool {
        let unknown = StoreError.outcomeUnknown("""
            lost the connection to \(address) after sending COMMIT (\(failure.message)); whether the change was kept is unknown: \
            look at the case (or the staff, or the settings) before making it again
            """)
        guard connection.reset() else { throw unknown }
        reconnected.store(true, ordering: .relaxed)
        switch try? connection.execute("SELECT txid_status($1)", [.integer(xid)]).first?.text(0) {
        case "committed": return true
        case "aborted": return false
        default: throw unknown
        }
    }

    /// Set by `storeError` when the failure it read was a serialization failure or deadlock.
    private let lastFailureWasRetryable = Atomic<Bool>(false)

    /// Set by `storeError` when the failure it read was the connection lost (the server ended it,
    /// the network dropped it): the next call makes it again.
    private let lastFailureLostConnection = Atomic<Bool>(false)

    /// Reads in one snapshot; a read that found the connection lost runs once more on a new one.
    func read<T>(_ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        lastFailureLostConnection.store(false, ordering: .relaxed)
        do {
            return try readOnce(body)
        } catch {
            guard lastFailureLostConnection.load(ordering: .relaxed) else { throw error }
            return try readOnce(body)
        }
    }

    private func readOnce<T>(_ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        try withConnection { connection in
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                let result = try body(connection)
                try connection.execute("COMMIT")
                return result
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    private func storeError(_ error: Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let failure = error as? PostgresFailure {
            lastFailureWasRetryable.store(failure.isRetryable, ordering: .relaxed)
            lastFailureLostConnection.store(failure.isConnectionLost, ordering: .relaxed)
            if failure.sqlState == "42501" {
                return .unavailable("the database \(address) refused: \(failure.message)")
            }
            return .unavailable("the store \(address) failed: \(failure.message)")
        }
        return .unavailable("the store \(address) failed: \(error)")
    }

    /// The actor of this connection's writes: the session's database role, which the database
    /// writes into every event anyway (`casedesk_check_append`), so the trail link made here
    /// matches the row kept. A superuser's connection acts for whom it names (init, migrate).
    public func acting(_ requested: Actor) throws(StoreError) -> Actor {
        let session = try sessionRole()
        if session.isSuperuser || session.role == requested.account { return requested }
        return Actor(account: session.role, via: requested.via)
    }

    func sessionRole() throws(StoreError) -> (role: String, isSuperuser: Bool) {
        if let known = session.withLock({ $0 }) { return known }
        let known = try withConnection { connection in
            let row = try connection.execute("SELECT session_user, rolsuper FROM pg_roles WHERE rolname = session_user").first
            return (role: row?.text(0) ?? "", isSuperuser: row?.text(1) == "t")
        }
        session.withLock { $0 = known }
        return known
    }

    public func writeLockWait() throws(StoreError) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try write { _ in }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
    }

    /// The write pipeline on this transaction, with the store's procedure.
    func pipeline(_ transaction: PostgresTransaction) throws -> WritePipeline<PostgresTransaction> {
        WritePipeline(transaction, procedure: try procedure(transaction.connection))
    }

    /// The pipeline for the desk's own writes, which need no procedure (see the SQLite store's).
    func deskPipeline(_ transaction: PostgresTransaction) -> WritePipeline<PostgresTransaction> {
        WritePipeline(transaction, procedure: Procedure())
    }

    // MARK: Settings and the procedure

    public func procedure() throws(StoreError) -> Procedure {
        try read { connection in try procedure(connection) }
    }

    /// The procedure with every version of the rules, rebuilt only when an admin changed them.
    func procedure(_ connection: PostgresConnection) throws -> Procedure {
        let version = try connection.execute("SELECT value FROM meta WHERE key = 'settings_version'").first?.text(0) ?? "0"
        if let cached = procedureCache.withLock({ $0 }), cached.version == version { return cached.procedure }
        let events = try connection.execute("""
            SELECT \(PostgresTransaction.deskEventColumns) FROM desk_events WHERE type IN ('policy_set', 'calendar_set') ORDER BY pos, id
            """).rows.map(PostgresTransaction.storedDeskEvent)
        let procedure: Procedure
        do {
            procedure = try RuleHistory.procedure(events)
        } catch {
            throw StoreError.unavailable("\(error) — an admin can replace it with casedesk config policy / config calendar")
        }
        procedureCache.withLock { $0 = (version, procedure) }
        return procedure
    }

    func loadSettings(_ connection: PostgresConnection) throws -> StoreSettings {
        var settings = StoreSettings()
        for row in try connection.execute("SELECT key, value FROM settings").rows {
            switch row.text(0) {
            case "policy": settings.policyText = row.text(1)
            case "calendar": settings.calendarText = row.text(1)
            default: break
            }
        }
        return settings
    }

    public func settings() throws(StoreError) -> StoreSettings {
        try read { connection in try loadSettings(connection) }
    }

    public func previewRules(_ change: RuleChange, by actor: Actor, at now: Date) throws(StoreError) -> RuleChangeReport {
        let actor = try acting(actor)
        return try read { connection in
            let pipeline = WritePipeline(PostgresTransaction(connection: connection), procedure: try procedure(connection))
            _ = try pipeline.staffRoles(actor)
            let next = try WritePipeline<PostgresTransaction>.next(change, after: pipeline.procedure, at: now)
            let moves = try pipeline.plannedMoves(current: pipeline.procedure, next: next, at: now)
            return RuleChangeReport(version: next.currentVersion, from: next.versions.last?.from ?? now, moves: moves, applied: false, rebased: false)
        }
    }

    /// The new version in one short transaction; with `rebaseOpen`, the moves it makes recorded
    /// afterwards in batches (`finishRebase`), each its own transaction: in one, a million cases'
    /// open clocks kept every other writer waiting for the write lock nearly a minute.
    public func changeRules(_ change: RuleChange, by actor: Actor, at now: Date) throws(StoreError) -> RuleChangeReport {
        let actor = try acting(actor)
        let key = change.setting.rawValue
        let now = Millis.truncate(now)
        // The open clocks that would move are found before the write lock is taken (a million cases take a while).
        let planned = try read { connection -> (rules: Procedure, moves: [ClockMove])? in
            guard let current = try? procedure(connection) else { return nil }
            let next = try WritePipeline<PostgresTransaction>.next(change, after: current, at: now)
            let pipeline = WritePipeline(PostgresTransaction(connection: connection), procedure: current)
            return (current, try pipeline.plannedMoves(current: current, next: next, at: now))
        }
        let report = try write { transaction in
            let connection = transaction.connection
            try deskPipeline(transaction).require(actor, .configure)
            let current = (try? procedure(connection)) ?? Procedure()
            let next = try WritePipeline<PostgresTransaction>.next(change, after: current, at: now)
            let from = next.versions.last?.from ?? now
            let before = try connection.execute("SELECT value FROM settings WHERE key = $1", [.text(key)]).first?.text(0)
            try connection.execute("""
                INSERT INTO settings (key, value, updated_ms, updated_by) VALUES ($1, $2, $3, $4)
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_ms = EXCLUDED.updated_ms, updated_by = EXCLUDED.updated_by
                """, [.text(key), change.text.postgresValue, .integer(Millis.from(now)), .text(actor.account)])
            try connection.execute("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'settings_version'")
            try deskPipeline(transaction).deskEvent(
                type: "\(key)_set", data: ["before": before ?? "(built-in default)", "after": change.text ?? "(built-in default)",
                                           "from": String(Millis.from(from)), "version": String(next.currentVersion)],
                by: actor, at: now)
            if change.rebaseOpen { try Self.markForRebase(connection, version: next.currentVersion, by: actor, at: now) }
            if next.policy.complaintTypes != current.policy.complaintTypes || next.policy.feedbackTeams != current.policy.feedbackTeams {
                try reproject(transaction, procedure: next)
            }
            // The moves found before the lock, when the rules did not change in between (what the
            // batches record is judged again, case by case, when they run).
            let moves = planned?.rules == current ? planned?.moves ?? [] : []
            return RuleChangeReport(version: next.currentVersion, from: from, moves: moves, applied: true, rebased: change.rebaseOpen)
        }
        try finishRebase()
        return report
    }

    // MARK: Open clocks moved to new rules (`config … --rebase-open`)

    /// Open cases judged per transaction when their clocks move to new rules.
    static let rebaseBatch = RebaseMarker.casesPerBatch

    /// The moves a change of the rules still owes (`RebaseMarker`), kept in `settings` under
    /// `rebase` (a member who may change the rules may write there; `meta` is a superuser's),
    /// NULL once none is owed.
    static let rebaseKey = "rebase"

    static func markForRebase(_ connection: PostgresConnection, version: Int, by actor: Actor, at now: Date) throws {
        try setRebaseMarker(connection, RebaseMarker(version: version, at: now, by: actor).text, at: now, by: actor.account)
    }

    private static func setRebaseMarker(_ connection: PostgresConnection, _ marker: String?, at now: Date, by account: String) throws {
        try connection.execute("""
            INSERT INTO settings (key, value, updated_ms, updated_by) VALUES ($1, $2, $3, $4)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_ms = EXCLUDED.updated_ms, updated_by = EXCLUDED.updated_by
            """, [.text(rebaseKey), marker.postgresValue, .integer(Millis.from(now)), .text(account)])
    }

    /// Records the moves still owed, one batch of open cases per transaction, each case's clocks that
    /// count under an older version and whose due moment the new one moves getting a
    /// `clock_rebased` event, judged like any write. Another writer waits for one batch at most (the
    /// write lock's waiters take it in turn). A process stopped part-way leaves the marker, and the
    /// next change of the rules or `sweep` by a member who may change them goes on; each event is
    /// recorded as the member who writes it (the database sets the actor). If a newer version was
    /// made meanwhile, the marker is dropped: that change decides for itself.
    public func finishRebase() throws(StoreError) {
        let session = try sessionRole()
        while try write({ transaction in try rebaseBatch(transaction, session: session) }) {}
    }

    private func rebaseBatch(_ transaction: PostgresTransaction, session: (role: String, isSuperuser: Bool)) throws -> Bool {
        let connection = transaction.connection
        guard let text = try connection.execute("SELECT value FROM settings WHERE key = $1", [.text(Self.rebaseKey)]).first?.text(0) else {
            return false
        }
        let procedure = try procedure(connection)
        guard let marker = RebaseMarker(text), marker.version == procedure.currentVersion else {
            try Self.setRebaseMarker(connection, nil, at: Date(), by: session.role)
            return false
        }
        let recorded = marker.actor
        let actor = session.isSuperuser || session.role == recorded.account ? recorded : Actor(account: session.role, via: recorded.via)
        // Left for a member who may change the rules (a supervisor's sweep passes it by).
        let roles = try transaction.roles(of: actor.account)
        guard (try? Permissions.check(actor: actor.account, roles: roles, action: .configure)) != nil else { return false }
        let numbers = try connection.execute("SELECT id FROM cases WHERE is_open = 1 AND id >= $1 ORDER BY id LIMIT \(Self.rebaseBatch)",
                                             [.integer(marker.nextCase)]).rows.compactMap { $0.integer(0) }
        guard let last = numbers.last else {
            try Self.setRebaseMarker(connection, nil, at: marker.at, by: actor.account)
            return false
        }
        try WritePipeline(transaction, procedure: procedure).rebase(among: numbers, by: actor, at: marker.at)
        try Self.setRebaseMarker(connection, marker.after(last).text, at: marker.at, by: actor.account)
        return true
    }

    /// Rebuilds every case's derived rows from its trail (the statistics' codes follow the policy's lists).
    private func reproject(_ transaction: PostgresTransaction, procedure: Procedure) throws {
        let numbers = try transaction.connection.execute("SELECT id FROM cases ORDER BY id").rows.compactMap { $0.integer(0) }
        for number in numbers {
            let state = try CaseState.fold(try transaction.storedTrail(of: number).map { try $0.event() })
            try transaction.saveDerived(state, procedure: procedure)
        }
    }

    /// Whether a change of the rules with `--rebase-open` still owes moves (`finishRebase`); the
    /// rebuild after a change of the policy's lists is one transaction on PostgreSQL.
    public func reprojectionPending() throws(StoreError) -> Bool {
        try read { connection in
            try connection.execute("SELECT 1 FROM settings WHERE key = $1 AND value IS NOT NULL", [.text(Self.rebaseKey)]).first != nil
        }
    }

    public func finishReprojection() throws(StoreError) {
        try finishRebase()
    }

    /// PostgreSQL keeps its own log; there is nothing for a client to move.
    public func checkpoint() throws(StoreError) {}

    // MARK: Staff

    public func staff() throws(StoreError) -> [StaffMember] {
        try read { connection in
            try connection.execute("SELECT account, roles, added_ms, added_by FROM staff ORDER BY account").rows.map { row in
                StaffMember(account: row.text(0) ?? "", roles: Role.parseListed(row.text(1) ?? ""), added: Millis.date(row.integer(2) ?? 0),
                            addedBy: row.text(3) ?? "")
            }
        }
    }

    public func roles(of account: String) throws(StoreError) -> Set<Role> {
        try read { connection in try PostgresTransaction(connection: connection).roles(of: account) }
    }

    public func setStaff(_ account: String, roles: Set<Role>, by actor: Actor, at now: Date) throws(StoreError) {
        guard StaffName.isValid(account) else {
            throw .invalid("\"\(account)\" is not an account name (letters, digits, ., _ and -; it is the operating-system login)")
        }
        guard !roles.isEmpty else { throw .invalid("give \(account) at least one role (supervisor, abuse, head, viewer, admin)") }
        let actor = try acting(actor)
        try write { transaction in
            let connection = transaction.connection
            try deskPipeline(transaction).require(actor, .manageStaff)
            let before = try connection.execute("SELECT roles FROM staff WHERE account = $1", [.text(account)]).first?.text(0)
            if let before, Role.parseListed(before).contains(.admin), !roles.contains(.admin), try !otherAdminExists(connection, besides: account) {
                throw StoreError.invalid("\(account) is the last admin; add another admin before taking the role away")
            }
            try connection.execute("""
                INSERT INTO staff (account, roles, added_ms, added_by) VALUES ($1, $2, $3, $4)
                ON CONFLICT (account) DO UPDATE SET roles = EXCLUDED.roles
                """, [.text(account), .text(Role.listed(roles)), .integer(Millis.from(now)), .text(actor.account)])
            try PostgresDeskRoles.setMember(connection, account)
            try deskPipeline(transaction).deskEvent(type: before == nil ? "staff_added" : "staff_roles_changed",
                                                    data: ["account": account, "before": before ?? "", "after": Role.listed(roles)],
                                                    by: actor, at: Millis.truncate(now))
        }
    }

    public func removeStaff(_ account: String, by actor: Actor, at now: Date) throws(StoreError) {
        let actor = try acting(actor)
        try write { transaction in
            let connection = transaction.connection
            try deskPipeline(transaction).require(actor, .manageStaff)
            guard let before = try connection.execute("SELECT roles FROM staff WHERE account = $1", [.text(account)]).first?.text(0) else {
                throw StoreError.unknownStaff(account)
            }
            if Role.parseListed(before).contains(.admin), try !otherAdminExists(connection, besides: account) {
                throw StoreError.invalid("\(account) is the last admin; add another admin before removing them")
            }
            try connection.execute("DELETE FROM staff WHERE account = $1", [.text(account)])
            try PostgresDeskRoles.setMember(connection, account)
            try deskPipeline(transaction).deskEvent(type: "staff_removed", data: ["account": account, "before": before, "after": ""],
                                                    by: actor, at: Millis.truncate(now))
        }
    }

    private func otherAdminExists(_ connection: PostgresConnection, besides account: String) throws -> Bool {
        try connection.execute("SELECT roles FROM staff WHERE account <> $1", [.text(account)]).rows
            .contains { Role.parseListed($0.text(0) ?? "").contains(.admin) }
    }

    // MARK: Case writes

    public func open(_ intake: Intake, by actor: Actor, at now: Date) throws(StoreError) -> CaseState {
        let actor = try acting(actor)
        let now = Millis.truncate(now)
        return try write { transaction in
            let pipeline = try pipeline(transaction)
            return try pipeline.open(intake, roles: try pipeline.staffRoles(actor), by: actor, at: now)
        }
    }

    public func record(_ change: Change, on number: CaseNumber, expectedVersion: Int?, by actor: Actor, at now: Date) throws(StoreError) -> CaseState {
        let actor = try acting(actor)
        let now = Millis.truncate(now)
        return try write { transaction in
            try pipeline(transaction).record(change, on: number, expectedVersion: expectedVersion, by: actor, at: now)
        }
    }

    public func sweep(by actor: Actor, at now: Date) throws(StoreError) -> [CaseNumber] {
        let actor = try acting(actor)
        let now = Millis.truncate(now)
        if try roles(of: actor.account).isEmpty { throw .notStaff(actor.account) }
        let candidates = try read { connection in
            try connection.execute("SELECT id FROM cases WHERE window_end_ms IS NOT NULL AND window_end_ms < $1 ORDER BY id",
                                   [.integer(Millis.from(now))]).rows.compactMap { $0.integer(0) }
        }
        var lapsed: [CaseNumber] = []
        for number in candidates {
            // Each lapse in its own transaction, judged again inside the write lock: written once.
            if try write({ transaction in try pipeline(transaction).lapse(number, by: actor, at: now) }) { lapsed.append(number) }
        }
        return lapsed
    }

    // MARK: The desk's trail

    public func trailHead() throws(StoreError) -> TrailHead {
        try read { connection in try PostgresTransaction(connection: connection).trailHead() }
    }

    public func markHandoverRead(shiftStart: Date, shiftEnd: Date, by actor: Actor, at now: Date) throws(StoreError) {
        let actor = try acting(actor)
        try write { transaction in
            let pipeline = deskPipeline(transaction)
            _ = try pipeline.staffRoles(actor)
            let head = try transaction.trailHead()
            try pipeline.deskEvent(type: "handover_read",
                                   data: ["shift_start": String(Millis.from(shiftStart)), "shift_end": String(Millis.from(shiftEnd)),
                                          "trail_head": head.description],
                                   by: actor, at: Millis.truncate(now))
        }
    }

    public func handoverReads(shiftStart: Date) throws(StoreError) -> [(account: String, at: Date)] {
        try read { connection in
            try connection.execute("""
                SELECT actor, recorded_ms FROM desk_events
                WHERE type = 'handover_read' AND (data::jsonb ->> 'shift_start') = $1 ORDER BY recorded_ms, id
                """, [.text(String(Millis.from(shiftStart)))]).rows.map { ($0.text(0) ?? "", Millis.date($0.integer(1) ?? 0)) }
        }
    }

    public func addHandoverNote(_ text: String, by actor: Actor, at now: Date) throws(StoreError) {
        let actor = try acting(actor)
        try write { transaction in try deskPipeline(transaction).handoverNote(text, by: actor, at: Millis.truncate(now)) }
    }

    public func handoverNotes(from: Date, to: Date) throws(StoreError) -> [HandoverReport.DeskNote] {
        try read { connection in
            try connection.execute("""
                SELECT actor, recorded_ms, data::jsonb ->> 'text' FROM desk_events
                WHERE type = 'handover_note' AND recorded_ms >= $1 AND recorded_ms < $2 ORDER BY recorded_ms, id
                """, [.integer(Millis.from(from)), .integer(Millis.from(to))]).rows.map { row in
                    HandoverReport.DeskNote(at: Millis.date(row.integer(1) ?? 0), by: row.text(0) ?? "", text: row.text(2) ?? "")
                }
        }
    }

    public func eventsRecorded(from: Date, to: Date, latest: Int) throws(StoreError) -> [Event] {
        try storedEvents("""
            SELECT * FROM (
              SELECT \(PostgresTransaction.storedEventColumns) FROM events
              WHERE recorded_ms >= $1 AND recorded_ms < $2 ORDER BY recorded_ms DESC, case_id DESC, seq DESC LIMIT $3
            ) latest ORDER BY recorded_ms, case_id, seq
            """, [.integer(Millis.from(from)), .integer(Millis.from(to)), .integer(Int64(max(0, latest)))])
    }

    public func eventCount(from: Date, to: Date) throws(StoreError) -> Int {
        try read { connection in
            Int(try connection.execute("SELECT count(*) FROM events WHERE recorded_ms >= $1 AND recorded_ms < $2",
                                       [.integer(Millis.from(from)), .integer(Millis.from(to))]).first?.integer(0) ?? 0)
        }
    }

    public func handoverCaseNotes(from: Date, to: Date) throws(StoreError) -> [Event] {
        // Through the index of notes alone (`events_notes`): the period's other events are not read.
        try storedEvents("""
            SELECT \(PostgresTransaction.storedEventColumns) FROM events
            WHERE type = 'note' AND recorded_ms >= $1 AND recorded_ms < $2 ORDER BY recorded_ms, case_id, seq
            """, [.integer(Millis.from(from)), .integer(Millis.from(to))]).filter {
                if case let .noted(note) = $0.change { note.handover } else { false }
            }
    }

    /// The events a statement selects (`storedEventColumns`), in its order. One unreadable event
    /// (verify names it) must not take a whole handover with it: it is left out.
    private func storedEvents(_ sql: String, _ values: [PostgresValue]) throws(StoreError) -> [Event] {
        try read { connection in
            try connection.execute(sql, values).rows.compactMap { row in try? PostgresTransaction.storedEvent(row).event() }
        }
    }
}
