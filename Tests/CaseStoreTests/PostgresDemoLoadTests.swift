@testable import CaseStore
import CaseDesk
import Foundation
import Testing

@Suite("A demo load on PostgreSQL by COPY writes what the write pipeline would: verify is clean, the cases are SQLite's",
       .enabled(if: PostgresTestCluster.isAvailable, Comment(rawValue: PostgresTestCluster.missing)))
struct PostgresDemoLoadTests {
    static let now = at("2026-11-25T12:00:00+01:00")
    static let created = at("2026-01-01T08:00:00+01:00")

    func postgres() throws -> (PostgresCaseStore, String) {
        let uri = try PostgresTestCluster.get().newDatabase()
        let store = try PostgresCaseStore.create(PostgresAddress(uri), creator: People.admin, roles: [.admin, .supervisor], at: Self.created)
        return (store, try PostgresAddress(uri).database)
    }

    @Test("two batches (each made in two halves) after a case of the desk's own: verify clean, the same cases, queue, search and statistics as SQLite")
    func sameAsSQLite() throws {
        let (store, database) = try postgres()
        defer { try? PostgresTestCluster.get().dropDatabase(database) }
        let folder = try TemporaryDirectory("casedesk-demo")
        defer { folder.remove() }
        let sqlite = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin, roles: [.admin, .supervisor], at: Self.created)
        for each in [store as any CaseStore, sqlite] {
            _ = try each.open(complaint(received: Self.created), by: People.admin, at: Self.created)
        }
        let count = DemoGenerator.batchSize + 1_501
        let loaded = try store.loadDemo(count: count, seed: 11, by: People.admin, now: Self.now, alongsideCases: true, progress: nil)
        #expect(loaded == 2...CaseNumber(count + 1))
        _ = try sqlite.loadDemo(count: count, seed: 11, by: People.admin, now: Self.now, alongsideCases: true)
        for number in [CaseNumber(2), 777, 5_000, 10_002, 10_003, CaseNumber(count + 1)] {
            #expect(try store.caseState(number) == sqlite.caseState(number), "case \(number)")
        }
        for query in [QueueQuery(), QueueQuery(scope: .all), QueueQuery(kind: .abuse)] {
            #expect(try store.queue(query, page: .offset(100, 50), now: Self.now).map(\.number)
                    == sqlite.queue(query, page: .offset(100, 50), now: Self.now).map(\.number))
        }
        #expect(try store.statistics(.init(by: .month), now: Self.now) == sqlite.statistics(.init(by: .month), now: Self.now))
        // The batches' queue totals, counted from their rows in each batch's transaction.
        #expect(try store.counts(now: Self.now) == sqlite.counts(now: Self.now))
        for query in [QueueQuery(scope: .all), QueueQuery(scope: .closed), QueueQuery(kind: .abuse, due: .today), QueueQuery(unassigned: true)] {
            #expect(try store.count(query, now: Self.now) == sqlite.count(query, now: Self.now), "\(query)")
        }
        let domain = try #require(try store.caseState(5_000).intake.domains.first?.ascii)
        #expect(try Set(store.search(domain + " ", scope: .all, limit: 500).map(\.number))
                == Set(sqlite.search(domain + " ", scope: .all, limit: 500).map(\.number)))
        // The write pipeline carries on from the loaded trail.
        _ = try store.record(.noted(.init(text: "after the load")), on: 10_002, expectedVersion: nil, by: People.admin, at: Self.now)
        let report = try store.verify(seal: nil)
        #expect(report.isClean, "\(report.differences.prefix(10))")
        #expect(report.casesChecked == count + 1)
    }

    @Test("a large load into an empty store builds its indexes at the end: every one is back, verify is clean")
    func indexesBuiltAtTheEnd() throws {
        let (store, database) = try postgres()
        defer { try? PostgresTestCluster.get().dropDatabase(database) }
        let connection = try PostgresConnection(store.address)
        let indexes = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname"
        let before = try connection.execute(indexes).rows.map { [$0.text(0), $0.text(1)] }
        _ = try store.loadDemo(count: 3_000, seed: 2, by: People.admin, now: Self.now, alongsideCases: false, progress: nil,
                               indexesBuiltAtEndFrom: 1_000)
        #expect(try connection.execute(indexes).rows.map { [$0.text(0), $0.text(1)] } == before)
        #expect(before.contains { $0[0] == "case_text_words" })
        let report = try store.verify(seal: nil)
        #expect(report.isClean, "\(report.differences.prefix(10))")
        #expect(report.casesChecked == 3_000)
    }
}
