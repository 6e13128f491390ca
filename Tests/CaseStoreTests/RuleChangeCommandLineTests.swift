import Foundation
import Testing

/// `config calendar` through the real binary: the dry run's table and JSON, a change that leaves
/// every case's export byte for byte as it was, and `--rebase-open` with the reason in `show`.
/// The binary runs on the wall clock, so the closure day is chosen from the open clock's own due date.
@Suite("Changing the rules from the command line", .serialized,
       .enabled(if: CaseDeskBinary.isAvailable, Comment(rawValue: CaseDeskBinary.missing)))
struct RuleChangeCommandLineTests {
    func new(_ desk: CommandLineDesk, received: Date?) throws {
        var arguments = ["new", "--kind", "complaint", "--channel", "email", "--customer", "Jeanne Dupont",
                         "--contact", "jeanne@example.fr", "--subject", "Plainte", "--stage", "head"]
        if let received { arguments += ["--received", ISO8601DateFormatter().string(from: received)] }
        let result = try desk.run(arguments)
        #expect(result.status == 0, "\(result.err)")
    }

    func respondDue(_ desk: CommandLineDesk, _ number: Int) throws -> String {
        let clocks = try #require(try desk.show(number)["clocks"] as? [[String: Any]])
        let respond = try #require(clocks.first { $0["kind"] as? String == "respond" })
        return try #require(respond["due"] as? String)
    }

    func export(_ desk: CommandLineDesk) throws -> (csv: Data, json: Data) {
        let csv = try desk.run("export", "--format", "csv")
        let json = try desk.run("export", "--format", "json")
        #expect(csv.status == 0 && json.status == 0, "\(csv.err) \(json.err)")
        return (csv.stdout, json.stdout)
    }

    @Test("a closure day added: the dry run names exactly the open clock that moves; applied, every export is unchanged; removed with --rebase-open, the case says why")
    func closureAddedAndRemoved() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        let now = Date()
        try new(desk, received: now.addingTimeInterval(-3_600))          // 1: open at stage 2
        try new(desk, received: now.addingTimeInterval(-2 * 86_400))     // 2: closed below
        #expect(try desk.run("close", "2", "--reason", "withdrawn").status == 0)
        let due = try respondDue(desk, 1)
        let dueDay = String(due.prefix(10))
        let calendar = desk.folder.file("calendar.toml")
        try Data("[[closure]]\ndate = \(dueDay)\nname = \"Test closure\"\n".utf8).write(to: URL(fileURLWithPath: calendar))
        let before = try export(desk)
        let closedBefore = try desk.show(2)["clocks"] as? [[String: Any]]

