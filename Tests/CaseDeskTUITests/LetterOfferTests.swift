import CaseDesk
import CaseStore
import Foundation
import Letters
import MailDesk
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// Letters from the screens: a move that has a letter holds until the person sends it (the letter
/// and the move recorded in one go), records the move without it, or goes back to the form; any
/// letter of a case can be read from the case screen; refusals keep the text.
@Suite("Letters on screen")
struct LetterOfferTests {
    /// A French formal complaint by e-mail, received the Thursday before Easter: acknowledged now,
    /// the response is due Mon 12 Apr 2027 (Good Friday and Easter Monday skipped).
    func frenchComplaint(_ desk: TestStore) throws -> CaseNumber {
        try desk.store.open(desk.intake(.complaint, .email, "2027-03-25 09:30", customer: "Anaïs Lefèvre",
                                        contact: "Anaïs Lefèvre <anais.lefevre@exemple.fr>", domains: ["boulangerie-anaïs.fr"],
                                        subject: "Plainte : transfert refusé",
                                        description: "Bonjour, je vous écris depuis une semaine pour le transfert de mon domaine. Merci de votre aide.",
                                        stage: .headOfSupport),
                            by: TestStore.supervisor, at: try moment("2027-03-25 09:40")).number
    }

    /// The French complaint's acknowledgement, offered with its letter on a driver that can mail it.
    func acknowledgementOffered(_ desk: TestStore, size: Size = ScreenSnapshotTests.small) throws -> (DeskDriver, CaseNumber) {
        let number = try frenchComplaint(desk)
        let driver = try desk.mailingDriver(size: size)
        open("lefevre", driver)
        driver.press(.character("a"), .enter)
        return (driver, number)
    }

    /// A colleague's write in another process.
    func colleague(_ desk: TestStore, records change: Change, on number: CaseNumber) throws {
        _ = try SQLiteCaseStore.open(path: desk.path).record(change, on: number, expectedVersion: nil, by: TestStore.supervisor, at: testNow)
    }

    func open(_ word: String, _ driver: DeskDriver) {
        driver.press(.character("/"))
        driver.type(word)
        driver.press(.enter)
    }

    func text(_ driver: DeskDriver) -> String { driver.screen().lines.joined(separator: "\n") }

