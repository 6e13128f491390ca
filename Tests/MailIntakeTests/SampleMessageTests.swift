import CaseDesk
import Foundation
import Testing
@testable import MailIntake

@Suite("Drafts from sample messages")
struct SampleMessageTests {
    @Test func frenchComplaintInLatin1QuotedPrintable() throws {
        let draft = try Samples.draft("french-plainte-latin1-qp.eml")
        #expect(draft.kind == .complaint)
        #expect(draft.kindReason == "sent to complaints@registrar.example (To)")
        #expect(draft.recipient?.address == "complaints@registrar.example")
        #expect(draft.channel == .email)
        #expect(draft.subject == "Plainte : prélèvement en double")
        #expect(draft.customer == "Joséphine Dupré")
        #expect(draft.contact?.address == "josephine.dupre@exemple.fr")
        #expect(draft.receivedAt == Date(timeIntervalSince1970: 1_805_807_007))
        #expect(draft.description.contains("renouvellement a été facturé deux fois. Mon numéro de client est le 884412."))
        #expect(draft.description.hasSuffix("Joséphine Dupré"))
        #expect(draft.hasComplaintMarker)
        #expect(draft.checklist.accountReference == "884412")
        #expect(draft.checklist.items == ChecklistItem.allCases)
        #expect(draft.indicators.domains.map(\.ascii) == ["boulangerie-exemple.fr"])
        #expect(draft.category == nil)
        #expect(draft.caseNumber == nil)
        #expect(draft.dedupeKey.messageID == "20270323140327.GA1234@exemple.fr")
        #expect(draft.notes.isEmpty)
    }

    @Test func germanEscalationInUTF8Base64() throws {
        let draft = try Samples.draft("german-beschwerde-utf8-base64.eml")
        #expect(draft.subject == "Beschwerde: Domain müller.de gesperrt [casedesk #42]")
        #expect(draft.caseNumber == 42)
        #expect(draft.hasComplaintMarker)
        #expect(draft.customer == "Jürgen Müller")
        #expect(draft.replyTo.map(\.address) == ["office@mueller-handwerk.example"])
        #expect(draft.inReplyTo == ["case-42-answer-1@casedesk.registrar.example"])
        #expect(draft.references == ["case-42-ack@casedesk.registrar.example", "case-42-answer-1@casedesk.registrar.example"])
        #expect(draft.checklist.accountReference == "K-204518")
        #expect(draft.checklist.missing.isEmpty)
        let domain = try #require(draft.indicators.domains.first)
        #expect(domain.unicode == "müller.de")
        #expect(domain.ascii == "xn--mller-kva.de")
        #expect(draft.description.contains("Ich fordere die sofortige Freigabe"))
    }

