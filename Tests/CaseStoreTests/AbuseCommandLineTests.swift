import Foundation
import Testing

/// The abuse desk's commands on the real binary: reporter class from the policy, confirmation,
/// evidence, typed mitigations and their undoing, associated names, abuse outcomes, `show`,
/// `abuse-record` (CSV and JSON) and `stats`.
@Suite("The abuse desk on the real binary", .serialized,
       .enabled(if: CaseDeskBinary.isAvailable, Comment(rawValue: CaseDeskBinary.missing)))
struct AbuseCommandLineTests {
    @Test("a report worked from intake to outcome; every move recorded, shown and listed in the compliance record")
    func reportWorked() throws {
        let desk = try CommandLineDesk(roles: "supervisor,head,abuse,admin")
        defer { desk.remove() }
        let policy = desk.folder.file("policy.toml")
        try Data("[abuse]\nlaw_enforcement = [\"police.example\"]\ntrusted = [\"netbeacon.org\"]\n".utf8).write(to: URL(fileURLWithPath: policy))
        #expect(try desk.run("config", "policy", policy).status == 0)

        func new(_ contact: String, _ extra: [String] = []) throws {
            let opened = try desk.run(["new", "--kind", "abuse", "--channel", "email", "--customer", "Reporter", "--contact", contact,
                                       "--subject", "Phishing", "--category", "phishing", "--domain", "bad.example",
                                       "--received", "2026-01-05T23:10"] + extra)
            try #require(opened.status == 0, "\(opened.err)")
        }
        try new("officer@police.example")
        try new("abuse@reports.netbeacon.org")
        try new("someone@example.org", ["--reporter-class", "trusted"])
        try new("someone@example.org")
        #expect(try desk.show(1)["reporter_class"] as? String == "law-enforcement")
        #expect(try desk.show(2)["reporter_class"] as? String == "trusted")
        #expect(try desk.show(3)["reporter_class"] as? String == "trusted")
        #expect(try desk.show(4)["reporter_class"] as? String == "public")
        let clocks = try #require(try desk.show(1)["clocks"] as? [[String: Any]])
        let review = try #require(clocks.first { $0["kind"] as? String == "review" })
        #expect(review["hours"] as? Int == 24)
        #expect(review["due"] as? String == "2026-01-06T23:10:00+01:00")

        let steps: [[String]] = [
            ["confirm", "1", "--at", "2026-01-05T23:30"],
            ["classify", "1", "public", "--reason", "a private person after all"],
            ["classify", "1", "law-enforcement", "--reason", "the police after all"],
            ["evidence", "1", "actionable", "--reason", "kit live", "--checked", "1,2,3,4", "--at", "2026-01-06T09:10"],
            ["mitigate", "1", "client-hold", "--evidence", "screenshot of /login", "--at", "2026-01-06T10:10"],
            ["mitigate", "1", "registrant-notified", "--evidence", "notice", "--deadline", "2026-01-08T12:00", "--at", "2026-01-06T10:20"],
            ["associated-names", "1", "--reviewed", "5", "--found", "bad2.example", "--note", "same registrant"],
            ["mitigate", "1", "--undo", "client-hold", "--reason", "site cleaned"],
            ["close", "1", "--reason", "mitigated"],
        ]
        for step in steps {
            let result = try desk.run(step)
            #expect(result.status == 0, "\(step): \(result.err)")
        }
        let refusals: [([String], String)] = [
            (["mitigate", "2", "client-hold"], "a mitigation needs --evidence"),
            (["mitigate", "2", "--undo", "client-hold", "--reason", "x"], "no client hold is in place"),
            (["close", "2", "--reason", "not-ours"], "not-ours follows forwarding"),
            (["evidence", "2", "maybe", "--reason", "x"], "say actionable or not-actionable"),
            (["classify", "2", "police", "--reason", "x"], "is not a reporter class"),
        ]
        for (arguments, message) in refusals {
            let result = try desk.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.err.contains(message), "\(arguments): \(result.err)")
        }
        #expect(try desk.run("mitigate", "2", "forwarded", "--evidence", "sent to the sponsoring registrar").status == 0)
        #expect(try desk.run("close", "2", "--reason", "not-ours").status == 0)
        #expect(try desk.run("close", "3", "--reason", "no-action", "--note", "the page is gone").status == 0)
        #expect(try desk.run("close", "4", "--reason", "duplicate", "--of", "1").status == 0)

