import Foundation
import Testing
@testable import MailIntake

@Suite("MIME structure and body choice")
struct MIMETests {
    @Test func alternativePrefersPlainTextAndKeepsNeitherAsEvidence() throws {
        let message = try MailMessage(bytes: mail(
            "From: a@example.com", "Content-Type: multipart/alternative; boundary=alt", "",
            "preamble is ignored", "--alt", "Content-Type: text/plain", "", "plain version", "--alt",
            "Content-Type: text/html", "", "<p>html version</p>", "--alt--", "epilogue is ignored"))
        #expect(message.bodyText == "plain version")
        #expect(message.attachments.isEmpty)
        #expect(message.defects.isEmpty)
    }

    @Test func htmlAlternativeIsUsedWhenPlainIsEmpty() throws {
        let message = try MailMessage(bytes: mail(
            "From: a@example.com", "Content-Type: multipart/alternative; boundary=alt", "",
            "--alt", "Content-Type: text/plain", "", "  ", "--alt",
            "Content-Type: text/html", "", "<p>only <b>html</b></p>", "--alt--"))
        #expect(message.bodyText == "only html")
    }

    @Test func nestedMixedRelatedAlternative() throws {
        let message = try MailMessage(bytes: mail(
            "From: a@example.com", "Content-Type: multipart/mixed; boundary=\"outer\"", "",
            "--outer", "Content-Type: multipart/related; boundary=\"rel\"", "",
            "--rel", "Content-Type: multipart/alternative; boundary=\"alt\"", "",
            "--alt", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
            "Gr=C3=BC=C3=9Fe aus dem Text", "--alt", "Content-Type: text/html", "", "<p>Gr&uuml;&szlig;e</p>", "--alt--",
            "--rel", "Content-Type: image/png", "Content-ID: <logo>", "Content-Transfer-Encoding: base64", "", "iVBORw0KGgo=", "--rel--",
            "--outer", "Content-Type: application/pdf; name=\"contract.pdf\"", "Content-Transfer-Encoding: base64", "",
            "JVBERi0xLjQK", "--outer--"))
        #expect(message.bodyText == "Grüße aus dem Text")
        let evidence = message.attachments
        #expect(evidence.map(\.role) == [.inline, .attachment])
        #expect(evidence.map(\.contentType) == ["image/png", "application/pdf"])
        #expect(evidence[1].filename == "contract.pdf")
        #expect(evidence[1].bytes == Data("%PDF-1.4\n".utf8))
        #expect(evidence[1].size == 9)
        #expect(evidence[1].sha256 == SHA256.hex(of: Array("%PDF-1.4\n".utf8)))
    }

    @Test func inlineTextPartsOfMixedAreJoinedAndTextAttachmentsAreNot() throws {
        let message = try MailMessage(bytes: mail(
            "From: a@example.com", "Content-Type: multipart/mixed; boundary=b", "",
            "--b", "", "first part", "--b", "Content-Type: text/plain", "", "second part",
            "--b", "Content-Type: text/plain; name=notes.txt", "", "attached notes",
            "--b", "Content-Type: text/csv", "", "a,b", "--b--"))
        #expect(message.bodyText == "first part\n\nsecond part")
        #expect(message.attachments.map(\.filename) == ["notes.txt", nil])
        #expect(message.attachments.map(\.role) == [.attachment, .attachment])
    }

    @Test func forwardedMessageIsOneEvidencePart() throws {
        let message = try MailMessage(bytes: mail(
            "From: a@example.com", "Content-Type: multipart/mixed; boundary=b", "",
            "--b", "Content-Type: text/plain", "", "see the forwarded mail", "--b",
            "Content-Type: message/rfc822", "", "From: spammer@example.net", "Subject: buy", "", "spam body", "--b--"))
        #expect(message.bodyText == "see the forwarded mail")
        let forwarded = try #require(message.attachments.first)
        #expect(forwarded.role == .originalMessage)
        #expect(String(decoding: forwarded.bytes, as: UTF8.self) == "From: spammer@example.net\r\nSubject: buy\r\n\r\nspam body")
        #expect(message.root.children[1].children.first?.header["Subject"] == "buy")
    }

    @Test func flowedTextIsRejoined() throws {
        let message = try MailMessage(bytes: mail(
            "From: a@example.com", "Content-Type: text/plain; format=flowed; delsp=yes", "",
            "This is a long ", "paragraph.", " From stuffed", "-- ", "sig"))
        #expect(message.bodyText == "This is a longparagraph.\nFrom stuffed\n-- \nsig")
    }

    @Test func boundaryPrefixOfLongerLineIsNotADelimiter() throws {
        let message = try MailMessage(bytes: mail(
            "From: a@example.com", "Content-Type: multipart/mixed; boundary=abc", "",
            "--abc", "", "text --abcdef stays", "--abcdef", "--abc--"))
        #expect(message.bodyText == "text --abcdef stays\n--abcdef")
    }

    @Test func missingBoundaryParameterReadsAsText() throws {
        let message = try MailMessage(bytes: mail("From: a@example.com", "Content-Type: multipart/mixed", "", "just text"))
        #expect(message.bodyText == "just text")
        #expect(message.defects == [.missingBoundary(mimeType: "multipart/mixed")])
    }

    @Test func boundaryThatNeverAppearsReadsAsText() throws {
        let message = try MailMessage(bytes: mail("From: a@example.com", "Content-Type: multipart/mixed; boundary=zz", "", "no parts here"))
        #expect(message.bodyText == "no parts here")
        #expect(message.defects == [.noParts(boundary: "zz")])
    }

    @Test func deepNestingStops() throws {
        var lines = ["From: a@example.com"]
        for depth in 0..<40 { lines += ["Content-Type: multipart/mixed; boundary=b\(depth)", "", "--b\(depth)"] }
        lines += ["", "deep text"]
        let message = try MailMessage(bytes: Array(lines.joined(separator: "\n").utf8))
        #expect(message.defects.contains(.nestedTooDeep))
    }
}