        let dry = try desk.run("config", "calendar", calendar, "--dry-run")
        #expect(dry.status == 0, "\(dry.err)")
        let lines = dry.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("dry run: calendar version 2") == true, "\(dry.out)")
        #expect(lines.contains { $0.hasPrefix("case  clock") }, "\(dry.out)")
        let rows = lines.filter { $0.hasPrefix("   1  ") || $0.hasPrefix("   2  ") }
        #expect(rows.count == 1 && rows.first?.hasPrefix("   1  respond") == true, "\(dry.out)")
        #expect(rows.first?.hasSuffix("calendar changed: closure day \(dueDay) added (Test closure)") == true, "\(dry.out)")
        #expect(lines.last == "1 open clock would move with --rebase-open; without it they keep their rules", "\(dry.out)")
        let dryJSON = try desk.run("config", "calendar", calendar, "--dry-run", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: dryJSON.stdout) as? [String: Any])
        let moves = try #require(object["moves"] as? [[String: Any]])
        #expect(moves.count == 1)
        #expect(moves.first?["case"] as? Int == 1 && moves.first?["clock"] as? String == "respond")
        #expect(moves.first?["from"] as? String == due)
        #expect(object["applied"] as? Bool == false)
        #expect(try export(desk) == before, "the dry run changed nothing")

        // Applied, open clocks keep their rules: nothing any case shows changes, byte for byte.
        let applied = try desk.run("config", "calendar", calendar)
        #expect(applied.status == 0, "\(applied.err)")
        #expect(applied.out.contains("1 open clock keep"), "\(applied.out)")
        let after = try export(desk)
        #expect(after.csv == before.csv)
        #expect(after.json == before.json)
        #expect(try respondDue(desk, 1) == due)

        // A case taken in now counts under the closure day; removing it moves that clock back, recorded.
        try new(desk, received: nil)
        let third = try respondDue(desk, 3)
        #expect(third > due)
        let reset = try desk.run("config", "calendar", "--reset", "--rebase-open", "--json")
        #expect(reset.status == 0, "\(reset.err)")
        let resetObject = try #require(try JSONSerialization.jsonObject(with: reset.stdout) as? [String: Any])
        let moved = try #require(resetObject["moves"] as? [[String: Any]])
        #expect(moved.map { $0["case"] as? Int } == [3], "\(reset.out)")
        #expect(moved.first?["reason"] as? String == "calendar changed: closure day \(dueDay) removed (Test closure)")
        #expect(resetObject["rebased"] as? Bool == true)
        #expect(try respondDue(desk, 3) < third)
        #expect(try respondDue(desk, 1) == due)
        #expect(try desk.show(2)["clocks"] as? [[String: Any]] != nil)
        #expect((try desk.show(2)["clocks"] as? [[String: Any]])?.map { $0["due"] as? String } == closedBefore?.map { $0["due"] as? String })
        let show = try desk.run("show", "3")
        #expect(show.out.contains("moved the respond clock to version 3 of the rules"), "\(show.out)")
        #expect(show.out.contains("closure day \(dueDay) removed (Test closure); due "), "\(show.out)")
        let verify = try desk.run("verify")
        #expect(verify.status == 0, "\(verify.out)")
        let shown = try desk.run("config", "show")
        #expect(shown.out.contains("#   1: the store's first\n#   2: in force from "), "\(shown.out)")
        #expect(shown.out.contains("#   3: in force from "), "\(shown.out)")
        let shownJSON = try JSONSerialization.jsonObject(with: try desk.run("config", "show", "--json").stdout) as? [String: Any]
        #expect(shownJSON?["version"] as? Int == 3)
    }

    @Test("--from in the past is refused in one line, and nothing changes")
    func pastRefused() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        let calendar = desk.folder.file("calendar.toml")
        try Data("name = \"x\"\n".utf8).write(to: URL(fileURLWithPath: calendar))
        let refused = try desk.run("config", "calendar", calendar, "--from", "2020-01-01")
        #expect(refused.status != 0)
        #expect(refused.err.contains("is in the past"), "\(refused.err)")
        #expect(refused.errorLines.count == 1, "\(refused.err)")
        let both = try desk.run("config", "calendar", calendar, "--dry-run", "--rebase-open")
        #expect(both.status == 2, "\(both.err)")
    }
}

/// A calendar change rebuilds no case: every clock keeps its rules, so no row could change.
@Suite("A change of the calendar rewrites no row", .serialized,
       .enabled(if: CaseDeskBinary.isAvailable && CaseDeskBinary.sqlite3 != nil, "needs the binary and the sqlite3 tool"))
struct CalendarChangeRebuildsNothingTests {
    @Test("no reprojection is marked or run after a calendar change; verify stays clean")
    func nothingRebuilt() throws {
        let desk = try CommandLineDesk(roles: "supervisor,head")
        defer { desk.remove() }
        #expect(try desk.run("demo", "--cases", "300").status == 0)
        let tool = try #require(CaseDeskBinary.sqlite3)
        let log = try CaseDeskBinary.runProcess(tool, [desk.db, """
            CREATE TABLE batch_log (value TEXT);
            CREATE TRIGGER log_marks AFTER INSERT ON meta WHEN new.key = 'reproject_from' BEGIN INSERT INTO batch_log VALUES (new.value); END;
            CREATE TRIGGER log_batches AFTER UPDATE ON meta WHEN new.key = 'reproject_from' BEGIN INSERT INTO batch_log VALUES (new.value); END;
            """], in: desk.folder)
        #expect(log.status == 0, "\(log.err)")
        let calendar = desk.folder.file("calendar.toml")
        try Data("[[closure]]\ndate = 2031-01-02\nname = \"Far away\"\n".utf8).write(to: URL(fileURLWithPath: calendar))
        #expect(try desk.run("config", "calendar", calendar).status == 0)
        let marks = try CaseDeskBinary.runProcess(tool, [desk.db, "SELECT count(*) FROM batch_log"], in: desk.folder)
        #expect(marks.out == "0\n", "\(marks.out)")
        #expect(try desk.run("verify").status == 0)
    }
}
