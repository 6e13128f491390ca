import Foundation
import Testing

/// Exports read back by real parsers (Python's csv and json), bundles checked by sha256sum, the
/// handover and statistics commands in their formats.
@Suite("Exports, bundles, handover and stats from the command line", .serialized,
       .enabled(if: CaseDeskBinary.isAvailable, Comment(rawValue: CaseDeskBinary.missing)))
struct ExportTests {
    static let awkwardCustomer = "Dupont, \"Jeanne\"\nLyon"
    static let awkwardSubject = "Facture, «TVA» et \"frais\""

    func desk() throws -> CommandLineDesk {
        let desk = try CommandLineDesk()
        for (customer, subject) in [(Self.awkwardCustomer, Self.awkwardSubject), ("Jürgen Weiß", "Transfer hängt")] {
            let result = try desk.run("new", "--kind", "complaint", "--channel", "email", "--customer", customer,
                                      "--contact", "x@example.org", "--subject", subject, "--domain", "müller.de")
            #expect(result.status == 0, "\(result.err)")
        }
        try desk.run("note", "1", "Rappel demain", "--handover")
        return desk
    }

    /// Parses a file with Python's csv module and returns the rows.
    func pythonCSV(_ data: Data, in folder: TemporaryDirectory) throws -> [[String]] {
        let file = folder.file("export-\(UUID().uuidString).csv")
        try data.write(to: URL(fileURLWithPath: file))
        let script = "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))"
        let result = try CaseDeskBinary.runProcess("/usr/bin/env", ["python3", "-c", script, file], in: folder)
        #expect(result.status == 0, "python3: \(result.err)")
        return try JSONDecoder().decode([[String]].self, from: result.stdout)
    }

