import CaseDesk
import CaseStore
import Foundation
import Testing

/// The store as the desk uses it: several `casedesk` processes on one file, a writer killed in the
/// middle, someone at the file with sqlite3, hostile text, every move from the command line.
@Suite("Reliability with the real casedesk binary", .serialized, .enabled(if: CaseDeskBinary.isAvailable, Comment(rawValue: CaseDeskBinary.missing)))
struct ReliabilityTests {
    // MARK: Several processes

    @Test("four processes write 100 notes each to one case at once: 401 events, no busy error, verify clean")
    func concurrentWriters() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        let opened = try desk.run("new", "--kind", "complaint", "--channel", "email", "--customer", "Élodie Müller",
                                  "--contact", "elodie@example.fr", "--subject", "Transfert bloqué")
        try #require(opened.status == 0, "new: \(opened.err)")

        let writers = try (1...4).map { writer in
            try CaseDeskBinary.startShell("""
                i=1
                while [ $i -le 100 ]; do
                  "$CASEDESK_BIN" note 1 "writer \(writer) note $i" --db "$DB" > /dev/null || echo "writer \(writer): exit $? at note $i" >&2
                  i=$((i+1))
                done
                """, environment: ["DB": desk.db], stdout: desk.folder.file("writer\(writer).out"),
                stderr: desk.folder.file("writer\(writer).err"), in: desk.folder)
        }
        for process in writers { process.waitUntilExit() }
        for writer in 1...4 {
            #expect(writers[writer - 1].terminationStatus == 0)
            let errors = try String(contentsOfFile: desk.folder.file("writer\(writer).err"), encoding: .utf8)
            #expect(errors.isEmpty, "writer \(writer) reported: \(errors.prefix(2000))")
        }

