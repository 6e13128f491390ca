import CaseDesk
import CaseStore
import Foundation
import Testing

extension EndToEndTests {
    /// The real binary: three abuse reports about one domain, imported by `casedesk import` (which
    /// links them), shown as one row with I, opened with Enter; a note on the incident is written to
    /// every report, and closing refuses the report closed before and lists it.
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
        let imported = try Self.run(Self.binary, ["import", "--db", store] + files)
        #expect(imported.contains("linked to incident 1"), "\(imported)")
        try Self.casedesk("close", "--db", store, "1", "--reason", "invalid")

        let tmux = Tmux()
        defer { tmux.kill() }
        try start(tmux, store: store)
        tmux.waitFor("QUEUE")
        let collapsed = try tmux.press("I", until: "incidents as one row")
        #expect(collapsed.contains("I1 ×2"), "\(collapsed)")
        try tmux.press("Enter", until: "Incident 1 — 3 reports, 2 open")
        try tmux.press("n", until: "Note — incident 1, 3 reports")
        try tmux.text("Registrar hold requested")
        try tmux.keys("C-s")
        tmux.waitFor("Incident 1: Cases 1, 2, 3:")
        try tmux.press("c", until: "Close — incident 1, 3 reports")
        try tmux.keys("C-s")
        try tmux.press("y", until: "Refused — 1:")
        tmux.waitFor("3 reports, 0 open")
        try tmux.press("q", until: "QUEUE")
        try tmux.press("q", until: "casedesk-exited-0")

        for number in 1...3 {
            let shown = try Self.casedesk("show", "--db", store, String(number))
            #expect(shown.contains("Registrar hold requested"), "case \(number): \(shown)")
        }
        try Self.casedesk("verify", "--db", store)
    }
}
