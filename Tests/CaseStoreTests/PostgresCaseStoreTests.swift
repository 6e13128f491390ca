@testable import CaseStore
import CaseDesk
import Foundation
import Testing

@Suite("What only the PostgreSQL store does: the database guards the record, schema versions, the real binary",
       .enabled(if: PostgresTestCluster.isAvailable, Comment(rawValue: PostgresTestCluster.missing)))
struct PostgresCaseStoreTests {
    let now = at("2027-03-18T09:00:00+01:00")

    /// A store with one case, a note and an archived message; its database's name.
    func storeWithRecord() throws -> (PostgresCaseStore, String) {
        let uri = try PostgresTestCluster.get().newDatabase()
        let store = try PostgresCaseStore.create(PostgresAddress(uri), creator: People.admin, roles: [.admin, .supervisor], at: now)
        let opened = try store.open(complaint(received: now), by: People.admin, at: now)
        _ = try store.record(.noted(.init(text: "first note")), on: opened.number, expectedVersion: nil, by: People.admin, at: now)
        return (store, try PostgresAddress(uri).database)
    }

    @Test("UPDATE, DELETE and TRUNCATE on the trail, the desk trail and the archive are refused in the database, even to its owner")
    func appendOnlyInTheDatabase() throws {
        let (store, database) = try storeWithRecord()
        defer { try? PostgresTestCluster.get().dropDatabase(database) }
        let connection = try PostgresConnection(store.address)
        for statement in ["UPDATE events SET actor = 'mallory'", "DELETE FROM events", "TRUNCATE events", "UPDATE trail SET pos = pos + 100",
                          "DELETE FROM desk_events", "TRUNCATE desk_events CASCADE", "DELETE FROM messages", "TRUNCATE trail"] {
            do {
                try connection.execute(statement)
                Issue.record("\(statement) was allowed")
            } catch {
                #expect(error.message.contains("append-only"), "\(statement): \(error.message)")
            }
        }
        #expect(try store.verify().isClean)
    }

    @Test("a trigger dropped by someone with the rights to is named by verify")
    func droppedTriggerIsFound() throws {
        let (store, database) = try storeWithRecord()
        defer { try? PostgresTestCluster.get().dropDatabase(database) }
        try PostgresConnection(store.address).execute("DROP TRIGGER events_append_only ON events")
        let report = try store.verify()
        #expect(!report.isClean)
        #expect(report.differences.contains { $0.contains("events_append_only is missing") }, "\(report.differences)")
    }

    @Test("a store from a newer casedesk is refused; an empty database and another program's are no stores")
    func schemaVersions() throws {
        let (store, database) = try storeWithRecord()
        defer { try? PostgresTestCluster.get().dropDatabase(database) }
        try PostgresConnection(store.address).execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        #expect(storeError { try PostgresCaseStore.open(store.address) }
                == .newerStore(path: store.location, found: 99, supported: PostgresCaseStore.latestSchema))
        let empty = try PostgresAddress(try PostgresTestCluster.get().newDatabase())
        defer { try? PostgresTestCluster.get().dropDatabase(empty.database) }
        if case .notAStore? = storeError({ try PostgresCaseStore.open(empty) }) {} else { Issue.record("an empty database is no store") }
        try PostgresConnection(empty).execute("CREATE TABLE invoices (id int)")
        if case .notAStore? = storeError({ try PostgresCaseStore.open(empty) }) {} else { Issue.record("another program's database is no store") }
        if case .notAStore? = storeError({ try PostgresCaseStore.create(empty, creator: People.admin, roles: [.admin]) }) {} else {
            Issue.record("create refuses another program's database")
        }
        #expect(storeError { try PostgresCaseStore.create(store.address, creator: People.admin, roles: [.admin]) } != nil)
    }

    @Test("casedesk init, new, list, search and verify with --db postgresql://…",
          .enabled(if: CaseDeskBinary.isAvailable, Comment(rawValue: CaseDeskBinary.missing)))
    func theBinaryOnPostgreSQL() throws {
        let uri = try PostgresTestCluster.get().newDatabase()
        defer { try? PostgresTestCluster.get().dropDatabase(try PostgresAddress(uri).database) }
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let binary = try #require(CaseDeskBinary.path)
        func run(_ arguments: String...) throws -> CaseDeskBinary.Result {
            try CaseDeskBinary.runProcess(binary, arguments + ["--db", uri], in: folder)
        }
        let created = try run("init", "--roles", "supervisor")
        try #require(created.status == 0, "init: \(created.err)")
        #expect(created.out.contains("created the case store postgresql:///"))
        let opened = try run("new", "--kind", "complaint", "--channel", "email", "--customer", "Élodie Müller", "--contact", "elodie@example.fr",
                             "--domain", "müller.de", "--subject", "Transfert bloqué", "--description", "Le transfert est bloqué.")
        #expect(opened.status == 0, "new: \(opened.err)")
        let found = try run("search", "transfert bloq")
        #expect(found.status == 0 && found.out.contains("Transfert bloqué"), "search: \(found.out) \(found.err)")
        let listed = try run("list")
        #expect(listed.out.contains("Élodie Müller"), "list: \(listed.out) \(listed.err)")
        let verified = try run("verify")
        #expect(verified.status == 0, "verify: \(verified.out) \(verified.err)")
        let again = try run("init")
        #expect(again.status != 0 && again.err.contains("already exists"), "a second init: \(again.err)")
        #expect(FileManager.default.fileExists(atPath: folder.file("postgresql:")) == false)
    }
}
