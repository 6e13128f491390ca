import CaseDeskConfig
import Foundation
import Testing
@testable import CaseDeskTUI

/// The screen's settings in `config.toml`: the theme, beside the `[mail]` table; mistakes name the
/// file, the key and the line.
@Suite("Screen settings")
struct DeskConfigTests {
    func parse(_ text: String) throws(ConfigError) -> DeskConfig {
        try DeskConfig.parse(ConfigDocument(text: text, file: "config.toml"))
    }

    @Test func readsTheThemeBesideTheMailTable() throws {
        #expect(try parse("theme = \"light\"\n\n[mail]\nlanguage = \"de\"\n") == DeskConfig(theme: "light"))
        #expect(try parse("") == DeskConfig())
        #expect(try DeskConfig.load(path: "/nonexistent/config.toml") == DeskConfig(), "no file, no settings")
    }

    @Test func mistakesNameTheFileKeyAndLine() {
        #expect(throws: ConfigError.self) { try parse("theme = 3\n") }
        do {
            _ = try parse("# mine\nthem = \"light\"\n")
            Issue.record("an unknown key was accepted")
        } catch {
            #expect(error.description == "config.toml:2: key them: unknown key (known keys here: assign_new_cases_to_me, filter, mail, print_command, theme)")
        }
        do {
            _ = try parse("theme = \"\"\n")
            Issue.record("an empty theme was accepted")
        } catch {
            #expect(error.description.hasPrefix("config.toml:1: key theme: is empty"))
        }
    }
}
