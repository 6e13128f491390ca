import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// The queue's keys on a store of a few hundred demo cases: moving and paging by keyset reach every
/// case in the store's order, filters ask the store the right question, search finds as you type.
@Suite("Queue keys")
struct QueueTests {
    static func demoStore(_ count: Int = 400) throws -> TestStore {
        let desk = try TestStore.filled()
        try desk.store.loadDemo(count: count, seed: 5, by: desk.admin, now: testNow, alongsideCases: true)
        return desk
    }

    /// The queue's order as the store gives it in one go.
    func order(_ desk: TestStore, _ query: QueueQuery = QueueQuery()) throws -> [CaseNumber] {
        try desk.store.queue(query, page: .first(100_000), now: testNow).map(\.number)
    }

    func selected(_ driver: DeskDriver) -> CaseNumber? { driver.state.queue.window.selectedRow?.number }

    @Test func jAndKWalkTheWholeQueueInTheStoresOrder() throws {
        let desk = try Self.demoStore()
        defer { desk.remove() }
        let expected = try order(desk)
        let driver = try desk.driver()
        var seen = [selected(driver)]
        for _ in 1..<expected.count {
            driver.press(.character("j"))
            seen.append(selected(driver))
        }
        #expect(seen == expected)
        #expect(driver.state.queue.window.rows.count <= driver.state.queue.window.capacity, "the window holds only a few pages")
        driver.press(.down)
        #expect(selected(driver) == expected.last, "j at the end stays on the last case")
        var back: [CaseNumber?] = []
        for _ in 1..<expected.count {
            driver.press(.character("k"))
            back.append(selected(driver))
        }
        #expect(back == Array(expected.dropLast().reversed()))
        #expect(DeskRenderer.position(driver.state) == "1/\(expected.count)")
    }

    @Test func pagesMoveAScreenfulAndGJumpToTheEnds() throws {
        let desk = try Self.demoStore()
        defer { desk.remove() }
        let expected = try order(desk)
        let driver = try desk.driver()
        let page = DeskLayout.listRows(driver.state.size, showsPreview: true)
        driver.press(.pageDown)
        #expect(selected(driver) == expected[page])
        driver.press(.pageDown, .pageDown, .pageUp)
        #expect(selected(driver) == expected[2 * page])
        driver.press(.character("G"))
        #expect(selected(driver) == expected.last)
        #expect(DeskRenderer.position(driver.state) == "\(expected.count)/\(expected.count)")
        driver.press(.pageUp)
        #expect(selected(driver) == expected[expected.count - 1 - page])
        driver.press(.character("g"))
        #expect(selected(driver) == expected.first)
        driver.press(.end, .home)
        #expect(selected(driver) == expected.first)
    }

