import Foundation
import Testing
@testable import MailIntake

@Suite("Header fields")
struct HeaderTests {
    @Test func foldedFieldsAreUnfoldedAndRawBytesKept() throws {
        let bytes = mail("Subject: a long", "\tsubject line", "X-Empty:", "From: a@example.com", "", "body")
        let message = try MailMessage(bytes: bytes)
        let subject = try #require(message.header.first("subject"))
        #expect(subject.value == "a long\tsubject line")
        #expect(subject.raw == Array("Subject: a long\r\n\tsubject line".utf8))
        #expect(message.header["X-Empty"] == "")
        #expect(message.bodyText == "body")
    }

    @Test func eightBitHeadersAreReadAsUTF8OrWindows1252() throws {
        let bytes = Array("From: a@example.com\nSubject: Gr\u{FC}\u{DF}e\n\nx".utf8)
        #expect(try MailMessage(bytes: bytes).subject == "Grüße")
        let latin: [UInt8] = Array("From: a@example.com\nSubject: caf".utf8) + [0xE9] + Array("\n\nx".utf8)
        #expect(try MailMessage(bytes: latin).subject == "café")
    }

    @Test func obsoleteSpaceBeforeColonAndMboxEnvelope() throws {
        let bytes = Array("From sender@example.com Mon Mar 22 09:00:00 2027\nSubject : old style\nFrom: a@example.com\n\nbody".utf8)
        let message = try MailMessage(bytes: bytes)
        #expect(message.subject == "old style")
        #expect(message.envelope == "From sender@example.com Mon Mar 22 09:00:00 2027")
    }

    @Test func leadingBlankLinesOfASavedFileArePassedOver() throws {
        let message = try MailMessage(bytes: Array("\n  \r\nFrom: a@example.com\nSubject: saved\n\nbody".utf8))
        #expect(message.subject == "saved")
        // In a MIME part an empty first line means "no header": the text is body.
        let part = MIMEPart.parse(Array("\nSubject: not a header\n".utf8)[...], defaultType: .plainText, depth: 1)
        #expect(part.header.fields.isEmpty)
        #expect(part.text == "Subject: not a header\n")
    }

    @Test func aHeaderWithoutBlankLineStillParses() throws {
        let message = try MailMessage(bytes: Array("From: a@example.com\nSubject: x\nthis line is body text\nmore".utf8))
        #expect(message.bodyText == "this line is body text\nmore")
        #expect(message.defects.contains(.headerWithoutBlankLine))
    }

    @Test func messageIDsAreNormalised() throws {
        let message = try MailMessage(bytes: mail(
            "From: a@example.com", "Message-ID:  <ABC.123@Mail.Example.COM> ",
            "In-Reply-To: <x@Y.example> (comment)", "References: <r1@a.example>", " <r2@b.example>\t<r1@A.example>", "", "b"))
        #expect(message.messageID == "ABC.123@mail.example.com")
        #expect(message.inReplyTo == ["x@y.example"])
        #expect(message.references == ["r1@a.example", "r2@b.example"])
        #expect(MessageID.list("bare.id@Example.net") == ["bare.id@example.net"])
    }
}

