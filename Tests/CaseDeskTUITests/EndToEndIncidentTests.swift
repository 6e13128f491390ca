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
        try tmux.press("c", until: "Close — incident \(incident), 3 reports")
        // The abuse outcomes: no action, its reason in the note.
        try tmux.keys("Right")
        try tmux.keys("Tab")
        try tmux.keys("Tab")
        try tmux.text("taken down by the host")
        try tmux.keys("C-s")
        try tmux.press("y", until: "Refused — \(numbers[0]):")
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
}
