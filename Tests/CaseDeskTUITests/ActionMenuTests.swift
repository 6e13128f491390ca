import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// The moves menu ("." on the queue or a case).
@Suite("The moves menu")
struct ActionMenuTests {
    /// On the smallest screen the menu holds fewer lines than there are moves: its bottom edge says
    /// which lines show and that there are more.
    @Test func aMenuThatScrollsSaysSo() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: DeskLayout.minimum)
        driver.press(.character("."))
        guard case let .actionMenu(menu)? = driver.state.overlay else {
            Issue.record(". did not open the moves menu")
            return
        }
        let count = menu.entries.count
        let screen = driver.screen()
        let bottom = try #require(screen.lines.lastIndex { $0.contains("└") && $0.contains("┘") && $0.contains("/\(count)") },
                                  "the menu's bottom edge shows where it is: \(screen.lines.joined(separator: "\n"))")
        #expect(screen.lines[bottom].contains("1–"))
        #expect(screen.lines[bottom].contains("↓"), "more below")
        Snapshot.check(screen, "moves-60x16")
        driver.press(.character("G"))
        let end = driver.screen().lines.joined(separator: "\n")
        #expect(end.contains("–\(count)/\(count)") && end.contains("↑"), "\(end)")
    }
}
