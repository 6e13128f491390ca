import CaseDesk
@testable import CaseStore
import Foundation
import GRDB
import Testing

@Suite("Demo cases")
struct DemoTests {
    static let now = at("2026-11-25T12:00:00+01:00")

    func store(seed: UInt64, count: Int = 1500) throws -> (SQLiteCaseStore, TemporaryDirectory) {
        let folder = try TemporaryDirectory("casedesk-demo")
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin, roles: [.admin],
                                               at: at("2026-01-01T08:00:00+01:00"))
        try store.loadDemo(count: count, seed: seed, by: People.admin, now: Self.now)
        return (store, folder)
    }

    func trail(_ store: SQLiteCaseStore) throws -> [Event] {
        var events: [Event] = []
        try store.exportEvents(recordedFrom: nil, to: nil) { events += $0 }
        return events
    }

    @Test("the statistics counts a demo load keeps are a recount of its cases", arguments: [Statistics.Period.month, .week])
    func statisticsKept(by period: Statistics.Period) throws {
        let (store, folder) = try store(seed: 5)
        defer { folder.remove() }
        let stats = try store.statistics(.init(by: period), now: Self.now)
        #expect(stats.total.cases == 1500)
        #expect(stats.groups.count > 3)
        #expect(stats.groups.map(\.cases).reduce(0, +) == 1500)
        let (kept, recounted) = try store.read { db in
            (try SQLiteCaseStore.keptStatistics(db), try SQLiteCaseStore.recountStatistics(db))
        }
        #expect(!kept.isEmpty)
        #expect(kept == recounted)
    }

    @Test("the rows of thousands of cases (read in two halves at once) come in the order asked, repeats and missing numbers too")
    func manyRows() throws {
        let (store, folder) = try store(seed: 9, count: 2600)
        defer { folder.remove() }
        let asked: [CaseNumber] = Array((1...2600).reversed()) + [5, 999_999, 2600]
        let rows = try store.rows(asked)
        #expect(rows.map(\.number) == Array((1...2600).reversed()) + [5, 2600])
        let page = try store.queue(QueueQuery(scope: .all), page: .offset(0, 50), now: Self.now)
        #expect(try store.rows(page.map(\.number)).map(\.customer) == page.map(\.customer))
    }

    @Test("a shift's events are its latest, as many as asked, in order of time")
    func eventsOfAShift() throws {
        let (store, folder) = try store(seed: 4)
        defer { folder.remove() }
        let all = try trail(store)
        let from = all[all.count / 3].recorded
        let until = all[all.count - 10].recorded
        let inShift = all.filter { $0.recorded >= from && $0.recorded < until }
        #expect(inShift.count > 2_000)
        #expect(try store.eventsRecorded(from: from, to: until, latest: 50_000) == inShift)
        #expect(try store.eventsRecorded(from: from, to: until, latest: 2_501) == Array(inShift.suffix(2_501)))
        #expect(try store.eventsRecorded(from: from, to: until, latest: 1_999) == Array(inShift.suffix(1_999)))
        #expect(try store.eventsRecorded(from: from, to: from.addingTimeInterval(3600), latest: 50_000)
            == inShift.filter { $0.recorded < from.addingTimeInterval(3600) })
        #expect(try store.eventCount(from: from, to: until) == inShift.count)
    }

    @Test("an abuse report arriving about a demo report's domain joins it in an incident (the load lists the domains too)")
    func demoDomainsGroup() throws {
        let (store, folder) = try store(seed: 4)
        defer { folder.remove() }
        try store.setStaff(People.abuse.account, roles: [.abuse], by: People.admin, at: Self.now)
        let open = try store.queue(QueueQuery(kind: .abuse), page: .first(1000), now: Self.now)
        let target = try #require(open.first { !$0.domains.isEmpty })
        let domain = target.domains[0]
        let message = CaseStoreContract.abuseMessage("demo-match@cert.example", domain: domain, at: Self.now.addingTimeInterval(-60))
        guard case let .opened(state, grouping: grouping?) = try store.importMessage(message, by: People.abuse, at: Self.now) else {
            Issue.record("no grouping for \(domain)")
            return
        }
        #expect(grouping.linked && grouping.domain == domain, "\(grouping)")
        #expect(state.incident == grouping.incident)
        #expect(try store.verify().isClean)
    }

    @Test("every trail is one the procedure accepts: verify is clean")
    func verifies() throws {
        let (store, folder) = try store(seed: 3)
        defer { folder.remove() }
        let report = try store.verify()
        #expect(report.isClean, "\(report.differences.prefix(5))")
        #expect(report.casesChecked == 1500)
        #expect(Set(try store.staff().map(\.account)).isSuperset(of: ["amelie", "helene", "malik", "audit"]))
    }

    @Test("the same seed gives the same desk; another seed another")
    func deterministic() throws {
        let (first, a) = try store(seed: 11, count: 300)
        let (second, b) = try store(seed: 11, count: 300)
        let (third, c) = try store(seed: 12, count: 300)
        defer { [a, b, c].forEach { $0.remove() } }
        #expect(try trail(first) == trail(second))
        #expect(try trail(first) != trail(third))
    }

    @Test("all kinds, channels and stages; clocks met, missed, open and overdue; French, German and English")
    func realistic() throws {
        let (store, folder) = try store(seed: 5)
        defer { folder.remove() }
        let stats = try store.statistics(.init(), now: Self.now).total
        #expect(Set(stats.byKind.keys) == Set(CaseKind.allCases))
        #expect(Set(stats.byChannel.keys) == Set(Channel.allCases))
        #expect(Set(stats.byStage.keys) == Set(Stage.allCases))
        #expect(stats.byOutcome["lapsed", default: 0] > 0)
        #expect(stats.byOutcome["open", default: 0] > 0)
        let acknowledge = try #require(stats.clocks[.acknowledge])
        #expect(acknowledge.met > 0 && acknowledge.missed > 0)
        #expect(try store.count(QueueQuery(due: .overdue), now: Self.now) > 0)
        let customers = try store.queue(QueueQuery(scope: .all), page: .first(400), now: Self.now).map(\.customer).joined()
        #expect(customers.contains { "éèçëï".contains($0) })
        #expect(customers.contains { "äöüß".contains($0) })
        #expect(try store.search("müller", scope: .all, limit: 5).count > 0)
    }

    @Test("a large load into a scratch store (no journal, indexes and domains built at the end) verifies clean; its kept counts are recounts",
          arguments: [false, true])
    func scratchLoad(scratch: Bool) throws {
        let folder = try TemporaryDirectory("casedesk-demo")
        defer { folder.remove() }
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin, roles: [.admin],
                                               at: at("2026-01-01T08:00:00+01:00"))
        try store.loadDemo(count: 3000, seed: 21, by: People.admin, now: Self.now, alongsideCases: false, scratch: scratch, largeLoad: 1000,
                           progress: nil)
        let report = try store.verify()
        #expect(report.isClean, "\(report.differences.prefix(5))")
        #expect(report.casesChecked == 3000)
        try store.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            #expect(try SQLiteCaseStore.checkQueueCounts(db).isEmpty)
            #expect(try Int.fetchOne(db, sql: "SELECT sum(n) FROM queue_totals") == 3000)
            let kept = try SQLiteCaseStore.keptStatistics(db)
            #expect(!kept.isEmpty)
            #expect(kept == (try SQLiteCaseStore.recountStatistics(db)))
            let indexes = Set(try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
            #expect(Set(SQLiteCaseStore.bulkLoadIndexes).isSubset(of: indexes))
        }
        // The connection that writes syncs its commits again (a reader's setting would say nothing).
        #expect(try WriterSyncTests.writerSync(store) == 2)
        // The domains listed as the load wrote them are those the write pipeline's way lists, case by case.
        let listed = try store.write { db in
            let listed = try Row.fetchAll(db, sql: "SELECT domain, case_id FROM abuse_domains ORDER BY domain, case_id")
            try db.execute(sql: "DELETE FROM abuse_domains")
            try SQLiteCaseStore.indexAbuseDomains(db, after: 0)
            #expect(try Row.fetchAll(db, sql: "SELECT domain, case_id FROM abuse_domains ORDER BY domain, case_id") == listed)
            return listed
        }
        #expect(listed.count > 1000)
        #expect(Set(listed.map { $0[0] as String }).count > 100)
    }

    @Test("a load's domains go in a few rows per transaction, each pair once, whatever the transaction's size")
    func domainsInTransactions() throws {
        let folder = try TemporaryDirectory("casedesk-demo")
        defer { folder.remove() }
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin, roles: [.admin],
                                               at: at("2026-01-01T08:00:00+01:00"))
        let lists: [String: [CaseNumber]] = ["b.example": [1, 2, 3, 4], "a.example": [2], "xn--mller-kva.example": [5, 6, 7], "c.example": [7, 7]]
        for size in [1, 3, 4, 100] {
            try store.write { db in try db.execute(sql: "DELETE FROM abuse_domains") }
            try store.listAbuseDomains(lists, perTransaction: size)
            let listed = try store.read { db in
                try Row.fetchAll(db, sql: "SELECT domain, case_id FROM abuse_domains ORDER BY domain, case_id").map { "\($0[0] as String) \($0[1] as Int64)" }
            }
            #expect(listed == ["a.example 2", "b.example 1", "b.example 2", "b.example 3", "b.example 4", "c.example 7",
                               "xn--mller-kva.example 5", "xn--mller-kva.example 6", "xn--mller-kva.example 7"], "\(size) per transaction")
        }
    }
}
