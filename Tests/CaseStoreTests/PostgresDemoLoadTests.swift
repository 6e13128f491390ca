@testable import CaseStore
import CaseDesk
import Foundation
import Synchronization
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

    @Test("a large load into an empty store: two writers take the batches in turn, the trail in batch order, another writer waits; the indexes built at the end; verify is clean, the cases are SQLite's")
    func indexesBuiltAtTheEnd() throws {
        let (store, database) = try postgres()
        defer { try? PostgresTestCluster.get().dropDatabase(database) }
        let connection = try PostgresConnection(store.address)
        let indexes = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname"
        let before = try connection.execute(indexes).rows.map { [$0.text(0), $0.text(1)] }
        // Keys, unique constraints and insert checks are set aside during the load too, and come back the same.
        let guards = """
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
            UNION ALL SELECT tgname || ' ' || tgenabled::text, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
            ORDER BY 1, 2
            """
        let guardsBefore = try connection.execute(guards).rows.map { [$0.text(0), $0.text(1)] }
        let count = 2 * DemoGenerator.batchSize + 1_234
        // A desk member's write while the load runs waits for its end (the load holds the write
        // lock), then goes in after the loaded trail.
        let other = try PostgresCaseStore.open(store.address)
        let progressed = DispatchSemaphore(value: 0)
        let wrote = DispatchSemaphore(value: 0)
        let written = Mutex<CaseNumber?>(nil)
        DispatchQueue.global().async {
            progressed.wait()
            let opened = try? other.open(complaint(received: Self.now), by: People.admin, at: Self.now)
            written.withLock { $0 = opened.map(\.number) }
            wrote.signal()
        }
        _ = try store.loadDemo(count: count, seed: 2, by: People.admin, now: Self.now, alongsideCases: false, progress: { done in
            if done == DemoGenerator.batchSize { progressed.signal() }
        }, indexesBuiltAtEndFrom: 1_000)
        wrote.wait()
        let opened = try #require(written.withLock { $0 })
        #expect(opened == CaseNumber(count + 1))
        #expect(try connection.execute(indexes).rows.map { [$0.text(0), $0.text(1)] } == before)
        #expect(try connection.execute(guards).rows.map { [$0.text(0), $0.text(1)] } == guardsBefore)
        #expect(guardsBefore.contains { $0[0] == "events_pkey" } && guardsBefore.contains { $0[0] == "trail_check_link O" })
        #expect(before.contains { $0[0] == "case_text_words" })
        // Batch order in the trail: each case's events come after those of every case before it.
        let disorder = try connection.execute("""
            SELECT count(*) FROM (SELECT case_id, min(pos) AS first, max(pos) AS last FROM events GROUP BY case_id) a
            JOIN (SELECT case_id, min(pos) AS first FROM events GROUP BY case_id) b ON b.case_id = a.case_id + 1 WHERE b.first < a.last
            """).first?.integer(0)
        #expect(disorder == 0)
        let report = try store.verify(seal: nil)
        #expect(report.isClean, "\(report.differences.prefix(10))")
        #expect(report.casesChecked == count + 1)
        let folder = try TemporaryDirectory("casedesk-demo")
        defer { folder.remove() }
        let sqlite = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin, roles: [.admin, .supervisor], at: Self.created)
        _ = try sqlite.loadDemo(count: count, seed: 2, by: People.admin, now: Self.now, alongsideCases: false)
        _ = try sqlite.open(complaint(received: Self.now), by: People.admin, at: Self.now)
        for number in [CaseNumber(1), 9_999, 10_001, 20_000, 20_001, CaseNumber(count)] {
            #expect(try store.caseState(number) == sqlite.caseState(number), "case \(number)")
        }
        #expect(try store.statistics(.init(by: .month), now: Self.now) == sqlite.statistics(.init(by: .month), now: Self.now))
    }
}
