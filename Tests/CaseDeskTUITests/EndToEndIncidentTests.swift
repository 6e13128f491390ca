import CaseDesk
import CaseStore
import Foundation
import Testing

extension EndToEndTests {
    /// The real binary: three abuse reports about one domain, imported by `casedesk import` (which
    /// links them), found by search with their incident shown, the incident opened with i from a
    /// report; a note on the incident is written to every report, and closing refuses the report
    /// closed before and lists it.
    @Test func anIncidentOnScreen() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build casedesk first: swift build")
        let store = try freshStore()
        let folder = URL(fileURLWithPath: store).deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [String] = []
        for index in 1...3 {
            let file = folder.appendingPathComponent("report\(index).eml")
            try """
                From: Reporter \(index) <reporter\(index)@cert.example>\r
                To: abuse@registrar.example\r
                Subject: Phishing kit on phish-bank.example (\(index))\r
                Date: Tue, 2 Mar 2027 09:1\(index):00 +0100\r
                Message-ID: <e2e-incident-\(index)@cert.example>\r
                \r
                A phishing kit is live at https://phish-bank.example/login\r

                """.write(to: file, atomically: true, encoding: .utf8)
            files.append(file.path)
        }
        // Standard error comes along (a receipt letter not sent without [mail] from): the lines are read, not JSON.
        let imported = try Self.run(Self.binary, ["import", "--db", store] + files)
        let opened = imported.split(separator: "\n").filter { $0.hasPrefix("imported  ") }
        let numbers = opened.compactMap { line in
            line.range(of: #"case (\d+) opened"#, options: .regularExpression).flatMap { Int(line[$0].split(separator: " ")[1]) }
        }
        try #require(numbers.count == 3, "\(imported)")
        let incident = try #require(opened.last.flatMap { line in
            line.range(of: #"linked to incident \d+"#, options: .regularExpression).map { String(line[$0].split(separator: " ")[3]) }
        }, "\(imported)")
        #expect(opened.dropFirst().allSatisfy { $0.contains("linked to incident \(incident) ") }, "\(imported)")
        try Self.casedesk("close", "--db", store, String(numbers[0]), "--reason", "invalid")

        let tmux = Tmux()
        defer { tmux.kill() }
        try start(tmux, store: store)
        tmux.waitFor("QUEUE")
        try tmux.press("I", until: "incidents as one row")
        try tmux.press("I", until: "Every report on its own row")
        try tmux.keys("/")
        try tmux.text("phish-bank")
        let found = tmux.waitFor("3 found")
        #expect(found.contains("I\(incident) · Reporter"), "a report of an incident says which: \(found)")
        try tmux.press("Enter", until: "Case \(numbers[2]) ")
        try tmux.press("i", until: "Incident \(incident) — 3 reports, 2 open")
        try tmux.press("n", until: "Note — incident \(incident), 3 reports")
        try tmux.text("Registrar hold requested")
        try tmux.keys("C-s")
        tmux.waitFor("Incident \(incident): Cases \(numbers.map(String.init).joined(separator: ", ")):")
        try closeWithNoAction(tmux, incident: incident, reports: 3, until: "Refused — \(numbers[0]):")
        tmux.waitFor("3 reports, 0 open")
        try tmux.press("q", until: "Case \(numbers[2]) ")
        try tmux.press("q", until: "3 found")
        try tmux.press("Escape", until: "QUEUE")
        try tmux.press("q", until: "casedesk-exited-0")

