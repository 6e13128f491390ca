import CaseDesk
import Foundation
import MailIntake
import Testing

/// `casedesk import`, `message` and `letter` as people and mail servers run them.
@Suite("The import, message and letter commands of the real binary", .serialized,
       .enabled(if: CommandLine.binary != nil, Comment(rawValue: CommandLine.missing)))
struct CommandLineTests {
    static let good = ["arf-feedback-report.eml", "xarf-v4-phishing.eml", "french-plainte-latin1-qp.eml", "html-only.eml",
                       "several.mbox", "truncated-multipart.eml", "terminal-escapes.eml"]
    static let bad = ["not-mail.eml", "empty.eml", "no-sender.eml"]

    @Test("a line per message, then exactly one summary line; exit 1 when any was rejected; a second run finds duplicates")
    func importSummary() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        let paths = (Self.good + Self.bad).map(Sample.path) + [cli.path("no/such/file.eml")]
        let first = try cli.run(["import"] + paths + ["--db", cli.db])
        #expect(first.status == 1, "\(first.err)")
        let lines = first.lines
        #expect(lines.last == "imported 9, attached 0, duplicates 0, rejected 4")
        let verdicts = lines.dropLast().filter { !$0.hasPrefix(" ") }
        #expect(verdicts.count == 13)
        #expect(verdicts.filter { $0.hasPrefix("imported  ") }.count == 9)
        #expect(verdicts.contains { $0.hasPrefix("rejected  \(Sample.path("not-mail.eml")): not a mail message") })
        #expect(verdicts.contains { $0.hasPrefix("rejected  \(Sample.path("empty.eml")): empty input") })
        #expect(verdicts.contains { $0.hasPrefix("rejected  \(Sample.path("no-sender.eml")): no sender address") })
        #expect(verdicts.contains { $0.hasPrefix("rejected  \(cli.path("no/such/file.eml")): ") && $0.hasSuffix("no such file or folder") })
        #expect(verdicts.contains { $0.contains("case 1 opened, abuse (spam)") && $0.contains("cheap-pills.example") })
        #expect(lines.contains { $0.hasPrefix("          note: ") && $0.contains("truncated") })
        #expect(terminalControls(in: first.stdout).isEmpty, "the subject with escape sequences is printed sanitized")

