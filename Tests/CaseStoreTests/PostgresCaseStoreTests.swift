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

    @Test("a store from before the reporter class in the queue (migration 4) gets it from the trails when opened")
    func reporterClassFromTheTrails() throws {
        let uri = try PostgresTestCluster.get().newDatabase()
        defer { try? PostgresTestCluster.get().dropDatabase(try PostgresAddress(uri).database) }
        do {
            let store = try PostgresCaseStore.create(PostgresAddress(uri), creator: People.admin, roles: [.admin, .abuse, .supervisor], at: now)
            var police = abuseReport(received: at("2027-03-18T08:00:00+01:00"))
            police.reporterClass = .lawEnforcement
            _ = try store.open(police, by: People.admin, at: now)
            _ = try store.open(abuseReport(received: at("2027-03-18T08:10:00+01:00")), by: People.admin, at: now)
            let cert = try store.open(abuseReport(received: at("2027-03-18T08:20:00+01:00")), by: People.admin, at: now)
            _ = try store.record(.reporterClassified(.init(reporterClass: .trusted, reason: "a CERT")), on: cert.number, expectedVersion: nil,
                                 by: People.admin, at: now)
            _ = try store.open(complaint(received: at("2027-03-18T08:30:00+01:00")), by: People.admin, at: now)
            // Back to before the column: 3, so that migration 4 runs (3 is another branch's), and the
            // counters of migration 6 are made again.
            try PostgresConnection(store.address).execute("""
                ALTER TABLE cases DROP COLUMN reporter_class; DROP TABLE queue_counts, queue_totals;
                UPDATE meta SET value = '3' WHERE key = 'schema_version'
                """)
        }
        let store = try PostgresCaseStore.open(PostgresAddress(uri))
        let rows = try store.queue(QueueQuery(scope: .all, order: .received), page: .first(10), now: now)
        #expect(rows.map(\.reporterClass) == [.lawEnforcement, .public, .trusted, nil])
        var query = QueueQuery()
        query.reporterClass = .trusted
        #expect(try store.queue(query, page: .first(10), now: now).map(\.number) == [3])
        #expect(try store.verify().isClean)
    }

    @Test("a store from before the queue's kept totals (migration 6) gets them from its cases when opened")
    func keptTotalsFromTheCases() throws {
        let uri = try PostgresTestCluster.get().newDatabase()
        defer { try? PostgresTestCluster.get().dropDatabase(try PostgresAddress(uri).database) }
        let expected: QueueCounts
        let totals: [Int]
        let queries = [QueueQuery(scope: .all), QueueQuery(scope: .closed), QueueQuery(kind: .abuse), QueueQuery(unassigned: true),
                       QueueQuery(assignee: People.admin.account), QueueQuery(due: .overdue), QueueQuery(due: .week)]
        do {
            let store = try PostgresCaseStore.create(PostgresAddress(uri), creator: People.admin, roles: [.admin, .abuse, .supervisor], at: now)
            for hours in [-400.0, -200, -30, -2, -0.5, 0] {
                _ = try store.open(complaint(received: now.addingTimeInterval(hours * 3600)), by: People.admin, at: now)
            }
            _ = try store.open(abuseReport(received: now), by: People.admin, at: now)
            _ = try store.record(.assigned(.init(to: People.admin.account)), on: 2, expectedVersion: nil, by: People.admin, at: now)
            _ = try store.record(.closed(.init(reason: .invalid)), on: 3, expectedVersion: nil, by: People.admin, at: now)
            expected = try store.counts(now: now)
            totals = try queries.map { try store.count($0, now: now) }
            #expect(expected.open == 6, "\(expected)")
            // Back to before the counters: 5 (another branch's), so that only migration 6 runs.
            try PostgresConnection(store.address).execute("""
                DROP TABLE queue_counts, queue_totals; UPDATE meta SET value = '5' WHERE key = 'schema_version'
                """)
        }
        let store = try PostgresCaseStore.open(PostgresAddress(uri))
        #expect(try store.counts(now: now) == expected)
        #expect(try queries.map { try store.count($0, now: now) } == totals)
        for query in queries {
            #expect(try store.count(query, now: now) == store.queue(query, page: .first(100), now: now).count, "\(query)")
        }
        #expect(try store.verify().isClean)
        // The new tables are the owner's, and every desk role keeps them.
        let owners = try PostgresConnection(store.address).execute("""
            SELECT tableowner FROM pg_tables WHERE tablename IN ('queue_counts', 'queue_totals') AND tableowner LIKE '%_owner'
            """).rows.count
        #expect(owners == 2)
    }

    @Test("a kept counter or total changed behind the store's back is named by verify")
    func tamperedCountersAreFound() throws {
        let (store, database) = try storeWithRecord()
        defer { try? PostgresTestCluster.get().dropDatabase(database) }
        #expect(try store.verify().isClean)
        let connection = try PostgresConnection(store.address)
        try connection.execute("UPDATE queue_counts SET n = n + 2 WHERE n = 1")
        var report = try store.verify()
        #expect(report.differences.contains { $0.hasPrefix("queue totals: the counter of (tier 0, due hour ") && $0.contains("kind complaint")
                                                  && $0.hasSuffix("holds 3, but 1 cases stand there") }, "\(report.differences)")
        #expect(report.differences.contains { $0.hasPrefix("queue totals: the total of (tier 0, kind complaint")
                                                  && $0.hasSuffix("holds 1, but its counters by hour hold 3") }, "\(report.differences)")
        try connection.execute("UPDATE queue_counts SET n = n - 2 WHERE n = 3")
        #expect(try store.verify().isClean)
        try connection.execute("""
            INSERT INTO queue_totals (tier, kind, stage, assignee, team, complaint_type, category, reporter_class, n)
            VALUES (3, 'abuse', 'abuse', 'sam', -1, -1, 'phishing', 'trusted', 4)
            """)
        report = try store.verify()
        #expect(report.differences == ["queue totals: the total of (tier 3, kind abuse, stage abuse, assignee sam, team -1, type -1, category phishing, reporter class trusted) holds 4, but its counters by hour hold 0"])
    }

    @Test("rows no trail gives — numbered below 1, figures without a case, a domain the report does not name — are named by verify")
    func rowsOutsideTheTrailAreFound() throws {
        let (store, database) = try storeWithRecord()
        defer { try? PostgresTestCluster.get().dropDatabase(database) }
        let columns = CaseProjection.columns.joined(separator: ", ")
        let connection = try PostgresConnection(store.address)
        try connection.execute("INSERT INTO cases (\(columns)) SELECT 0\(columns.dropFirst(2)) FROM cases WHERE id = 1")
        try connection.execute("INSERT INTO abuse_domains (domain, case_id) VALUES ('bank-verify.example', 1)")
        let figures = CaseFigures.columns.joined(separator: ", ")
        try connection.execute("INSERT INTO case_figures (\(figures)) SELECT 99\(figures.dropFirst(2)) FROM case_figures WHERE id = 1")
        let report = try store.verify()
        for words in ["cases: a row numbered 0, below 1", "abuse_domains: case 1 is listed as naming bank-verify.example",
                      "case_figures: a row for case 99, which has no case row"] {
            #expect(report.differences.contains { $0.contains(words) }, "\(words): \(report.differences)")
        }
    }

    @Test("verify pages through the numbers of both the case rows and the events: a row without events, events without a row and a gap are each named once")
    func verifyPagesThroughBothTables() throws {
        let (store, database) = try storeWithRecord()
        defer { try? PostgresTestCluster.get().dropDatabase(database) }
        for _ in 2...7 { _ = try store.open(complaint(received: now), by: People.admin, at: now) }
        let columns = CaseProjection.columns.joined(separator: ", ")
        let connection = try PostgresConnection(store.address)
        try connection.execute("DELETE FROM cases WHERE id IN (3, 5)")
        try connection.execute("INSERT INTO cases (\(columns)) SELECT 20\(columns.dropFirst(2)) FROM cases WHERE id = 1")
        var pages: [[CaseNumber]] = []
        var after: CaseNumber = 0
        while case let page = try PostgresCaseStore.nextCaseNumbers(connection, after: after, page: 2), let last = page.last {
            pages.append(page)
            after = last
        }
        #expect(pages == [[1, 2], [3, 4], [5, 6], [7, 20]])
        let report = try store.verify()
        for words in ["case 3: events without a case row", "case 5: events without a case row", "cases 8–19 are missing",
                      "case 20: a case row without events"] {
            #expect(report.differences.filter { $0.contains(words) }.count == 1, "\(words): \(report.differences)")
        }
        #expect(report.casesChecked == 8)
    }

    @Test("a trigger or a key dropped by someone with the rights to is named by verify")
    func droppedTriggerIsFound() throws {
        let (store, database) = try storeWithRecord()
        defer { try? PostgresTestCluster.get().dropDatabase(database) }
        #expect(try store.verify().isClean)
        try PostgresConnection(store.address).execute("""
            DROP TRIGGER events_append_only ON events; ALTER TABLE events DROP CONSTRAINT events_pos_key;
            ALTER TABLE trail DROP CONSTRAINT trail_pkey
            """)
        let report = try store.verify()
        #expect(!report.isClean)
        for words in ["events_append_only is missing", "the table events has lost its UNIQUE (pos): two of its rows could hold the same (pos)",
                      "the table trail has lost its PRIMARY KEY (pos)"] {
            #expect(report.differences.contains { $0.contains(words) }, "\(words): \(report.differences)")
        }
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

@Suite("Moving a desk from SQLite to PostgreSQL", .enabled(if: PostgresTestCluster.isAvailable, Comment(rawValue: PostgresTestCluster.missing)))
struct StoreMoveTests {
    @Test("migrate copies trail, archive, staff and settings; the heads match, verify is clean on both, every case reads the same")
    func move() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("cases.sqlite")
        let now = at("2027-03-18T09:00:00+01:00")
        let source = try CaseStores.create(path: path, creator: People.admin, roles: [.admin, .supervisor, .head])
        try source.setStaff("sam", roles: [.supervisor], by: People.admin, at: now)
        try source.setPolicy(text: nil, by: People.admin, at: now)
        let first = try source.open(complaint(received: now), by: People.admin, at: now)
        _ = try source.record(.noted(.init(text: "Café au lait")), on: first.number, expectedVersion: nil, by: People.admin, at: now)
        _ = try source.open(abuseReport(received: now), by: People.admin, at: now)
        let raw = Data("Message-ID: <m1@example.fr>\r\n\r\nBonjour\r\n".utf8)
        _ = try source.importMessage(IncomingMessage(
            raw: raw, origin: "test", correspondence: .init(sha256: String(repeating: "c", count: 64), messageID: "m1@example.fr", at: now,
                                                           from: "a@example.fr", subject: "Bonjour"),
            answers: [], caseTag: first.number, intake: complaint(received: now),
            reply: CustomerReply(received: now, channel: .email, heading: "Bonjour", text: "Bonjour", hasComplaintMarker: false)),
            by: People.admin, at: now)
        try source.addHandoverNote("EPP down until 16:00", by: People.admin, at: now)

        let uri = try PostgresTestCluster.get().newDatabase()
        defer { try? PostgresTestCluster.get().dropDatabase(try PostgresAddress(uri).database) }
        let report = try CaseStores.move(from: path, to: uri)
        #expect(report.isProven, "\(report.source.differences) \(report.copy.differences)")
        let sourceHead = try source.trailHead()
        #expect(report.sourceHead == report.copyHead && report.sourceHead == sourceHead)
        #expect(report.cases == 2 && report.messages == 1)
        let copy = try CaseStores.open(path: uri)
        for number in [first.number, first.number + 1] {
            let (copied, kept) = (try copy.events(of: number), try source.events(of: number))
            #expect(copied == kept)
            let (copiedRows, keptRows) = (try copy.rows([number]), try source.rows([number]))
            #expect(copiedRows == keptRows)
        }
        let (copiedStaff, keptStaff) = (try copy.staff(), try source.staff())
        #expect(copiedStaff == keptStaff)
        let (copiedSettings, keptSettings) = (try copy.settings(), try source.settings())
        #expect(copiedSettings == keptSettings)
        #expect(try copy.storedMessage("m1@example.fr").raw == raw)
        #expect(try copy.search("cafe", scope: .all, limit: 10).map(\.number) == [first.number])
        #expect(try copy.counts(now: now) == source.counts(now: now))
        #expect(try copy.count(QueueQuery(kind: .abuse), now: now) == 1)
        // The copy goes on as a store of its own.
        _ = try copy.record(.noted(.init(text: "after the move")), on: first.number, expectedVersion: nil, by: People.admin, at: now)
        #expect(try copy.verify().isClean)
        let name = try PostgresAddress(uri).description
        #expect(storeError { try CaseStores.move(from: path, to: uri) } == .alreadyExists(path: name))
    }

    @Test("casedesk migrate prints the proof and the copy answers casedesk show",
          .enabled(if: CaseDeskBinary.isAvailable, Comment(rawValue: CaseDeskBinary.missing)))
    func migrateCommand() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let binary = try #require(CaseDeskBinary.path)
        let path = folder.file("cases.sqlite")
        let uri = try PostgresTestCluster.get().newDatabase()
        defer { try? PostgresTestCluster.get().dropDatabase(try PostgresAddress(uri).database) }
        func run(_ arguments: String...) throws -> CaseDeskBinary.Result { try CaseDeskBinary.runProcess(binary, arguments, in: folder) }
        #expect(try run("init", "--db", path, "--roles", "supervisor").status == 0)
        let opened = try run("new", "--db", path, "--kind", "feedback", "--channel", "email", "--customer", "Jo", "--contact", "jo@example.com",
                             "--subject", "Nice panel", "--description", "Keep it up.")
        #expect(opened.status == 0, "new: \(opened.err)")
        let moved = try run("migrate", "--from", path, "--to", uri)
        #expect(moved.status == 0, "migrate: \(moved.out) \(moved.err)")
        #expect(moved.out.contains("— the same") && moved.out.contains("clean in the copy"), "\(moved.out)")
        let shown = try run("show", "1", "--db", uri)
        #expect(shown.status == 0 && shown.out.contains("Nice panel"), "show: \(shown.out) \(shown.err)")
        let again = try run("migrate", "--from", path, "--to", uri)
        #expect(again.status == 1 && again.err.contains("already exists"), "a second migrate: \(again.err)")
    }
}
