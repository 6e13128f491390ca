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
}
