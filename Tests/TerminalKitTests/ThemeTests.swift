import Foundation
import Testing
@testable import TerminalKit

@Suite("Themes")
struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Themes")

    @Test func builtinThemesAreTheThemeFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDirectory.path)
            .filter { $0.hasSuffix(".toml") }.sorted()
        #expect(files.map { String($0.dropLast(5)) } == BuiltinThemes.files.map(\.name).sorted())
        for file in files {
            let text = try String(contentsOf: Self.themesDirectory.appendingPathComponent(file), encoding: .utf8)
            let embedded = BuiltinThemes.files.first { $0.name + ".toml" == file }?.toml
            #expect(embedded == text, "\(file) differs from BuiltinThemes.swift: run scripts/embed-themes")
        }
    }

    @Test(arguments: ["default", "light", "high-contrast", "mono"])
    func builtinThemeDefinesEveryRole(name: String) throws {
        let theme = try #require(Theme.builtin(named: name))
        let missing = Role.allCases.filter { theme.styles[$0] == nil }
        #expect(missing.isEmpty, "\(name) lacks \(missing)")
    }

    @Test func monoHasNoColours() throws {
        let mono = try #require(Theme.builtin(named: "mono"))
        for role in Role.allCases {
            #expect(mono[role].foreground == .terminalDefault && mono[role].background == .terminalDefault)
        }
        #expect(mono[.selection].attributes.contains(.reverse))
    }

    @Test func readsInlineAndTableRoles() throws {
        let theme = try Theme(name: "t", toml: """
            description = "test"
            [roles]
            normal = { fg = "default", bg = "black" }
            header = { fg = 24, bg = "bright-blue", attrs = ["bold", "underline"] }
            [roles.overdue]
            fg = "#FF5f5f"
            attrs = ["reverse"]
            """, file: "t.toml")
        #expect(theme[.normal] == Style(foreground: .terminalDefault, background: .indexed(0)))
        #expect(theme[.header] == Style(foreground: .indexed(24), background: .indexed(12), attributes: [.bold, .underline]))
        #expect(theme[.overdue] == Style(foreground: .rgb(red: 255, green: 95, blue: 95), attributes: .reverse))
        #expect(theme[.selection] == theme[.normal])
    }

    @Test("mistakes are errors that name the file and the key", arguments: [
        ("[roles]\noverdu = { fg = \"red\" }", ThemeError.unknownRole(file: "x.toml", role: "overdu")),
        ("[roles]\nok = { fg = \"#12345\" }", .badColor(file: "x.toml", key: "roles.ok.fg", value: "#12345")),
        ("[roles]\nok = { bg = \"purple\" }", .badColor(file: "x.toml", key: "roles.ok.bg", value: "purple")),
        ("[roles]\nok = { bg = 300 }", .badColor(file: "x.toml", key: "roles.ok.bg", value: "300")),
        ("[roles]\nok = { fg = true }", .wrongType(file: "x.toml", key: "roles.ok.fg",
                                                  expected: "a colour string or a number 0–255", found: "a bool")),
        ("[roles]\nok = { attrs = \"bold\" }", .wrongType(file: "x.toml", key: "roles.ok.attrs",
                                                         expected: "a list of attribute names", found: "a string")),
        ("[roles]\nok = { attrs = [\"blink\"] }", .unknownAttribute(file: "x.toml", key: "roles.ok.attrs", value: "blink")),
        ("[roles]\nok = { colour = \"red\" }", .unknownKey(file: "x.toml", key: "roles.ok.colour", allowed: ["fg", "bg", "attrs"])),
        ("roles = 3", .wrongType(file: "x.toml", key: "roles", expected: "a table of roles", found: "an integer")),
        ("colours = {}", .unknownKey(file: "x.toml", key: "colours", allowed: ["description", "roles"])),
    ])
    func mistakes(toml: String, expected: ThemeError) {
        #expect(throws: expected) { try Theme(name: "x", toml: toml, file: "x.toml") }
    }

    @Test func syntaxErrorsGiveTheLine() {
        let text = "[roles]\nok = { fg = \"red\" }\nmuted = { fg = \n"
        do {
            _ = try Theme(name: "x", toml: text, file: "/home/ann/x.toml")
            Issue.record("a broken file was accepted")
        } catch {
            guard case .syntax(let file, let line, _, _) = error else {
                Issue.record("expected a syntax error, got \(error)")
                return
            }
            #expect(file == "/home/ann/x.toml")
            #expect(line == 3)
            #expect(error.description.hasPrefix("theme file /home/ann/x.toml, line 3, column"))
        }
    }

    @Test func messagesSayWhatToDo() {
        let bad = ThemeError.badColor(file: "x.toml", key: "roles.ok.fg", value: "#12")
        #expect(bad.description == "theme file x.toml: roles.ok.fg = \"#12\" is not a colour; use \"default\", "
            + "a name such as \"red\" or \"bright-blue\", a number 0–255, or \"#rrggbb\"")
        #expect(ThemeError.unknownRole(file: "x.toml", role: "overdu").description.contains("overdue"))
    }

    @Test func resolvesPathsUserThemesAndBuiltins() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let own = "[roles]\nnormal = { fg = \"green\" }\n"
        try own.write(to: directory.appendingPathComponent("default.toml"), atomically: true, encoding: .utf8)
        try own.write(to: directory.appendingPathComponent("mine.toml"), atomically: true, encoding: .utf8)

        let overridden = try Theme.resolve(nameOrPath: "default", userDirectory: directory.path)
        #expect(overridden[.normal].foreground == .indexed(2))
        let byPath = try Theme.resolve(nameOrPath: directory.appendingPathComponent("mine.toml").path, userDirectory: nil)
        #expect(byPath.name == "mine")
        let builtin = try Theme.resolve(nameOrPath: "light", userDirectory: directory.path)
        #expect(builtin == Theme.builtin(named: "light"))
        #expect(throws: ThemeError.notFound(name: "nope", searched: [directory.path + "/nope.toml"])) {
            try Theme.resolve(nameOrPath: "nope", userDirectory: directory.path)
        }
        #expect(throws: ThemeError.self) { try Theme.resolve(nameOrPath: "/no/such/theme.toml", userDirectory: nil) }
    }

    @Test func noColorAndColourlessTerminalsGetMono() throws {
        #expect(Theme.prefersMono(environment: ["NO_COLOR": "1"], colorCount: 256))
        #expect(!Theme.prefersMono(environment: ["NO_COLOR": ""], colorCount: 256))
        #expect(!Theme.prefersMono(environment: [:], colorCount: 8))
        #expect(Theme.prefersMono(environment: [:], colorCount: 2))
        #expect(Theme.prefersMono(environment: [:], colorCount: -1))
        let chosen = try Theme.select(requested: nil, userDirectory: nil, environment: ["NO_COLOR": "x"], colorCount: 256)
        #expect(chosen.name == "mono")
        let usual = try Theme.select(requested: nil, userDirectory: nil, environment: [:], colorCount: 256)
        #expect(usual.name == "default")
        let asked = try Theme.select(requested: "light", userDirectory: nil, environment: ["NO_COLOR": "x"], colorCount: 256)
        #expect(asked.name == "light")
    }

    @Test func userDirectoryFollowsXDG() {
        #expect(Theme.userDirectory(environment: ["HOME": "/home/ann"]) == "/home/ann/.config/casedesk/themes")
        #expect(Theme.userDirectory(environment: ["HOME": "/home/ann", "XDG_CONFIG_HOME": "/cfg"]) == "/cfg/casedesk/themes")
        #expect(Theme.userDirectory(environment: [:]) == nil)
    }
}

