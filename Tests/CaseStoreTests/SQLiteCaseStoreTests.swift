import CaseDesk
import CaseStore
import Foundation
import GRDB
import Testing

extension CaseStoreBackend {
    /// SQLite on real files in a temporary folder (not in memory: WAL, file modes and a second
    /// connection are part of what is tested).
    static let sqlite = CaseStoreBackend(
        name: "SQLite",
        create: { creator, roles, now in
            let folder = try TemporaryDirectory("casedesk-contract")
            return try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: creator, roles: roles, at: now)
        },
        connectAgain: { store in try SQLiteCaseStore.open(path: store.location) },
        destroy: { store in
            try? FileManager.default.removeItem(at: URL(fileURLWithPath: store.location).deletingLastPathComponent())
        })
}

@Suite("The CaseStore contract on SQLite")
struct SQLiteCaseStoreContractTests {
    @Test(arguments: CaseStoreContract.checks)
    func contract(_ check: ContractCheck) throws {
        try check.body(CaseStoreContract(backend: .sqlite))
    }
}

@Suite("What only the SQLite store does: files, modes, schema versions")
struct SQLiteCaseStoreFileTests {
    let admin = People.admin

    /// The permission bits of a file.
    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }

    @Test("a new store file, its write-ahead log and shared memory have mode 0660, for a desk group")
    func newFileMode() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("desk/cases.sqlite")
        // The test process's umask (usually 022) would leave 0640 without the store's fchmod.
        let store = try SQLiteCaseStore.create(path: path, creator: admin, roles: [.admin, .supervisor])
        _ = try store.open(complaint(received: at("2027-03-18T09:00:00+01:00")), by: admin, at: at("2027-03-18T09:00:00+01:00"))
        let mode = try Self.mode(path)
        #expect(mode == 0o660, "mode is \(String(mode, radix: 8))")
        // While the store is open, SQLite's -wal and -shm files take the database's mode.
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            let mode = try Self.mode(path + suffix)
            #expect(mode == 0o660, "\(suffix) mode is \(String(mode, radix: 8))")
        }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"), "the store runs in WAL mode")
        #expect(try SQLiteCaseStore.open(path: path).staff().map(\.account) == ["ada"])
    }

    @Test("a second create on the same file is refused")
    func createTwice() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("cases.sqlite")
        _ = try SQLiteCaseStore.create(path: path, creator: admin, roles: [.admin])
        #expect(throws: StoreError.alreadyExists(path: path)) { try SQLiteCaseStore.create(path: path, creator: admin, roles: [.admin]) }
    }

    @Test("a missing file is no store")
    func missing() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("nothing-here.sqlite")
        #expect(throws: StoreError.noStore(path: path)) { try SQLiteCaseStore.open(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path), "opening does not create it")
        let error = StoreError.noStore(path: path)
        #expect(error.description.contains("casedesk init --db \(path)"))
    }

    @Test("a file that is not SQLite, an empty file, another program's database and a folder are not stores")
    func notAStore() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let text = folder.file("notes.txt")
        try Data(String(repeating: "This is not a database.\n", count: 200).utf8).write(to: URL(fileURLWithPath: text))
        guard case .notAStore(text, _)? = storeError({ try SQLiteCaseStore.open(path: text) }) else {
            Issue.record("a text file opened as a store")
            return
        }
        let empty = folder.file("empty.sqlite")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        guard case .notAStore(empty, _)? = storeError({ try SQLiteCaseStore.open(path: empty) }) else {
            Issue.record("an empty file opened as a store")
            return
        }
        let other = folder.file("other.sqlite")
        try DatabaseQueue(path: other).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        #expect(throws: StoreError.notAStore(path: other, reason: "an SQLite database of another program")) {
            try SQLiteCaseStore.open(path: other)
        }
        #expect(throws: StoreError.notAStore(path: folder.path, reason: "it is a directory")) {
            try SQLiteCaseStore.open(path: folder.path)
        }
        // Nothing was written into the other program's database.
        #expect(try DatabaseQueue(path: other).read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master") } == ["t"])
    }

    @Test("a new store has 16 KiB pages; a store made with 4 KiB pages keeps them and works")
    func pageSizes() throws {
        let (folder, path) = try { () throws -> (TemporaryDirectory, String) in
            let (folder, path, _) = try storeWithOneCase()
            return (folder, path)
        }()
        defer { folder.remove() }
        #expect(try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 16_384)
        // Made into a store with 4 KiB pages, as casedesk made them before: it opens and reads.
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM; PRAGMA journal_mode = WAL")
        }
        #expect(try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 4096)
        let store = try SQLiteCaseStore.open(path: path)
        #expect(try store.caseState(1).number == 1)
        #expect(try store.verify().isClean)
        #expect(try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 4096)
    }

    @Test("a store from a newer casedesk is refused, and left as it was")
    func newerSchema() throws {
        // Created and closed again before the file is changed behind its back.
        let (folder, path) = try { () throws -> (TemporaryDirectory, String) in
            let (folder, path, _) = try storeWithOneCase()
            return (folder, path)
        }()
        defer { folder.remove() }
        let supported = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } ?? 0
        #expect(supported >= 1)
        try DatabaseQueue(path: path).writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = \(supported + 7)") }
        let error = storeError { try SQLiteCaseStore.open(path: path) }
        #expect(error == .newerStore(path: path, found: supported + 7, supported: supported))
        #expect(error?.description.contains("newer casedesk") == true)
        #expect(try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == supported + 7)
        // Put back, it opens again with its case.
        try DatabaseQueue(path: path).writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = \(supported)") }
        #expect(try SQLiteCaseStore.open(path: path).caseState(1).number == 1)
    }

    /// A store in a new folder with one case, opened by the admin.
    func storeWithOneCase() throws -> (folder: TemporaryDirectory, path: String, store: SQLiteCaseStore) {
        let folder = try TemporaryDirectory()
        let path = folder.file("cases.sqlite")
        let store = try SQLiteCaseStore.create(path: path, creator: admin, roles: [.admin, .supervisor])
        _ = try store.open(complaint(received: at("2027-03-18T09:00:00+01:00")), by: admin, at: at("2027-03-18T09:00:00+01:00"))
        return (folder, path, store)
    }

    @Test("the trail refuses UPDATE and DELETE, whoever asks")
    func appendOnly() throws {
        let (folder, path, store) = try storeWithOneCase()
        defer { folder.remove() }
        let database = try DatabaseQueue(path: path)
        for sql in ["UPDATE events SET actor = 'mallory'", "DELETE FROM events", "UPDATE desk_events SET actor = 'mallory'", "DELETE FROM desk_events"] {
            do {
                try database.write { db in try db.execute(sql: sql) }
                Issue.record("\(sql) went through")
            } catch let error as DatabaseError {
                #expect(error.message?.contains("append-only") == true, "\(sql): \(error)")
            }
        }
        #expect(try store.events(of: 1).map(\.actor) == ["ada"])
        #expect(try store.verify().isClean)
    }

    @Test("a store from before the reporter class in the queue (migration 15) gets it from the trails when opened")
    func reporterClassFromTheTrails() throws {
        let folder = try TemporaryDirectory("casedesk-reporter-class")
        defer { folder.remove() }
        let path = folder.file("cases.sqlite")
        let now = at("2027-03-01T12:00:00+01:00")
        do {
            let store = try SQLiteCaseStore.create(path: path, creator: admin, roles: [.admin, .abuse, .supervisor], at: now)
            var police = abuseReport(received: at("2027-03-01T08:00:00+01:00"))
            police.reporterClass = .lawEnforcement
            _ = try store.open(police, by: admin, at: now)
            _ = try store.open(abuseReport(received: at("2027-03-01T08:10:00+01:00")), by: admin, at: now)
            let cert = try store.open(abuseReport(received: at("2027-03-01T08:20:00+01:00")), by: admin, at: now)
            _ = try store.record(.reporterClassified(.init(reporterClass: .trusted, reason: "a CERT")), on: cert.number, expectedVersion: nil,
                                 by: admin, at: now)
            _ = try store.open(complaint(received: at("2027-03-01T08:30:00+01:00")), by: admin, at: now)
        }
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "DROP INDEX cases_reporter_class; ALTER TABLE cases DROP COLUMN reporter_class; PRAGMA user_version = 14")
        }
        let store = try SQLiteCaseStore.open(path: path)
        let rows = try store.queue(QueueQuery(scope: .all, order: .received), page: .first(10), now: now)
        #expect(rows.map(\.reporterClass) == [.lawEnforcement, .public, .trusted, nil])
        var query = QueueQuery()
        query.reporterClass = .trusted
        #expect(try store.queue(query, page: .first(10), now: now).map(\.number) == [3])
        #expect(try store.count(query, now: now) == 1)
        #expect(try store.verify().isClean)
    }

    @Test("verify names a projection that no longer matches its trail")
    func verifyFindsTampering() throws {
        let (folder, path, store) = try storeWithOneCase()
        defer { folder.remove() }
        let clean = try store.verify()
        #expect(clean.isClean && clean.integrity == ["ok"] && clean.casesChecked == 1 && clean.eventsChecked == 1)
        #expect(clean.head == (try store.trailHead()) && clean.head.count == Int64(clean.eventsChecked + clean.deskEventsChecked))
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE cases SET assignee = 'mallory', stage = 'final'") }
        let report = try store.verify()
        #expect(!report.isClean)
        // The row and, because it moved the case to another bucket, the queue's kept totals.
        #expect(report.differences.count == 4, "\(report.differences)")
        #expect(report.differences.filter { $0.hasPrefix("queue totals: the counter of (tier 0") }.count == 2, "\(report.differences)")
        #expect(report.differences.contains { $0.hasPrefix("case 1: stage:") })
        #expect(report.differences.contains { $0.hasPrefix("case 1: assignee:") && $0.contains("mallory") })
    }

    @Test("verify names the statistics column that no longer matches, and a missing statistics row")
    func verifyFindsTamperedFigures() throws {
        let (folder, path, store) = try storeWithOneCase()
        defer { folder.remove() }
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE case_figures SET kind = kind + 7") }
        let report = try store.verify()
        #expect(report.differences.count == 1)
        #expect(report.differences.first?.hasPrefix("case 1: statistics kind: stored ") == true)
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "DELETE FROM case_figures") }
        #expect(try store.verify().differences == ["case 1: no statistics row"])
    }

    @Test("a store whose queue indexes are missing (a demo load killed before its end) gets them back when opened")
    func missingIndexesComeBack() throws {
        let (folder, path) = try { () throws -> (TemporaryDirectory, String) in
            let (folder, path, _) = try storeWithOneCase()
            return (folder, path)
        }()
        defer { folder.remove() }
        let names = ["cases_kind_stage", "cases_assignee_kind_stage", "cases_received", "cases_reporter_class", "events_recorded"]
        try DatabaseQueue(path: path).write { db in
            for name in names { try db.execute(sql: "DROP INDEX \(name)") }
        }
        let store = try SQLiteCaseStore.open(path: path)
        let present = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        #expect(Set(names).isSubset(of: Set(present)))
        #expect(try store.queue(QueueQuery(), page: .first(10), now: Date()).map(\.number) == [1])
    }
}