    @Test func filtersAskTheStoreAndToggle() throws {
        let desk = try Self.demoStore(200)
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.supervisor)
        let cases: [(KeyEvent, QueueQuery)] = [
            (.character("1"), QueueQuery(due: .overdue)),
            (.character("2"), QueueQuery(due: .today)),
            (.character("3"), QueueQuery(due: .tomorrow)),
            (.character("4"), QueueQuery(due: .week)),
            (.character("t"), QueueQuery(kind: .complaint, due: .week)),
            (.character("t"), QueueQuery(kind: .abuse, due: .week)),
            (.character("s"), QueueQuery(kind: .abuse, stage: .supervisor, due: .week)),
            (.character("0"), QueueQuery()),
            (.character("u"), QueueQuery(assignee: "amelie")),
            (.character("U"), QueueQuery(unassigned: true)),
            (.character("o"), QueueQuery(scope: .closed, unassigned: true)),
            (.character("o"), QueueQuery(scope: .all, unassigned: true)),
            (.character("0"), QueueQuery()),
        ]
        for (key, query) in cases {
            driver.press(key)
            #expect(driver.state.queue.query == query, "after \(key.name)")
            let shown = driver.state.queue.window.rows.prefix(10).map(\.number)
            #expect(Array(shown) == Array(try order(desk, query).prefix(10)), "rows after \(key.name)")
            #expect(driver.state.queue.total == (try desk.store.count(query, now: testNow)))
        }
        driver.press(.character("2"), .character("2"))
        #expect(driver.state.queue.query == QueueQuery(), "pressing a due filter again clears it")
    }

    @Test func searchFindsAsYouTypeAndOpens() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("/"))
        driver.type("jurgen")
        #expect(driver.state.queue.search?.results.map(\.number) == [TestStore.Case.german], "accents optional, last word a prefix")
        driver.press(.ctrl("u"))
        driver.type("exemple")
        #expect(driver.state.queue.search?.results.map(\.number) == [TestStore.Case.feedback, TestStore.Case.french], "newest first")
        driver.press(.tab, .character("j"), .character("k"), .enter)
        #expect(driver.state.caseView?.number == driver.state.queue.search?.results.first?.number)
        driver.press(.character("q"))
        #expect(driver.state.caseView == nil && driver.state.queue.search != nil, "q from the case goes back to the results")
        driver.press(.escape)
        #expect(driver.state.queue.search == nil)
    }

    @Test func escOnTheResultsClosesTheSearchAndKeepsTheFilters() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("t"))
        let filtered = driver.state.queue.query
        #expect(filtered != QueueQuery())
        driver.press(.character("/"))
        driver.type("exemple")
        driver.press(.tab, .escape)
        #expect(driver.state.queue.search == nil)
        #expect(driver.state.message == nil, "no word about filters: Esc closed the search")
        #expect(driver.state.queue.query == filtered)
    }

    @Test func enterOpensQGoesBackAndQuits() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        let first = selected(driver)
        driver.press(.enter)
        #expect(driver.state.caseView?.number == first)
        #expect(driver.state.caseView?.state?.number == first)
        driver.press(.escape)
        #expect(driver.state.caseView == nil)
        driver.press(.character("q"))
        #expect(driver.state.wantsQuit)
    }

    @Test func previewFollowsTheSelection() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("j"))
        #expect(driver.state.preview?.number == selected(driver))
        driver.press(.character("p"))
        #expect(!driver.state.showsPreview)
        #expect(DeskLayout.listRows(driver.state.size, showsPreview: false) == driver.state.queue.window.visibleRows)
    }

    @Test func anotherProcessWritingShowsOnTheNextTick() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        let other = try SQLiteCaseStore.open(path: desk.path)
        _ = try other.record(.assigned(.init(to: "malik")), on: TestStore.Case.japanese, expectedVersion: nil,
                             by: TestStore.abuse, at: testNow)
        #expect(driver.state.queue.window.rows.first { $0.number == TestStore.Case.japanese }?.assignee == nil)
        driver.tick(now: testNow)
        driver.runDeferred(now: testNow)
        #expect(driver.state.queue.window.rows.first { $0.number == TestStore.Case.japanese }?.assignee == "malik")
        _ = try other.open(desk.intake(.complaint, .email, "2027-03-30 13:00", customer: "Neue Kundin", contact: "neu@example.de",
                                       subject: "Neu"), by: TestStore.supervisor, at: testNow)
        driver.tick(now: testNow)
        driver.runDeferred(now: testNow)
        #expect(driver.state.counts?.open == 7)
    }

    @Test func searchAsTypedWaitsForTheKeyboardToRestAndRunsOnlyTheLastText() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("/"))
        // Keys arriving back to back (the loop takes every waiting key before the frame): each shows
        // in the field at once, and no search runs for any of them yet.
        for character in "jürg" { driver.handle(.key(.character(character)), now: testNow) }
        #expect(driver.state.queue.search?.field.text == "jürg")
        #expect(driver.state.queue.search?.searched == "")
        #expect(driver.state.queue.search?.results.isEmpty == true)
        // The keyboard rests: only the search for the last text runs, and the frame is drawn again.
        #expect(driver.runDeferred(now: testNow))
        #expect(driver.state.queue.search?.searched == "jürg")
        #expect(driver.state.queue.search?.results.map(\.number) == [TestStore.Case.german])
        #expect(!driver.runDeferred(now: testNow), "nothing left to run")
    }
}
