import Foundation
import Testing
@testable import MailIntake

@Suite("Message sources")
struct SourceTests {
    private func readAll(_ sequence: MessageSequence) throws -> [RawMessage] {
        try sequence.map { try $0.get() }
    }

    @Test func mboxSplitsOnlyAtEnvelopeLinesAfterBlankLines() throws {
        let path = try Samples.path("several.mbox")
        let source = try MessageSource.detect(path: path)
        #expect(source == .mbox(path: path, variant: .mboxrd))
        let messages = try readAll(source.messages())
        #expect(messages.count == 3)
        #expect(messages.map(\.origin.description) == ["\(path)#1", "\(path)#2", "\(path)#3"])

        let first = try MailMessage(bytes: messages[0].bytes)
        #expect(first.bodyText == """
            Hello, this is the first message.
            From what I can see, my domain alice.example is still blocked.

            From the logs I sent earlier:
            >From the quoted original.

            From now on I expect a reply within a week.
            """)
        #expect(first.envelope == nil)
        #expect(messages[0].bytes.starts(with: Array("From: Alice".utf8)))
        #expect(messages[0].bytes.suffix(2) != [10, 10])

        let drafts = try messages.map { try IntakeParser().draft(from: $0) }
        #expect(drafts.map(\.kind) == [.complaint, .abuse, .feedback])
        #expect(drafts[1].indicators.urls == ["http://spam-shop.example/offer"])
        #expect(drafts[1].indicators.ipAddresses == ["203.0.113.50"])
        #expect(drafts[1].description == "Spam from 203.0.113.50 advertising hxxp://spam-shop[.]example/offer.")
    }

    @Test("an mbox message that is only its envelope is handed on empty, and gets a verdict")
    func emptyMboxMessage() throws {
        let text = "From a@example.com Mon Mar 22 09:00:00 2027\n\nFrom b@example.com Mon Mar 22 09:00:01 2027\nFrom: b@example.com\n\ntwo\n"
        let messages = try readAll(MessageSource.messages(in: Array(text.utf8), origin: MessageOrigin(path: "m"), variant: .mboxrd))
        #expect(messages.map(\.origin.description) == ["m#1", "m#2"])
        #expect(messages.first?.bytes == [])
        #expect(throws: IntakeRejection.empty) { try IntakeParser().draft(from: messages[0]) }
    }

    @Test("an unescaped From line in a body splits only when it is an envelope, as mboxo/mboxrd readers read it")
    func unescapedFromLines() throws {
        let body = "From: a@example.com\nSubject: outage\n\nThe site was down.\n\nFrom 10:00 to 12:00 nothing worked.\n\n"
            + "From the desk at 09:30: sorry.\nFrom bob@example.net Mon Mar 22 10:00:00 2027 right after text\n"
        let text = "From a@example.com Mon Mar 22 09:00:00 2027\n" + body
            + "\nFrom b@example.com Mon Mar 22 09:00:01 2027\nFrom: b@example.com\n\ntwo\n"
        let messages = try readAll(MessageSource.messages(in: Array(text.utf8), origin: MessageOrigin(path: "m"), variant: .mboxo))
        #expect(messages.count == 2)
        #expect(messages.first?.bytes == Array(body.utf8))
        #expect(MboxReader.isEnvelope(Array("From MAILER-DAEMON Thu Mar  8 17:40:36 2005\n".utf8)))
        #expect(MboxReader.isEnvelope(Array("From a@example.com Mon Mar 22 09:00 +0100 2027\r\n".utf8)))
        #expect(!MboxReader.isEnvelope(Array("From 10:00 to 12:00 the site was down\n".utf8)))
    }

    @Test("a message with bare CRs for line breaks is read; its raw bytes are kept")
    func carriageReturnOnly() throws {
        let bytes = Array("From: Ana <ana@example.org>\rTo: abuse@registrar.example\rSubject: spam\r\rSpam from 203.0.113.50.\r".utf8)
        let message = try MailMessage(bytes: bytes)
        #expect(message.header["Subject"] == "spam")
        #expect(message.bodyText.trimmingCharacters(in: .whitespacesAndNewlines) == "Spam from 203.0.113.50.")
        #expect(message.raw == bytes)
        let draft = try IntakeParser().draft(from: RawMessage(bytes: bytes, origin: MessageOrigin(path: "cr.eml")))
        #expect(draft.kind == .abuse)
        #expect(draft.contact?.address == "ana@example.org")
    }

    @Test func mboxoLeavesDeeperQuotesAlone() throws {
        let bytes = try Samples.bytes("several.mbox")
        let messages = try readAll(MessageSource.messages(in: bytes, origin: MessageOrigin(path: "m"), variant: .mboxo))
        let body = try MailMessage(bytes: messages[0].bytes).bodyText
        #expect(body.contains("\nFrom the logs I sent earlier:\n>>From the quoted original."))
    }

    @Test func mboxWithCRLFAndSmallChunks() throws {
        let text = "From a@example.com Mon Mar 22 09:00:00 2027\r\nFrom: a@example.com\r\n\r\none\r\n\r\nFrom b@example.com Mon Mar 22 09:00:01 2027\r\nFrom: b@example.com\r\n\r\ntwo\r\n"
        let bytes = Array(text.utf8)
        var offset = 0
        let reader = MboxReader(path: "crlf", variant: .mboxrd) { () throws(SourceError) -> [UInt8]? in
            guard offset < bytes.count else { return nil }
            defer { offset += 7 }
            return Array(bytes[offset..<min(offset + 7, bytes.count)])
        }
        let results = Array(MessageSequence(.mbox(reader)))
        #expect(results.count == 2)
        let first = try #require(results.first).get()
        let second = try #require(results.last).get()
        #expect(first.bytes == Array("From: a@example.com\r\n\r\none\r\n".utf8))
        #expect(second.bytes == Array("From: b@example.com\r\n\r\ntwo\r\n".utf8))
        #expect(second.origin == MessageOrigin(path: "crlf", index: 2))
    }

    @Test("an mbox written with bare CRs (old Mac mail) splits into its messages, read in small chunks")
    func mboxWithCarriageReturnsOnly() throws {
        let text = "From a@example.com Mon Mar 22 09:00:00 2027\rFrom: a@example.com\r\rone\r>From the start\r\rFrom b@example.com Mon Mar 22 09:00:01 2027\rFrom: b@example.com\r\rtwo\r"
        let bytes = Array(text.utf8)
        for size in [1, 5, 64, bytes.count] {
            var offset = 0
            let reader = MboxReader(path: "cr", variant: .mboxrd) { () throws(SourceError) -> [UInt8]? in
                guard offset < bytes.count else { return nil }
                defer { offset += size }
                return Array(bytes[offset..<min(offset + size, bytes.count)])
            }
            let results = Array(MessageSequence(.mbox(reader)))
            #expect(results.count == 2, "chunks of \(size)")
            let messages = results.compactMap { try? $0.get() }
            #expect(messages.first?.bytes == Array("From: a@example.com\r\rone\rFrom the start\r".utf8), "chunks of \(size)")
            #expect(messages.last?.bytes == Array("From: b@example.com\r\rtwo\r".utf8), "chunks of \(size)")
            #expect(try MailMessage(bytes: try #require(messages.last).bytes).header["From"] == "b@example.com")
        }
    }

    @Test func readErrorIsReportedOnceThenReadingStops() throws {
        var calls = 0
        let reader = MboxReader(path: "broken", variant: .mboxrd) { () throws(SourceError) -> [UInt8]? in
            calls += 1
            if calls == 1 { return Array("From a@example.com Mon Mar 22 09:00:00 2027\nFrom: a@example.com\n\npartial".utf8) }
            throw .cannotRead(path: "broken", reason: "I/O error")
        }
        let results = Array(MessageSequence(.mbox(reader)))
        #expect(results.count == 1)
        #expect(throws: SourceError.cannotRead(path: "broken", reason: "I/O error")) { try results[0].get() }
    }

    @Test func singleMessageOnStandardInputShape() throws {
        let messages = try readAll(MessageSource.messages(in: try Samples.bytes("windows-1252.eml"), origin: .standardInput))
        #expect(messages.count == 1)
        #expect(messages[0].origin.description == "standard input")
    }

    @Test func singleFileDetection() throws {
        let path = try Samples.path("html-only.eml")
        #expect(try MessageSource.detect(path: path) == .message(path: path))
        let messages = try readAll(MessageSource.message(path: path).messages())
        #expect(messages.map(\.origin) == [MessageOrigin(path: path)])
    }

    @Test func maildirReadsNewAndCurInNameOrder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Data("From: second@example.com\n\nb".utf8).write(to: root.appendingPathComponent("cur/1700000002.M2.host:2,S"))
        try Data("From: first@example.com\n\na".utf8).write(to: root.appendingPathComponent("new/1700000001.M1.host"))
        try Data("From: hidden@example.com\n\nh".utf8).write(to: root.appendingPathComponent("new/.hidden"))
        try Data("From: pending@example.com\n\np".utf8).write(to: root.appendingPathComponent("tmp/1700000003.M3.host"))

        let source = try MessageSource.detect(path: root.path)
        #expect(source == .maildir(path: root.path))
        let messages = try readAll(source.messages())
        #expect(messages.map { ($0.origin.path as NSString).lastPathComponent } == ["1700000001.M1.host", "1700000002.M2.host:2,S"])
        let senders = try messages.map { try MailMessage(bytes: $0.bytes).from.first?.address }
        #expect(senders == ["first@example.com", "second@example.com"])
    }

    @Test func sourceErrorsNameThePath() throws {
        #expect(throws: SourceError.notFound(path: "/nonexistent/mail")) { try MessageSource.detect(path: "/nonexistent/mail") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try MessageSource.detect(path: folder.path)
            Issue.record("a plain folder was taken for a mail source")
        } catch {
            #expect(error.description == "\(folder.path): a folder, but not a Maildir (it has no cur/ or new/ folder)")
        }
        #expect(throws: SourceError.notFound(path: "/nonexistent.mbox")) {
            try MessageSource.mbox(path: "/nonexistent.mbox", variant: .mboxrd).messages()
        }
    }

    @Test func vanishedMaildirFileIsOneFailure() throws {
        let results = Array(MessageSequence(.files(["/nonexistent/one"], index: 0)))
        #expect(results.count == 1)
        #expect(throws: SourceError.notFound(path: "/nonexistent/one")) { try results[0].get() }
    }
}