    @Test func htmlOnlyMessage() throws {
        let draft = try Samples.draft("html-only.eml")
        #expect(draft.kind == .abuse)
        #expect(draft.category == .phishing)
        #expect(draft.description == """
            Phishing report

            Dear team, the site click here (http://login-paypa1.example/verify) imitates a bank. \
            Café owner, Straße 5, wrote «urgent» €’s.

            • first hit
            • second hit

            1. step one
            2. step two

            Contact: reporter@example.org
            Thanks
            """)
        #expect(draft.indicators.urls == ["http://login-paypa1.example/verify"])
        #expect(draft.indicators.domains.map(\.ascii) == ["login-paypa1.example"])
        #expect(draft.customer == "reporter@example.org")
        #expect(draft.attachments.isEmpty)
    }

    @Test func truncatedMultipartKeepsWhatArrived() throws {
        let draft = try Samples.draft("truncated-multipart.eml")
        #expect(draft.description == "Please see the attached invoice.pdf, I was charged twice.")
        #expect(draft.indicators.domains.isEmpty)
        let pdf = try #require(draft.attachments.first)
        #expect(pdf.filename == "invoice.pdf")
        #expect(pdf.bytes.starts(with: Data("%PDF-1.4\n".utf8)))
        #expect(pdf.size > 100 && pdf.size < 300)
        #expect(draft.notes.contains { $0.contains("no closing boundary \"--==cut==--\"") })
    }

    @Test func terminalEscapesAreStoredAsReceived() throws {
        let draft = try Samples.draft("terminal-escapes.eml")
        #expect(draft.subject == "hello \u{1B}[31mred\u{1B}[0m")
        #expect(draft.description == "Normal line\n\u{1B}[2J\u{1B}]0;pwned\u{07}Cleared your screen\n\u{1B}[1;1H\u{9B}31m")
        #expect(draft.rawMessage.bytes == Data(try Samples.bytes("terminal-escapes.eml")))
    }

    @Test func windows1252CurlyQuotesAndEuro() throws {
        let draft = try Samples.draft("windows-1252.eml")
        #expect(draft.description == "You charged me \u{201C}fees\u{201D} of 12€ – that’s wrong.")
    }

    @Test func latin9EuroAndLigature() throws {
        let draft = try Samples.draft("iso-8859-15.eml")
        #expect(draft.subject == "Coût €")
        #expect(draft.description == "Le cœur du problème : 30 € pour rien. Œuvre, Š, ž, Ÿ.")
    }

    @Test func rawMessageAndDedupeKey() throws {
        let bytes = try Samples.bytes("arf-feedback-report.eml")
        let draft = try Samples.draft("arf-feedback-report.eml")
        #expect(draft.rawMessage.role == .rawMessage)
        #expect(draft.rawMessage.bytes == Data(bytes))
        #expect(draft.rawMessage.size == bytes.count)
        #expect(draft.dedupeKey.sha256 == SHA256.hex(of: bytes))
        #expect(draft.dedupeKey.sha256 == draft.rawMessage.sha256)
        #expect(draft.dedupeKey.messageID == "arf-20270322-0001@fbl.mailbox-provider.example")
        #expect(draft.origin.description == "arf-feedback-report.eml")
    }

    @Test func draftsRoundTripThroughJSON() throws {
        let draft = try Samples.draft("german-beschwerde-utf8-base64.eml")
        let decoded = try JSONDecoder().decode(IntakeDraft.self, from: JSONEncoder().encode(draft))
        #expect(decoded == draft)
    }
}

@Suite("Routing by recipient")
struct RoutingTests {
    private func draft(_ headers: String..., configuration: IntakeConfiguration = .standard) throws -> IntakeDraft {
        let bytes = Array((headers + ["From: someone@example.com", "", "text"]).joined(separator: "\n").utf8)
        return try IntakeParser(configuration: configuration).draft(from: RawMessage(bytes: bytes, origin: .standardInput))
    }

    @Test func deliveryHeadersWinOverTo() throws {
        let found = try draft("Delivered-To: feedback@registrar.example", "To: complaints@registrar.example")
        #expect(found.kind == .feedback)
        #expect(found.kindReason == "sent to feedback@registrar.example (Delivered-To)")
        #expect(try draft("X-Original-To: Abuse+urgent@Registrar.example", "To: x@example.com").kind == .abuse)
        #expect(try draft("To: someone@example.net", "Cc: abuse@registrar.example").kind == .abuse)
    }

    @Test func unknownRecipientIsAComplaintWithAReason() throws {
        let found = try draft("To: sales@registrar.example")
        #expect(found.kind == .complaint)
        #expect(found.kindReason == "no recipient is a complaints, abuse or feedback address; taken as a complaint")
        #expect(try draft().kindReason == "the message names no recipient; taken as a complaint")
    }

    @Test func configuredFullAddresses() throws {
        let addresses = MailAddresses(complaints: ["beschwerden@registrar.example"], abuse: ["abuse", "phish@registrar.example"], feedback: [])
        let configuration = IntakeConfiguration(addresses: addresses)
        #expect(try draft("To: beschwerden@REGISTRAR.example", configuration: configuration).kind == .complaint)
        #expect(try draft("To: phish@registrar.example", configuration: configuration).kind == .abuse)
        #expect(try draft("To: feedback@registrar.example", configuration: configuration).kindReason.hasPrefix("no recipient"))
        #expect(try draft("To: beschwerden@other.example", configuration: configuration).kindReason.hasPrefix("no recipient"))
    }

    @Test func abuseMailGetsACategoryGuessOthersNone() throws {
        let abuse = try IntakeParser().draft(from: RawMessage(bytes: mail(
            "From: x@example.com", "To: abuse@registrar.example", "Subject: botnet C2", "", "A botnet controller runs on your customer's host."),
            origin: .standardInput))
        #expect(abuse.category == .botnet)
        let feedback = try draft("To: feedback@registrar.example")
        #expect(feedback.category == nil)
        #expect(feedback.origin.description == "standard input")
    }
}
