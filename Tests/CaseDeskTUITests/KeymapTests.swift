import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// The keymaps are the documentation: no key is bound twice, the help and the status bar come from
/// the map that dispatches, and every key a screen lists does something there.
@Suite("Keymaps")
struct KeymapTests {
    static let all: [(String, Keymap<DeskCommand>)] = [
        ("global", DeskKeymaps.global), ("queue", HomeScreen.queueKeymap), ("search field", HomeScreen.searchKeymap),
        ("case", CaseScreen.keymap), ("explanation", ExplanationOverlay.keymap), ("help", HelpOverlay.keymap),
        ("form", FormScreen.keymap), ("question", Question.keymap), ("list", DeskKeymaps.picker),
        ("greeting", HomeScreen.greetingKeymap), ("first run", FirstRunScreen.keymap), ("handover", HandoverScreen.keymap),
        ("statistics", StatisticsScreen.keymap), ("letter offer", LetterScreen.offerKeymap),
        ("letter preview", LetterScreen.previewKeymap), ("go to case", GoToCaseScreen.keymap),
        ("mail thread", MailThreadScreen.listKeymap), ("mail message", MailThreadScreen.messageKeymap),
    ]

    @Test(arguments: all.map(\.0))
    func noKeyIsBoundTwice(_ name: String) throws {
        let map = try #require(Self.all.first { $0.0 == name }?.1)
        #expect(map.conflicts.isEmpty, "\(name) binds \(map.conflicts.map(\.name)) more than once")
    }

    @Test func everyMoveOnACaseHasItsKeyOnBothScreens() {
        for action in DeskAction.allCases {
            #expect(HomeScreen.queueKeymap.command(for: action.key) == .act(action))
            #expect(CaseScreen.keymap.command(for: action.key) == .act(action))
        }
    }

    @Test func helpIsTheKeymapThatDispatches() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: Size(rows: 40, cols: 132))
        let sections = DeskUpdate.keymap(for: driver.state).helpSections
        driver.press(.character("?"))
        guard case let .help(help)? = driver.state.overlay else {
            Issue.record("? did not open the help")
            return
        }
        #expect(help.sections == sections)
        #expect(help.sections.flatMap(\.entries).contains { $0.keys == "a" && $0.help == DeskAction.acknowledge.help })
        driver.press(.character("q"))
        #expect(driver.state.overlay == nil)
        let status = driver.screen().lines[39]
        for hint in HomeScreen.queueKeymap.statusHints {
            #expect(status.contains("\(hint.key) \(hint.label)"), "status bar lacks \(hint.key) \(hint.label): \(status)")
        }
    }

    /// Presses every key of `keymap`, each on a fresh driver brought to the screen by `setUp`, and
    /// expects each to change what is on screen (or to quit, or to repaint).
    func expectEveryKeyDoesSomething(_ keymap: Keymap<DeskCommand>, on screen: String, setUp: (DeskDriver) -> Void) throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        for binding in keymap.bindings {
            for key in binding.keys {
                let driver = try desk.driver()
                setUp(driver)
                let before = driver.screen()
                driver.press(key)
                let changed = driver.screen() != before || driver.state.wantsQuit || driver.wantsRedraw
                #expect(changed, "\(key.name) (\(binding.label)) did nothing on the \(screen)")
            }
        }
    }

    @Test func everyQueueKeyDoesSomething() throws {
        try expectEveryKeyDoesSomething(HomeScreen.queueKeymap, on: "queue") { $0.press(.character("j")) }
    }

    @Test func everyCaseKeyDoesSomething() throws {
        try expectEveryKeyDoesSomething(CaseScreen.keymap, on: "case screen") { driver in
            driver.press(.character("/"))
            driver.type("fontaine")
            driver.press(.enter, .character("j"), .character("j"))
        }
    }

    @Test func everyHandoverKeyDoesSomething() throws {
        try expectEveryKeyDoesSomething(HandoverScreen.keymap, on: "handover") { $0.press(.character("H"), .character("j")) }
    }

    @Test func everyStatisticsKeyDoesSomething() throws {
        try expectEveryKeyDoesSomething(StatisticsScreen.keymap, on: "statistics") { $0.press(.character("S"), .character("j")) }
    }

    @Test func everyLetterKeyDoesSomething() throws {
        try expectEveryKeyDoesSomething(LetterScreen.offerKeymap, on: "letter offer") { driver in
            driver.press(.character("/"))
            driver.type("Groß")
            driver.press(.enter, .character("e"), .ctrl("s"), .character("j"))
        }
        try expectEveryKeyDoesSomething(LetterScreen.previewKeymap, on: "letter preview") { driver in
            driver.press(.character("/"))
            driver.type("Groß")
            driver.press(.enter, .character("l"), .character("j"))
        }
    }

    @Test func theNewScreensAreInTheQueuesHelpAndStatusBar() {
        #expect(HomeScreen.queueKeymap.command(for: .character("H")) == .handover)
        #expect(HomeScreen.queueKeymap.command(for: .character("S")) == .statistics)
        #expect(HomeScreen.queueKeymap.statusHints.map(\.label).starts(with: ["open", "search", "new", "handover", "stats"]))
        #expect(HomeScreen.queueKeymap.helpSections.contains { $0.title == "Screens" && $0.entries.map(\.keys) == ["H", "S"] })
        #expect(CaseScreen.keymap.command(for: .character("l")) == .letters)
    }

    @Test func aKeyWithNoMeaningSaysSo() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("Q"))
        #expect(driver.state.message?.text == "Q does nothing here; ? lists every key")
    }
}
