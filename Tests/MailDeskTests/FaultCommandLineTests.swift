import Foundation
import MailIntake
import Testing

/// Faults that used to lose data, and bad input, run on the real binary.
@Suite("Faults and bad input on the command line", .serialized,
       .enabled(if: CommandLine.binary != nil, Comment(rawValue: CommandLine.missing)))
struct FaultCommandLineTests {
    /// A desk with case 1 opened from mail and its response sent; returns the letter's file in `new/`.
    private func deskWithSentLetter() throws -> (CommandLine, String) {
        let cli = try CommandLine()
        try cli.configure()
        let mail = CommandLine.message(from: "Ana Costa <ana@example.org>", subject: "Transfer", messageID: "t-1@example.org",
                                       body: "My domain transfer has been blocked for a week.")
        let imported = try cli.desk("import", "-", input: mail)
        try #require(imported.status == 0, "\(imported.out)\(imported.err)")
        let sent = try cli.desk("letter", "1", "response", "--summary", "Unlocked.", "--send")
        try #require(sent.status == 0, "\(sent.err)")
        let letters = try FileManager.default.contentsOfDirectory(atPath: cli.path("desk/outbox/new"))
        try #require(letters.count == 1)
        return (cli, cli.path("desk/outbox/new/\(letters[0])"))
    }

    /// Puts the letter back where a sender that died between the store's commit and the move left it.
    private func strand(_ letter: String, in cli: CommandLine) throws -> String {
        let stranded = cli.path("desk/outbox/tmp/") + URL(fileURLWithPath: letter).lastPathComponent
        try FileManager.default.moveItem(atPath: letter, toPath: stranded)
        return stranded
    }

    @Test("a letter recorded as sent but left in tmp/ goes out on the next sweep, verify and screen start; an unrecorded one is reported")
    func strandedLetters() throws {
        let (cli, letter) = try deskWithSentLetter()
        defer { cli.remove() }
        let unrecorded = cli.path("desk/outbox/tmp/1.M1P1R1.host")
        try Data("Subject: never recorded\n\nhalf a letter".utf8).write(to: URL(fileURLWithPath: unrecorded))

        var stranded = try strand(letter, in: cli)
        let sweep = try cli.desk("sweep")
        #expect(sweep.status == 0, "\(sweep.err)")
        #expect(sweep.out.contains("outbox: delivered \(letter), recorded as sent but left in tmp/"), "\(sweep.out)")
        #expect(sweep.out.contains("outbox: \(unrecorded) was never recorded as sent and was not sent"), "\(sweep.out)")
        #expect(FileManager.default.fileExists(atPath: letter) && !FileManager.default.fileExists(atPath: stranded))
        #expect(FileManager.default.fileExists(atPath: unrecorded), "what the store never recorded is left for a person")

        stranded = try strand(letter, in: cli)
        let verify = try cli.desk("verify", "--json")
        #expect(verify.status == 0, "\(verify.out)\(verify.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: verify.stdout) as? [String: Any])
        #expect((report["outbox"] as? [String])?.first == "outbox: delivered \(letter), recorded as sent but left in tmp/")
        #expect(FileManager.default.fileExists(atPath: letter))

        // The screen recovers before it needs a terminal: with none, it ends, and the letter is out.
        stranded = try strand(letter, in: cli)
        let screen = try cli.desk()
        #expect(screen.status != 0)
        #expect(screen.err.contains("outbox: delivered \(letter)"), "\(screen.err)")
        #expect(FileManager.default.fileExists(atPath: letter) && !FileManager.default.fileExists(atPath: stranded))
    }

