import Foundation
import Testing

/// Incidents through the real binary: import links abuse reports about one domain (or only
/// suggests it with --no-link), `link` and `unlink`, `incident N`, `list --incidents`, and a move
/// made with --incident on every report, one of them refused.
@Suite("Incidents on the command line", .serialized)
struct IncidentCommandLineTests {
    func report(_ id: String, domain: String) -> Data {
        var text = String(decoding: CommandLine.message(from: "CERT <cert@cert.example>", subject: "Phishing on \(domain)",
                                                        date: Date().addingTimeInterval(-600), messageID: id,
                                                        body: "A phishing kit is live at https://\(domain)/login.php"), as: UTF8.self)
        text = text.replacingOccurrences(of: "To: complaints@registrar.example", with: "To: abuse@registrar.example")
        return Data(text.utf8)
    }

    @Test("a domain listed by hand for a report that does not name it groups nothing: import asks the report's trail, verify names the row")
    func forgedDomainListGroupsNothing() throws {
        let desk = try CommandLine()
        defer { desk.remove() }
        for (index, id) in ["a1@cert.example", "a2@cert.example"].enumerated() {
            try report(id, domain: "bank-login.example").write(to: URL(fileURLWithPath: desk.path("r\(index).eml")))
        }
        try report("b1@cert.example", domain: "bank-verify.example").write(to: URL(fileURLWithPath: desk.path("b.eml")))
        let imported = try desk.desk("import", desk.path("r0.eml"), desk.path("r1.eml"))
        #expect(imported.status == 0 && imported.out.contains("linked to incident 1"), "\(imported.out) \(imported.err)")
        // Anyone who can write the file lists case 1 as naming the other domain.
        let sqlite3 = try #require(["/usr/bin/sqlite3", "/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) })
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqlite3)
        process.arguments = [desk.db, "INSERT INTO abuse_domains (domain, case_id) VALUES ('bank-verify.example', 1)"]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let next = try desk.desk("import", desk.path("b.eml"))
        #expect(next.status == 0, "\(next.err)")
        #expect(next.out.contains("case 3 opened") && !next.out.contains("incident"), "\(next.out)")
        let verified = try desk.desk("verify")
        #expect(verified.status == 1 && verified.out.contains("abuse_domains: case 1 is listed as naming bank-verify.example"), "\(verified.out)")
    }

    @Test("import links reports naming one domain; --incident moves every report, listing the refused one; unlink undoes a link")
    func importLinkAndMove() throws {
        let desk = try CommandLine()
        defer { desk.remove() }
        for (index, id) in ["a1@cert.example", "a2@cert.example", "a3@cert.example"].enumerated() {
            try report(id, domain: "phish-bank.example").write(to: URL(fileURLWithPath: desk.path("r\(index).eml")))
        }
        try report("b1@cert.example", domain: "other.example").write(to: URL(fileURLWithPath: desk.path("b.eml")))
        let imported = try desk.desk("import", desk.path("r0.eml"), desk.path("r1.eml"), desk.path("b.eml"))
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.lines[1].contains("case 2 opened") && imported.lines[1].contains("; linked to incident 1 (same domain phish-bank.example as case 1)"),
                "\(imported.out)")
        #expect(!imported.lines[2].contains("incident"), "\(imported.out)")

        let suggested = try desk.desk("import", "--no-link", "--json", desk.path("r2.eml"))
        #expect(suggested.status == 0, "\(suggested.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: suggested.stdout) as? [String: Any])
        let result = try #require((json["results"] as? [[String: Any]])?.first)
        let incident = try #require(result["incident"] as? [String: Any])
        #expect(incident["linked"] as? Bool == false)
        #expect(incident["incident"] as? Int == 1)
        #expect(incident["report"] as? Int == 1)

        let linked = try desk.desk("link", "4", "2", "--reason", "same kit")
        #expect(linked.status == 0, "\(linked.err)")
        #expect(linked.out.contains("case 4: ") && linked.out.contains("linked it to incident 1"), "\(linked.out)")
        #expect(linked.out.contains("case 2: already in incident 1"), "\(linked.out)")

        let listed = try desk.desk("incident", "1")
        #expect(listed.status == 0, "\(listed.err)")
        #expect(listed.lines.first == "incident 1: 3 reports, 3 open", "\(listed.out)")

        #expect(try desk.desk("close", "1", "--reason", "invalid").status == 0)
        let moved = try desk.desk("assign", "2", "--me", "--incident")
        #expect(moved.status == 1, "one report was refused")
        #expect(moved.out.contains("case 2: ") && moved.out.contains("case 4: "), "\(moved.out)")
        #expect(moved.out.contains("refused: cannot assign case 1: it was closed"), "\(moved.out)")
        #expect(moved.out.contains("incident 1: 2 reports changed, 1 refused"), "\(moved.out)")
        #expect(moved.err.contains("1 report was refused"), "\(moved.err)")

        let collapsed = try desk.desk("list", "--incidents", "--json")
        let rows = try #require(try JSONSerialization.jsonObject(with: collapsed.stdout) as? [[String: Any]])
        #expect(rows.count == 2, "incident 1 as one row, and case 3: \(collapsed.out)")
        #expect(rows.first { $0["incident"] as? Int == 1 }?["incident_reports"] as? Int == 2)

        let unlinked = try desk.desk("unlink", "4")
        #expect(unlinked.status == 0, "\(unlinked.err)")
        let again = try desk.desk("unlink", "4")
        #expect(again.status == 1)
        #expect(again.err.contains("it is not in an incident"), "\(again.err)")
        let alone = try desk.desk("note", "3", "--incident", "x")
        #expect(alone.status == 1)
        #expect(alone.err.contains("case 3 is in no incident"), "\(alone.err)")
        let verify = try desk.desk("verify")
        #expect(verify.status == 0, "\(verify.out) \(verify.err)")
    }
}
