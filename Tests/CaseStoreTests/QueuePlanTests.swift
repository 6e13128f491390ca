import CaseDesk
@testable import CaseStore
import Foundation
import GRDB
import Testing

/// The whole queue, a kind alone, a stage alone or an assignee reads one range per kind and stage,
/// merged (migrations 18 and 19 dropped the indexes each had): the whole queue's pages must be in
/// the order SQLite sorts the table in, and a filter's exactly the whole queue's cases that pass it,
/// in the same order, whichever way they are paged.
@Suite("Queue pages merged from ranges of kind and stage")
struct QueuePlanTests {
    static let now = at("2026-11-25T12:00:00+01:00")

    @Test("each merged filter lists the whole queue's cases that pass it, in its order, paged forward, backward and by offset")
    func mergedPagesAreTheFilteredQueue() throws {
        let (store, folder) = try demoStore(seed: 11)
        defer { folder.remove() }
        let indexes = try store.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'") }
        for retired in SQLiteCaseStore.retiredQueueIndexes { #expect(!indexes.contains(retired)) }

        for scope in QueueQuery.Scope.allCases {
            // The whole queue: merged too (migration 19), so held to the order SQLite sorts the table in.
            let whole = try store.queue(QueueQuery(scope: scope), page: .first(100_000), now: Self.now)
            #expect(SQLiteCaseStore.queuePlan(for: QueueQuery(scope: scope)).arms.count == CaseKind.allCases.count * Stage.allCases.count)
            let condition = ["open": "WHERE tier < 3", "closed": "WHERE tier = 3", "all": ""][scope.rawValue] ?? ""
            let sorted = try store.read { db in
                try CaseNumber.fetchAll(db, sql: "SELECT id FROM cases NOT INDEXED \(condition) ORDER BY tier, sort_key, id")
            }
            #expect(whole.map(\.number) == sorted, "\(scope)")
            try expectPages(store, QueueQuery(scope: scope), sorted)
            let assignees = Dictionary(grouping: whole.compactMap(\.assignee), by: { $0 }).sorted { $0.value.count > $1.value.count }
            let person = try #require(assignees.first?.key, "the demo assigns cases")
            var filters: [(QueueQuery, (QueueRow) -> Bool)] = []
            for kind in CaseKind.allCases {
                filters.append((QueueQuery(scope: scope, kind: kind), { $0.kind == kind }))
                filters.append((QueueQuery(scope: scope, kind: kind, assignee: person), { $0.kind == kind && $0.assignee == person }))
                filters.append((QueueQuery(scope: scope, kind: kind, unassigned: true), { $0.kind == kind && $0.assignee == nil }))
            }
            for stage in Stage.allCases {
                filters.append((QueueQuery(scope: scope, stage: stage), { $0.stage == stage }))
                filters.append((QueueQuery(scope: scope, stage: stage, assignee: person), { $0.stage == stage && $0.assignee == person }))
            }
            filters.append((QueueQuery(scope: scope, assignee: person), { $0.assignee == person }))
            filters.append((QueueQuery(scope: scope, unassigned: true), { $0.assignee == nil }))
            var phishing = QueueQuery(scope: scope, stage: .supervisor)
            phishing.category = .phishing
            filters.append((phishing, { $0.category == .phishing && $0.stage == .supervisor }))
            var publicReports = QueueQuery(scope: scope, assignee: person)
            publicReports.reporterClass = .public
            filters.append((publicReports, { $0.reporterClass == .public && $0.assignee == person }))

            for (base, passes) in filters {
                for order in [QueueQuery.Order.deadline, .kind] {
                    var query = base
                    query.order = order
                    var expected = whole.filter(passes)
                    if order == .kind {
                        // Each kind in deadline order: the whole queue's order within each kind.
                        expected = expected.enumerated().sorted { ($0.element.kind.rawValue, $0.offset) < ($1.element.kind.rawValue, $1.offset) }
                            .map(\.element)
                    }
                    #expect(SQLiteCaseStore.queuePlan(for: query).arms.count > 1 || base.category != nil, "\(query) reads merged ranges")
                    try expectPages(store, query, expected.map(\.number))
                }
            }
            #expect(whole.contains { $0.assignee == person } && whole.contains { $0.kind == .abuse }, "the filters find cases")
        }
    }

    @Test("a filter the rows do not show (a due range, a complaint type) keeps the whole queue's order and the kept total")
    func mergedPagesWithOtherConditions() throws {
        let (store, folder) = try demoStore(seed: 12)
        defer { folder.remove() }
        let types = try store.procedure().policy.complaintTypes
        // The whole queue and one person's by due range: their part-hours are counted on the index of
        // kind and stage (or of assignee, kind and stage), every kind and stage at once.
        var queries = QueueQuery.Due.allCases.map { QueueQuery(due: $0) }
        queries += QueueQuery.Due.allCases.map { QueueQuery(kind: .complaint, due: $0) }
        queries += QueueQuery.Due.allCases.map { QueueQuery(stage: .supervisor, due: $0) }
        queries += types.map { QueueQuery(scope: .all, complaintType: $0) }.map { query in
            var byStage = query
            byStage.stage = .supervisor
            return byStage
        }
        // Complaints of a type with an assignee or nobody: merged ranges, the type's cases read once
        // for all of them (a WITH clause). The demo gives no types: the head gives some here.
        let complaints = try store.queue(QueueQuery(kind: .complaint), page: .first(100_000), now: Self.now)
        var typed = 0
        for (index, row) in complaints.enumerated() where index % 3 == 0 {
            let recorded = try? store.record(.categorized(.init(type: types[index % 2])), on: row.number, expectedVersion: nil,
                                             by: Actor(account: "helene"), at: Self.now)
            typed += recorded == nil ? 0 : 1
        }
        #expect(typed > 20)
        let person = try #require(complaints.compactMap(\.assignee).first)
        let byPerson = types.prefix(2).flatMap { [QueueQuery(scope: .all, assignee: person, complaintType: $0),
                                                 QueueQuery(scope: .all, unassigned: true, complaintType: $0)] }
        for query in byPerson { #expect(SQLiteCaseStore.queuePlan(for: query).arms.count > 1, "\(query) reads merged ranges") }
        queries += byPerson
        queries += QueueQuery.Due.allCases.map { QueueQuery(assignee: person, due: $0) }
        var found = 0
        var typedFound = 0
        for query in queries {
            var unfiltered = query
            (unfiltered.kind, unfiltered.stage) = (nil, nil)
            let whole = try store.queue(unfiltered, page: .first(100_000), now: Self.now).map(\.number)
            let merged = try store.queue(query, page: .first(100_000), now: Self.now)
            #expect(merged.count == (try store.count(query, now: Self.now)), "\(query)")
            #expect(merged.allSatisfy { row in (query.kind ?? row.kind) == row.kind && (query.stage ?? row.stage) == row.stage })
            let wholeInOrder = whole.filter(Set(merged.map(\.number)).contains)
            #expect(merged.map(\.number) == wholeInOrder, "\(query): the whole queue's order")
            try expectPages(store, query, merged.map(\.number))
            found += merged.count
            if query.assignee != nil || query.unassigned { typedFound += merged.count }
        }
        #expect(found > 0)
        #expect(typedFound > 0, "complaints of a type, assigned and not, are found")
    }

    /// A store of 1,200 demo cases: every kind, stage and scope, several assignees.
    func demoStore(seed: UInt64) throws -> (SQLiteCaseStore, TemporaryDirectory) {
        let folder = try TemporaryDirectory("casedesk-plan")
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin, roles: [.admin],
                                               at: at("2026-01-01T08:00:00+01:00"))
        try store.loadDemo(count: 1200, seed: seed, by: People.admin, now: Self.now)
        return (store, folder)
    }

    /// Pages of 1 and 7, forward from the first and backward from the last, and a page at an
    /// offset, all give `expected` in order.
    func expectPages(_ store: SQLiteCaseStore, _ query: QueueQuery, _ expected: [CaseNumber]) throws {
        #expect(try store.queue(query, page: .first(100_000), now: Self.now).map(\.number) == expected, "\(query)")
        for size in [1, 7] where size == 7 || expected.count <= 40 {
            var forward: [CaseNumber] = []
            var page = try store.queue(query, page: .first(size), now: Self.now)
            while !page.isEmpty {
                forward += page.map(\.number)
                page = try store.queue(query, page: .after(page.last!.position, size), now: Self.now)
            }
            #expect(forward == expected, "forward pages of \(size), \(query)")
            var backward: [CaseNumber] = []
            page = try store.queue(query, page: .last(size), now: Self.now)
            while !page.isEmpty {
                backward = page.map(\.number) + backward
                page = try store.queue(query, page: .before(page.first!.position, size), now: Self.now)
            }
            #expect(backward == expected, "backward pages of \(size), \(query)")
        }
        let offset = expected.count / 3
        #expect(try store.queue(query, page: .offset(offset, 5), now: Self.now).map(\.number) == Array(expected.dropFirst(offset).prefix(5)),
                "\(query) at \(offset)")
    }
}
