import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// Search results are fetched a page at a time as the selection nears the end of those held, as the
/// queue is, with no cap; open or closed is a filter of the search (`o` on the results, C-o in the field).
@Suite("Search paging")
struct SearchPagingTests {
    /// A word most demo cases carry (their customers' addresses), so the results run to several pages.
    static let word = "com"

    func found(_ desk: TestStore, _ scope: QueueQuery.Scope) throws -> [CaseNumber] {
        try desk.store.search(Self.word, scope: scope, limit: 100_000).map(\.number)
    }

    /// Walks the results with j to the end, and back to the top with g.
    func walk(_ driver: DeskDriver) -> [CaseNumber] {
        var seen: [CaseNumber] = []
        while let number = driver.state.queue.search?.selectedRow?.number, seen.last != number {
            seen.append(number)
            driver.press(.character("j"))
        }
        driver.press(.character("g"))
        return seen
    }

    @Test func jWalksEveryResultPastTheOldCapOfTwoHundred() throws {
        let desk = try QueueTests.demoStore(600)
        defer { desk.remove() }
        let expected = try found(desk, .all)
        try #require(expected.count > 250, "the demo store has enough matches to page through")
        let driver = try desk.driver()
        driver.press(.character("/"))
        driver.type(Self.word)
        let search = try #require(driver.state.queue.search)
        #expect(search.results.count < expected.count, "only the first pages are fetched at first")
        #expect(!search.isComplete)
        driver.press(.tab)
        #expect(walk(driver) == expected)
        #expect(driver.state.queue.search?.isComplete == true, "the last page was shorter than asked: every match is held")
        #expect(DeskRenderer.position(driver.state) == "1/\(expected.count)")
    }

    @Test func pageDownKeepsTheViewWhereItIsWhenMoreResultsArrive() throws {
        let desk = try QueueTests.demoStore(600)
        defer { desk.remove() }
        let expected = try found(desk, .all)
        let driver = try desk.driver()
        driver.press(.character("/"))
        driver.type(Self.word)
        driver.press(.tab)
        let page = DeskLayout.listRows(driver.state.size, showsPreview: true)
        for step in 1...8 {
            driver.press(.pageDown)
            let list = try #require(driver.state.queue.search?.list)
            #expect(list.selected == step * page, "page \(step)")
            #expect(list.offset == step * page, "page \(step): the view moved a page, no more")
            #expect(driver.state.queue.search?.selectedRow?.number == expected[step * page])
        }
    }

    @Test func aWriteElsewhereKeepsTheResultsViewAndSelection() throws {
        let desk = try QueueTests.demoStore(600)
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("/"))
        driver.type(Self.word)
        driver.press(.tab, .pageDown, .pageDown, .character("j"))
        let before = try #require(driver.state.queue.search)
        driver.handle(.storeChanged, now: testNow)
        let after = try #require(driver.state.queue.search)
        #expect(after.list.offset == before.list.offset && after.list.selected == before.list.selected)
        #expect(after.selectedRow?.number == before.selectedRow?.number)
        #expect(after.results.count == before.results.count, "the stretch held is fetched again, no less")
    }

    @Test func openOrClosedIsAFilterOfTheSearch() throws {
        let desk = try QueueTests.demoStore(600)
        defer { desk.remove() }
        let open = try found(desk, .open)
        let closed = try found(desk, .closed)
        try #require(!open.isEmpty && !closed.isEmpty)
        let driver = try desk.driver()
        driver.press(.character("/"))
        driver.type(Self.word)
        driver.press(.ctrl("o"))
        #expect(driver.state.queue.search?.scope == .open, "C-o in the field: open cases only")
        #expect(driver.state.queue.search?.field.text == Self.word, "the text stays")
        driver.press(.tab)
        #expect(walk(driver) == open)
        driver.press(.character("o"))
        #expect(driver.state.queue.search?.scope == .closed, "o on the results: closed cases only")
        #expect(driver.state.queue.search != nil, "o stays in the search (other filters leave it)")
        #expect(walk(driver) == closed)
        driver.press(.character("o"))
        #expect(driver.state.queue.search?.scope == .all)
        #expect(driver.state.queue.query == QueueQuery(), "the queue's own filters are untouched")
    }

    /// The search line says how many were found (+ while more may follow) and in which cases.
    @Test func snapshots() throws {
        let desk = try QueueTests.demoStore(600)
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.small)
        driver.press(.character("/"))
        driver.type(Self.word)
        driver.press(.ctrl("o"))
        Snapshot.check(driver.screen(), "search-open-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide), .tab, .character("o"), .character("G"))
        Snapshot.check(driver.screen(), "search-closed-end-132x40")
    }
}
