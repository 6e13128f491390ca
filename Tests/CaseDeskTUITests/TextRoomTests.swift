import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// Text is not cut where there is room for it, and what has to be cut can be read whole.
@Suite("Text where there is room")
struct TextRoomTests {
    /// A long title keeps the case number; the keys on the right give way first.
    @Test func aFormTitleKeepsItsCaseNumber() {
        var grid = Grid(size: Size(rows: 5, cols: 84))
        let title = "Formal complaint → head of customer support — case 123456"
        Pane(title: title, trailingTitle: "C-s save · Esc cancel").render(into: &grid, area: Rect(row: 0, col: 0, rows: 5, cols: 84))
        #expect(grid.lines[0].contains(title), "\(grid.lines[0])")
    }

    @Test func aClosedCasesHeaderAndClocksAreWhole() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: Size(rows: 24, cols: 60))
        driver.press(.character("o"))
        driver.press(.enter)
        let caseState = try #require(driver.state.caseView?.state)
        let text = driver.screen().lines.joined(separator: "\n")
        #expect(!text.contains("…"), "\(text)")
        #expect(text.contains("version \(caseState.version)"), "\(text)")
    }

    /// The moves menu shows the selected move's reason whole under the list.
    @Test func theMovesMenuShowsTheSelectedReasonWhole() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.viewer)
        driver.press(.character("."), .character("g"), .character("j"), .character("j"), .character("j"))
        guard case let .actionMenu(menu)? = driver.state.overlay else {
            Issue.record("no menu")
            return
        }
        let reason = try #require(menu.entries[menu.list.selected].availability.reason)
        let text = driver.screen().lines.map { $0.replacingOccurrences(of: "│", with: " ") }.joined(separator: " ")
            .split(separator: " ").joined(separator: " ")
        #expect(text.contains(reason), "\(reason) is not whole on screen: \(text)")
    }

    /// A refusal of four lines at 60 columns is shown whole, not cut after two.
    @Test func aLongRefusalIsWhole() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.viewer, size: DeskLayout.minimum)
        driver.press(.character("@"))
        let message = try #require(driver.state.message?.text)
        #expect(TerminalText.wrap(message, width: 60).count > 2, "the refusal takes more than two lines: \(message)")
        let text = driver.screen().lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains(message.split(separator: " ").joined(separator: " ")), "\(message)")
    }
}
