import CaseDeskConfig
import CaseDesk
import Foundation
import Letters
import MailIntake
import Testing
@testable import MailDesk

@Suite("Letters as RFC 5322 messages, and the [mail] settings")
struct LetterMessageTests {
    static let awkwardBody = """
        From the start: a line that a mailbox would otherwise escape.
        Trailing spaces stay.\u{20}\u{20}
        Tab\tand equals = sign, 100% sure; ünïcödé, 漢字 and 😀 in a line long enough to need more than one soft line break, surely by now.
        \(String(repeating: "x", count: 76))
        \(String(repeating: "é", count: 40))

        Last line.

        """

    func message(subject: String, body: String = LetterMessageTests.awkwardBody, name: String? = "Élodie « Martin »") -> LetterMessage {
        let letter = Letter(kind: .response, language: .french, subject: subject, body: body, template: "test")
        return LetterMessage(letter: letter, caseNumber: 1234, from: MailAddress(displayName: "Support, Registrar", address: "complaints@registrar.example"),
                             to: MailAddress(displayName: name, address: "elodie@exemple.fr"), date: at("2027-03-31T16:05:09+02:00"),
                             calendar: saarland, inReplyTo: "a@b.example", references: ["x@y.example", "a@b.example"], uniqueness: "u1")
    }

    @Test("the body survives quoted-printable exactly; every line is short printable ASCII with CRLF")
    func bodyRoundTrip() throws {
        let composed = message(subject: "Réponse")
        let parsed = try MailMessage(bytes: [UInt8](composed.bytes))
        #expect(parsed.bodyText == Self.awkwardBody.trimmingCharacters(in: .newlines))
        let text = String(decoding: composed.bytes, as: UTF8.self)
        #expect(composed.bytes.allSatisfy { $0 < 128 })
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.last == "")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        for line in lines {
            #expect(line.count <= 78, "\(line)")
            #expect(!line.hasPrefix("From "), "\(line)")
        }
    }

    @Test("a long non-ASCII subject and a display name with specials fold and decode back; the tag stays plain")
    func headers() throws {
        let subject = "Votre réclamation : " + String(repeating: "très longue, ", count: 12) + "fin — ça va ?"
        let composed = message(subject: subject)
        let parsed = try MailMessage(bytes: [UInt8](composed.bytes))
        #expect(parsed.subject == "[casedesk #1234] " + subject)
        #expect(parsed.to.first?.displayName == "Élodie « Martin »")
        #expect(parsed.from.first?.displayName == "Support, Registrar")
        #expect(parsed.messageID == "casedesk.1234.1806501909000.u1@registrar.example")
        #expect(parsed.header["Date"] == "Wed, 31 Mar 2027 16:05:09 +0200")
        #expect(parsed.inReplyTo == ["a@b.example"])
        #expect(parsed.references == ["x@y.example", "a@b.example"])
        #expect(String(decoding: composed.bytes, as: UTF8.self).contains("Subject: [casedesk #1234]\r\n =?UTF-8?Q?Votre_r=C3=A9clamation"))
    }

    @Test("[mail] settings: every key read, the rest of the file left to others, mistakes named with their line")
    func settings() throws {
        let text = """
            theme = "light"

            [mail]
            from = "Registrar Support <complaints@registrar.example>"
            abuse_from = "abuse@registrar.example"
            outbox = "/var/spool/casedesk/outbox"
            language = "fr"
            desk_name = "Service clients"
            complaints = ["complaints", "plainte@registrar.example"]
            """
        let settings = try MailSettings.parse(ConfigDocument(text: text, file: "config.toml"))
        #expect(settings.from?.address == "complaints@registrar.example")
        #expect(settings.sender(abuse: true)?.address == "abuse@registrar.example")
        #expect(settings.sender(abuse: false)?.displayName == "Registrar Support")
        #expect(settings.outboxPath(storePath: "/srv/desk/cases.sqlite") == "/var/spool/casedesk/outbox")
        #expect(MailSettings().outboxPath(storePath: "/srv/desk/cases.sqlite") == "/srv/desk/outbox")
        #expect(settings.language == .french)
        #expect(settings.deskName == "Service clients")
        #expect(settings.addresses.complaints == ["complaints", "plainte@registrar.example"])
        #expect(settings.addresses.abuse == ["abuse"])

        #expect(throws: ConfigError.self) { try MailSettings.parse(ConfigDocument(text: "[mail]\nfrom = \"nobody\"\n", file: "c.toml")) }
        do {
            _ = try MailSettings.parse(ConfigDocument(text: "[mail]\nfrom = \"a@b.example\"\noutbx = \"/tmp\"\n", file: "c.toml"))
            Issue.record("a misspelt key was accepted")
        } catch {
            #expect(error.description.hasPrefix("c.toml:3: key mail.outbx: unknown key"), "\(error)")
        }
        #expect(try MailSettings.parse(ConfigDocument(text: "theme = \"mono\"\n", file: "c.toml")) == MailSettings())
    }
}
