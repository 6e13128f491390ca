import Foundation
import Testing
@testable import MailIntake

@Suite("Malformed input")
struct RobustnessTests {
    private func outcome(_ bytes: [UInt8]) -> Result<IntakeDraft, IntakeRejection> {
        Result { () throws(IntakeRejection) -> IntakeDraft in
            try IntakeParser().draft(from: RawMessage(bytes: bytes, origin: MessageOrigin(path: "x")))
        }
    }

    private func rejection(_ bytes: [UInt8]) -> String? {
        if case .failure(let rejection) = outcome(bytes) { return rejection.description }
        return nil
    }

    @Test func rejectionsSayWhy() {
        #expect(rejection([]) == "empty input: there is nothing to read")
        #expect(rejection(Array(" \r\n\n".utf8)) == "empty input: there is nothing to read")
        #expect(rejection(Array("just some text\nwithout headers".utf8)) == "not a mail message: no header lines")
        #expect(rejection([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]) == "not a mail message: no header lines")
        #expect(rejection(Array("Key: value\0with NUL\n\nbody".utf8)) == "not a mail message: binary data (NUL bytes) where the header should be")
        #expect(rejection(Array("Key: value\nOther: thing\n\nbody".utf8))
                == "not a mail message: none of the usual header fields (From, To, Subject, Date, Received…)")
        #expect(rejection(Array("Subject: hello\nTo: a@example.com\n\n".utf8)) == "no From header and no body")
    }

    @Test func aMessageWithoutFromButWithBodyIsADraftWithANote() throws {
        let draft = try outcome(Array("Subject: anonymous\n\nSomeone wrote this.".utf8)).get()
        #expect(draft.customer == nil)
        #expect(draft.contact == nil)
        #expect(draft.notes.contains("no From header: the sender is unknown"))
        #expect(draft.notes.contains("no Date header; the receipt time must come from the file or the import"))
    }

    @Test func aMessageWithNoBody() throws {
        let draft = try outcome(Array("From: a@example.com\nSubject: empty".utf8)).get()
        #expect(draft.description == "")
        #expect(draft.subject == "empty")
    }

    @Test func badDateIsNilWithANote() throws {
        let draft = try outcome(mail("From: a@example.com", "Date: sometime soon", "", "x")).get()
        #expect(draft.receivedAt == nil)
        #expect(draft.notes.contains("unreadable Date header \"sometime soon\"; the receipt time must come from the file or the import"))
    }

    @Test func badBase64AndBadCharsetAreNotedNotFatal() throws {
        let draft = try outcome(mail(
            "From: a@example.com", "Content-Type: text/plain; charset=x-martian", "Content-Transfer-Encoding: base64", "",
            "SGVs!!bG8g8J+Ygw==")).get()
        #expect(draft.description == "Hello 😃")
        #expect(draft.notes.contains("unknown character set \"x-martian\"; read as UTF-8 or, failing that, Windows-1252"))
        #expect(draft.notes.contains("a base64 part holds characters outside the base64 alphabet; they were skipped"))
    }

    @Test func unknownTransferEncodingKeepsBytes() throws {
        let draft = try outcome(mail("From: a@example.com", "Content-Transfer-Encoding: x-uuencode", "", "begin 644 x")).get()
        #expect(draft.description == "begin 644 x")
        #expect(draft.notes.contains("unknown transfer encoding \"x-uuencode\"; the part was kept as received"))
    }

    @Test func binaryJunkAfterAHeaderNeverTraps() throws {
        var bytes = Array("From: a@example.com\nContent-Type: multipart/mixed; boundary=q\n\n--q\n".utf8)
        var generator = SystemRandomNumberGenerator()
        bytes += (0..<4_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let draft = try outcome(bytes).get()
        #expect(draft.rawMessage.size == bytes.count)
    }

    @Test("random and truncated inputs end as a draft or a rejection", arguments: 0..<200)
    func fuzz(seed: Int) throws {
        let samples = ["arf-feedback-report.eml", "xarf-v4-phishing.eml", "german-beschwerde-utf8-base64.eml",
                       "html-only.eml", "french-plainte-latin1-qp.eml"]
        var bytes = try Samples.bytes(samples[seed % samples.count])
        var state = UInt64(seed) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        bytes = Array(bytes.prefix(next() % (bytes.count + 1)))
        for _ in 0..<(next() % 20) where !bytes.isEmpty {
            bytes[next() % bytes.count] = UInt8(truncatingIfNeeded: next())
        }
        switch outcome(bytes) {
        case .success(let draft): #expect(draft.rawMessage.size == bytes.count)
        case .failure(let rejection): #expect(!rejection.description.isEmpty)
        }
    }
}
