import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// The status line hints the moves that apply to the selected case and to the person, no others.
@Suite("The status line")
struct StatusLineTests {
    func status(_ driver: DeskDriver) -> String { driver.screen().lines[driver.state.size.rows - 1] }

    @Test func aViewerIsNotOfferedMovesTheyMayNotMake() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.viewer)
        let line = status(driver)
        for hint in ["a ack", "r respond", "n note", "N new"] {
            #expect(!line.contains(hint), "a viewer is offered \(hint): \(line)")
        }
        #expect(line.contains(". actions"), "the menu says why each move is not possible")
    }

    @Test func aClosedCaseIsNotOfferedMovesOnOpenCases() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        #expect(status(driver).contains("a ack"), "the first case waits for its acknowledgement")
        driver.press(.character("o"))
        #expect(driver.state.queue.query.scope == .closed)
        #expect(driver.state.queue.window.selectedRow?.isOpen == false)
        let line = status(driver)
        for hint in ["a ack", "r respond"] {
            #expect(!line.contains(hint), "a closed case is offered \(hint): \(line)")
        }
    }

    /// A viewer who presses N is told in the desk's words: not "take in this desk".
    @Test func aViewerIsToldTheyMayNotTakeInNewCases() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.viewer)
        driver.press(.character("N"))
        let text = try #require(driver.state.message?.text)
        #expect(!text.contains("this desk"), "\(text)")
        #expect(text.contains("may not take in new cases"), "\(text)")
    }

    /// A PostgreSQL store's feed reports a connection made again (PostgresDeskRolesTests make one
    /// really drop): the desk reads everything again and says so at the foot of the screen.
    @Test func aConnectionMadeAgainIsSaidAndEverythingReadAgain() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        let before = driver.state.queue.window.rows.count
        driver.handle(.storeReconnected, now: testNow)
        let text = try #require(driver.state.message?.text)
        #expect(text == DeskUpdate.reconnectedMessage(desk.path), "\(text)")
        // The message line above the status line (a long path wraps it onto more lines).
        let foot = driver.screen().lines.suffix(4).joined(separator: " ")
        #expect(foot.contains("Lost the connection to") && foot.contains("everything on screen was read again"), "\(foot)")
        #expect(driver.state.queue.window.rows.count == before)
    }
}