    @Test("a quoted local part is kept on intake, in the store and in the letter; an address that cannot be written is refused")
    func quotedAddresses() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        try cli.configure()
        for (number, sender) in [(1, #""a b"@example.com"#), (2, #"John <"john.doe"@example.com>"#)] {
            let mail = CommandLine.message(from: sender, subject: "Transfer \(number)", messageID: "q-\(number)@example.com",
                                           body: "My domain transfer has been blocked for a week.")
            let imported = try cli.desk("import", "-", input: mail)
            #expect(imported.status == 0, "\(imported.out)\(imported.err)")
        }
        let shown = try cli.desk("show", "1", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: shown.stdout) as? [String: Any])
        #expect(shown.out.contains(#"\"a b\"@example.com"#), "\(json)")
        for (number, address) in [(1, #" "a b"@example.com"#), (2, #"<"john.doe"@example.com>"#)] {
            let sent = try cli.desk("letter", String(number), "response", "--summary", "Unlocked.", "--send", "--json")
            #expect(sent.status == 0, "\(sent.err)")
            let letter = try #require(try JSONSerialization.jsonObject(with: sent.stdout) as? [String: Any])
            let file = try String(contentsOfFile: try #require(letter["outbox"] as? String), encoding: .utf8)
            let to = file.split(whereSeparator: \.isNewline).first { $0.hasPrefix("To: ") }
            #expect(to?.hasSuffix(address) == true, "\(file)")
        }

        let opened = try cli.desk("new", "--kind", "complaint", "--channel", "email", "--customer", "Bea", "--contact", "bea smith@example.com",
                                  "--subject", "Transfer")
        #expect(opened.status == 0, "\(opened.err)")
        let refused = try cli.desk("letter", "3", "response", "--summary", "Unlocked.", "--send")
        #expect(refused.status == 1)
        #expect(refused.err.contains(#"case 3's contact "bea smith@example.com" cannot be written as a mail address"#), "\(refused.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.path("desk/outbox/new")).count == 2)
    }

    @Test("a mail Date before 1990, more than a day ahead, or not a date is not the receipt time: the import time is, with a note")
    func implausibleDates() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        let ahead = DateFormatter()
        ahead.locale = Locale(identifier: "en_US_POSIX")
        ahead.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let dates = ["Thu, 1 Jan 1970 00:00:00 +0000", ahead.string(from: Date().addingTimeInterval(3 * 86_400)), "32 Dec 2026 10:00:00 +0000",
                     "1 Jan 89 10:00:00 +0000"]
        let notes = ["is not taken as the receipt time: it is before 1990; the import time is",
                     "is not taken as the receipt time: it is more than a day ahead of now; the import time is",
                     "unreadable Date header \"32 Dec 2026 10:00:00 +0000\"", "is not taken as the receipt time: it is before 1990"]
        let before = Date().addingTimeInterval(-1)
        for (index, date) in dates.enumerated() {
            let mail = "From: Ana <ana@example.org>\nTo: complaints@registrar.example\nSubject: Transfer \(index)\nDate: \(date)\n"
                + "Message-ID: <d-\(index)@example.org>\n\nMy domain transfer has been blocked for a week.\n"
            let imported = try cli.desk("import", "-", input: Data(mail.utf8))
            #expect(imported.status == 0, "\(imported.err)")
            #expect(imported.lines.contains { $0.hasPrefix("          note: ") && $0.contains(notes[index]) }, "\(date): \(imported.out)")
        }
        let after = Date().addingTimeInterval(1)
        let listed = try cli.desk("list", "--json")
        let rows = try #require(try JSONSerialization.jsonObject(with: listed.stdout) as? [[String: Any]])
        #expect(rows.count == dates.count)
        let iso = ISO8601DateFormatter()
        for row in rows {
            let received = try #require((row["received"] as? String).flatMap(iso.date(from:)), "\(row)")
            #expect(received >= before.addingTimeInterval(-1) && received <= after, "case \(row["number"] ?? ""): received \(received)")
        }
    }

    @Test("--received before 1990 is refused, naming the option")
    func receivedBefore1990() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        let refused = try cli.desk("new", "--kind", "complaint", "--channel", "phone", "--customer", "Bo", "--contact", "+49 1",
                                   "--subject", "S", "--received", "1989-12-31")
        #expect(refused.status == 2)
        #expect(refused.err == "casedesk: --received \"1989-12-31\" cannot be when it arrived: it is before 1990\n", "\(refused.err)")
        let accepted = try cli.desk("new", "--kind", "complaint", "--channel", "phone", "--customer", "Bo", "--contact", "+49 1",
                                    "--subject", "S", "--received", "1990-01-02")
        #expect(accepted.status == 0, "\(accepted.err)")
    }
}