        let again = try cli.run(["import"] + Self.good.map(Sample.path) + ["--db", cli.db])
        #expect(again.status == 0, "\(again.err)")
        #expect(again.lines.last == "imported 0, attached 0, duplicates 9, rejected 0")
        let verify = try cli.desk("verify")
        #expect(verify.status == 0 && verify.out.contains("checked 9 cases"), "\(verify.out)")
    }

    @Test("standard input: a mail server pipes one message in")
    func standardInput() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        let piped = try cli.desk("import", "-", input: try Data(contentsOf: URL(fileURLWithPath: Sample.path("first-contact.eml"))))
        #expect(piped.status == 0, "\(piped.err)")
        #expect(piped.lines.first?.hasPrefix("imported  standard input: case 1 opened, complaint") == true, "\(piped.out)")
        #expect(piped.lines.last == "imported 1, attached 0, duplicates 0, rejected 0")
    }

    @Test("an account not on the staff has every message rejected with the reason")
    func notStaff() throws {
        let cli = try CommandLine(roles: "admin")
        defer { cli.remove() }
        let result = try cli.desk("import", Sample.path("first-contact.eml"))
        #expect(result.status == 1)
        #expect(result.lines.first?.contains("may not take in") == true, "\(result.out)")
        #expect(result.lines.last == "imported 0, attached 0, duplicates 0, rejected 1")
    }

    @Test("message show never prints escape sequences raw; message save writes the bytes exactly")
    func showAndSave() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        try cli.desk("import", Sample.path("terminal-escapes.eml"))
        let original = try Data(contentsOf: URL(fileURLWithPath: Sample.path("terminal-escapes.eml")))
        let digest = SHA256.hex(of: original)
        let shown = try cli.desk("message", "show", String(digest.prefix(10)))
        #expect(shown.status == 0, "\(shown.err)")
        #expect(shown.out.contains("Message    \(digest) (digest verified)"))
        #expect(shown.out.contains("Cleared your screen"))
        #expect(terminalControls(in: shown.stdout).isEmpty, "raw controls in: \(shown.out)")
        let listed = try cli.desk("message", "list", "1")
        #expect(terminalControls(in: listed.stdout).isEmpty)
        let shownCase = try cli.desk("show", "1")
        #expect(terminalControls(in: shownCase.stdout).isEmpty)

        let saved = try cli.desk("message", "save", digest, "--out", cli.path("saved.eml"))
        #expect(saved.status == 0, "\(saved.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.path("saved.eml"))) == original)
        let again = try cli.desk("message", "save", digest, "--out", cli.path("saved.eml"))
        #expect(again.status == 1)
        #expect(again.err.contains("it exists (--force replaces it)"))
        let toStandardOutput = try cli.desk("message", "save", digest, "--out", "-")
        #expect(toStandardOutput.stdout == original)
        let unknown = try cli.desk("message", "show", "0000000000")
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("no message in the archive matches 0000000000"))
    }

    @Test("an imported abuse report gets its confirmation of receipt by letter when the policy says so; without a sender it is named as not confirmed")
    func confirmationOnImport() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        let unconfigured = try cli.desk("import", Sample.path("arf-feedback-report.eml"))
        #expect(unconfigured.status == 0, "\(unconfigured.err)")
        #expect(unconfigured.err.contains("case 1: receipt not confirmed by letter"), "\(unconfigured.err)")

        try cli.configure()
        let imported = try cli.desk("import", Sample.path("xarf-v4-phishing.eml"))
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.err.contains("case 2: receipt confirmed to "), "\(imported.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.path("desk/outbox/new")).count == 1)
        let shown = try cli.desk("show", "2", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: shown.stdout) as? [String: Any])
        let clocks = try #require(json["clocks"] as? [[String: Any]])
        #expect(clocks.first { $0["kind"] as? String == "confirm" }?["status"] as? String == "met", "\(shown.out)")

        let policy = cli.path("policy.toml")
        try Data("[abuse]\nconfirm_on_import = false\n".utf8).write(to: URL(fileURLWithPath: policy))
        #expect(try cli.desk("config", "policy", policy).status == 0)
        let quiet = try cli.desk("import", Sample.path("xarf-4.0.0-phishing.eml"))
        #expect(quiet.status == 0, "\(quiet.err)")
        #expect(!quiet.err.contains("receipt"), "\(quiet.err)")
    }

    @Test("letters: printed in the customer's language, sent into the outbox with the event, a refused send writes nothing")
    func letters() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        try cli.configure()
        let first = CommandLine.message(from: "=?UTF-8?Q?=C3=89lodie_Martin?= <elodie@exemple.fr>", subject: "Transfert bloqué",
                                        messageID: "transfert-1@exemple.fr",
                                        body: "Bonjour,\n\nLe transfert de mon domaine exemple-café.fr est bloqué depuis une semaine.\nMerci de votre aide.")
        #expect(try cli.desk("import", "-", input: first).status == 0)

        let noSummary = try cli.desk("letter", "1", "response")
        #expect(noSummary.status == 2)
        #expect(noSummary.err.contains("the response letter needs the answer's text (--summary TEXT)"))

        let response = try cli.desk("letter", "1", "response", "--summary", "Le verrou a été levé.", "--send")
        #expect(response.status == 0, "\(response.err)")
        #expect(response.out.hasPrefix("case 1: \(NSUserName()) recorded the response and sent the response letter (fr) to elodie@exemple.fr"))
        let outbox = cli.path("desk/outbox/new")
        let sentFiles = try FileManager.default.contentsOfDirectory(atPath: outbox)
        #expect(sentFiles.count == 1)
        let sent = try MailMessage(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: outbox + "/" + sentFiles[0]))))
        #expect(sent.subject == "[casedesk #1] Notre réponse à votre message")
        #expect(sent.inReplyTo == ["transfert-1@exemple.fr"])
        let letterID = try #require(sent.messageID)

        // Her reply, marked Plainte and threaded to the letter, is the formal complaint.
        let reply = CommandLine.message(from: "Élodie Martin <elodie@exemple.fr>", subject: "Re: Plainte",
                                        date: Date().addingTimeInterval(3600), messageID: "plainte-2@exemple.fr", inReplyTo: letterID,
                                        body: "Je ne suis pas satisfaite de votre réponse : le transfert est toujours bloqué.")
        let attached = try cli.desk("import", "-", input: reply)
        #expect(attached.status == 0, "\(attached.err)")
        #expect(attached.lines.first?.contains("case 1 (it answers <\(letterID)>); formal complaint filed") == true, "\(attached.out)")

        let printed = try cli.desk("letter", "1", "acknowledgement")
        #expect(printed.status == 0, "\(printed.err)")
        #expect(printed.out.hasPrefix("Subject: [casedesk #1] Votre plainte\u{A0}: accusé de réception\n\nMadame, Monsieur,\n"))
        let english = try cli.desk("letter", "1", "acknowledgement", "--lang", "en")
        #expect(english.out.contains("Dear Sir or Madam,"))

        let acknowledged = try cli.desk("letter", "1", "acknowledgement", "--send")
        #expect(acknowledged.status == 0, "\(acknowledged.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox).count == 2)
        let shown = try cli.desk("show", "1", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: shown.stdout) as? [String: Any])
        let types = (json["events"] as? [[String: Any]])?.compactMap { $0["type"] as? String } ?? []
        #expect(types == ["received", "message_received", "responded", "message_sent", "message_received", "formal_complaint",
                          "acknowledged", "message_sent"])

        let refused = try cli.desk("letter", "1", "acknowledgement", "--send")
        #expect(refused.status == 1)
        #expect(refused.err.contains("already acknowledged"), "\(refused.err)")
        #expect(refused.err.contains("the letter was not sent"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox).count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.path("desk/outbox/tmp")).isEmpty)
    }

    @Test("a desk's template overrides the built-in one; a broken one is named with its line")
    func templates() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        try cli.configure()
        let message = CommandLine.message(from: "Jo <jo@example.com>", subject: "Domain transfer", messageID: "t-1@example.com",
                                          body: "Dear team, my transfer is blocked and I would like it fixed.")
        #expect(try cli.desk("import", "-", input: message).status == 0)
        let folder = cli.path("config/casedesk/templates/en")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("Our answer, case {{case}}\n\nHello {{customer}}: {{answer}}\n".utf8).write(to: URL(fileURLWithPath: folder + "/response.mustache"))
        let own = try cli.desk("letter", "1", "response", "--summary", "fixed")
        #expect(own.out == "Subject: [casedesk #1] Our answer, case 1\n\nHello Jo: fixed\n", "\(own.out)\(own.err)")

        try Data("Subject\n\nline\n{{#formal}}\nx\n{{/formall}}\n".utf8).write(to: URL(fileURLWithPath: folder + "/response.mustache"))
        let broken = try cli.desk("letter", "1", "response", "--summary", "fixed")
        #expect(broken.status == 1)
        #expect(broken.err.contains("\(folder)/response.mustache:6:"), "\(broken.err)")
        #expect(broken.err.contains("closed with another name"))
    }
}