@Suite("Colours")
struct ColorTests {
    @Test func parsesEveryNotation() {
        #expect(TerminalColor(parsing: "default") == .terminalDefault)
        #expect(TerminalColor(parsing: "Red") == .indexed(1))
        #expect(TerminalColor(parsing: "bright-white") == .indexed(15))
        #expect(TerminalColor(parsing: "208") == .indexed(208))
        #expect(TerminalColor(parsing: "#0a0B0c") == .rgb(red: 10, green: 11, blue: 12))
        for bad in ["", "256", "-1", "#12345", "#1234567", "#gggggg", "purple", "brightred"] {
            #expect(TerminalColor(parsing: bad) == nil, "\(bad)")
        }
        #expect(TerminalColor.rgb(red: 10, green: 11, blue: 255).description == "#0a0bff")
    }

    @Test func coloursTheTerminalHasPassThrough() {
        #expect(TerminalColor.indexed(3).number(for: .ansi8) == 3)
        #expect(TerminalColor.indexed(12).number(for: .ansi16) == 12)
        #expect(TerminalColor.indexed(208).number(for: .indexed256) == 208)
        #expect(TerminalColor.terminalDefault.number(for: .indexed256) == nil)
        #expect(TerminalColor.indexed(1).number(for: .none) == nil)
    }

    @Test func rgbMapsToTheNearestOf256() {
        #expect(TerminalColor.rgb(red: 255, green: 95, blue: 95).number(for: .indexed256) == 203)
        #expect(TerminalColor.rgb(red: 0, green: 95, blue: 135).number(for: .indexed256) == 24)
        #expect(TerminalColor.rgb(red: 128, green: 128, blue: 128).number(for: .indexed256) == 244)
        #expect(TerminalColor.rgb(red: 0, green: 0, blue: 0).number(for: .indexed256) == 16)
    }

    @Test func mapsDownTo16And8() {
        #expect(TerminalColor.rgb(red: 255, green: 95, blue: 95).number(for: .ansi16) == 9)
        #expect(TerminalColor.rgb(red: 255, green: 95, blue: 95).number(for: .ansi8) == 1)
        #expect(TerminalColor.indexed(196).number(for: .ansi16) == 9)
        #expect(TerminalColor.indexed(196).number(for: .ansi8) == 1)
        #expect(TerminalColor.indexed(9).number(for: .ansi8) == 1)
        #expect(TerminalColor.indexed(24).number(for: .ansi8) == 6)
        #expect(TerminalColor.indexed(25).number(for: .ansi16) == 4)
        #expect(TerminalColor.rgb(red: 255, green: 175, blue: 0).number(for: .ansi16) == 11)
        #expect(TerminalColor.rgb(red: 135, green: 175, blue: 135).number(for: .ansi16) == 7)
        #expect(TerminalColor.indexed(244).number(for: .ansi8) == 7)
        #expect(TerminalColor.indexed(236).number(for: .ansi16) == 0)
        #expect(TerminalColor.indexed(252).number(for: .ansi8) == 7)
    }

    @Test func directColourPacksRGB() {
        #expect(TerminalColor.rgb(red: 0x12, green: 0x34, blue: 0x56).number(for: .direct) == 0x123456)
        #expect(TerminalColor.indexed(2).number(for: .direct) == 2)
        #expect(TerminalColor.indexed(196).number(for: .direct) == 0xFF0000)
    }

    @Test func depthFromColourCount() {
        #expect([0, 2, 8, 16, 88, 256, 0x100_0000].map(ColorDepth.init(colorCount:))
            == [.none, .none, .ansi8, .ansi16, .ansi16, .indexed256, .direct])
    }
}
