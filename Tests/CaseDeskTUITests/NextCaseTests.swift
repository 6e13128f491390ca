import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// J and K on the case screen: the next and the previous case of the list it was opened from.
@Suite("Next and previous case")
struct NextCaseTests {
    @Test func throughTheQueue() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        let queue = driver.state.queue.window.rows.map(\.number)
        driver.press(.enter)
        #expect(driver.state.caseView?.number == queue[0])
        driver.press(.character("J"))
        #expect(driver.state.caseView?.number == queue[1])
        Snapshot.check(driver.screen(), "next-case-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "next-case-132x40")
        driver.press(.character("K"), .character("K"))
        #expect(driver.state.caseView?.number == queue[0])
        #expect(driver.state.message?.text == "This is the first case of the list.")
        driver.press(.character("q"))
        #expect(driver.state.caseView == nil && driver.state.queue.window.selectedRow?.number == queue[0])
        #expect(CaseScreen.keymap.helpSections.contains { $0.title == "Cases" && $0.entries.map(\.keys) == ["J", "K"] })
    }

    @Test func throughTheHandover() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        try desk.morningShift()
        let driver = try desk.driver()
        driver.press(.character("H"))
        let screen = try #require(driver.state.handover)
        let lines = DeskUpdate.handoverDocument(screen, state: driver.state).caseLines.map(\.number)
        driver.press(.enter, .character("J"))
        #expect(driver.state.caseView?.number == lines[1])
        driver.press(.character("q"))
        #expect(driver.state.handover?.selected == 1)
    }
}
