import CaseDesk
import CaseStore
import Foundation
import MailDesk
import MailIntake
import Testing

/// Import stays linear in what a message holds: a thread of 200,000 References and a 50 MB body
/// are filed whole in the archive, and what is read from them is bounded. No timing is asserted
/// (tests must not depend on the machine's speed); the figures are measured by hand.
@Suite("Import of very large messages", .serialized)
struct ImportBoundsTests {
    @Test("a message with 200,000 References is filed; each one is looked for once")
    func manyReferences() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        var text = "From: Ana <ana@example.org>\nTo: complaints@registrar.example\nSubject: a long thread\n"
            + "Date: Mon, 4 Jan 2027 10:00:00 +0000\nMessage-ID: <long@example.org>\nReferences:"
        for index in 0..<200_000 { text += " <r\(index)@example.org>" }
        text += "\n\nMy transfer is still blocked.\n"
        let raw = RawMessage(bytes: Array(text.utf8), origin: MessageOrigin(path: "refs.eml"))
        let draft = try IntakeParser().draft(from: raw)
        #expect(draft.references.count == 200_000)
        #expect(draft.incomingMessage(at: at("2027-01-04T12:00:00+01:00")).answers.count == 200_000)
        let result = desk.importer().file(raw, at: at("2027-01-04T12:00:00+01:00"))
        #expect(result.state?.number == 1, "\(result.outcome)")
        #expect(try desk.store.storedMessage("long@example.org").raw.count == text.utf8.count)
    }

    @Test("a 50 MB body is archived whole; its first MiB is read as text, with a note")
    func fiftyMegabyteBody() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        var bytes = Array(("From: Bo <bo@example.org>\nTo: complaints@registrar.example\nSubject: a big one\n"
            + "Date: Mon, 4 Jan 2027 10:00:00 +0000\nMessage-ID: <big@example.org>\n\n").utf8)
        let line = Array("My domain transfer is blocked and nobody answers my mails, please look at it.\n".utf8)
        bytes.reserveCapacity(50 << 20 + line.count)
        while bytes.count < 50 << 20 { bytes += line }
        let result = desk.importer().file(RawMessage(bytes: bytes, origin: MessageOrigin(path: "big.eml")), at: at("2027-01-04T12:00:00+01:00"))
        let state = try #require(result.state, "\(result.outcome)")
        #expect(result.notes.contains { $0.contains("the first MiB is read") }, "\(result.notes)")
        #expect(state.intake.description.utf8.count <= MIMEPart.textLimit)
        #expect(state.intake.description.hasPrefix("My domain transfer is blocked"))
        #expect(try desk.store.storedMessage("big@example.org").raw == Data(bytes))
    }
}
