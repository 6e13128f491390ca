import CaseDesk
import Foundation
import MailIntake
import Testing

/// What a review of the command line found, run on the real binary.
@Suite("Review findings on the command line", .serialized,
       .enabled(if: CommandLine.binary != nil, Comment(rawValue: CommandLine.missing)))
struct ReviewCommandLineTests {
    @Test("config policy / calendar: a mistake names the file given, not a made-up name")
    func configErrorsNameTheFile() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        let policy = cli.path("bad-policy.toml")
        try Data("[clocks]\nacknowledge = -1\n".utf8).write(to: URL(fileURLWithPath: policy))
        let refused = try cli.desk("config", "policy", policy)
        #expect(refused.status == 2)
        #expect(refused.err.hasPrefix("casedesk: \(policy):2: key clocks.acknowledge: "), "\(refused.err)")
        let calendar = cli.path("bad-calendar.toml")
        try Data("zone = \"Mars/Olympus\"\n".utf8).write(to: URL(fileURLWithPath: calendar))
        let refusedCalendar = try cli.desk("config", "calendar", calendar)
        #expect(refusedCalendar.status == 2)
        #expect(refusedCalendar.err.hasPrefix("casedesk: \(calendar):"), "\(refusedCalendar.err)")
        let syntax = cli.path("syntax.toml")
        try Data("[clocks\n".utf8).write(to: URL(fileURLWithPath: syntax))
        let broken = try cli.desk("config", "policy", syntax)
        #expect(broken.status == 2)
        #expect(broken.err.hasPrefix("casedesk: \(syntax):1: not valid TOML"), "\(broken.err)")
    }

    @Test("import reads the complaint marker with the store policy's words, at the start of a word")
    func importUsesThePolicyMarkers() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        try cli.configure()
        let policy = cli.path("policy.toml")
        try Data("[options]\ncomplaint_markers = [\"reclamo\"]\n".utf8).write(to: URL(fileURLWithPath: policy))
        #expect(try cli.desk("config", "policy", policy).status == 0)
        let first = CommandLine.message(from: "Ana <ana@ejemplo.es>", subject: "Transferencia", messageID: "t-1@ejemplo.es",
                                        body: "Hola, la transferencia de mi dominio sigue bloqueada desde hace una semana.")
        #expect(try cli.desk("import", "-", input: first).status == 0)
        let response = try cli.desk("letter", "1", "response", "--summary", "Unlocked.", "--send")
        #expect(response.status == 0, "\(response.err)")
        let sentFiles = try FileManager.default.contentsOfDirectory(atPath: cli.path("desk/outbox/new"))
        let sent = try MailMessage(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: cli.path("desk/outbox/new/" + sentFiles[0])))))
        let letterID = try #require(sent.messageID)
        let reply = CommandLine.message(from: "Ana <ana@ejemplo.es>", subject: "Re: Reclamos formales",
                                        date: Date().addingTimeInterval(3600), messageID: "r-2@ejemplo.es", inReplyTo: letterID,
                                        body: "No estoy satisfecha con su respuesta.")
        let attached = try cli.desk("import", "-", input: reply)
        #expect(attached.status == 0, "\(attached.err)")
        #expect(attached.lines.first?.contains("formal complaint filed") == true, "\(attached.out)")
    }
}

extension ReviewCommandLineTests {
    @Test("stats as a table fits 80 columns")
    func statsFitEighty() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        for number in 1...3 {
            let message = CommandLine.message(from: "Jo <jo@example.com>", subject: "Complaint \(number)", messageID: "s-\(number)@example.com",
                                              body: "My domain transfer has been blocked for a week, please help.")
            #expect(try cli.desk("import", "-", input: message).status == 0)
        }
        for arguments in [["stats"], ["stats", "--by", "week"], ["stats", "--from", "2026-01-01", "--to", "2026-12-31"]] {
            let stats = try cli.run(arguments + ["--db", cli.db])
            #expect(stats.status == 0, "\(stats.err)")
            #expect(stats.lines.contains { $0.hasPrefix("period ") && $0.contains("ack%") && $0.contains("resp d") }, "\(stats.out)")
            for line in stats.lines { #expect(line.count <= 80, "\(line.count) columns: \(line)") }
        }
    }
}

extension ReviewCommandLineTests {
    @Test("show wraps the description and letter wraps its paragraphs to the width (100 off a terminal)")
    func longLinesWrap() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        try cli.configure()
        let sentence = "My domain transfer has been blocked for a week and nobody has answered my three previous messages."
        let body = Array(repeating: sentence, count: 3).joined(separator: " ")
        let message = CommandLine.message(from: "Jo <jo@example.com>", subject: "Transfer", messageID: "w-1@example.com", body: body)
        #expect(try cli.desk("import", "-", input: message).status == 0)
        let shown = try cli.desk("show", "1")
        #expect(shown.status == 0, "\(shown.err)")
        for line in shown.lines { #expect(line.count <= 100, "\(line.count) columns: \(line)") }
        let words = shown.lines.filter { $0.hasPrefix("           ") }.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(words == body, "every word of the description is shown, in order")

        let letter = try cli.desk("letter", "1", "response", "--summary", body)
        #expect(letter.status == 0, "\(letter.err)")
        #expect(letter.lines.count > 4)
        for line in letter.lines { #expect(line.count <= 100, "\(line.count) columns: \(line)") }
        #expect(letter.out.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(body))
    }
}

extension ReviewCommandLineTests {
    @Test("letter --json: snake_case message_id, the subject always with the case tag; --if-version is the store's check, on --send only")
    func letterJSONAndVersion() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        try cli.configure()
        let message = CommandLine.message(from: "Jo <jo@example.com>", subject: "Transfer", messageID: "v-1@example.com",
                                          body: "My domain transfer has been blocked for a week, please help.")
        #expect(try cli.desk("import", "-", input: message).status == 0)
        let printed = try cli.desk("letter", "1", "response", "--summary", "Unlocked.", "--json")
        #expect(printed.status == 0, "\(printed.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: printed.stdout) as? [String: Any])
        #expect((json["subject"] as? String)?.hasPrefix("[casedesk #1] ") == true, "\(printed.out)")
        #expect(json["messageID"] == nil)

