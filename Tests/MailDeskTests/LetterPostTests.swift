import CaseDesk
import CaseStore
import Foundation
import Letters
import MailIntake
import Testing
@testable import MailDesk

/// Letters out: composed as RFC 5322, staged in the outbox, recorded with their event, all or nothing.
@Suite("Sending letters through the outbox")
struct LetterPostTests {
    static let settings = MailSettings(from: MailAddress(displayName: "Registrar Support", address: "complaints@registrar.example"))

    /// Élodie's case: first contact Mon 22 Mar, answered Tue 23 Mar, her "Plainte" reply Thu 25 Mar.
    func formalComplaint(_ desk: TestDesk) throws -> CaseState {
        let first = try #require(try desk.file("first-contact.eml", at: "2027-03-22T09:30:00+01:00").state)
        try desk.recordSentLetter(on: first.number, messageID: "casedesk.1.answer@registrar.example",
                                  change: .responded(.init(summary: "Explained the lock", at: at("2027-03-23T10:00:00+01:00"))),
                                  at: "2027-03-23T10:00:00+01:00", by: TestDesk.supervisor)
        return try #require(try desk.file("reply-plainte.eml", at: "2027-03-25T10:30:00+01:00").state)
    }

    func post(_ desk: TestDesk, settings: MailSettings = LetterPostTests.settings) -> LetterPost {
        LetterPost(store: desk.store, outbox: Outbox(path: desk.path("outbox")), settings: settings, calendar: saarland)
    }

    func acknowledgement(_ state: CaseState, language: LetterLanguage = .french, at moment: String) throws -> (LetterRequest, Letter) {
        let request = LetterRequest(kind: .acknowledgement, language: language, sentAt: at(moment))
        return (request, try Letters.render(request, state: state, procedure: Procedure()))
    }

    @Test("the acknowledgement goes out as a parseable RFC 5322 message in the outbox, recorded with its event")
    func sendAcknowledgement() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let state = try formalComplaint(desk)
        let (request, letter) = try acknowledgement(state, at: "2027-03-30T09:00:00+02:00")
        let change = try LetterPost.change(for: request, at: at("2027-03-30T09:00:00+02:00"))
        let sent = try post(desk).send(letter, on: state, change: change, by: TestDesk.head, at: at("2027-03-30T09:00:00.750+02:00"))

        #expect(sent.path.hasPrefix(desk.path("outbox/new/")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: desk.path("outbox/tmp")).isEmpty)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: sent.path))
        #expect(SHA256.hex(of: bytes) == sent.sha256)
        let message = try MailMessage(bytes: [UInt8](bytes))
        #expect(message.subject == "[casedesk #1] Votre plainte\u{A0}: accusé de réception")
        #expect(message.from.map(\.description) == ["Registrar Support <complaints@registrar.example>"])
        #expect(message.to.map(\.description) == ["Élodie Martin <elodie@exemple.fr>"])
        #expect(message.messageID == sent.message.messageID)
        #expect(message.inReplyTo == ["plainte-2@exemple.fr"], "answers the customer's last message")
        #expect(message.references == ["transfert-1@exemple.fr", "casedesk.1.answer@registrar.example", "plainte-2@exemple.fr"])
        #expect(message.header["Date"] == "Tue, 30 Mar 2027 09:00:00 +0200")
        #expect(message.header["Content-Transfer-Encoding"] == "quoted-printable")
        #expect(message.bodyText == letter.body.trimmingCharacters(in: .newlines))
        #expect(message.bodyText.contains("au plus tard le lundi 12 avril 2027"))
        #expect(CaseTag().caseNumber(in: message.subject ?? "") == 1)