        // The outcome letters, one per outcome and language; the confirmation on a report still open.
        let letters: [([String], String)] = [
            (["letter", "1", "abuse-outcome", "--lang", "de"], "Maßnahmen ergriffen"),
            (["letter", "1", "outcome", "--lang", "en"], "took action on"),
            (["letter", "2", "outcome", "--lang", "fr"], "transmis votre signalement à son bureau d’enregistrement"),
            (["letter", "3", "outcome", "--lang", "en"], "took no action: the page is gone"),
            (["letter", "4", "outcome", "--lang", "en"], "under case 1"),
        ]
        for (arguments, expected) in letters {
            let letter = try desk.run(arguments)
            #expect(letter.status == 0 && letter.out.contains(expected), "\(arguments): \(letter.out) \(letter.err)")
        }
        try new("someone@example.org")
        let confirmation = try desk.run("letter", "5", "confirmation", "--lang", "en")
        #expect(confirmation.out.contains("within 72 hours") && confirmation.out.contains("about bad.example"),
                "\(confirmation.out) \(confirmation.err)")
        #expect(try desk.run("letter", "1", "confirmation", "--lang", "en").status != 0)

        let shown = try desk.run("show", "1")
        #expect(shown.status == 0, "\(shown.err)")
        for expected in ["reporter class   law enforcement (changed", "confirmed Mon 5 Jan 2026 23:30", "ACTIONABLE Tue 6 Jan 2026 09:10",
                         "[x] the name is managed by this registrar", "client hold: screenshot of /login",
                         "client hold lifted", "registrant notified: notice (deadline Thu 8 Jan 2026 12:00)",
                         "associated names reviewed 5, found bad2.example", "judged the evidence actionable",
                         "confirm receipt: met", "review: met"] {
            #expect(shown.out.contains(expected), "show lacks \(expected): \(shown.out)")
        }

        let csv = try desk.run("abuse-record", "--from", "2026-01-01", "--to", "2026-01-31")
        #expect(csv.status == 0, "\(csv.err)")
        let rows = csv.out.split(separator: "\r\n").map(String.init)
        #expect(rows.count == 6, "\(csv.out)")
        #expect(rows.first?.hasPrefix("case,received,reporter,reporter_class,category") == true)
        #expect(rows[1].contains(",law-enforcement,phishing,bad.example,2026-01-05T23:30:00+01:00,2026-01-06T09:10:00+01:00,actionable,"), "\(rows[1])")
        #expect(rows[1].contains("client-hold 2026-01-06T10:10:00+01:00 undone"), "\(rows[1])")
        #expect(rows[1].contains(",mitigated,"), "\(rows[1])")
        #expect(rows[1].contains(",0.33,10.00,11.00,"), "\(rows[1])")
        #expect(rows[2].contains(",not-ours,") && rows[3].contains(",no-action,the page is gone,") && rows[4].contains(",duplicate,,1,"),
                "\(csv.out)")
        #expect(try desk.run("abuse-record", "--from", "2026-02-01").out.split(separator: "\r\n").count == 1)

        let json = try desk.run("abuse-record", "--format", "json")
        let records = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
        #expect(records.count == 5)
        #expect(records.first?["hours_to_review"] as? Double == 10)
        let actions = try #require(records.first?["actions"] as? [[String: Any]])
        #expect(actions.map { $0["action"] as? String } == ["client-hold", "registrant-notified"])
        #expect(actions.first?["undo_reason"] as? String == "site cleaned")

        let stats = try desk.run("stats", "--from", "2026-01-01", "--to", "2026-01-31")
        #expect(stats.status == 0, "\(stats.err)")
        #expect(stats.out.contains("Abuse reports (5)"), "\(stats.out)")
        #expect(stats.out.contains("to confirm: 0.3h / 0.3h (1 reports)"), "\(stats.out)")
        let statsJSON = try desk.run("stats", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "csv")
        #expect(statsJSON.out.contains("abuse_hours_median,review,10.00"), "\(statsJSON.out)")

        #expect(try desk.run("verify").status == 0)
    }
}