    @Test("cases and events as CSV, read back by Python's csv module")
    func csv() throws {
        let desk = try desk()
        defer { desk.remove() }
        let cases = try desk.run("export", "--format", "csv")
        #expect(cases.status == 0, "\(cases.err)")
        #expect(cases.out.contains("\r\n"))
        let rows = try pythonCSV(cases.stdout, in: desk.folder)
        #expect(rows.count == 3)
        let header = try #require(rows.first)
        let customer = try #require(header.firstIndex(of: "customer"))
        let subject = try #require(header.firstIndex(of: "subject"))
        #expect(rows[1][customer] == Self.awkwardCustomer)
        #expect(rows[1][subject] == Self.awkwardSubject)
        #expect(rows[2][customer] == "Jürgen Weiß")
        #expect(rows[1][header.firstIndex(of: "domains")!] == "müller.de")
        #expect(rows.allSatisfy { $0.count == header.count })

        let events = try desk.run("export", "--what", "events", "--format", "csv")
        let eventRows = try pythonCSV(events.stdout, in: desk.folder)
        #expect(eventRows.count == 4)  // header, two openings, one note
        let data = try #require(eventRows.first?.firstIndex(of: "data"))
        let note = try JSONSerialization.jsonObject(with: Data(eventRows[3][data].utf8)) as? [String: Any]
        #expect(note?["text"] as? String == "Rappel demain")
        #expect(note?["handover"] as? Bool == true)

        let json = try desk.run("export", "--format", "json")
        let array = try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]]
        #expect(array?.count == 2)
        let empty = try desk.run("export", "--format", "json", "--from", "2099-01-01")
        #expect(String(decoding: empty.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        #expect(try desk.run("export", "--format", "xml").status == 2)
    }

    @Test("statistics as CSV and JSON; the handover as text, Markdown and JSON")
    func statsAndHandover() throws {
        let desk = try desk()
        defer { desk.remove() }
        let stats = try desk.run("stats", "--format", "csv", "--by", "week")
        #expect(stats.status == 0, "\(stats.err)")
        let rows = try pythonCSV(stats.stdout, in: desk.folder)
        #expect(rows.first == ["period", "measure", "key", "value"])
        #expect(rows.contains(["total", "cases", "all", "2"]))
        #expect(rows.contains(["total", "kind", "complaint", "2"]))
        let json = try desk.run("stats", "--json")
        let object = try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any]
        #expect(object?["by"] as? String == "month")

        let text = try desk.run("handover", "--since", "2000-01-01")
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.contains("What happened: 3 events on 2 cases"))
        #expect(text.out.contains("Handover notes: 1"))
        #expect(!text.out.unicodeScalars.contains("\u{1B}"))
        let markdown = try desk.run("handover", "--since", "2000-01-01", "--format", "md")
        #expect(markdown.out.hasPrefix("# Handover"))
        let report = try desk.run("handover", "--since", "2000-01-01", "--format", "json")
        let handover = try JSONSerialization.jsonObject(with: report.stdout) as? [String: Any]
        #expect(handover?["event_count"] as? Int == 3)
        #expect((handover?["unassigned"] as? [String: Any])?["total"] as? Int == 2)
        #expect(try desk.run("handover", "--since", "2000-01-01", "--mark-read").status == 2)
        let marked = try desk.run("handover", "--mark-read")
        #expect(marked.status == 0, "\(marked.err)")
        #expect(marked.out.contains("Read by"))
    }

    @Test("an overdue clock exports as overdue, stays missed when its case closes, and stats gives JSON numbers")
    func overdueMissedAndNumbers() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        let opened = try desk.run("new", "--kind", "complaint", "--channel", "email", "--customer", "Jeanne Dupont",
                                  "--contact", "j@example.org", "--subject", "Facture", "--stage", "head",
                                  "--received", "2026-01-05T10:00:00+01:00")
        #expect(opened.status == 0, "\(opened.err)")
        func clocks() throws -> [String: String] {
            let rows = try pythonCSV(try desk.run("export", "--format", "csv").stdout, in: desk.folder)
            let header = try #require(rows.first)
            return Dictionary(uniqueKeysWithValues: zip(header, rows[1]).filter { $0.0.hasPrefix("clock_") })
        }
        #expect(try clocks()["clock_ack"] == "overdue")
        #expect(try clocks()["clock_respond"] == "overdue")
        #expect(try desk.run("close", "1", "--reason", "withdrawn").status == 0)
        #expect(try clocks()["clock_ack"] == "missed")
        let json = try desk.run("stats", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let groups = try #require(object["groups"] as? [[String: Any]])
        let measures = try #require(groups.last?["measures"] as? [[String: Any]])
        func value(_ measure: String, _ key: String) -> Any? {
            measures.first { $0["measure"] as? String == measure && $0["key"] as? String == key }?["value"]
        }
        #expect(value("clock_missed", "ack") as? Int == 1)
        #expect(value("clock_met", "ack") as? Int == 0)
        #expect(value("clock_met_share", "ack") as? Double == 0)
        #expect(value("escalation", "rate") is NSNull)
        #expect(value("cases", "all") as? Int == 1)
    }

    @Test("route feedback to a team, type complaints, filter the list by team, count both in stats")
    func routeAndCategorize() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        #expect(try desk.run("new", "--kind", "feedback", "--channel", "email", "--customer", "Jo", "--contact", "jo@example.com",
                             "--subject", "Dark mode").status == 0)
        #expect(try desk.run("new", "--kind", "complaint", "--channel", "email", "--customer", "Ann", "--contact", "ann@example.com",
                             "--subject", "Invoice twice", "--type", "Billing").status == 0)
        let unknown = try desk.run("route", "1", "--to", "marketing")
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("\"marketing\" is not a team of the policy"))
        let routed = try desk.run("route", "1", "--to", "Product")
        #expect(routed.status == 0, "\(routed.err)")
        #expect(try desk.run("categorize", "2", "transfer").status == 0)
        #expect(try desk.run("categorize", "2", "weather").status == 1)
        #expect(try desk.run("list", "--team", "nobody").status == 2)
        let listed = try desk.run("list", "--team", "product", "--all", "--json")
        let rows = try JSONSerialization.jsonObject(with: listed.stdout) as? [[String: Any]]
        #expect(rows?.map { $0["number"] as? Int } == [1])
        let shown = try JSONSerialization.jsonObject(with: try desk.run("show", "2", "--json").stdout) as? [String: Any]
        #expect(shown?["complaint_type"] as? String == "transfer")
        let stats = try pythonCSV(try desk.run("stats", "--format", "csv").stdout, in: desk.folder)
        #expect(stats.contains(["total", "feedback_team", "product", "1"]))
        #expect(stats.contains(["total", "complaint_type", "transfer", "1"]))
        #expect(stats.contains(["total", "complaint_type", "billing", "0"]))
        #expect(stats.contains(["total", "outcome", "routed", "1"]))
    }

    @Test("a bundle's manifest checks out with sha256sum, and a bundle is never overwritten")
    func bundle() throws {
        let desk = try desk()
        defer { desk.remove() }
        let out = desk.folder.file("bundles")
        let made = try desk.run("bundle", "1", "--out", out)
        #expect(made.status == 0, "\(made.err)")
        let folder = try TemporaryDirectory("casedesk-bundle-check")
        defer { folder.remove() }
        let check = try CaseDeskBinary.runProcess("/bin/sh", ["-c", "cd '\(out)/case-1' && sha256sum -c MANIFEST.sha256"], in: folder)
        #expect(check.status == 0, "\(check.out) \(check.err)")
        #expect(check.out.contains("trail.jsonl: OK"))
        let trail = try String(contentsOfFile: "\(out)/case-1/trail.jsonl", encoding: .utf8)
        #expect(trail.split(separator: "\n").count == 2)
        #expect(try desk.run("bundle", "1", "--out", out).status == 1)
        #expect(try desk.run("bundle", "99", "--out", out).status == 1)
    }

    @Test("a bundle carries the case's messages byte for byte")
    func bundleWithMessages() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        let mail = "From: =?ISO-8859-1?Q?J=FCrgen_Wei=DF?= <jw@example.de>\r\nTo: complaints@registrar.example\r\n"
            + "Subject: Transfer blockiert\r\nMessage-ID: <bundle-1@example.de>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nDer Transfer von müller.de hängt seit einer Woche.\r\n"
        let file = desk.folder.file("message.eml")
        try Data(mail.utf8).write(to: URL(fileURLWithPath: file))
        let imported = try desk.run("import", file)
        #expect(imported.status == 0, "\(imported.out) \(imported.err)")
        let out = desk.folder.file("bundles")
        #expect(try desk.run("bundle", "1", "--out", out).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(out)/case-1/messages")
        #expect(files.count == 1)
        let kept = try Data(contentsOf: URL(fileURLWithPath: "\(out)/case-1/messages/\(files[0])"))
        #expect(kept == Data(mail.utf8))
        let check = try CaseDeskBinary.runProcess("/bin/sh", ["-c", "cd '\(out)/case-1' && sha256sum -c MANIFEST.sha256"], in: desk.folder)
        #expect(check.status == 0, "\(check.out)")
        #expect(check.out.contains("messages/\(files[0]): OK"))
    }
}
