import CaseDesk
import CaseStore
import Foundation
import Testing

/// The queue's kept totals with several `casedesk` processes on one store, a SQLite file or a
/// PostgreSQL database: two writers at once, a writer and a demo load killed with SIGKILL in the
/// middle. Whatever committed is counted, nothing half-written is, and `verify` (which recounts)
/// stays clean.
@Suite("Kept totals with several processes", .serialized, .enabled(if: CaseDeskBinary.isAvailable, Comment(rawValue: CaseDeskBinary.missing)))
struct KeptTotalsProcessTests {
    /// The backends the tests run on: PostgreSQL where its server is installed.
    static let backends = ["SQLite"] + (PostgresTestCluster.isAvailable ? ["PostgreSQL"] : [])

    /// A desk of the command line on `backend` (PostgreSQL: a new database of the test cluster).
    static func desk(_ backend: String, roles: String = "supervisor,head") throws -> CommandLineDesk {
        try CommandLineDesk(roles: roles, db: backend == "PostgreSQL" ? try PostgresTestCluster.get().newDatabase() : nil)
    }

    /// A shell loop that opens cases, takes each, and closes every third; `limit` 0 runs until killed.
    static func writerLoop(_ name: String, limit: Int) -> String {
        """
        i=0
        while [ \(limit) -eq 0 ] || [ $i -lt \(limit) ]; do
          i=$((i+1))
          n=$("$CASEDESK_BIN" new --kind complaint --channel email --customer "\(name) $i" --contact c@example.org --subject "case $i" --db "$DB" | sed -n 's/^case \\([0-9]*\\) opened.*/\\1/p')
          [ -n "$n" ] || { echo "\(name): no case at $i" >&2; exit 3; }
          "$CASEDESK_BIN" assign "$n" --me --db "$DB" > /dev/null || { echo "\(name): assign failed at $i" >&2; exit 3; }
          if [ $((i % 3)) -eq 0 ]; then "$CASEDESK_BIN" close "$n" --reason invalid --db "$DB" > /dev/null || { echo "\(name): close failed at $i" >&2; exit 3; }; fi
          echo "written $i"
        done
        """
    }

    /// Every total the screen shows equals what the queue lists, and verify finds nothing.
    /// `everyFilter` false: the header's and a few filters' (a store of thousands; verify recounts every counter).
    static func expectTotalsEqualRecount(_ db: String, _ note: String, everyFilter: Bool = true,
                                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        let store = try CaseStores.open(path: db)
        let procedure = try store.procedure()
        for now in [Date(), Date().addingTimeInterval(30 * 86_400)] {
            let queries = everyFilter ? CaseStoreContract.countedQueries(now: now, calendar: procedure.calendar, policy: procedure.policy)
                : [QueueQuery(scope: .all), QueueQuery(due: .overdue), QueueQuery(due: .today), QueueQuery(unassigned: true, due: .week)]
            for query in queries {
                #expect(try store.count(query, now: now) == store.queue(query, page: .first(1_000_000), now: now).count, "\(note): \(query)",
                        sourceLocation: sourceLocation)
            }
            let counts = try store.counts(now: now)
            #expect(counts.open == (try store.queue(QueueQuery(), page: .first(1_000_000), now: now).count), "\(note)", sourceLocation: sourceLocation)
        }
        let report = try store.verify()
        #expect(report.isClean, "\(note): \(report.differences.prefix(5))", sourceLocation: sourceLocation)
    }

    @Test("two processes open, assign and close cases at once: the kept totals equal a recount", arguments: backends)
    func concurrentWriters(_ backend: String) throws {
        let desk = try Self.desk(backend)
        defer { desk.remove() }
        let writers = try ["first", "second"].map { name in
            try CaseDeskBinary.startShell(Self.writerLoop(name, limit: 15), environment: ["DB": desk.db], stdout: desk.folder.file("\(name).out"),
                                          stderr: desk.folder.file("\(name).err"), in: desk.folder)
        }
        for writer in writers { writer.waitUntilExit() }
        for (index, name) in ["first", "second"].enumerated() {
            #expect(writers[index].terminationStatus == 0, "\((try? String(contentsOfFile: desk.folder.file("\(name).err"), encoding: .utf8)) ?? "")")
        }
        let store = try CaseStores.open(path: desk.db)
        #expect(try store.count(QueueQuery(scope: .all), now: Date()) == 30)
        #expect(try store.count(QueueQuery(scope: .closed), now: Date()) == 10)
        try Self.expectTotalsEqualRecount(desk.db, "after two writers")
    }

    @Test("a writer and a demo load killed with SIGKILL mid-run: the kept totals count what committed, and go on", arguments: backends)
    func killedProcesses(_ backend: String) throws {
        let desk = try Self.desk(backend, roles: "admin,supervisor,head")
        defer { desk.remove() }
        let progress = desk.folder.file("killed.out")
        let writer = try CaseDeskBinary.startShell(Self.writerLoop("killed", limit: 0), environment: ["DB": desk.db], stdout: progress,
                                                   stderr: desk.folder.file("killed.err"), in: desk.folder)
        let steady = try CaseDeskBinary.startShell(Self.writerLoop("steady", limit: 8), environment: ["DB": desk.db],
                                                   stdout: desk.folder.file("steady.out"), stderr: desk.folder.file("steady.err"), in: desk.folder)
        func written() -> Int {
            ((try? String(contentsOfFile: progress, encoding: .utf8)) ?? "").split(separator: "\n").count
        }
        // Wait for some writes (a guard against a stuck writer, not a timing assertion).
        let deadline = Date().addingTimeInterval(60)
        while written() < 6, writer.isRunning, Date() < deadline { usleep(20_000) }
        try #require(writer.isRunning, "the writer stopped by itself: \((try? String(contentsOfFile: desk.folder.file("killed.err"), encoding: .utf8)) ?? "")")
        kill(writer.processIdentifier, SIGSTOP)
        for child in CaseDeskBinary.children(of: writer.processIdentifier) { kill(child, SIGKILL) }
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        steady.waitUntilExit()
        #expect(steady.terminationStatus == 0)
        try Self.expectTotalsEqualRecount(desk.db, "after the killed writer")
        #expect(try desk.run("assign", "1", "--nobody").status == 0, "the store goes on")
        try Self.expectTotalsEqualRecount(desk.db, "after a write following the kill")

        // A demo load writes its cases in transactions of thousands, counters and all: killed between them.
        let demoDesk = try Self.desk(backend, roles: "admin,supervisor,head")
        defer { demoDesk.remove() }
        let demo = try CaseDeskBinary.startShell("exec \"$CASEDESK_BIN\" demo --cases 20000 --db \"$DB\"", environment: ["DB": demoDesk.db],
                                                 stdout: demoDesk.folder.file("demo.out"), stderr: demoDesk.folder.file("demo.err"), in: demoDesk.folder)
        let store = try CaseStores.open(path: demoDesk.db)
        let demoDeadline = Date().addingTimeInterval(120)
        while demo.isRunning, Date() < demoDeadline, (try? store.count(QueueQuery(scope: .all), now: Date())) ?? 0 == 0 { usleep(20_000) }
        kill(demo.processIdentifier, SIGKILL)
        demo.waitUntilExit()
        let loaded = try store.count(QueueQuery(scope: .all), now: Date())
        #expect(loaded > 0, "some of the demo committed before the kill")
        try Self.expectTotalsEqualRecount(demoDesk.db, "after the killed demo load (\(loaded) cases)", everyFilter: false)
    }
}
