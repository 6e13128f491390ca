import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// O on the queue cycles its order, as mutt's sort: deadline (the procedure's), received (oldest
/// first), customer, assignee (unassigned first), kind; the filter line says which, filters keep it.
@Suite("Queue sort")
struct QueueSortTests {
    func numbers(_ driver: DeskDriver) -> [CaseNumber] { driver.state.queue.window.rows.map(\.number) }

    @Test func oCyclesTheOrderAndTheFilterLineSaysIt() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.small)
        let byDeadline = numbers(driver)
        driver.press(.character("O"))
        #expect(driver.state.queue.query.order == .received)
        #expect(driver.state.message?.text == "Sorted by received (oldest first); O for the next order.")
        let received = driver.state.queue.window.rows.map(\.received)
        #expect(received == received.sorted(), "oldest first")
        driver.press(.character("O"))
        #expect(driver.state.queue.query.order == .customer)
        let customers = driver.state.queue.window.rows.map { $0.customer.lowercased() }
        #expect(customers.first?.hasPrefix("am") == true, "\(customers)")
        Snapshot.check(driver.screen(), "queue-sorted-customer-80x24", styles: true)
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "queue-sorted-customer-132x40")
        #expect(driver.screen().lines[1].contains("sorted by customer (A–Z)"))
        driver.press(.character("O"))
        #expect(driver.state.queue.query.order == .assignee)
        #expect(driver.state.queue.window.rows.first?.assignee == nil, "the unassigned first")
        driver.press(.character("O"))
        #expect(driver.state.queue.query.order == .kind)
        let kinds = driver.state.queue.window.rows.map(\.kind.rawValue)
        #expect(kinds == kinds.sorted())
        driver.press(.character("O"))
        #expect(driver.state.queue.query.order == .deadline && numbers(driver) == byDeadline, "round to the procedure's order")
    }

    @Test func filtersKeepTheOrderAndTheSelectionFollowsItsCase() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.small)
        driver.press(.character("O"), .character("O"), .character("t"))
        #expect(driver.state.queue.query.order == .customer && driver.state.queue.query.kind == .complaint)
        driver.press(.character("0"))
        #expect(driver.state.queue.query == QueueQuery(order: .customer), "0 clears the filters, not the order")
        driver.press(.character("j"))
        let selected = driver.state.queue.window.selectedRow?.number
        driver.handle(.storeChanged, now: testNow)
        driver.runDeferred(now: testNow)
        #expect(driver.state.queue.window.selectedRow?.number == selected, "a refresh keeps the case selected in this order")
        #expect(HomeScreen.queueKeymap.helpSections.flatMap(\.entries).contains { $0.keys == "O" && $0.help.hasPrefix("sort by") })
    }
}

/// A filter that comes back shows its total at once (counted before, no write since); a write
/// forgets the totals, and the count after the frame always has the last word.
@Suite("Queue totals")
struct QueueTotalsTests {
    @Test func aFilterSeenBeforeShowsItsTotalAtOnceUntilAWrite() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.small)
        let all = try #require(driver.state.queue.total)
        driver.press(.character("t"))
        let complaints = try #require(driver.state.queue.total)
        driver.handle(.key(.character("0")), now: testNow)
        #expect(driver.state.queue.total == all, "known before the count runs")
        driver.runDeferred(now: testNow)
        driver.handle(.key(.character("t")), now: testNow)
        #expect(driver.state.queue.total == complaints)
        driver.runDeferred(now: testNow)
        driver.handle(.key(.character("1")), now: testNow)
        #expect(driver.state.queue.total == nil, "not counted yet")
        driver.runDeferred(now: testNow)
        let overdue = driver.state.queue.total
        driver.press(.character("1"))
        driver.handle(.key(.character("1")), now: testNow)
        #expect(driver.state.queue.total == overdue, "known again")
        for _ in 0..<DeskUpdate.recountTicks { driver.handle(.tick, now: testNow) }
        #expect(driver.state.queue.knownTotals.keys.allSatisfy { $0.due == nil }, "time moves cases between due buckets: counted afresh")
        driver.runDeferred(now: testNow)
        driver.press(.character("0"), .character("A"))
        #expect(driver.state.queue.knownTotals.isEmpty || driver.state.queue.knownTotals.count == 1, "a write forgets the totals")
        driver.handle(.key(.character("t")), now: testNow)
        #expect(driver.state.queue.total == nil, "after a write the total is counted again")
        driver.runDeferred(now: testNow)
        #expect(driver.state.queue.total == complaints)
    }
}
