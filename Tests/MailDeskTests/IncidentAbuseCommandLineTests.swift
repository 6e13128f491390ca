import Foundation
import Testing

/// The "done when" for incidents, on the real binary: a phishing domain with 40 reports is
/// judged, mitigated and closed once from its incident; every report records each move, every
/// reporter gets the outcome letter (`letter --incident --send`), and `abuse-record` lists each.
@Suite("An incident of forty reports worked once", .serialized,
       .enabled(if: CommandLine.binary != nil, Comment(rawValue: CommandLine.missing)))
struct IncidentAbuseCommandLineTests {
    static let reports = 40

    @Test("40 reports of one phishing domain: mitigated once from the incident, 40 outcome letters, 40 records")
    func fortyReportsMitigatedOnce() throws {
        let desk = try CommandLine()
        defer { desk.remove() }
        try desk.configure("[mail]\nfrom = \"Registrar Support <complaints@registrar.example>\"\n"
                           + "abuse_from = \"Registrar Abuse Desk <abuse@registrar.example>\"\n")
        for index in 1...Self.reports {
            let opened = try desk.desk("new", "--kind", "abuse", "--channel", "email", "--customer", "Reporter \(index)",
                                       "--contact", "reporter\(index)@reports.example", "--subject", "Phishing on bank-login.example",
                                       "--category", "phishing", "--domain", "bank-login.example", "--received", "2026-01-05T10:00")
            try #require(opened.status == 0, "\(opened.err)")
        }
        let linked = try desk.run(["link"] + (1...Self.reports).map(String.init) + ["--reason", "same kit", "--db", desk.db])
        try #require(linked.status == 0, "\(linked.err)")
        #expect(try desk.desk("incident", "1").lines.first == "incident 1: \(Self.reports) reports, \(Self.reports) open")

        // Before an outcome there is nothing to tell the reporters: every letter refused, none written.
        let early = try desk.desk("letter", "7", "abuse-outcome", "--incident", "--send")
        #expect(early.status == 1)
        #expect(early.out.contains("incident 1: 0 letters sent, \(Self.reports) refused"), "\(early.out)")
        #expect(try outbox(desk).isEmpty)

        let moves: [[String]] = [
            ["evidence", "7", "actionable", "--reason", "kit live at /login.php", "--incident"],
            ["mitigate", "7", "client-hold", "--evidence", "screenshot of /login.php", "--incident"],
            ["close", "7", "--reason", "mitigated", "--incident"],
        ]
        for move in moves {
            let result = try desk.run(move + ["--db", desk.db])
            #expect(result.status == 0, "\(move): \(result.err)")
            #expect(result.out.contains("incident 1: \(Self.reports) reports changed, 0 refused"), "\(move): \(result.out)")
        }
        // Made once more, the evidence judgement is refused on each report (already judged), and each refusal listed.
        let again = try desk.desk("evidence", "7", "actionable", "--reason", "again", "--incident")
        #expect(again.status == 1)
        #expect(again.out.components(separatedBy: "refused: ").count - 1 == Self.reports, "\(again.out)")

        let letters = try desk.desk("letter", "7", "abuse-outcome", "--incident", "--send", "--lang", "en")
        #expect(letters.status == 0, "\(letters.err)")
        #expect(letters.out.contains("incident 1: \(Self.reports) letters sent, 0 refused"), "\(letters.out)")
        let sent = try outbox(desk)
        #expect(sent.count == Self.reports)
        var recipients = Set<String>()
        for file in sent {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.contains("took action on"), "\(file)")
            if let to = text.split(separator: "\r\n").first(where: { $0.hasPrefix("To: ") }) { recipients.insert(String(to)) }
        }
        #expect(recipients.count == Self.reports, "one letter to each reporter: \(recipients)")

        let record = try desk.desk("abuse-record", "--format", "json")
        #expect(record.status == 0, "\(record.err)")
        let rows = try #require(try JSONSerialization.jsonObject(with: record.stdout) as? [[String: Any]])
        #expect(rows.count == Self.reports)
        for row in rows {
            let actions = row["actions"] as? [[String: Any]] ?? []
            #expect(actions.map { $0["action"] as? String } == ["client-hold"], "\(row)")
            #expect(row["outcome"] as? String == "mitigated", "\(row)")
            #expect(row["evidence"] as? String == "actionable", "\(row)")
        }
        let verify = try desk.desk("verify")
        #expect(verify.status == 0, "\(verify.out) \(verify.err)")
    }

    /// The letters waiting in the outbox for the mail system.
    func outbox(_ desk: CommandLine) throws -> [String] {
        let folder = URL(fileURLWithPath: desk.db).deletingLastPathComponent().appendingPathComponent("outbox/new").path
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder).map { folder + "/" + $0 }
    }
}
