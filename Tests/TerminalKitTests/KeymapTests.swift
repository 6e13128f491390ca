import Testing
import TerminalKit

enum DeskCommand: String, Hashable, Sendable {
    case quit, help, down, up, open, search, acknowledge, back
}

let globalKeys = Keymap<DeskCommand>([
    KeyBinding([.character("q")], .quit, label: "quit", help: "Leave casedesk", group: "General", showsInStatusBar: true),
    KeyBinding([.character("?"), .function(1)], .help, label: "help", help: "Show this help", group: "General",
               showsInStatusBar: true),
    KeyBinding([.escape], .back, label: "back", help: "Go back", group: "General"),
])

let queueKeys = Keymap<DeskCommand>([
    KeyBinding([.character("j"), .down], .down, label: "down", help: "Next case", group: "Moving"),
    KeyBinding([.character("k"), .up], .up, label: "up", help: "Previous case", group: "Moving"),
    KeyBinding([.enter], .open, label: "open", help: "Open the selected case", group: "Case", showsInStatusBar: true),
    KeyBinding([.character("a")], .acknowledge, label: "ack", help: "Acknowledge receipt to the customer",
               group: "Case", showsInStatusBar: true),
    KeyBinding([.character("/")], .search, label: "search", help: "Search cases", group: "Moving", showsInStatusBar: true),
]).layered(over: globalKeys)

@Suite("Keys and keymaps")
struct KeymapTests {
    @Test("keys have names for help and read back from them", arguments: [
        (KeyEvent.character("j"), "j"), (.character(" "), "Space"), (.character("é"), "é"), (.ctrl("c"), "C-c"),
        (.alt("x"), "M-x"), (.enter, "Enter"), (.escape, "Esc"), (.tab, "Tab"), (.backTab, "S-Tab"),
        (.backspace, "Bksp"), (.delete, "Del"), (.up, "↑"), (.down, "↓"), (.left, "←"), (.right, "→"),
        (.home, "Home"), (.end, "End"), (.pageUp, "PgUp"), (.pageDown, "PgDn"), (.function(12), "F12"),
    ])
    func names(key: KeyEvent, name: String) {
        #expect(key.name == name)
        #expect(KeyEvent(name: name) == key)
    }

    @Test func unknownNamesAreRejected() {
        for name in ["", "Ctrl", "C-", "F0", "F99", "PageDown", "ab"] {
            #expect(KeyEvent(name: name) == nil, "\(name)")
        }
        #expect(KeyEvent(name: "C-X") == .ctrl("x"))
    }

    @Test func looksUpCommandsWithTheScreenFirst() {
        #expect(queueKeys.command(for: .character("j")) == .down)
        #expect(queueKeys.command(for: .down) == .down)
        #expect(queueKeys.command(for: .function(1)) == .help)
        #expect(queueKeys.command(for: .character("x")) == nil)
        let shadowing = Keymap([KeyBinding([.character("q")], DeskCommand.search, label: "", help: "", group: "")])
            .layered(over: globalKeys)
        #expect(shadowing.command(for: .character("q")) == .search)
        #expect(!shadowing.bindings.contains { $0.command == .quit })
    }

    @Test func findsConflicts() {
        #expect(queueKeys.conflicts.isEmpty)
        let clash = Keymap([
            KeyBinding([.character("a")], DeskCommand.acknowledge, label: "", help: "", group: ""),
            KeyBinding([.character("a")], DeskCommand.open, label: "", help: "", group: ""),
        ])
        #expect(clash.conflicts == [.character("a")])
        #expect(clash.command(for: .character("a")) == .acknowledge)
    }

    @Test func statusHintsAndHelpComeFromTheSameBindings() {
        #expect(queueKeys.statusHints == [
            KeyHint(key: "Enter", label: "open"), KeyHint(key: "a", label: "ack"), KeyHint(key: "/", label: "search"),
            KeyHint(key: "q", label: "quit"), KeyHint(key: "?", label: "help"),
        ])
        #expect(queueKeys.helpSections.map(\.title) == ["Moving", "Case", "General"])
        #expect(queueKeys.helpSections[0].entries == [
            .init(keys: "j/↓", help: "Next case"), .init(keys: "k/↑", help: "Previous case"),
            .init(keys: "/", help: "Search cases"),
        ])
    }
}
