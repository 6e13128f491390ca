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
        ("global", DeskKeymaps.global), ("queue", DeskKeymaps.queue), ("search field", DeskKeymaps.searchField),
        ("case", DeskKeymaps.caseScreen), ("explanation", DeskKeymaps.explanation), ("help", DeskKeymaps.help),
        ("form", DeskKeymaps.form), ("question", DeskKeymaps.confirm), ("list", DeskKeymaps.picker),
        ("greeting", DeskKeymaps.greeting), ("first run", DeskKeymaps.firstRun), ("handover", DeskKeymaps.handoverScreen),
        ("statistics", DeskKeymaps.statisticsScreen), ("letter offer", DeskKeymaps.letterOffer),
        ("letter preview", DeskKeymaps.letterPreview),
    ]

    @Test(arguments: all.map(\.0))
    func noKeyIsBoundTwice(_ name: String) throws {
        let map = try #require(Self.all.first { $0.0 == name }?.1)
        #expect(map.conflicts.isEmpty, "\(name) binds \(map.conflicts.map(\.name)) more than once")
    }

    @Test func everyMoveOnACaseHasItsKeyOnBothScreens() {
        for action in DeskAction.allCases {
            #expect(DeskKeymaps.queue.command(for: action.key) == .act(action))
            #expect(DeskKeymaps.caseScreen.command(for: action.key) == .act(action))
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
        for hint in DeskKeymaps.queue.statusHints {
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
        try expectEveryKeyDoesSomething(DeskKeymaps.queue, on: "queue") { $0.press(.character("j")) }
    }

    @Test func everyCaseKeyDoesSomething() throws {
        try expectEveryKeyDoesSomething(DeskKeymaps.caseScreen, on: "case screen") { driver in
            driver.press(.character("/"))
            driver.type("fontaine")
            driver.press(.enter, .character("j"), .character("j"))
        }
    }

    @Test func everyHandoverKeyDoesSomething() throws {
        try expectEveryKeyDoesSomething(DeskKeymaps.handoverScreen, on: "handover") { $0.press(.character("H"), .character("j")) }
    }

    @Test func everyStatisticsKeyDoesSomething() throws {
        try expectEveryKeyDoesSomething(DeskKeymaps.statisticsScreen, on: "statistics") { $0.press(.character("S"), .character("j")) }
    }

    @Test func everyLetterKeyDoesSomething() throws {
        try expectEveryKeyDoesSomething(DeskKeymaps.letterOffer, on: "letter offer") { driver in
            driver.press(.character("/"))
            driver.type("Groß")
            driver.press(.enter, .character("e"), .ctrl("s"), .character("j"))
        }
        try expectEveryKeyDoesSomething(DeskKeymaps.letterPreview, on: "letter preview") { driver in
            driver.press(.character("/"))
            driver.type("Groß")
            driver.press(.enter, .character("l"), .character("j"))
        }
    }

    @Test func theNewScreensAreInTheQueuesHelpAndStatusBar() {
        #expect(DeskKeymaps.queue.command(for: .character("H")) == .handover)
        #expect(DeskKeymaps.queue.command(for: .character("S")) == .statistics)
        #expect(DeskKeymaps.queue.statusHints.map(\.label).starts(with: ["open", "search", "new", "handover", "stats"]))
        #expect(DeskKeymaps.queue.helpSections.contains { $0.title == "Screens" && $0.entries.map(\.keys) == ["H", "S"] })
        #expect(DeskKeymaps.caseScreen.command(for: .character("l")) == .letters)
    }

    @Test func aKeyWithNoMeaningSaysSo() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("Z"))
        #expect(driver.state.message?.text == "Z does nothing here; ? lists every key")
    }
}
