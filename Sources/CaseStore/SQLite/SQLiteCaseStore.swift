import CaseDesk
import CaseDeskConfig
import Foundation
import GRDB
import Synchronization

/// The case store on one SQLite file shared by several processes on one host: WAL, synchronous=FULL,
/// a busy timeout, immediate write transactions. The only code in casedesk that knows SQL.
public final class SQLiteCaseStore: CaseStore {
    public let location: String
    let pool: DatabasePool
    /// Opened for reading only: the file or its folder is not writable for this account. Reads
    /// work; every write is refused with one line saying so.
    public let isReadOnly: Bool
    /// The procedure built from the stored policy and calendar, and the settings version it came from.
    private let procedureCache = Mutex<(version: String, procedure: Procedure)?>(nil)

    private init(path: String, pool: DatabasePool, isReadOnly: Bool = false) {
        self.location = path
        self.pool = pool
        self.isReadOnly = isReadOnly
    }

    /// Opens an existing store, running the migrations it lacks. A store that needs no migration is
    /// only read (GRDB's one empty transaction aside, which starts the write-ahead log when no other
    /// process has the store open), and one the account may not write is opened read-only.
    public static func open(path: String) throws(StoreError) -> SQLiteCaseStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .noStore(path: path) }
        if isDirectory.boolValue { throw .notAStore(path: path, reason: "it is a directory") }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let readOnly = access(path, W_OK) != 0 || access(folder, W_OK) != 0
        do throws(StoreError) {
            let store = SQLiteCaseStore(path: path, pool: try connect(path: path, creating: false, readOnly: readOnly), isReadOnly: readOnly)
            try store.prepareSchema()
            return store
        } catch {
            // Read-only, with no write-ahead log's index (-shm) and no right to create one: SQLite
            // cannot read the file in WAL mode. With no log holding changes (-wal missing or empty),
            // the file alone is the whole store, and it is read as it stands.
            let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
            guard readOnly, log == 0, !FileManager.default.fileExists(atPath: path + "-shm") else { throw error }
            let store = SQLiteCaseStore(path: path, pool: try connect(path: path, creating: false, readOnly: true, immutable: true),
                                        isReadOnly: true)
            try store.prepareSchema()
            return store
        }
    }

    /// Creates a new store (file mode 0660, so a desk group can share it); the creator joins the
    /// staff. Schema, creator and first event are one transaction, so a killed `init` leaves an
    /// empty file that the next `init` finishes, and of two at once exactly one creates the store:
    /// the other finds it made and is refused. An empty file (or one an `init` left empty) is taken.
    public static func create(path: String, creator: Actor, roles: Set<Role>, at now: Date = Date()) throws(StoreError) -> SQLiteCaseStore {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .unavailable("cannot create the folder for \(path): \(error.localizedDescription)")
        }
        let fd = Glibc.open(path, O_CREAT | O_WRONLY, 0o660)
        guard fd >= 0 else { throw .unavailable("cannot create \(path): \(String(cString: strerror(errno)))") }
        var status = stat()
        if fstat(fd, &status) == 0, status.st_size == 0 { fchmod(fd, 0o660) }
        close(fd)
        let pool = try connect(path: path, creating: true, readOnly: false)
        let store = SQLiteCaseStore(path: path, pool: pool)
        try store.write { db in
            try store.upgrade(db, creating: true)
            try db.execute(sql: "INSERT INTO staff (account, roles, added_ms, added_by) VALUES (?, ?, ?, ?)",
                           arguments: [creator.account, encodeRoles(roles), Millis.from(now), creator.account])
            try store.deskEvent(db, type: "store_created", data: ["account": creator.account, "roles": encodeRoles(roles)],
                                by: creator, at: now)
        }
        return store
    }

    /// A new store gets 16 KiB pages (set before the first connection turns on the write-ahead log,
    /// after which the size is fixed): a million cases then take a quarter of the page reads and
    /// writes, and loading them is a tenth faster. Stores made with 4 KiB pages keep them.
    static let newStorePageSize = 16_384

    private static func connect(path: String, creating: Bool, readOnly: Bool, immutable: Bool = false) throws(StoreError) -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(15)
        configuration.label = "casedesk"
        configuration.readonly = readOnly
        configuration.prepareDatabase { db in
            if creating { try db.execute(sql: "PRAGMA page_size = \(SQLiteCaseStore.newStorePageSize)") }
            if !readOnly { try db.execute(sql: "PRAGMA synchronous = FULL") }
        }
        do {
            guard immutable else {
                let pool = try DatabasePool(path: path, configuration: configuration)
                // GRDB turns the write-ahead log on after `prepareDatabase`, and with it sets the
                // writer to synchronous = NORMAL: a commit would then reach the disk only at the next
                // checkpoint, and a power cut could take back events already reported as recorded.
                if !readOnly { try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") } }
                return pool
            }
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            let encoded = absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#%"))) ?? absolute
            return try DatabasePool(path: "file:\(encoded)?immutable=1", configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw .notAStore(path: path, reason: "not an SQLite database")
        } catch {
            throw .unavailable("cannot open \(path)\(readOnly ? " (read-only for this account)" : ""): \(describe(error))")
        }
    }

    /// What opening needs to know, read without the write lock.
    private struct FileState {
        var applicationID: Int32
        var version: Int
        var tables: Int
        var missingIndexes: Int
    }

    private func prepareSchema() throws(StoreError) {
        let names = SQLiteCaseStore.bulkLoadIndexes.map(SQLiteCaseStore.indexName)
        let file = try read { db in
            FileState(applicationID: try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                      version: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                      tables: try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0,
                      missingIndexes: names.count - (try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN (\(names.map { "'\($0)'" }.joined(separator: ",")))") ?? 0))
        }
        try check(file)
        guard file.version < SQLiteCaseStore.latestSchema || file.missingIndexes > 0 else { return }
        if isReadOnly {
            if file.version < SQLiteCaseStore.latestSchema {
                throw .unavailable("the store \(location) needs an upgrade this account cannot write; open it once as an account that may write it")
            }
            return
        }
        try write { db in try upgrade(db, creating: false) }
        // The rebuild the upgrade asked for, in short transactions (see finishReprojection).
        try finishReprojection()
    }

    /// Refuses what is no store of this casedesk.
    private func check(_ file: FileState, creating: Bool = false) throws(StoreError) {
        if file.applicationID == 0, file.version == 0, file.tables == 0 {
            guard creating else { throw .notAStore(path: location, reason: "an empty SQLite file; create a store with casedesk init") }
            return
        }
        if creating, file.applicationID == SQLiteCaseStore.applicationID { throw .alreadyExists(path: location) }
        if file.applicationID != SQLiteCaseStore.applicationID {
            throw .notAStore(path: location, reason: "an SQLite database of another program")
        }
        if file.version > SQLiteCaseStore.latestSchema {
            throw .newerStore(path: location, found: file.version, supported: SQLiteCaseStore.latestSchema)
        }
    }

    /// Under the write lock: checks the file again (another process may have got there first), then
    /// runs the migrations and builds missing indexes.
    private func upgrade(_ db: Database, creating: Bool) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let file = FileState(applicationID: try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, version: version,
                             tables: try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0, missingIndexes: 0)
        try check(file, creating: creating)
        if file.applicationID == 0 { try db.execute(sql: "PRAGMA application_id = \(SQLiteCaseStore.applicationID)") }
        try SQLiteCaseStore.migrate(db, from: version)
        // A large demo load drops these and builds them at its end; one that was killed never did.
        try SQLiteCaseStore.ensureBulkLoadIndexes(db)
        // Rows derived in Swift (not SQL) for cases written before their table existed, or before
        // issue 11's rules (clock outcomes fixed at closing, lapses at the window's end, the
        // furthest stage, types and teams), or before each clock kept the rules it started under,
        // or before the abuse desk's hour clocks and incidents (issue 12, which came with 13):
        // marked here, rebuilt in batches after the upgrade commits, so no other writer waits for a
        // million cases.
        if version > 0, version < 13 {
            try markForReprojection(db)
        }
    }

    // MARK: Transactions

    /// One immediate write transaction; store errors pass through, database errors become messages.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        if isReadOnly {
            throw .unavailable("the store \(location) is read-only for this account: it can be read (list, show, search, export, verify), not written")
        }
        do {
            return try pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw SQLiteCaseStore.storeError(error, path: location)
        }
    }

    /// How long, in milliseconds, this connection waited to take the write lock (and gave it back at
    /// once): what any writer would wait at that moment. `casedesk bench` asks it again and again
    /// from a store opened on its own while a long change runs, to find the longest any write holds
    /// the lock.
    public func writeLockWait() throws(StoreError) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                try db.execute(sql: "COMMIT")
            }
        } catch {
            throw SQLiteCaseStore.storeError(error, path: location)
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw SQLiteCaseStore.storeError(error, path: location)
        }
    }

    static func storeError(_ error: Error, path: String) -> StoreError {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return .unavailable("the store \(path) stayed busy for 15 seconds (another casedesk is writing a lot); try again")
            case .SQLITE_NOTADB:
                return .notAStore(path: path, reason: "not an SQLite database")
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
                return .unavailable("cannot write to \(path): \(describe(error)) (check the file's and its folder's permissions)")
            default:
                return .unavailable("the store \(path) failed: \(describe(error))")
            }
        }
        return .unavailable("the store \(path) failed: \(error)")
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    // MARK: Settings and the procedure

    public func procedure() throws(StoreError) -> Procedure {
        try read { db in try procedure(db) }
    }

    /// The procedure with every version of the rules the desk trail records, rebuilt only when an
    /// admin changed the policy or calendar.
    func procedure(_ db: Database) throws -> Procedure {
        let version = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'settings_version'") ?? "0"
        if let cached = procedureCache.withLock({ $0 }), cached.version == version { return cached.procedure }
        let procedure = try uncachedProcedure(db)
        procedureCache.withLock { $0 = (version, procedure) }
        return procedure
    }

    /// The procedure as the desk trail's settings events make it.
    func uncachedProcedure(_ db: Database) throws -> Procedure {
        let events = try Row.fetchAll(db, sql: """
            SELECT id, pos, recorded_ms, actor, via, type, data FROM desk_events
            WHERE type IN ('policy_set', 'calendar_set') ORDER BY pos, id
            """).map {
            StoredDeskEvent(id: $0["id"], position: $0["pos"] ?? 0, recordedMs: $0["recorded_ms"], actor: $0["actor"], via: $0["via"],
                            type: $0["type"], data: $0["data"])
        }
        do {
            return try RuleHistory.procedure(events)
        } catch {
            throw StoreError.unavailable("\(error) — an admin can replace it with casedesk config policy / config calendar")
        }
    }

    func loadSettings(_ db: Database) throws -> StoreSettings {
        var settings = StoreSettings()
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM settings") {
            switch row["key"] as String {
            case "policy": settings.policyText = row["value"]
            case "calendar": settings.calendarText = row["value"]
            default: break
            }
        }
        return settings
    }

    public func settings() throws(StoreError) -> StoreSettings {
        try read { db in try loadSettings(db) }
    }

    public func previewRules(_ change: RuleChange, by actor: Actor, at now: Date) throws(StoreError) -> RuleChangeReport {
        let (current, next) = try read { db in
            let pipeline = WritePipeline(SQLiteTransaction(db: db), procedure: try procedure(db))
            _ = try pipeline.staffRoles(actor)
            return (pipeline.procedure, try WritePipeline<SQLiteTransaction>.next(change, after: pipeline.procedure, at: now))
        }
        guard let planned = try plannedMoves(change, at: now), planned.rules == current else {
            throw .unavailable("the rules of \(location) changed while the open cases were judged; try again")
        }
        return RuleChangeReport(version: next.currentVersion, from: next.versions.last?.from ?? now, moves: planned.moves,
                                applied: false, rebased: false)
    }

    /// The open clocks `change` would move, and the rules they were judged against: the open cases
    /// judged on two read snapshots, half on each core (a change or a dry run at ten million cases
    /// reads 3.6 million trails). Nil when the stored rules do not read, or changed in between.
    private func plannedMoves(_ change: RuleChange, at now: Date) throws(StoreError) -> (rules: Procedure, moves: [ClockMove])? {
        let numbers = try read { db in try SQLiteTransaction(db: db).openCaseNumbers() }
        let (first, second) = try Handoff.halves(numbers) { part throws(StoreError) in try self.plannedMoves(change, at: now, among: part) }
        guard let first, let second, first.rules == second.rules else { return nil }
        return (first.rules, first.moves + second.moves)
    }

    private func plannedMoves(_ change: RuleChange, at now: Date,
                              among numbers: ArraySlice<CaseNumber>) throws(StoreError) -> (rules: Procedure, moves: [ClockMove])? {
        try read { db in
            guard let current = try? procedure(db) else { return nil }
            let next = try WritePipeline<SQLiteTransaction>.next(change, after: current, at: now)
            let pipeline = WritePipeline(SQLiteTransaction(db: db), procedure: current)
            return (current, try pipeline.plannedMoves(current: current, next: next, at: now, among: Array(numbers)))
        }
    }

    public func changeRules(_ change: RuleChange, by actor: Actor, at now: Date) throws(StoreError) -> RuleChangeReport {
        let key = change.setting.rawValue
        // The open clocks that would move are found outside the write lock (a million cases take a
        // while); the change itself is one short transaction, and with `rebaseOpen` the moves are
        // recorded afterwards in batches (see finishRebase), so no other writer waits for them.
        let planned = try plannedMoves(change, at: now)
        let report = try write { db in
            try requireRole(db, actor, .configure)
            // Stored rules that no longer read (a casedesk that parses differently) are replaced from the defaults.
            let current = (try? procedure(db)) ?? Procedure()
            let next = try WritePipeline<SQLiteTransaction>.next(change, after: current, at: now)
            let from = next.versions.last?.from ?? now
            let before = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])
            try db.execute(sql: """
                INSERT INTO settings (key, value, updated_ms, updated_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms, updated_by = excluded.updated_by
                """, arguments: [key, change.text, Millis.from(now), actor.account])
            try db.execute(sql: "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'settings_version'")
            try deskEvent(db, type: "\(key)_set", data: ["before": before ?? "(built-in default)", "after": change.text ?? "(built-in default)",
                                                        "from": String(Millis.from(from)), "version": String(next.currentVersion)],
                          by: actor, at: now)
            if change.rebaseOpen { try markForRebase(db, version: next.currentVersion, by: actor, at: now) }
            // Every clock keeps its rules, so no row changes — but for the statistics' codes of complaint
            // types and teams, kept by their place in the policy's lists: when those lists change, the
            // cases follow in batches, each its own short transaction (see finishReprojection).
            if next.policy.complaintTypes != current.policy.complaintTypes || next.policy.feedbackTeams != current.policy.feedbackTeams {
                try markForReprojection(db)
            }
            // The moves found before the lock, when the rules did not change in between (what the
            // batches record is judged again, case by case, when they run).
            let moves = planned?.rules == current ? planned?.moves ?? [] : []
            return RuleChangeReport(version: next.currentVersion, from: from, moves: moves, applied: true, rebased: change.rebaseOpen)
        }
        try finishReprojection()
        return report
    }

    // MARK: Staff

    public func staff() throws(StoreError) -> [StaffMember] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT account, roles, added_ms, added_by FROM staff ORDER BY account").map { row in
                StaffMember(account: row["account"], roles: SQLiteCaseStore.decodeRoles(row["roles"]),
                            added: Millis.date(row["added_ms"]), addedBy: row["added_by"])
            }
        }
    }

    public func roles(of account: String) throws(StoreError) -> Set<Role> {
        try read { db in try roles(db, account) }
    }

    /// The actor's roles; refused when the account is not on the staff.
    func staffRoles(_ db: Database, _ actor: Actor) throws -> Set<Role> {
        try deskPipeline(db).staffRoles(actor)
    }

    func roles(_ db: Database, _ account: String) throws -> Set<Role> {
        try SQLiteTransaction(db: db).roles(of: account)
    }

    public func setStaff(_ account: String, roles: Set<Role>, by actor: Actor, at now: Date) throws(StoreError) {
        guard StaffName.isValid(account) else {
            throw .invalid("\"\(account)\" is not an account name (letters, digits, ., _ and -; it is the operating-system login)")
        }
        guard !roles.isEmpty else { throw .invalid("give \(account) at least one role (supervisor, abuse, head, viewer, admin)") }
        try write { db in
            try requireRole(db, actor, .manageStaff)
            let before = try String.fetchOne(db, sql: "SELECT roles FROM staff WHERE account = ?", arguments: [account])
            if let before, SQLiteCaseStore.decodeRoles(before).contains(.admin), !roles.contains(.admin),
               try !otherAdminExists(db, besides: account) {
                throw StoreError.invalid("\(account) is the last admin; add another admin before taking the role away")
            }
            try db.execute(sql: """
                INSERT INTO staff (account, roles, added_ms, added_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (account) DO UPDATE SET roles = excluded.roles
                """, arguments: [account, SQLiteCaseStore.encodeRoles(roles), Millis.from(now), actor.account])
            try deskEvent(db, type: before == nil ? "staff_added" : "staff_roles_changed",
                          data: ["account": account, "before": before ?? "", "after": SQLiteCaseStore.encodeRoles(roles)],
                          by: actor, at: now)
        }
    }

    public func removeStaff(_ account: String, by actor: Actor, at now: Date) throws(StoreError) {
        try write { db in
            try requireRole(db, actor, .manageStaff)
            guard let before = try String.fetchOne(db, sql: "SELECT roles FROM staff WHERE account = ?", arguments: [account]) else {
                throw StoreError.unknownStaff(account)
            }
            if SQLiteCaseStore.decodeRoles(before).contains(.admin), try !otherAdminExists(db, besides: account) {
                throw StoreError.invalid("\(account) is the last admin; add another admin before removing them")
            }
            try db.execute(sql: "DELETE FROM staff WHERE account = ?", arguments: [account])
            try deskEvent(db, type: "staff_removed", data: ["account": account, "before": before, "after": ""], by: actor, at: now)
        }
    }

    /// Someone else could still manage the staff, policy and calendar.
    private func otherAdminExists(_ db: Database, besides account: String) throws -> Bool {
        try String.fetchAll(db, sql: "SELECT roles FROM staff WHERE account != ?", arguments: [account])
            .contains { SQLiteCaseStore.decodeRoles($0).contains(.admin) }
    }

    func requireRole(_ db: Database, _ actor: Actor, _ action: Action) throws {
        try deskPipeline(db).require(actor, action)
    }

    /// An event of the desk, linked into the trail.
    func deskEvent(_ db: Database, type: String, data: [String: String], by actor: Actor, at now: Date) throws {
        try deskPipeline(db).deskEvent(type: type, data: data, by: actor, at: now)
    }

    /// The pipeline for the desk's own writes (staff, settings): they need no procedure, so a store
    /// whose stored settings cannot be read still lets an admin replace them.
    func deskPipeline(_ db: Database) -> WritePipeline<SQLiteTransaction> {
        WritePipeline(SQLiteTransaction(db: db), procedure: Procedure())
    }

    static func encodeRoles(_ roles: Set<Role>) -> String {
        Role.listed(roles)
    }

    static func decodeRoles(_ text: String) -> Set<Role> {
        Role.parseListed(text)
    }
}

/// Account names as the operating system has them.
public enum StaffName {
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.count <= 64 else { return false }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        return first != "-" && name.unicodeScalars.allSatisfy(allowed.contains)
    }
}

extension SQLiteCaseStore {
    /// Moves the write-ahead log into the main file (for measuring its size, or before a copy).
    public func checkpoint() throws(StoreError) {
        do {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch {
            throw SQLiteCaseStore.storeError(error, path: location)
        }
    }
}
