import CaseDesk
import CaseDeskConfig
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// p on a letter pipes it to the print command (`print_command` in config.toml, lpr by default),
/// for customers reached by post or fax; a missing or failing command is told on the message line.
@Suite("Printing a letter")
struct PrintLetterTests {
    func letterOfTheGermanCase(_ desk: TestStore, command: [String], size: Size = ScreenSnapshotTests.small) throws -> DeskDriver {
        let driver = try desk.driver(size: size, config: DeskConfig(printCommand: command))
        driver.press(.character("/"))
        driver.type("Groß")
        driver.press(.enter, .character("l"))
        return driver
    }

    @Test func theLetterGoesToTheConfiguredCommand() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let file = URL(fileURLWithPath: desk.path).deletingLastPathComponent().appendingPathComponent("printed.txt").path
        let driver = try letterOfTheGermanCase(desk, command: ["/bin/sh", "-c", "cat > '\(file)'"])
        driver.press(.character("p"))
        #expect(driver.state.message?.text == "Sent the letter to the printer (/bin/sh -c cat > '\(file)').")
        #expect(driver.state.letter != nil, "the letter stays on screen")
        let printed = try String(contentsOfFile: file, encoding: .utf8)
        #expect(printed.hasPrefix("To: Jürgen Groß · Hauptstraße 5, 66111 Saarbrücken\nSubject: "), "\(printed.prefix(80))")
        #expect(printed.contains("Donnerstag, 25. März 2027"))
        #expect(printed == SaveLetterScreen.fileText(driver.state), "what w saves is what p prints")
    }

    @Test func aMissingCommandIsToldNeverACrash() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try letterOfTheGermanCase(desk, command: ["casedesk-no-such-lpr", "-P", "office"])
        driver.press(.character("p"))
        #expect(driver.state.message?.kind == .error)
        #expect(driver.state.message?.text == "Not printed: the print command “casedesk-no-such-lpr” was not found; install it, "
            + "or set print_command in config.toml (w saves the letter to a file instead).")
        Snapshot.check(driver.screen(), "letter-print-missing-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "letter-print-missing-132x40")
        #expect(driver.state.letter != nil)
    }

    @Test func aFailingCommandSaysWhatItSaid() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try letterOfTheGermanCase(desk, command: ["/bin/sh", "-c", "cat > /dev/null; echo 'lpr: The printer or class does not exist.' >&2; exit 1"])
        driver.press(.character("p"))
        #expect(driver.state.message?.text.hasSuffix("failed (exit 1): lpr: The printer or class does not exist..") == true,
                "\(driver.state.message?.text ?? "")")
    }

    @Test func theCommandIsASettingOfConfigToml() throws {
        func parse(_ text: String) throws(ConfigError) -> DeskConfig {
            try DeskConfig.parse(ConfigDocument(text: text, file: "config.toml"))
        }
        #expect(try parse("").printCommand == ["lpr"], "lpr by default")
        #expect(try parse("print_command = \"lp -d fax\"\n").printCommand == ["lp", "-d", "fax"])
        #expect(try parse("print_command = [\"lpr\", \"-P\", \"Post office\"]\n").printCommand == ["lpr", "-P", "Post office"])
        #expect(throws: ConfigError.self) { try parse("print_command = \"\"\n") }
        #expect(LetterScreen.previewKeymap.command(for: .character("p")) == .printLetter)
        #expect(LetterScreen.offerKeymap.helpSections.flatMap(\.entries).contains { $0.keys == "p" && $0.help == LetterScreen.printing.help })
    }
}
