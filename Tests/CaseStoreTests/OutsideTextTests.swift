import Foundation
import Testing

/// Text from outside (names, subjects, an action typed in) on every way out of the real binary:
/// error messages, JSON and CSV carry no raw control, escape sequence, C1 control or bidi override,
/// and a CSV cell never starts a spreadsheet formula.
@Suite("Outside text on every way out of the real binary", .serialized,
       .enabled(if: CaseDeskBinary.isAvailable, Comment(rawValue: CaseDeskBinary.missing)))
struct OutsideTextTests {
    static let hostile = "\u{1B}[2J\u{1B}]0;pwned\u{07}\u{9B}6n\u{202E}fdp.exe\u{2066}x\u{85}y\u{7F}"

    /// The raw bytes of what could drive a terminal or turn text around: C0 but LF and CR LF line
    /// ends, DEL, C1 (UTF-8 C2 80–9F), and the bidi controls.
    static func driving(_ output: String) -> [Unicode.Scalar] {
        output.unicodeScalars.filter { scalar in
            switch scalar.value {
            case 0x0A, 0x0D: false
            case 0x00...0x1F, 0x7F, 0x80...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
            default: false
            }
        }
    }

    @Test("error messages quoting outside text, a conflict and mitigate --action print no control; JSON escapes C1 and bidi")
    func errorsAndJSON() throws {
        let desk = try CommandLineDesk(roles: "supervisor,head,abuse,admin")
        defer { desk.remove() }
        let opened = try desk.run("new", "--kind", "abuse", "--channel", "email", "--customer", Self.hostile, "--contact", "x@example.org",
                                  "--subject", Self.hostile, "--category", "spam", "--domain", "example.com")
        try #require(opened.status == 0, "\(opened.err)")
        let mitigated = try desk.run("mitigate", "1", "client-hold", "--evidence", Self.hostile)
        #expect(mitigated.status == 0, "\(mitigated.err)")
        #expect(Self.driving(mitigated.out).isEmpty)

        let refusals: [[String]] = [
            ["mitigate", "1", "--action", Self.hostile, "--evidence", "x", "--if-version", "1"],
            ["mitigate", "1", Self.hostile, "--evidence", "x"],
            ["staff", "add", Self.hostile, "--role", "admin"],
            ["show", Self.hostile],
            [Self.hostile],
            ["list", "--stage", Self.hostile],
        ]
        for arguments in refusals {
            let refused = try desk.run(arguments)
            #expect(refused.status != 0, "\(arguments)")
            #expect(!refused.err.isEmpty && Self.driving(refused.err).isEmpty,
                    "\(arguments) printed \(Self.driving(refused.err).map { String($0.value, radix: 16) })")
        }
        let conflict = try desk.run("mitigate", "1", "--action", "lock", "--evidence", "x", "--if-version", "1")
        #expect(conflict.err.contains("changed after you read it"), "\(conflict.err)")

        for arguments in [["show", "1", "--json"], ["list", "--json"], ["export", "--format", "json"], ["export", "--format", "json", "--what", "cases"]] {
            let result = try desk.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.err)")
            #expect(Self.driving(result.out).isEmpty, "\(arguments) printed \(Self.driving(result.out).map { String($0.value, radix: 16) })")
        }
        let shown = try desk.run("show", "1", "--json")
        #expect(shown.out.contains(#"\u001b[2J"#) && shown.out.contains(#"\u009b6n\u202efdp.exe\u2066x\u0085y\u007f"#), "\(shown.out)")
        let json = try #require(try JSONSerialization.jsonObject(with: shown.stdout) as? [String: Any])
        #expect(json["customer"] as? String == Self.hostile, "escaped, not changed: the JSON reads back as it was written")
    }

    @Test("CSV: no control in any cell, and a cell a spreadsheet would run as a formula starts with '")
    func csvCells() throws {
        let desk = try CommandLineDesk(roles: "supervisor,head,abuse,admin")
        defer { desk.remove() }
        let formulas = ["=HYPERLINK(\"http://evil.example\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tx", "\r=1"]
        for formula in formulas {
            let opened = try desk.run("new", "--kind", "complaint", "--channel", "email", "--customer=" + formula, "--contact", "x@example.org",
                                      "--subject", Self.hostile)
            try #require(opened.status == 0, "\(opened.err)")
        }
        for what in ["cases", "events"] {
            let export = try desk.run("export", "--format", "csv", "--what", what)
            #expect(export.status == 0, "\(export.err)")
            #expect(Self.driving(export.out.replacingOccurrences(of: "\r\n", with: "\n")).isEmpty, "\(what): \(export.out)")
        }
        let cases = try desk.run("export", "--format", "csv", "--what", "cases").out
        let neutralised = [#""'=HYPERLINK(""http://evil.example"")""#, "'+1+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1:A9)", "'        x", "\"'\n=1\""]
        for cell in neutralised { #expect(cases.contains(",\(cell),"), "\(cell) in \(cases)") }
        #expect(!cases.contains(",-") && !cases.contains(",=") && !cases.contains(",+") && !cases.contains(",@"))
    }
}