@Suite("Addresses")
struct AddressTests {
    @Test func commonShapes() {
        let list = MailAddress.list(from: #"Jean Dupont <jean@Example.FR>, "Doe, Jane" <jane@example.com>, bare@example.org, carl@example.net (Carl C.)"#)
        #expect(list == [
            MailAddress(displayName: "Jean Dupont", address: "jean@example.fr"),
            MailAddress(displayName: "Doe, Jane", address: "jane@example.com"),
            MailAddress(displayName: nil, address: "bare@example.org"),
            MailAddress(displayName: "Carl C.", address: "carl@example.net"),
        ])
    }

    @Test func encodedDisplayNames() {
        let list = MailAddress.list(from: "=?ISO-8859-1?Q?Jos=E9phine_Dupr=E9?= <j@example.fr>, \"=?UTF-8?Q?M=C3=BCller?=\" <m@example.de>")
        #expect(list.map(\.displayName) == ["Joséphine Dupré", "Müller"])
    }

    @Test func groupsAndUndisclosedRecipients() {
        #expect(MailAddress.list(from: "undisclosed-recipients:;").isEmpty)
        #expect(MailAddress.list(from: "Team: a@example.com, b@example.com;, c@example.com").map(\.address)
                == ["a@example.com", "b@example.com", "c@example.com"])
    }

    @Test func unquotedCommaInName() {
        #expect(MailAddress.list(from: "Doe, John <john@example.com>") == [MailAddress(displayName: "Doe, John", address: "john@example.com")])
    }

    @Test func oddButSeenForms() {
        #expect(MailAddress.list(from: "<@relay.example:user@example.com>").first?.address == "user@example.com")
        #expect(MailAddress.list(from: "abuse").first?.address == "abuse")
        #expect(MailAddress.list(from: "<Undisclosed Recipients>").first?.address == "UndisclosedRecipients")
        #expect(MailAddress.list(from: "").isEmpty)
        #expect(MailAddress.list(from: "\"unterminated <x@example.com>").count <= 1)
    }

    @Test("a quoted local part is kept exactly, bare or in angle brackets, never shortened to @domain")
    func quotedLocalParts() {
        #expect(MailAddress.list(from: #""john.doe"@example.com"#).map(\.address) == [#""john.doe"@example.com"#])
        #expect(MailAddress.list(from: #""a b"@Example.COM"#).map(\.address) == [#""a b"@example.com"#])
        #expect(MailAddress.list(from: #"Ann <"a b"@example.com>, "x>y"@example.org"#).map(\.address)
            == [#""a b"@example.com"#, #""x>y"@example.org"#])
        #expect(MailAddress.list(from: #"first."middle name"@example.com (F)"#).first
            == MailAddress(displayName: "F", address: #"first."middle name"@example.com"#))
        #expect(MailAddress.list(from: #""a \"q\" b"@example.com"#).first?.address == #""a \"q\" b"@example.com"#)
        #expect(MailAddress.list(from: #""Doe, Jane" jane@example.com"#).first?.address == "jane@example.com")
        #expect(MailAddress.list(from: "bea smith@example.com").first?.address == "bea smith@example.com", "not beasmith@")
    }

    @Test("an address a header cannot carry says why")
    func unwritable() {
        for written in [#""a b"@example.com"#, #""john.doe"@example.com"#, "o'hara+x@example.com", "a@[192.0.2.1]"] {
            #expect(MailAddress(displayName: nil, address: written).unwritableReason == nil, "\(written)")
        }
        let refused = ["@example.com": "nothing before", "a b@example.com": "needs quotes", "a..b@example.com": "needs quotes",
                       "ab@": "no domain", "ab": "no @", "\"ab@example.com": "not closed", "a\u{1B}b@example.com": "control"]
        for (written, reason) in refused {
            #expect(MailAddress(displayName: nil, address: written).unwritableReason?.contains(reason) == true, "\(written)")
        }
    }

    @Test func parts() {
        let address = MailAddress(displayName: " ", address: "Some.One+tag@Example.COM")
        #expect(address.displayName == nil)
        #expect(address.localPart == "Some.One+tag")
        #expect(address.domain == "example.com")
        #expect(address.personName == "Some.One+tag@example.com")
    }
}

@Suite("Dates")
struct DateTests {
    private func utc(_ text: String) -> String? {
        MailDate.parse(text).map { ISO8601DateFormatter().string(from: $0) }
    }

    @Test("RFC 5322 and obsolete forms", arguments: [
        ("Thu, 8 Mar 2005 17:40:36 -0500", "2005-03-08T22:40:36Z"),
        ("Thu, 08 Mar 2005 17:40:36 +0100 (CET)", "2005-03-08T16:40:36Z"),
        ("8 Mar 2005 17:40 GMT", "2005-03-08T17:40:00Z"),
        ("Thu, 8 Mar 05 17:40:36 EDT", "2005-03-08T21:40:36Z"),
        ("Thu, 8 Mar 99 17:40:36 +0000", "1999-03-08T17:40:36Z"),
        ("Thu, 8 Mar 105 17:40:36 +0000", "2005-03-08T17:40:36Z"),
        ("Thu,  8 Mar 2005 17:40:36 Z", "2005-03-08T17:40:36Z"),
        ("Thu, 8 March 2005 17:40:36 CEST", "2005-03-08T15:40:36Z"),
        ("Thu Mar  8 17:40:36 2005", "2005-03-08T17:40:36Z"),
        ("2027-03-22T09:15:00Z", "2027-03-22T09:15:00Z"),
        ("2027-03-22T10:15:00.250+01:00", "2027-03-22T09:15:00Z"),
        ("Mon, 22 Mar 2027 09:01:44 +0000", "2027-03-22T09:01:44Z"),
    ])
    func parses(text: String, expected: String) {
        #expect(utc(text) == expected)
    }

    @Test("unreadable dates give nil", arguments: [
        "", "yesterday", "Thu, 31 Feb 2005 10:00:00 +0000", "Thu, 8 Mar 2005 25:00:00 +0000",
        "Thu, 8 Foo 2005 10:00:00 +0000", "8 Mar 2005", "Thu, 8 Mar 2005 10:00:00 +9999", "1 2 3 4 5",
        "32 Dec 2026", "Thu, 32 Dec 2026 10:00:00 +0000", "2026-12-32T10:00:00Z", "0 Dec 2026 10:00:00 +0000",
    ])
    func rejects(text: String) {
        #expect(MailDate.parse(text) == nil)
    }
}

@Suite("MIME parameters")
struct MIMEParameterTests {
    @Test func quotedAndPlainValues() throws {
        let type = try #require(ContentType(parsing: #"Text/Plain; Charset="UTF-8"; format=flowed; name="a; b.txt""#))
        #expect(type.mimeType == "text/plain")
        #expect(type.charset == "UTF-8")
        #expect(type.parameters["format"] == "flowed")
        #expect(type.parameters["name"] == "a; b.txt")
    }

    @Test func rfc2231ExtendedAndContinued() {
        let disposition = ContentDisposition(parsing: "attachment; filename*=UTF-8''r%C3%A9clamation%20mars.pdf")
        #expect(disposition.isAttachment)
        #expect(disposition.filename == "réclamation mars.pdf")
        let continued = ContentDisposition(parsing: "attachment; filename*0*=iso-8859-1'fr'Plainte%20;\r\n filename*1=\"_du_mois\"; filename*2*=%E9t%E9.txt")
        #expect(continued.filename == "Plainte _du_moisété.txt")
    }

    @Test func encodedWordInQuotedFilename() {
        #expect(ContentDisposition(parsing: "attachment; filename=\"=?UTF-8?B?QmVzY2h3ZXJkZS5wZGY=?=\"").filename == "Beschwerde.pdf")
    }

    @Test func unreadableTypes() {
        #expect(ContentType(parsing: "garbage") == nil)
        #expect(ContentType(parsing: "/plain") == nil)
        #expect(ContentType(parsing: "text")?.mimeType == "text/plain")
    }
}
