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

/// The queue's total and the header's counts are read with every key (the store keeps them), so
/// the frame after a key shows them exact, with nothing put off until the keyboard rests.
@Suite("Queue totals")
struct QueueTotalsTests {
    @Test func everyFilterKeyShowsItsExactTotalInItsOwnFrame() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.small)
        for key in ["t", "0", "t", "1", "2", "U", "U", "s", "s", "o", "0", "4", "U"] {
            driver.handle(.key(.character(Character(key))), now: testNow)
            let expected = try desk.store.count(driver.state.queue.query, now: testNow)
            #expect(driver.state.queue.total == expected, "after \(key): \(driver.state.queue.query)")
            #expect(driver.state.counts == (try desk.store.counts(now: testNow)))
        }
        // Another process writes: the next tick shows the new totals in its frame.
        let other = try SQLiteCaseStore.open(path: desk.path)
        _ = try other.open(desk.intake(.complaint, .email, "2027-03-30 13:00", customer: "Neue Kundin", contact: "neu@example.de",
                                       subject: "Neu"), by: TestStore.supervisor, at: testNow)
        let before = driver.state.totalCases
        driver.tick(now: testNow)
        #expect(driver.state.totalCases == before.map { $0 + 1 })
        #expect(driver.state.queue.total == (try desk.store.count(driver.state.queue.query, now: testNow)))
    }
}
