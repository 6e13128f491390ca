import CaseDesk
import CaseStore
import Foundation
import MailDesk
import MailIntake
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// The case's mail thread (t on a case): messages received and letters sent, in order, each opened
/// as sanitized text and saved to a file; a letter that went out says when and to whom.
@Suite("Mail thread")
struct MailThreadTests {
    /// A reply of the French customer, tagged with her case, carrying escape sequences and a bidi
    /// override; then the desk's response letter, sent from the screen.
    func thread(_ desk: TestStore, size: Size) throws -> DeskDriver {
        let raw = """
            From: Amélie Dubois <amelie.dubois@exemple.fr>\r
            To: complaints@registrar.example\r
            Subject: [casedesk #\(TestStore.Case.french)] Re: transfert \u{1B}[31mbloqué\u{1B}[0m\r
            Date: Tue, 30 Mar 2027 09:15:00 +0200\r
            Message-ID: <reponse-1@exemple.fr>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Bonjour,\r
            \u{1B}]0;pwned\u{07}le code d'autorisation ne marche toujours pas.\u{1B}[2J\r
            Fichier : facture\u{202E}fdp.exe\r
            Merci.\r

            """
        let importer = MailImporter(store: desk.store, actor: TestStore.supervisor)
        let result = importer.file(RawMessage(bytes: Array(raw.utf8), origin: MessageOrigin(path: "reponse.eml")), at: testNow)
        guard case .attached = result.outcome else {
            Issue.record("the reply was not attached: \(result.outcome)")
            return try desk.mailingDriver(TestStore.supervisor, size: size)
        }
        let driver = try desk.mailingDriver(TestStore.supervisor, size: size)
        driver.press(.character("/"))
        driver.type("Dubois")
        driver.press(.enter, .character("r"))
        driver.type("Le code a été renvoyé.")
        driver.press(.ctrl("s"), .character("s"))
        driver.press(.character("t"))
        return driver
    }

    func text(_ driver: DeskDriver) -> String { driver.screen().lines.joined(separator: "\n") }

    func isSafe(_ grid: Grid) -> Bool {
        !grid.lines.joined().unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" }
    }

    @Test func theThreadListsWhatCameInAndWhatWentOutInOrder() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try thread(desk, size: ScreenSnapshotTests.small)
        let thread = try #require(driver.state[MailThreadScreen.self], "t opens the thread")
        #expect(thread.records(driver.state).map(\.direction) == [.incoming, .outgoing])
        Snapshot.check(driver.screen(), "mail-thread-80x24", styles: true)
        #expect(isSafe(driver.screen()))
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "mail-thread-132x40")
        #expect(text(driver).contains("sent      Tue 30 Mar 14:05  to amelie.dubois@exemple.fr"), "the letter: when and to whom")
        #expect(isSafe(driver.screen()))
        driver.press(.character("q"))
        #expect(driver.state[MailThreadScreen.self] == nil && driver.state.caseView?.number == TestStore.Case.french, "q: back to the case")
    }

    @Test func aMessageOpensAsSanitizedTextAndJKStepThroughTheThread() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try thread(desk, size: ScreenSnapshotTests.small)
        driver.press(.enter)
        let opened = try #require(driver.state[MailThreadScreen.self]?.opened)
        #expect(opened.index == 0)
        Snapshot.check(driver.screen(), "mail-message-80x24")
        #expect(isSafe(driver.screen()))
        #expect(text(driver).contains("␛le code d'autorisation ne marche toujours pas.␛"), "escape sequences shown, not sent")
        #expect(!opened.text.unicodeScalars.contains { $0.value == 0x1B || $0 == "\u{202E}" }, "the saved text is sanitized too")
        driver.press(.character("J"))
        #expect(driver.state[MailThreadScreen.self]?.opened?.index == 1)
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "mail-letter-132x40")
        #expect(text(driver).contains("Sent       Tue 30 Mar 2027 14:05 to amelie.dubois@exemple.fr · the response letter (fr)"))
        #expect(text(driver).contains("Le code a été renvoyé."))
        driver.press(.character("J"))
        #expect(driver.state.message?.text == "That was the last message of the thread.")
        driver.press(.character("K"), .character("q"))
        #expect(driver.state[MailThreadScreen.self]?.opened == nil && driver.state[MailThreadScreen.self]?.list.selected == 0,
                "q: back to the list, on the message read")
    }

    @Test func wSavesTheMessageAsTextNeverOverAFile() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try thread(desk, size: ScreenSnapshotTests.small)
        driver.press(.character("w"))
        let dialog = try #require(driver.state[SaveLetterScreen.self], "w on the list reads the message and offers to save it")
        #expect(dialog.field.text == "case-\(TestStore.Case.french)-message-1.txt")
        let file = URL(fileURLWithPath: desk.path).deletingLastPathComponent().appendingPathComponent("message.txt").path
        driver.press(.ctrl("u"))
        driver.type(file)
        driver.press(.enter)
        #expect(driver.state.message?.text == "Saved the message to \(file).")
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(saved.hasPrefix("Received   Tue 30 Mar 2027 09:15 · message 1 of 2\nFrom       Amélie Dubois <amelie.dubois@exemple.fr>"))
        #expect(saved.contains("Fichier : facture�fdp.exe"))
        driver.press(.character("w"), .ctrl("u"))
        driver.type(file)
        driver.press(.enter)
        #expect(driver.state.message?.text == "Not saved to \(file): that file exists already; choose another name. w tries again.")
    }

    @Test func theCaseScreensHelpAndStatusBarOfferTheThread() throws {
        let sections = CaseScreen.keymap.helpSections.flatMap(\.entries)
        #expect(sections.contains { $0.keys == "t" && $0.help == MailThreadScreen.binding.help })
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.small)
        driver.press(.character("/"))
        driver.type("Groß")
        driver.press(.enter, .character("t"))
        #expect(text(driver).contains("No mail is filed with this case"))
    }
}
