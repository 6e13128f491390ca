import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// Going to a case by its number (: or #) from anywhere.
@Suite("Go to a case by number")
struct GoToCaseTests {
    @Test func fromTheQueueAndFromACase() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character(":"))
        driver.type("5x")
        Snapshot.check(driver.screen(), "go-to-case-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "go-to-case-132x40")
        driver.press(.enter)
        #expect(driver.state.caseView?.number == TestStore.Case.closed)
        driver.press(.character("#"))
        driver.type("2")
        driver.press(.enter)
        #expect(driver.state.caseView?.number == TestStore.Case.german)
        driver.press(.character("q"))
        #expect(driver.state.caseView?.number == TestStore.Case.closed, "q goes back to the case it came from")
        driver.press(.character("q"))
        #expect(driver.state.caseView == nil)
    }

    @Test func anUnknownNumberSaysSoAndStaysPut() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("#"))
        driver.type("99")
        driver.press(.enter)
        #expect(driver.state.caseView == nil)
        #expect(driver.state.message?.text.contains("99") == true, "\(String(describing: driver.state.message))")
        driver.press(.character(":"), .escape)
        #expect(DeskUpdate.contextName(driver.state) == "queue")
    }

    @Test func itIsInTheHelpOfEveryScreenFromTheKeymapThatDispatches() throws {
        for keymap in [HomeScreen.queueKeymap, CaseScreen.keymap, HandoverScreen.keymap, StatisticsScreen.keymap,
                       LetterScreen.previewKeymap] {
            #expect(keymap.command(for: .character(":")) == GoToCaseScreen.binding.command)
            #expect(keymap.helpSections.flatMap(\.entries).contains { $0.keys == ":/#" && $0.help == GoToCaseScreen.binding.help })
        }
    }
}
