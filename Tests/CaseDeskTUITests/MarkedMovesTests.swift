import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// Space marks cases on the queue (as in mutt and lazygit); A, @, n and c then make the move on
/// every marked case, each judged by the store, with a summary of what it refused.
@Suite("Marked cases")
struct MarkedMovesTests {
    func rows(_ driver: DeskDriver) -> [CaseNumber] { driver.state.queue.window.rows.map(\.number) }

    @Test func spaceMarksAndMovesDownAndATakesEveryMarkedCase() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.head, size: ScreenSnapshotTests.small)
        let queue = rows(driver)
        let unmarked = try desk.store.caseState(queue[3]).assignee
        driver.press(.character(" "), .character(" "), .character(" "))
        #expect(driver.state.queue.marked == Set(queue.prefix(3)))
        #expect(driver.state.queue.window.selectedRow?.number == queue[3], "Space moves to the next case, as mutt's t does")
        driver.press(.character("k"), .character(" "))
        #expect(driver.state.queue.marked == Set(queue.prefix(2)), "Space again unmarks")
        driver.press(.character("k"), .character(" "))
        Snapshot.check(driver.screen(), "marked-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "marked-132x40")
        let alreadyMine = try queue.prefix(3).filter { try desk.store.caseState($0).assignee == "helene" }
        try #require(alreadyMine.count == 1, "one marked case is hers already: the store refuses to assign it again")
        driver.press(.character("A"))
        for number in queue.prefix(3) {
            #expect(try desk.store.caseState(number).assignee == "helene", "case \(number)")
        }
        #expect(try desk.store.caseState(queue[3]).assignee == unmarked, "an unmarked case is left alone")
        #expect(driver.state.queue.marked == Set(alreadyMine), "only the refused case stays marked")
        let assigned = queue.prefix(3).filter { !alreadyMine.contains($0) }.sorted().map(String.init).joined(separator: ", ")
        let message = driver.state.message?.text ?? ""
        #expect(message.hasPrefix("Cases \(assigned): helene "), "\(message)")
        #expect(message.contains(". Refused, still marked — \(alreadyMine[0]): "), "\(message)")
    }

    @Test func closeOnMarkedCasesSumsUpWhatTheStoreRefused() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.head, size: ScreenSnapshotTests.small)
        driver.press(.character("o"), .character("o"))
        #expect(driver.state.queue.query.scope == .all)
        let queue = rows(driver)
        #expect(queue.last == TestStore.Case.closed)
        driver.press(.character(" "), .character(" "), .character("G"), .character(" "))
        #expect(driver.state.queue.marked == [queue[0], queue[1], TestStore.Case.closed])
        driver.press(.character("c"))
        let form = try #require(driver.state.form)
        #expect(form.marked == [queue[0], queue[1], TestStore.Case.closed].sorted())
        #expect(form.title == "Close — 3 marked cases")
        driver.press(.ctrl("s"))
        #expect(driver.state.question?.text == "Close on 3 marked cases? Each is judged on its own.")
        driver.press(.character("y"))
        #expect(driver.state.form == nil)
        #expect(try !desk.store.caseState(queue[0]).isOpen && !desk.store.caseState(queue[1]).isOpen)
        #expect(driver.state.queue.marked == [TestStore.Case.closed], "the refused case stays marked")
        let message = try #require(driver.state.message)
        #expect(message.kind == .warning)
        let two = [queue[0], queue[1]].sorted().map(String.init).joined(separator: ", ")
        #expect(message.text.hasPrefix("Cases \(two): helene closed it"), "\(message.text)")
        #expect(message.text.contains(". Refused, still marked — \(TestStore.Case.closed): "), "\(message.text)")
        Snapshot.check(driver.screen(), "marked-refused-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "marked-refused-132x40")
        driver.press(.escape)
        #expect(driver.state.queue.marked.isEmpty && driver.state.queue.query.scope == .all, "Esc lets go of the marks first")
        driver.press(.escape)
        #expect(driver.state.queue.query == QueueQuery(), "then clears the filters")
    }

    @Test("route on marked cases: the feedback is routed, a complaint is refused and stays marked")
    func routeOnMarkedCases() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.supervisor, size: ScreenSnapshotTests.small)
        let queue = rows(driver)
        let feedback = try #require(queue.firstIndex(of: TestStore.Case.feedback))
        let complaint = try #require(queue.firstIndex(of: TestStore.Case.french))
        for index in [feedback, complaint].sorted() {
            driver.press(.character("g"))
            for _ in 0..<index { driver.press(.character("j")) }
            driver.press(.character(" "))
        }
        #expect(driver.state.queue.marked == [TestStore.Case.feedback, TestStore.Case.french])
        driver.press(.character("T"))
        let form = try #require(driver.state.form)
        #expect(form.title == "Route to a team — 2 marked cases")
        driver.press(.right, .ctrl("s"))
        #expect(driver.state.question?.text.hasPrefix("Route to a team on 2 marked cases?") == true, "\(driver.state.question?.text ?? "")")
        driver.press(.character("y"))
        let routed = try desk.store.caseState(TestStore.Case.feedback)
        #expect(routed.team == "product" && routed.closure?.reason == .routed)
        #expect(try desk.store.caseState(TestStore.Case.french).isOpen)
        #expect(driver.state.queue.marked == [TestStore.Case.french], "the refused complaint stays marked")
        #expect(driver.state.message?.text.contains("Refused, still marked — \(TestStore.Case.french): ") == true,
                "\(driver.state.message?.text ?? "")")
    }

    @Test func aMoveThatIsMadeOneCaseAtATimeSaysSo() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character(" "), .character("a"))
        #expect(driver.state.message?.text.hasPrefix("Acknowledge is made one case at a time; on marked cases: A, @, n, c, T.") == true,
                "\(driver.state.message?.text ?? "")")
        #expect(driver.state.form == nil)
    }
}