        let store = try SQLiteCaseStore.open(path: desk.db)
        let events = try store.events(of: 1)
        #expect(events.count == 401)
        #expect(events.map(\.sequence) == Array(1...401))
        let notes = try store.caseState(1).notes.map(\.text)
        #expect(Set(notes) == Set((1...4).flatMap { writer in (1...100).map { "writer \(writer) note \($0)" } }))
        #expect(notes.count == 400)
        // Each writer's notes in the order it wrote them.
        for writer in 1...4 {
            let own = notes.filter { $0.hasPrefix("writer \(writer) ") }
            #expect(own == (1...100).map { "writer \(writer) note \($0)" })
        }
        let verify = try desk.run("verify")
        #expect(verify.status == 0, "verify: \(verify.out) \(verify.err)")
        #expect(verify.out.contains("checked 1 cases, 401 events"))
    }

    @Test("four sweeps at once write each lapse once")
    func concurrentSweeps() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        // Formal complaints answered in 2025: their windows ran out long ago.
        let store = try SQLiteCaseStore.open(path: desk.db)
        let me = Actor(account: Identity.currentAccount())
        for index in 0..<6 {
            let received = at("2025-03-0\(3 + index)T10:00:00+01:00")
            let number = try store.open(complaint(received: received, stage: .headOfSupport), by: me, at: received).number
            _ = try store.record(.responded(.init(summary: "answer", at: received.addingTimeInterval(86_400))), on: number,
                                 expectedVersion: nil, by: me, at: received.addingTimeInterval(86_400))
        }
        let sweepers = try (1...4).map { index in
            try CaseDeskBinary.startShell("\"$CASEDESK_BIN\" sweep --json --db \"$DB\"", environment: ["DB": desk.db],
                                          stdout: desk.folder.file("sweep\(index).out"), stderr: desk.folder.file("sweep\(index).err"),
                                          in: desk.folder)
        }
        var lapsed: [Int] = []
        for (index, sweeper) in sweepers.enumerated() {
            sweeper.waitUntilExit()
            #expect(sweeper.terminationStatus == 0, "\((try? String(contentsOfFile: desk.folder.file("sweep\(index + 1).err"), encoding: .utf8)) ?? "")")
            let output = try Data(contentsOf: URL(fileURLWithPath: desk.folder.file("sweep\(index + 1).out")))
            lapsed += try #require(try JSONSerialization.jsonObject(with: output) as? [String: [Int]])["lapsed"] ?? []
        }
        #expect(lapsed.sorted() == Array(1...6), "each case lapsed by exactly one sweeper")
        for number in 1...6 {
            let events = try store.events(of: CaseNumber(number))
            #expect(events.map(\.change.type) == ["received", "responded", "lapsed"])
        }
        #expect(try desk.run("sweep").out == "no window has run out\n")
        #expect(try desk.run("verify").status == 0)
    }

    @Test("a writer killed with SIGKILL mid-run: what it reported is there, nothing half-written, the store goes on")
    func killedWriter() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        try #require(try desk.run("new", "--kind", "complaint", "--channel", "email", "--customer", "Kim", "--contact", "kim@example.org",
                                  "--subject", "Slow transfer").status == 0)
        let progress = desk.folder.file("killed.out")
        let writer = try CaseDeskBinary.startShell("""
            i=0
            while :; do
              i=$((i+1))
              "$CASEDESK_BIN" note 1 "killed writer note $i" --db "$DB" > /dev/null 2>&1 || exit 3
              echo "written $i"
            done
            """, environment: ["DB": desk.db], stdout: progress, stderr: desk.folder.file("killed.err"), in: desk.folder)
        // A second, steady writer on the same case while the first one dies.
        let steady = try CaseDeskBinary.startShell("""
            i=1
            while [ $i -le 30 ]; do
              "$CASEDESK_BIN" note 1 "steady writer note $i" --db "$DB" > /dev/null || echo "steady: exit $? at note $i" >&2
              i=$((i+1))
            done
            """, environment: ["DB": desk.db], stdout: desk.folder.file("steady.out"), stderr: desk.folder.file("steady.err"), in: desk.folder)

        func reported() -> [Int] {
            let text = (try? String(contentsOfFile: progress, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { line in
                line.hasPrefix("written ") ? Int(line.dropFirst("written ".count)) : nil
            }
        }
        // Wait for some writes (a guard against a stuck writer, not a timing assertion).
        let deadline = Date().addingTimeInterval(60)
        while reported().count < 25, writer.isRunning, Date() < deadline { usleep(20_000) }
        try #require(writer.isRunning, "the writer stopped by itself: \((try? String(contentsOfFile: desk.folder.file("killed.err"), encoding: .utf8)) ?? "")")
        try #require(reported().count >= 25, "the writer wrote only \(reported().count) notes in a minute")

        // Stop the loop so it starts nothing new, kill the casedesk it is running, then the loop.
        kill(writer.processIdentifier, SIGSTOP)
        let children = CaseDeskBinary.children(of: writer.processIdentifier)
        for child in children { kill(child, SIGKILL) }
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        #expect(writer.terminationReason == .uncaughtSignal)
        steady.waitUntilExit()
        #expect(steady.terminationStatus == 0)
        #expect(try String(contentsOfFile: desk.folder.file("steady.err"), encoding: .utf8).isEmpty)

        let written = reported()
        #expect(written == Array(1...written.count), "the writer reports each note once, in order")
        let store = try SQLiteCaseStore.open(path: desk.db)
        let notes = try store.caseState(1).notes.map(\.text)
        let killedNotes = notes.filter { $0.hasPrefix("killed writer note ") }
        // Every reported note is there; at most the one being written when the kill came is there unreported.
        #expect(killedNotes.count == written.count || killedNotes.count == written.count + 1,
                "\(written.count) reported, \(killedNotes.count) in the trail")
        #expect(killedNotes == (1...max(1, killedNotes.count)).map { "killed writer note \($0)" })
        #expect(notes.filter { $0.hasPrefix("steady writer note ") } == (1...30).map { "steady writer note \($0)" })
        let events = try store.events(of: 1)
        #expect(events.map(\.sequence) == Array(1...events.count))
        #expect(events.count == 1 + killedNotes.count + 30)
        #expect(try store.verify().isClean)
        let verify = try desk.run("verify")
        #expect(verify.status == 0, "verify: \(verify.out) \(verify.err)")

        let after = try desk.run("note", "1", "written after the kill")
        #expect(after.status == 0, "note after the kill: \(after.err)")
        #expect(try store.caseState(1).notes.last?.text == "written after the kill")
        #expect(try desk.run("verify").status == 0)
    }

    @Test("casedesk init under a strict umask still makes a store the desk group can share (0660)")
    func initModeUnderStrictUmask() throws {
        let folder = try TemporaryDirectory("casedesk-cli")
        defer { folder.remove() }
        let db = folder.file("shared/cases.sqlite")
        let shell = try CaseDeskBinary.startShell("umask 077; \"$CASEDESK_BIN\" init --db \"$DB\"", environment: ["DB": db],
                                                  stdout: folder.file("init.out"), stderr: folder.file("init.err"), in: folder)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0, "\((try? String(contentsOfFile: folder.file("init.err"), encoding: .utf8)) ?? "")")
        #expect(try SQLiteCaseStoreFileTests.mode(db) == 0o660)
        let again = try CaseDeskBinary.run(["init", "--db", db], in: folder)
        #expect(again.status == 1)
        #expect(again.err == "casedesk: a case store already exists at \(db)\n")
    }

    @Test("UPDATE and DELETE on the trail through sqlite3 are refused by the triggers",
          .enabled(if: CaseDeskBinary.sqlite3 != nil, "sqlite3 is not installed (make setup installs it)"))
    func sqliteShellCannotRewriteTheTrail() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        try #require(try desk.run("new", "--kind", "complaint", "--channel", "email", "--customer", "Kim", "--contact", "kim@example.org",
                                  "--subject", "Slow transfer").status == 0)
        try #require(try desk.run("note", "1", "first note").status == 0)
        let sqlite3 = try #require(CaseDeskBinary.sqlite3)
        for (sql, message) in [("UPDATE events SET actor = 'mallory';", "events cannot be changed"),
                               ("DELETE FROM events WHERE seq = 2;", "events cannot be deleted"),
                               ("DELETE FROM events;", "events cannot be deleted"),
                               ("UPDATE desk_events SET actor = 'mallory';", "events cannot be changed")] {
            let result = try CaseDeskBinary.runProcess(sqlite3, [desk.db, sql], in: desk.folder)
            #expect(result.status != 0, "\(sql) exited 0")
            #expect(result.err.contains("append-only"), "\(sql): \(result.err)")
            #expect(result.err.contains(message), "\(sql): \(result.err)")
        }
        let json = try desk.show(1)
        #expect((json["events"] as? [[String: Any]])?.map { $0["actor"] as? String } == ["root", "root"])
        #expect(try desk.run("verify").status == 0)
    }

    // MARK: Text

    /// Scalars that must never reach a terminal from stored text: C0 controls but the line feed,
    /// DEL, C1 controls, bidirectional overrides and isolates.
    static func driving(_ output: String) -> [Unicode.Scalar] {
        output.unicodeScalars.filter { scalar in
            switch scalar.value {
            case 0x0A: false
            case 0x00...0x1F, 0x7F, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
            default: false
            }
        }
    }

    static let hostile = [
        "O'Brien \"the\" `quoted` \\ back\\slash $HOME $(id) %s %n",
        "'); DROP TABLE cases; --",
        "\u{1B}[2J\u{1B}]0;pwned\u{07}\u{1B}[31mred\u{1B}[0m \r\u{9B}6n\u{7F} tab\there",
        "مرحبا بالعالم — שלום עולם \u{202E}fdp.exe\u{202C}",
        "域名转移被阻止 — ドメイン移管 — 도메인 이전 👩‍👩‍👧‍👦 🇩🇪",
    ]

    @Test("hostile text round-trips through new, note and show --json, and show, list and search never print it raw")
    func hostileText() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        for (index, text) in Self.hostile.enumerated() {
            let number = index + 1
            let description = text + "\n" + text
            let created = try desk.run("new", "--kind", "complaint", "--channel", "email", "--customer", text, "--contact", "x@example.org",
                                       "--account", text, "--subject", text, "--description", description)
            #expect(created.status == 0, "new: \(created.err)")
            #expect(Self.driving(created.out).isEmpty)
            let noted = try desk.run("note", String(number), text)
            #expect(noted.status == 0, "note: \(noted.err)")

            let json = try desk.show(number)
            #expect(json["customer"] as? String == text)
            #expect(json["account"] as? String == text)
            #expect(json["subject"] as? String == text)
            #expect(json["description"] as? String == description)
            #expect((json["notes"] as? [[String: Any]])?.map { $0["text"] as? String } == [text])
            let shown = try desk.run("show", String(number), "--json")
            #expect(!shown.stdout.contains(0x1B), "JSON output escapes control characters")

            let human = try desk.run("show", String(number))
            #expect(human.status == 0)
            #expect(Self.driving(human.out).isEmpty, "show \(number) printed \(Self.driving(human.out).map { String($0.value, radix: 16) })")
            #expect(human.out.contains("Case \(number)"))
        }
        for arguments in [["list", "--all"], ["list"], ["search", "DROP"], ["search", "שלום"], ["search", "--all", "red"], ["staff"]] {
            let result = try desk.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.err)")
            #expect(Self.driving(result.out).isEmpty, "\(arguments) printed \(Self.driving(result.out).map { String($0.value, radix: 16) })")
        }
        let search = try desk.run("search", "DROP", "TABLE", "--json")
        let rows = try #require(try JSONSerialization.jsonObject(with: search.stdout) as? [[String: Any]])
        #expect(rows.map { $0["number"] as? Int } == [2])
        #expect(rows.first?["customer"] as? String == Self.hostile[1])
        // The SQL did nothing: every case is still there.
        #expect(try SQLiteCaseStore.open(path: desk.db).count(QueueQuery(scope: .all), now: Date()) == Self.hostile.count)
        #expect(try desk.run("verify").status == 0)
    }

    @Test("a 1 MB description: stored through the store (an argument holds at most 128 KiB on Linux), shown exactly")
    func megabyteDescription() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        // The largest argument Linux passes (MAX_ARG_STRLEN, 32 pages) goes through the command line…
        let large = String(repeating: "Ünïcödé ✓ 日本 \u{1B}[1m — ", count: 4_000)
        #expect(large.utf8.count > 100_000)
        let viaArgument = try desk.run("new", "--kind", "feedback", "--channel", "web", "--customer", "Big", "--contact", "big@example.org",
                                       "--subject", "Large", "--description", large)
        #expect(viaArgument.status == 0, "new: \(viaArgument.err)")
        #expect(try desk.show(1)["description"] as? String == large)
        // …a megabyte does not; the store takes it and the command line shows it.
        let megabyte = String(repeating: "Ünïcödé ✓ 日本 \u{1B}[1m — ", count: 40_000)
        #expect(megabyte.utf8.count > 1_000_000)
        let store = try SQLiteCaseStore.open(path: desk.db)
        let now = Millis.truncate(Date())
        let state = try store.open(Intake(kind: .complaint, channel: .letter, received: now, customer: "Long Letter",
                                          contact: "long@example.org", subject: "Twelve pages", description: megabyte),
                                   by: Actor(account: Identity.currentAccount()), at: now)
        let json = try desk.show(Int(state.number))
        #expect(json["description"] as? String == megabyte)
        let human = try desk.run("show", String(state.number))
        #expect(human.status == 0)
        #expect(human.stdout.count > 1_000_000)
        #expect(Self.driving(human.out).isEmpty)
        #expect(try desk.run("search", "unicode").status == 0)
        #expect(try desk.run("verify").status == 0)
    }

    // MARK: The command line

    /// JSON's null, or a key left out (the encoder leaves absent values out).
    func isNull(_ value: Any?) -> Bool { value == nil || value is NSNull }

    /// A JSON clock of `show --json` by kind.
    static func clocks(_ json: [String: Any]) -> [String: [String: Any]] {
        var result: [String: [String: Any]] = [:]
        for clock in json["clocks"] as? [[String: Any]] ?? [] {
            if let kind = clock["kind"] as? String { result[kind] = clock }
        }
        return result
    }

    @Test("a complaint goes supervisor → head → escalation → final response from the command line, show --json true at each step",
          .enabled(if: CaseDeskBinary.isRoot, "acting for other staff (--as) needs root; run the tests as root to check the whole journey"))
    func journeyFromTheCommandLine() throws {
        let desk = try CommandLineDesk(roles: "admin")
        defer { desk.remove() }
        for (account, role) in [("sup", "supervisor"), ("hed", "head")] {
            let added = try desk.run("staff", "add", account, "--role", role)
            try #require(added.status == 0, "staff add: \(added.err)")
        }
        // Everything happened in the last hour or two, so every time given is in the past.
        let calendar = BusinessCalendar.saarland
        let base = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 7200).rounded(.down))
        func t(_ minutes: Double) -> Date { base.addingTimeInterval(minutes * 60) }
        func text(_ minutes: Double) -> String { calendar.iso8601(t(minutes)) }
        func due(_ minutes: Double, _ days: Int) -> String { calendar.iso8601(calendar.due(received: t(minutes), businessDays: days)) }
        func step(_ arguments: String..., as account: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
            let result = try desk.run(arguments + ["--as", account])
            try #require(result.status == 0, "\(arguments.joined(separator: " ")): \(result.err)", sourceLocation: sourceLocation)
            return try desk.show(1, sourceLocation: sourceLocation)
        }

        var json = try step("new", "--kind", "complaint", "--channel", "email", "--received", text(0), "--customer", "Élodie Müller",
                            "--contact", "elodie@example.fr", "--account", "K-1001", "--domain", "müller.de",
                            "--subject", "Transfert bloqué", "--description", "Le transfert est bloqué.", as: "sup")
        #expect(json["number"] as? Int == 1)
        #expect(json["stage"] as? String == "supervisor")
        #expect(json["status"] as? String == "open")
        #expect(json["version"] as? Int == 1)
        #expect(json["next_clock"] as? String == "target")
        #expect((json["domains"] as? [[String: String]])?.first == ["unicode": "müller.de", "ascii": "xn--mller-kva.de"])
        #expect(Self.clocks(json)["target"]?["status"] as? String == "open")
        #expect(Self.clocks(json)["target"]?["due"] as? String == due(0, 10))
        #expect(Self.clocks(json)["target"]?["target"] as? Bool == true)

        json = try step("respond", "1", "--summary", "Explained the transfer lock", "--at", text(5), as: "sup")
        #expect(Self.clocks(json)["target"]?["status"] as? String == "met")
        #expect(Self.clocks(json)["target"]?["at"] as? String == text(5))
        #expect(isNull(json["next_clock"]))

        json = try step("formal", "1", "--received", text(10), as: "sup")
        #expect(json["stage"] as? String == "head")
        #expect(json["next_clock"] as? String == "ack")
        #expect(Self.clocks(json)["ack"]?["status"] as? String == "open")
        #expect(Self.clocks(json)["ack"]?["due"] as? String == due(10, 2))
        #expect(Self.clocks(json)["respond"]?["due"] as? String == due(10, 10))
        #expect(Self.clocks(json)["respond"]?["status"] as? String == "open")

        // The supervisor may not acknowledge at stage 2.
        let refused = try desk.run("ack", "1", "--as", "sup")
        #expect(refused.status == 1)
        #expect(refused.err.contains("that takes the role head"))

        json = try step("ack", "1", "--at", text(15), as: "hed")
        #expect(Self.clocks(json)["ack"]?["status"] as? String == "met")
        #expect(json["next_clock"] as? String == "respond")

        let promised = calendar.businessDay(11, after: calendar.localDate(of: t(10)))
        json = try step("extend", "1", "--until", promised.description, "--at", text(20), as: "hed")
        #expect(Self.clocks(json)["respond"]?["due"] as? String == calendar.iso8601(calendar.endOfDay(promised)))
        #expect(Self.clocks(json)["respond"]?["status"] as? String == "open")

        json = try step("respond", "1", "--summary", "Lock removed, apology", "--at", text(25), as: "hed")
        #expect(Self.clocks(json)["respond"]?["status"] as? String == "met")
        #expect(Self.clocks(json)["window"]?["status"] as? String == "open")
        #expect(Self.clocks(json)["window"]?["due"] as? String == due(25, 20))
        #expect(json["next_clock"] as? String == "window")
        #expect(json["stage"] as? String == "head")

        json = try step("escalate", "1", "--channel", "email", "--subject", "Beschwerde: Transfer noch immer blockiert", "--received", text(30),
                        "--name", "--contact", "--account", "--domains", "--description", "--measures", "--previous", as: "hed")
        #expect(json["stage"] as? String == "escalation")
        let checklist = try #require(json["checklist"] as? [String: Any])
        #expect(checklist["complete"] as? Bool == true)
        #expect(checklist["marker_found"] as? Bool == true)
        #expect(checklist["late"] as? Bool == false)
        #expect(checklist["missing"] as? [String] == [])
        #expect(Self.clocks(json)["window"]?["status"] as? String == "met")
        #expect(Self.clocks(json)["escalation-ack"]?["due"] as? String == due(30, 2))
        #expect(Self.clocks(json)["final"]?["due"] as? String == due(30, 10))
        #expect(Self.clocks(json)["final"]?["status"] as? String == "open")
        #expect(json["next_clock"] as? String == "escalation-ack")

        json = try step("ack", "1", "--at", text(35), as: "hed")
        #expect(Self.clocks(json)["escalation-ack"]?["status"] as? String == "met")
        #expect(json["next_clock"] as? String == "final")

        json = try step("final", "1", "--summary", "Final answer", "--at", text(40), as: "hed")
        #expect(json["stage"] as? String == "final")
        #expect(json["status"] as? String == "closed")
        #expect((json["closure"] as? [String: Any])?["reason"] as? String == "final")
        #expect(isNull(json["next_clock"]))
        #expect(json["version"] as? Int == 9)
        let kinds = (json["clocks"] as? [[String: Any]])?.map { $0["kind"] as? String }
        #expect(kinds == ["target", "ack", "respond", "window", "escalation-ack", "final"])
        #expect((json["clocks"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "met" } == true)
        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.map { $0["type"] as? String } == ["received", "responded", "formal_complaint", "acknowledged", "extension_notified",
                                                         "responded", "escalation_received", "acknowledged", "final_response"])
        #expect(events.map { $0["actor"] as? String } == ["sup", "sup", "sup", "hed", "hed", "hed", "hed", "hed", "hed"])
        #expect(events.allSatisfy { $0["via"] as? String == Identity.currentAccount() })
        let closed = try desk.run("list", "--closed", "--json")
        #expect((try JSONSerialization.jsonObject(with: closed.stdout) as? [[String: Any]])?.map { $0["number"] as? Int } == [1])
        #expect(try desk.run("verify").status == 0)
    }

    @Test("a viewer is refused every write command (exit 1) and may write a handover note",
          .enabled(if: CaseDeskBinary.isRoot, "acting as a viewer (--as) needs root; run the tests as root to check it"))
    func viewerRefusedFromTheCommandLine() throws {
        let desk = try CommandLineDesk(roles: "admin,supervisor,head")
        defer { desk.remove() }
        try #require(try desk.run("staff", "add", "vwr", "--role", "viewer").status == 0)
        try #require(try desk.run("staff", "add", "sup", "--role", "supervisor").status == 0)
        func open(_ extra: String...) throws {
            let result = try desk.run(["new", "--kind", "complaint", "--channel", "email", "--customer", "Kim", "--contact", "kim@example.org",
                                       "--subject", "Slow transfer"] + extra)
            try #require(result.status == 0, "new: \(result.err)")
        }
        try open("--stage", "head")   // 1: at the head of support
        try open()                    // 2: at the supervisor
        try open()                    // 3: closed
        try #require(try desk.run("close", "3", "--reason", "satisfied").status == 0)
        let policy = desk.folder.file("policy.toml")
        try "[clocks]\nrespond = 12\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let promised = BusinessCalendar.saarland.businessDay(30, after: BusinessCalendar.saarland.localDate(of: Date())).description

        let writes: [[String]] = [
            ["new", "--kind", "complaint", "--channel", "email", "--customer", "V", "--contact", "v@example.org", "--subject", "S"],
            ["assign", "1", "--to", "sup"], ["assign", "1", "--me"],
            ["note", "1", "not a handover note"],
            ["ack", "1"], ["extend", "1", "--until", promised], ["respond", "1", "--summary", "answer"],
            ["formal", "2"], ["respond", "2", "--summary", "answer"], ["close", "2", "--reason", "withdrawn"],
            ["escalate", "1", "--channel", "email", "--subject", "complaint"], ["complete", "1"],
            ["accept-late", "1", "--reason", "why"], ["refuse-late", "1", "--reason", "why"],
            ["final", "1", "--summary", "final"], ["close", "1", "--reason", "satisfied"], ["reopen", "3", "--reason", "look again"],
            ["pause", "1"], ["resume", "1"], ["mitigate", "1", "--action", "clientHold", "--evidence", "screenshot"],
            ["staff", "add", "eve", "--role", "admin"], ["staff", "remove", "sup"],
            ["config", "policy", policy], ["config", "calendar", "--reset"],
        ]
        for arguments in writes {
            let result = try desk.run(arguments + ["--as", "vwr"])
            #expect(result.status == 1, "\(arguments.joined(separator: " ")) as a viewer exited \(result.status): \(result.out) \(result.err)")
            #expect(result.errorLines.count == 1, "\(arguments.joined(separator: " ")): \(result.err)")
            #expect(result.err.hasPrefix("casedesk: vwr (viewer) may not"), "\(arguments.joined(separator: " ")): \(result.err)")
        }
        for (number, version) in [(1, 1), (2, 1), (3, 2)] {
            #expect(try desk.show(number)["version"] as? Int == version, "case \(number) was written to")
        }
        let staff = try desk.run("staff", "--json")
        #expect((try JSONSerialization.jsonObject(with: staff.stdout) as? [[String: Any]])?.map { $0["account"] as? String }
                == ["root", "sup", "vwr"])

        let handover = try desk.run("note", "1", "Customer calls back at 15:00", "--handover", "--as", "vwr")
        #expect(handover.status == 0, "handover note: \(handover.err)")
        let notes = try #require(try desk.show(1)["notes"] as? [[String: Any]])
        #expect(notes.map { $0["by"] as? String } == ["vwr"])
        #expect(notes.first?["handover"] as? Bool == true)
        #expect(try desk.run("verify").status == 0)
    }

    @Test("an empty required field on a case exits 2, naming the case and the field")
    func emptyFieldsExitTwo() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        try #require(try desk.run("new", "--kind", "complaint", "--channel", "email", "--customer", "Kim", "--contact", "kim@example.org",
                                  "--subject", "S").status == 0)
        let cases: [([String], String)] = [
            (["respond", "1", "--summary", " "], "cannot record the response on case 1: the summary of the response is empty"),
            (["note", "1", "  "], "cannot add a note to case 1: the note is empty"),
            (["close", "1", "--reason", "duplicate"], "cannot close case 1: a duplicate closure names the case it duplicates"),
        ]
        for (arguments, message) in cases {
            let result = try desk.run(arguments)
            #expect(result.status == 2, "\(arguments.joined(separator: " ")) exited \(result.status): \(result.err)")
            #expect(result.errorLines.count == 1, "\(arguments.joined(separator: " ")): \(result.err)")
            #expect(result.err.contains(message), "\(arguments.joined(separator: " ")): \(result.err)")
            #expect(result.out.isEmpty)
        }
        #expect(try desk.show(1)["version"] as? Int == 1)
    }

    @Test("usage errors exit 2; refusals exit 1 with one line on stderr naming the case")
    func exitCodes() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        let intake = ["new", "--kind", "complaint", "--channel", "email", "--customer", "Kim", "--contact", "kim@example.org", "--subject", "S"]
        try #require(try desk.run(intake).status == 0)

        func replacing(_ option: String, with value: String) -> [String] {
            var arguments = intake
            arguments[arguments.firstIndex(of: option)! + 1] = value
            return arguments
        }
        let usage: [[String]] = [
            intake + ["--received", "2027-13-45"],
            intake + ["--received", "yesterday"],
            replacing("--kind", with: "complain"),
            replacing("--channel", with: "pigeon"),
            intake + ["--domain", "exa mple.com"],
            intake + ["--domain", "-bad-.com"],
            replacing("--customer", with: ""),
            replacing("--customer", with: "   "),
            replacing("--subject", with: ""),
            ["new", "--kind", "complaint"],
            ["ack", "one"],
            ["ack", "1", "--at", "2027-02-30T10:00"],
            ["extend", "1", "--until", "next week"],
            ["list", "--due", "someday"],
            ["list", "--closed", "--all"],
            ["close", "1", "--reason", "lapsed"],
            ["escalate", "1", "--channel", "email", "--items", "name,bribe"],
            ["staff", "add", "eve", "--role", "king"],
        ]
        for arguments in usage {
            let result = try desk.run(arguments)
            #expect(result.status == 2, "\(arguments.joined(separator: " ")) exited \(result.status): \(result.err)")
            #expect(!result.err.isEmpty)
            #expect(result.out.isEmpty, "\(arguments.joined(separator: " ")) printed \(result.out)")
        }
        #expect(try desk.show(1)["version"] as? Int == 1)
        #expect(try SQLiteCaseStore.open(path: desk.db).count(QueueQuery(scope: .all), now: Date()) == 1)
        // A negative number is read as the option's value (not as a missing one) and refused as such.
        let negatives: [([String], String)] = [
            (["handover", "--events", "-1"], "--events -1: a number of events, 0 for every one"),
            (["list", "--limit", "-1"], "--limit must be between 1 and 100000"),
            (["list", "--offset", "-3"], "--offset must be 0 or more"),
            (["search", "refund", "--limit", "-2"], "--limit must be between 1 and 100000"),
            (["demo", "--cases", "-5"], "--cases must be between 1 and 10000000"),
        ]
        for (arguments, message) in negatives {
            let result = try desk.run(arguments)
            #expect(result.status == 2 && result.err.contains(message), "\(arguments.joined(separator: " ")): \(result.err)")
        }

        try #require(try desk.run("note", "1", "first").status == 0)
        let future = BusinessCalendar.saarland.iso8601(Date().addingTimeInterval(86_400 * 3))
        let refusals: [([String], String)] = [
            (["ack", "1"], "cannot acknowledge case 1: it is at the supervisor stage"),
            (["respond", "1", "--summary", "x", "--at", future], "cannot record the response on case 1: the time of the response"),
            (["note", "1", "stale", "--if-version", "1"], "case 1 changed after you read it (version 1): root added a note"),
            (["reopen", "1", "--reason", "why"], "cannot reopen case 1: it is open"),
            (["note", "7", "hello"], "there is no case 7"),
            (["show", "7"], "there is no case 7"),
            (["assign", "1", "--to", "ghost"], "case 1: ghost is not on this desk's staff"),
        ]
        for (arguments, message) in refusals {
            let result = try desk.run(arguments)
            #expect(result.status == 1, "\(arguments.joined(separator: " ")) exited \(result.status): \(result.err)")
            #expect(result.errorLines.count == 1, "\(arguments.joined(separator: " ")): \(result.err)")
            #expect(result.err.hasPrefix("casedesk: "))
            #expect(result.err.contains(message), "\(arguments.joined(separator: " ")): \(result.err)")
            #expect(result.err.contains("case \(arguments[1])"), "names the case: \(result.err)")
        }
        #expect(try desk.show(1)["version"] as? Int == 2)

        // No store at all: a refusal, saying how to make one.
        let missing = try CaseDeskBinary.run(["list", "--db", desk.folder.file("none.sqlite")], in: desk.folder)
        #expect(missing.status == 1)
        #expect(missing.err.contains("casedesk init"))
    }
}