        let after = sent.state
        #expect(after.head?.acknowledged?.at == at("2027-03-30T09:00:00+02:00"), "recorded at the moment the letter went out")
        let events = try desk.store.events(of: 1)
        #expect(events.suffix(2).map(\.change.type) == ["acknowledged", "message_sent"])
        guard case let .messageSent(filed) = events.last?.change else { Issue.record("no message_sent"); return }
        #expect(filed.letter == "acknowledgement")
        #expect(filed.language == "fr")
        #expect(filed.to == "elodie@exemple.fr")
        let stored = try desk.store.storedMessage("<\(sent.message.messageID)>")
        #expect(stored.direction == .outgoing)
        #expect(stored.raw == bytes)
        #expect(try desk.store.verify().isClean)
    }

    @Test("a refused send writes nothing: no letter in the outbox, no event, nothing in the archive")
    func refusedSendWritesNothing() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let state = try formalComplaint(desk)
        let (request, letter) = try acknowledgement(state, at: "2027-03-30T09:00:00+02:00")
        let sender = post(desk)
        let first = try sender.send(letter, on: state, change: try LetterPost.change(for: request, at: at("2027-03-30T09:00:00+02:00")),
                                    by: TestDesk.head, at: at("2027-03-30T09:00:00+02:00"))
        let archived = try desk.archiveCount()
        // Acknowledged already: the store refuses a second acknowledgement.
        #expect(throws: LetterPostError.self) {
            try sender.send(letter, on: first.state, change: .acknowledged(.init(at: at("2027-03-30T10:00:00+02:00"))),
                            by: TestDesk.head, at: at("2027-03-30T10:00:00+02:00"))
        }
        // A supervisor may not acknowledge at stage 2.
        do {
            _ = try sender.send(letter, on: first.state, change: .acknowledged(.init(at: at("2027-03-30T10:00:00+02:00"))),
                                by: TestDesk.supervisor, at: at("2027-03-30T10:00:00+02:00"))
            Issue.record("a supervisor's acknowledgement was sent")
        } catch {
            #expect(error.description.contains("sam (supervisor) may not acknowledge case 1"), "\(error)")
            #expect(error.description.hasSuffix("the letter was not sent"))
        }
        // A stale read is a conflict.
        #expect(throws: LetterPostError.self) {
            try sender.send(letter, on: state, change: nil, by: TestDesk.head, at: at("2027-03-30T10:00:00+02:00"))
        }
        #expect(Outbox(path: desk.path("outbox")).waiting() == [first.path])
        #expect(try FileManager.default.contentsOfDirectory(atPath: desk.path("outbox/tmp")).isEmpty)
        #expect(try desk.store.caseState(1).version == first.state.version)
        #expect(try desk.archiveCount() == archived)
    }

    @Test("the customer's reply to a sent letter finds its case through the letter's Message-ID")
    func replyToSentLetter() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let state = try formalComplaint(desk)
        let request = LetterRequest(kind: .response, language: .french, sentAt: at("2027-04-14T10:00:00+02:00"),
                                    answer: "Le verrou de transfert a été levé.")
        let letter = try Letters.render(request, state: state, procedure: Procedure())
        let sent = try post(desk).send(letter, on: state, change: try LetterPost.change(for: request, at: at("2027-04-14T10:00:00+02:00")),
                                       by: TestDesk.head, at: at("2027-04-14T10:00:00+02:00"))
        #expect(sent.state.head?.lastAnswer?.summary == "Le verrou de transfert a été levé.")
        #expect(letter.body.contains("jeudi 13 mai 2027"), "the window's end: 20 business days, Ascension skipped")
        let reply = Array("""
            From: Elodie Martin <elodie@exemple.fr>
            To: complaints@registrar.example
            Subject: Re: Notre =?UTF-8?Q?r=C3=A9ponse?= - Plainte
            Date: Mon, 3 May 2027 09:00:00 +0200
            Message-ID: <plainte-3@exemple.fr>
            In-Reply-To: <\(sent.message.messageID.replacingOccurrences(of: "@registrar.example", with: "@Registrar.EXAMPLE"))>

            Je ne suis toujours pas satisfaite de votre réponse. Je demande un geste commercial.
            """.utf8)
        let result = desk.importer().file(RawMessage(bytes: reply, origin: MessageOrigin(path: "reply.eml")), at: at("2027-05-03T09:30:00+02:00"))
        guard case let .attached(after, reason, filed) = result.outcome else { Issue.record("\(result)"); return }
        #expect(reason == .answers(messageID: sent.message.messageID), "mail systems may change the case of the domain")
        #expect(after.stage == .escalation)
        guard case let .escalationReceived(escalation) = filed else { Issue.record("filed \(String(describing: filed))"); return }
        #expect(!escalation.late)
        #expect(escalation.items.contains(.marker) && escalation.items.contains(.measures))
    }

    @Test("no From configured, or a contact that is no e-mail address: refused before anything is written")
    func addresses() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let state = try formalComplaint(desk)
        let (_, letter) = try acknowledgement(state, at: "2027-03-30T09:00:00+02:00")
        #expect(throws: LetterPostError.noSender) {
            try post(desk, settings: MailSettings()).send(letter, on: state, change: nil, by: TestDesk.head, at: at("2027-03-30T09:00:00+02:00"))
        }
        let phoned = try desk.store.open(Intake(kind: .complaint, channel: .phone, received: at("2027-03-22T09:00:00+01:00"),
                                                customer: "Jo", contact: "+49 6894 9396 850", subject: "Call", description: ""),
                                         by: TestDesk.supervisor, at: at("2027-03-22T09:00:00+01:00"))
        #expect(throws: LetterPostError.noMailAddress(phoned.number, contact: "+49 6894 9396 850")) {
            try post(desk).send(letter, on: phoned, change: nil, by: TestDesk.head, at: at("2027-03-30T09:00:00+02:00"))
        }
        #expect(!FileManager.default.fileExists(atPath: desk.path("outbox/new")) || Outbox(path: desk.path("outbox")).waiting().isEmpty)
    }
    /// The formal complaint of Thu 25 Mar 2027 is due Mon 12 Apr (Easter skipped).
    @Test("a printed letter is judged as sending would judge it: an extension date must be a later business day")
    func printingChecksWhatSendingChecks() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let state = try formalComplaint(desk)
        func check(_ promised: String) -> TransitionError? {
            let request = LetterRequest(kind: .extensionNotice, language: .english, sentAt: at("2027-04-01T10:00:00+02:00"),
                                        promised: LocalDate(promised))
            do throws(TransitionError) {
                try LetterPost.checkPrinting(request, state: state, procedure: Procedure())
                return nil
            } catch {
                return error
            }
        }
        #expect(check("2027-04-10")?.description.contains("is not after the current due date") == true)
        #expect(check("2027-04-17")?.description.contains("is not a business day") == true)
        #expect(check("2027-04-16") == nil)
        // A reprint of what is on record passes: the acknowledgement of an answered complaint.
        let reprint = LetterRequest(kind: .acknowledgement, language: .french, sentAt: at("2027-04-01T10:00:00+02:00"))
        #expect(throws: Never.self) { try LetterPost.checkPrinting(reprint, state: state, procedure: Procedure()) }
    }
}