    @Test func theAcknowledgementIsOfferedInTheCustomersLanguageWithTheRightDates() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let (driver, number) = try acknowledgementOffered(desk)
        let letter = try #require(driver.state.letter)
        #expect(letter.number == number && letter.kind == .acknowledgement && letter.isOffer)
        #expect(letter.language == .french && letter.guessed == .french)
        #expect(driver.state.form != nil, "the form stays under the letter")
        Snapshot.check(driver.screen(), "letter-offer-fr-80x24", styles: true)
        #expect(text(driver).contains("au plus tard le lundi 12 avril 2027"))
        driver.press(.pageDown)
        #expect(text(driver).contains("Le service clients"), "the letter scrolls to its end")
        driver.press(.character("l"))
        #expect(driver.state.letter?.language == .german && driver.state.letter?.scroll == 0)
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "letter-offer-de-132x40")
        #expect(text(driver).contains("Donnerstag, 25. März 2027"))
        #expect(text(driver).contains("spätestens am Montag, 12. April 2027"))
        #expect(try desk.store.events(of: number).count == 1, "nothing is written while the letter is read")
    }

    @Test func sendingRecordsTheMoveWithTheLetterAndPutsItInTheOutbox() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let (driver, number) = try acknowledgementOffered(desk)
        driver.press(.character("s"))
        #expect(driver.state.letter == nil && driver.state.form == nil)
        #expect(driver.state.message?.text
            == "Case \(number): helene acknowledged it and sent the acknowledgement letter (fr) to anais.lefevre@exemple.fr.")
        let events = try desk.store.events(of: number)
        #expect(events.map(\.change.type) == ["received", "acknowledged", "message_sent"], "the move once, with its letter")
        guard case let .messageSent(sent) = events.last?.change else { Issue.record("no letter recorded"); return }
        #expect(sent.letter == "acknowledgement" && sent.language == "fr" && sent.to == "anais.lefevre@exemple.fr")
        #expect(try desk.store.caseState(number).head?.acknowledged?.at == testNow)
        let waiting = desk.outbox.waiting()
        #expect(waiting.count == 1)
        let mail = try String(contentsOfFile: try #require(waiting.first), encoding: .utf8)
        #expect(mail.contains("X-Casedesk-Case: \(number)\r\n") && mail.contains("Content-Language: fr\r\n"))
        #expect(mail.contains("To: =?UTF-8?") || mail.contains("To: Ana"), "addressed to the customer")
        #expect(driver.screen().lines.contains { $0.contains("acknowledge") && $0.contains("met") })
    }

    @Test func noLetterRecordsOnlyTheMove() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let (driver, number) = try acknowledgementOffered(desk)
        driver.press(.character("n"))
        #expect(driver.state.letter == nil && driver.state.form == nil)
        #expect(driver.state.message?.text == "Case \(number): helene acknowledged it.")
        #expect(try desk.store.events(of: number).map(\.change.type) == ["received", "acknowledged"])
        #expect(desk.outbox.waiting().isEmpty)
    }

    @Test func backToTheFormKeepsTheTextAndWritesNothing() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.mailingDriver(TestStore.supervisor)
        open("Dubois", driver)
        driver.press(.character("r"))
        let answer = "Bonjour Madame Dubois, le code d’autorisation vous a été envoyé. « Bonne journée »"
        driver.type(answer)
        driver.press(.ctrl("s"))
        #expect(driver.state.letter?.kind == .response && driver.state.letter?.language == .french)
        #expect(text(driver).contains("le code d’autorisation vous a été envoyé"), "the typed answer is the letter's text")
        driver.press(.escape)
        #expect(driver.state.letter == nil)
        #expect(driver.state.form?.form.text("summary") == answer)
        #expect(driver.state.message?.text == "Back to the form; nothing was written. C-s offers the letter again.")
        #expect(try desk.store.events(of: TestStore.Case.french).map(\.change.type) == ["received", "assigned"])
        driver.press(.ctrl("s"))
        #expect(driver.state.letter?.kind == .response, "saving again offers the letter again")
    }

    @Test func aRefusalShowsWhyAndTheTextStays() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.mailingDriver()
        open("Groß", driver)
        driver.press(.character("r"))
        let answer = "Sehr geehrter Herr Groß, die doppelte Abbuchung wird erstattet."
        driver.type(answer)
        driver.press(.ctrl("s"))
        #expect(driver.state.letter?.language == .german)
        #expect(driver.state.letter?.preview?.unsendable == "case 2's contact \"Hauptstraße 5, 66111 Saarbrücken\" is not an e-mail "
            + "address; print the letter and send it by post or fax")
        driver.press(.character("s"))
        #expect(driver.state.message?.text.hasPrefix("Not sent: case 2's contact") == true)
        #expect(try desk.store.events(of: TestStore.Case.german).count == 2, "nothing recorded")
        #expect(desk.outbox.waiting().isEmpty)
        driver.press(.character("q"))
        #expect(driver.state.form?.form.text("summary") == answer)
        #expect(driver.state.form?.problem?.text.contains("is not an e-mail address") == true)
        driver.press(.ctrl("s"), .character("n"))
        #expect(driver.state.form == nil)
        #expect(try desk.store.caseState(TestStore.Case.german).head?.firstAnswer?.summary == answer)
    }

    @Test func aColleaguesChangeRefusesTheSendAndTheNextSendGoesOnTheCaseAsItIs() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let (driver, number) = try acknowledgementOffered(desk)
        try colleague(desk, records: .noted(.init(text: "Appel reçu")), on: number)
        driver.press(.character("s"))
        let problem = try #require(driver.state.letter?.problem?.text)
        #expect(problem.hasPrefix("case \(number) changed after you read it (version 1): amelie added a note"))
        #expect(problem.hasSuffix("Your text is kept: s sends it on the case as it is now."))
        #expect(desk.outbox.waiting().isEmpty)
        driver.press(.character("s"))
        #expect(driver.state.letter == nil)
        #expect(try desk.store.events(of: number).map(\.change.type) == ["received", "note", "acknowledged", "message_sent"])
    }

    @Test func aColleaguesChangeSeenWhileTheLetterIsOpenIsToldThere() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let (driver, number) = try acknowledgementOffered(desk)
        try colleague(desk, records: .assigned(.init(to: "amelie")), on: number)
        driver.tick(now: testNow)
        #expect(driver.state.letter?.problem?.text == "Case \(number) changed while this form was open: amelie assigned it to amelie "
            + "(Tue 30 Mar 2027 14:05). s sends the letter on the case as it is now.")
        driver.press(.character("s"))
        #expect(driver.state.letter == nil)
        #expect(try desk.store.events(of: number).map(\.change.type) == ["received", "assigned", "acknowledged", "message_sent"])
    }

    @Test func anyLetterCanBeReadFromTheCaseScreen() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.mailingDriver()
        open("Groß", driver)
        driver.press(.character("l"))
        let letter = try #require(driver.state.letter)
        #expect(!letter.isOffer && letter.kind == .acknowledgement && letter.language == .german)
        Snapshot.check(driver.screen(), "letter-preview-de-80x24")
        #expect(text(driver).contains("Donnerstag, 25. März 2027"))
        driver.press(.tab)
        #expect(driver.state.letter?.kind == .extensionNotice)
        #expect(text(driver).contains("No letter: the extension notice letter needs the promised date"))
        driver.press(.character("s"))
        #expect(driver.state.letter?.problem?.text
            == "The extension notice letter goes out with its move: q, then e; it is offered when you save the form.")
        driver.press(.character("q"))
        #expect(driver.state.letter == nil && driver.state.caseView?.number == TestStore.Case.german)
        #expect(try desk.store.events(of: TestStore.Case.german).count == 2)
    }

    /// For post and fax: w on a letter saves it to a file to print; an existing file is never replaced.
    @Test func wSavesTheLetterToAFileForPostOrFax() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.mailingDriver()
        open("Groß", driver)
        driver.press(.character("l"), .character("w"))
        let dialog = try #require(driver.state[SaveLetterScreen.self])
        #expect(dialog.field.text == "case-\(TestStore.Case.german)-acknowledgement-de.txt", "named after the case, the letter and its language")
        Snapshot.check(driver.screen(), "save-letter-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "save-letter-132x40")
        let folder = URL(fileURLWithPath: desk.path).deletingLastPathComponent()
        let file = folder.appendingPathComponent("brief.txt").path
        driver.press(.ctrl("u"))
        driver.type(file)
        driver.press(.enter)
        #expect(driver.state[SaveLetterScreen.self] == nil && driver.state.letter != nil, "back on the letter")
        #expect(driver.state.message?.text == "Saved the letter to \(file); print it from there (for post or fax).")
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(saved.hasPrefix("To: Jürgen Groß"))
        #expect(saved.contains("Subject: "))
        #expect(saved.contains("Donnerstag, 25. März 2027"))
        driver.press(.character("w"), .ctrl("u"))
        driver.type(file)
        driver.press(.enter)
        #expect(driver.state.message?.text == "Not saved to \(file): that file exists already; choose another name. w tries again.")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == saved)
        driver.press(.character("w"), .escape)
        #expect(driver.state[SaveLetterScreen.self] == nil && driver.state.letter != nil, "Esc saves nothing")
    }

    /// Saving a letter to print it judges its move as sending would: an extension notice offered
    /// before the answer was due cannot be printed once the due moment has passed.
    @Test func savingALetterToPrintChecksWhatSendingChecks() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let number = try frenchComplaint(desk)
        let driver = try desk.mailingDriver()
        open("lefevre", driver)
        driver.press(.character("e"))
        driver.press(.ctrl("s"))
        let letter = try #require(driver.state.letter)
        #expect(letter.kind == .extensionNotice && letter.isOffer)
        // The answer was due Mon 12 Apr 2027; on Tuesday the notice can neither be sent nor printed.
        let tuesday = try moment("2027-04-13 10:00")
        driver.press(.character("w"), now: tuesday)
        #expect(driver.state[SaveLetterScreen.self] == nil, "no file is offered")
        #expect(driver.state.letter?.problem?.text.hasPrefix("Not saved: ") == true, "\(String(describing: driver.state.letter?.problem))")
        #expect(driver.state.letter?.problem?.text.contains("cannot rescue the clock") == true)
        // In time, it can.
        driver.press(.character("w"))
        #expect(driver.state[SaveLetterScreen.self] != nil)
        #expect(try desk.store.events(of: number).count == 1)
    }

    @Test func theResolvedNoticeOfALapsedCaseIsSentFromTheCaseScreen() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        try desk.history()
        let driver = try desk.mailingDriver(size: ScreenSnapshotTests.small)
        open("Moreau", driver)
        #expect(driver.state.caseView?.state?.isLapsed == true)
        let before = try desk.store.events(of: TestStore.Older.renewal).count
        driver.press(.character("l"))
        #expect(driver.state.letter?.kind == .resolved && driver.state.letter?.language == .french)
        Snapshot.check(driver.screen(), "letter-resolved-fr-80x24")
        driver.press(.character("s"))
        #expect(driver.state.letter == nil)
        #expect(driver.state.message?.text == "Case \(TestStore.Older.renewal): helene sent the notice that the matter is resolved (fr) "
            + "to elise.moreau@exemple.fr.")
        let events = try desk.store.events(of: TestStore.Older.renewal)
        #expect(events.count == before + 1 && events.last?.change.type == "message_sent", "the notice moves nothing")
        #expect(desk.outbox.waiting().count == 1)
    }
}
