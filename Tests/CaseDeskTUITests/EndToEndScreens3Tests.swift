import CaseDesk
import CaseStore
import Foundation
import Testing

extension EndToEndTests {
    /// The real binary: O sorts the queue; a case's mail thread (t) lists a reply filed by
    /// `casedesk import` and opens it; p prints a letter through print_command; W leaves a note for
    /// the whole desk, which `casedesk handover --note` adds to and `verify` judges.
    @Test func sortTheMailThreadPrintingAndADeskNote() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build casedesk first: swift build")
        let store = try freshStore()
        let folder = URL(fileURLWithPath: store).deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let opened = try Self.casedesk("new", "--db", store, "--kind", "complaint", "--channel", "fax", "--stage", "head",
                                       "--customer", "Odile Quintal", "--contact", "+33 1 23 45 67 89",
                                       "--subject", "Plainte : renouvellement", "--json")
        let number = try #require((try JSONSerialization.jsonObject(with: Data(opened.utf8)) as? [String: Any])?["number"] as? Int)
        let reply = folder.appendingPathComponent("reply.eml")
        try """
            From: Customer <customer@example.org>\r
            To: complaints@registrar.example\r
            Subject: [casedesk #\(number)] Re: your answer\r
            Date: Tue, 2 Mar 2027 09:15:00 +0100\r
            Message-ID: <e2e-reply-\(number)@example.org>\r
            \r
            Still blocked, \u{1B}[31mplease\u{1B}[0m look again.\r

            """.write(to: reply, atomically: true, encoding: .utf8)
        try Self.casedesk("import", "--db", store, reply.path)
        let printed = folder.appendingPathComponent("printed.txt").path
        let config = try configHome(in: folder, "print_command = [\"/bin/sh\", \"-c\", \"cat > '\(printed)'\"]\n")

        let tmux = Tmux()
        defer { tmux.kill() }
        try start(tmux, store: store, environment: "XDG_CONFIG_HOME=\(config.path) ")
        tmux.waitFor("QUEUE")
        try tmux.press("O", until: "sorted by received (oldest first)")
        try tmux.keys(":")
        try tmux.text("\(number)")
        try tmux.press("Enter", until: "Case \(number) ")
        try tmux.press("t", until: "Mail of case \(number) — 1 message")
        let message = try tmux.press("Enter", until: "Still blocked")
        #expect(message.contains("Still blocked, ␛please␛ look again."), "the escape sequences shown, not sent")
        try tmux.press("q", until: "Mail of case \(number)")
        try tmux.press("q", until: "Case \(number) ")
        try tmux.press("l", until: "Letters of case \(number)")
        try tmux.press("p", until: "Sent the letter to the printer")
        #expect(((try? String(contentsOfFile: printed, encoding: .utf8)) ?? "").contains("Subject: "), "the letter reached the command")
        try tmux.press("q", until: "Case \(number) ")
        try tmux.press("q", until: "QUEUE")
        try tmux.press("H", until: "Handover — shift")
        try tmux.press("W", until: "Handover note for the whole desk")
        try tmux.text("Registry EPP down until 16:00")
        try tmux.press("Enter", until: "Left a handover note for the whole desk")
        try tmux.press("q", until: "QUEUE")
        try tmux.press("q", until: "casedesk-exited-0")

        let since = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
        let report = try Self.casedesk("handover", "--db", store, "--since", since, "--note", "Second note from the CLI", "--format", "json")
        let notes = try #require((try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])?["desk_notes"] as? [[String: Any]])
        #expect(notes.compactMap { $0["text"] as? String } == ["Registry EPP down until 16:00", "Second note from the CLI"])
        // verify exits 1 (and the call throws) when anything differs: the desk notes are judged with the rest.
        try Self.casedesk("verify", "--db", store)
    }
}