        for number in numbers {
            let shown = try Self.casedesk("show", "--db", store, String(number))
            #expect(shown.contains("Registrar hold requested"), "case \(number): \(shown)")
        }
        try Self.casedesk("verify", "--db", store)
    }

    /// c on the incident screen: every report closed with no action, its reason in the note; waits for `text`.
    func closeWithNoAction(_ tmux: Tmux, incident: String, reports: Int, until text: String,
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        try tmux.press("c", until: "Close — incident \(incident), \(reports) reports", sourceLocation: sourceLocation)
        // The abuse outcomes: no action, its reason in the note.
        try tmux.keys("Right")
        try tmux.keys("Tab")
        try tmux.keys("Tab")
        try tmux.text("taken down by the host")
        try tmux.keys("C-s")
        try tmux.press("y", until: text, sourceLocation: sourceLocation)
    }

    /// The real binary: law enforcement's reports found with B (the queue by reporter class), their
    /// incident closed and the outcome letter sent to every reporter with l, in one go; the report
    /// whose reporter gave only a telephone number is refused and listed, the others' letters are in
    /// the outbox and in the record.
    @Test func lawEnforcementReportsAndTheirOutcomeLetters() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build casedesk first: swift build")
        let store = try freshStore()
        let folder = URL(fileURLWithPath: store).deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try configHome(in: folder, "[mail]\nabuse_from = \"Registrar Abuse Desk <abuse@registrar.example>\"\n")
        var numbers: [Int] = []
        for (index, (contact, reporterClass)) in [("officer1@police.example", "law-enforcement"), ("officer2@police.example", "le"),
                                                   ("+49 681 555 0100", "law-enforcement"), ("reader@mail.example", "public")].enumerated() {
            let opened = try Self.casedesk("new", "--db", store, "--kind", "abuse", "--channel", "email", "--customer", "Reporter \(index + 1)",
                                           "--contact", contact, "--subject", "Phishing kit on police-kit.example", "--category", "phishing",
                                           "--domain", "police-kit.example", "--reporter-class", reporterClass, "--json")
            numbers.append(try #require((try JSONSerialization.jsonObject(with: Data(opened.utf8)) as? [String: Any])?["number"] as? Int))
        }
        let linked = try Self.casedesk("link", "--db", store, "--reason", "same kit", String(numbers[0]), String(numbers[1]), String(numbers[2]),
                                       String(numbers[3]))
        let incident = try #require(linked.range(of: #"incident \d+"#, options: .regularExpression).map { String(linked[$0].dropFirst(9)) },
                                    "\(linked)")
        let listed = try Self.casedesk("list", "--db", store, "--reporter-class", "law-enforcement", "--json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]])
        #expect(rows.compactMap { $0["number"] as? Int }.sorted() == Array(numbers.prefix(3)), "\(listed)")
        #expect(rows.allSatisfy { $0["reporter_class"] as? String == "law-enforcement" }, "\(listed)")

        let tmux = Tmux()
        defer { tmux.kill() }
        try start(tmux, store: store, environment: "XDG_CONFIG_HOME=\(config.path) ")
        tmux.waitFor("QUEUE")
        let filtered = try tmux.press("B", until: "from law enforcement")
        #expect(filtered.contains("(3)"), "three reports from law enforcement: \(filtered)")
        try tmux.press("i", until: "Incident \(incident) — 4 reports, 4 open")
        try closeWithNoAction(tmux, incident: incident, reports: 4, until: "4 reports, 0 open")
        // The question says how many letters go.
        try tmux.press("l", until: "4 letters: the outcome")
        let done = try tmux.press("y", until: "Refused — case \(numbers[2])")
        #expect(done.contains("3 letters sent (cases \(numbers[0]), \(numbers[1]), \(numbers[3]))"), "\(done)")
        try tmux.press("q", until: "QUEUE")
        try tmux.press("q", until: "casedesk-exited-0")

        let waiting = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("outbox/new").path)
        #expect(waiting.count == 3)
        for number in numbers {
            let shown = try Self.casedesk("show", "\(number)", "--db", store, "--json")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])
            let types = try #require(json["events"] as? [[String: Any]]).compactMap { $0["type"] as? String }
            #expect((types.last == "message_sent") == (number != numbers[2]), "case \(number): \(types)")
        }
        try Self.casedesk("verify", "--db", store)
    }
}