        // Printing does not look at the version; sending is judged by the store, which says who changed what.
        #expect(try cli.desk("note", "1", "called the customer").status == 0)
        let printedStale = try cli.desk("letter", "1", "response", "--summary", "Unlocked.", "--if-version", "1")
        #expect(printedStale.status == 0, "\(printedStale.err)")
        let stale = try cli.desk("letter", "1", "response", "--summary", "Unlocked.", "--send", "--if-version", "1")
        #expect(stale.status == 1)
        #expect(stale.err.contains("case 1 changed after you read it (version 1): \(NSUserName()) added a note on "), "\(stale.err)")
        #expect(stale.err.contains("the letter was not sent"), "\(stale.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.path("desk/outbox/new")).isEmpty)

        let sent = try cli.desk("letter", "1", "response", "--summary", "Unlocked.", "--send", "--if-version", "3", "--json")
        #expect(sent.status == 0, "\(sent.err)")
        let sentJSON = try #require(try JSONSerialization.jsonObject(with: sent.stdout) as? [String: Any])
        #expect((sentJSON["message_id"] as? String)?.hasPrefix("casedesk.1.") == true, "\(sent.out)")
        #expect(sentJSON["subject"] as? String == json["subject"] as? String)
    }
}

extension ReviewCommandLineTests {
    @Test("import names a source it cannot read once, then the reason")
    func badSourceNamedOnce() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        try FileManager.default.createDirectory(atPath: cli.path("emptydir"), withIntermediateDirectories: true)
        let result = try cli.desk("import", "emptydir", "missing.eml")
        #expect(result.status == 1)
        #expect(result.lines.contains("rejected  emptydir: a folder, but not a Maildir (it has no cur/ or new/ folder)"), "\(result.out)")
        #expect(result.lines.contains("rejected  missing.eml: no such file or folder"), "\(result.out)")
    }
}

extension ReviewCommandLineTests {
    @Test("no From address: the error names the settings file read (--config, $XDG_CONFIG_HOME)")
    func noSenderNamesTheFile() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        let message = CommandLine.message(from: "Jo <jo@example.com>", subject: "Transfer", messageID: "f-1@example.com",
                                          body: "My domain transfer has been blocked for a week, please help.")
        #expect(try cli.desk("import", "-", input: message).status == 0)
        let own = cli.path("own.toml")
        try Data("theme = \"mono\"\n".utf8).write(to: URL(fileURLWithPath: own))
        let given = try cli.desk("letter", "1", "response", "--summary", "Unlocked.", "--send", "--config", own)
        #expect(given.status == 1)
        #expect(given.err.contains("set [mail] from = \"Name <address>\" in \(own)"), "\(given.err)")
        let xdg = try cli.desk("letter", "1", "response", "--summary", "Unlocked.", "--send")
        #expect(xdg.status == 1)
        #expect(xdg.err.contains("in \(cli.path("config/casedesk/config.toml"))"), "\(xdg.err)")
    }
}

extension ReviewCommandLineTests {
    @Test("config show prints the whole built-in policy, shifts included, as a file config policy takes back")
    func configShowHasShifts() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        let shown = try cli.desk("config", "show")
        #expect(shown.status == 0, "\(shown.err)")
        #expect(shown.out.contains("[shifts]\nstarts = [\"06:00\", \"14:00\", \"22:00\"]\n"), "\(shown.out)")
        let policy = try #require(shown.out.components(separatedBy: "\n# calendar").first)
        try Data(policy.utf8).write(to: URL(fileURLWithPath: cli.path("policy.toml")))
        let taken = try cli.desk("config", "policy", cli.path("policy.toml"))
        #expect(taken.status == 0, "\(taken.err)")
        #expect(try cli.desk("config", "show").out.contains("[shifts]\nstarts = [\"06:00\", \"14:00\", \"22:00\"]\n"))
    }
}

extension ReviewCommandLineTests {
    @Test("one date parser and one case fetch: the same words from every command")
    func sharedHelpersSayTheSame() throws {
        let cli = try CommandLine()
        defer { cli.remove() }
        for (arguments, option) in [(["stats", "--from", "2026-13-01"], "--from"), (["stats", "--to", "2026-13-01"], "--to"),
                                    (["extend", "1", "--until", "2026-13-01"], "--until"),
                                    (["letter", "1", "extension-notice", "--until", "2026-13-01"], "--until")] {
            let result = try cli.run(arguments + ["--db", cli.db])
            #expect(result.status == 2, "\(arguments): \(result.err)")
            #expect(result.err == "casedesk: \(option) \"2026-13-01\" is not a date YYYY-MM-DD\n", "\(arguments)")
        }
        for arguments in [["show", "7"], ["bundle", "7", "--out", cli.path("bundles")]] {
            let result = try cli.run(arguments + ["--db", cli.db])
            #expect(result.status == 1)
            #expect(result.err == "casedesk: there is no case 7\n", "\(arguments): \(result.err)")
        }
    }
}
