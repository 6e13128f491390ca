import CaseStore
import Foundation
import Testing

/// Faults around creating and opening a store, with the real binary.
@Suite("Creating and opening a store under faults", .serialized,
       .enabled(if: CaseDeskBinary.isAvailable, Comment(rawValue: CaseDeskBinary.missing)))
struct StoreFaultTests {
    @Test("six inits at once: exactly one creates the store and its admin; the others are refused in one line")
    func concurrentInits() throws {
        let folder = try TemporaryDirectory("casedesk-inits")
        defer { folder.remove() }
        let db = folder.file("cases.sqlite")
        let processes = try (0..<6).map { index in
            try CaseDeskBinary.startShell("exec \"$CASEDESK_BIN\" init --db \"$DB\"", environment: ["DB": db],
                                          stdout: folder.file("out-\(index)"), stderr: folder.file("err-\(index)"), in: folder)
        }
        for process in processes { process.waitUntilExit() }
        let statuses = processes.map(\.terminationStatus)
        #expect(statuses.filter { $0 == 0 }.count == 1, "\(statuses)")
        for index in 0..<6 where statuses[index] != 0 {
            let error = try String(contentsOfFile: folder.file("err-\(index)"), encoding: .utf8)
            #expect(error == "casedesk: a case store already exists at \(db)\n")
        }
        let store = try SQLiteCaseStore.open(path: db)
        #expect(try store.staff().map(\.account) == [Identity.currentAccount()])
        #expect(try store.verify().isClean)
    }

    @Test("an empty file, or one a killed init left, is finished by init; a file that is no store is named so")
    func emptyAndKilled() throws {
        let folder = try TemporaryDirectory("casedesk-killed-init")
        defer { folder.remove() }
        let empty = folder.file("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: empty, contents: nil))
        let listed = try CaseDeskBinary.run(["list", "--db", empty], in: folder)
        #expect(listed.status == 1 && listed.err.contains("create a store with casedesk init"), "\(listed.err)")
        let finished = try CaseDeskBinary.run(["init", "--db", empty], in: folder)
        #expect(finished.status == 0, "\(finished.err)")

        // Killed at several points of its work, init never leaves a dead end.
        for (attempt, delay) in [0, 2_000, 5_000, 10_000, 20_000, 40_000, 80_000].enumerated() {
            let db = folder.file("killed-\(attempt).sqlite")
            let process = try CaseDeskBinary.startShell("exec \"$CASEDESK_BIN\" init --db \"$DB\"", environment: ["DB": db],
                                                        stdout: folder.file("k-out"), stderr: folder.file("k-err"), in: folder)
            usleep(useconds_t(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let again = try CaseDeskBinary.run(["init", "--db", db], in: folder)
            #expect(again.status == 0 || again.err == "casedesk: a case store already exists at \(db)\n", "after \(delay) µs: \(again.err)")
            let staff = try CaseDeskBinary.run(["staff", "--db", db, "--json"], in: folder)
            #expect(staff.status == 0, "after \(delay) µs: \(staff.err)")
            #expect(try CaseDeskBinary.run(["verify", "--db", db], in: folder).status == 0)
        }

        let garbage = folder.file("garbage.sqlite")
        try Data("not a database, but someone's notes".utf8).write(to: URL(fileURLWithPath: garbage))
        let refused = try CaseDeskBinary.run(["init", "--db", garbage], in: folder)
        #expect(refused.status == 1)
        #expect(refused.err.contains("\(garbage) is not a casedesk store"), "\(refused.err)")
    }

    @Test("a policy change rebuilds the cases in batches of separate transactions; one cut short is finished by sweep",
          .enabled(if: CaseDeskBinary.sqlite3 != nil, "needs the sqlite3 tool"))
    func policyChangeInBatches() throws {
        let folder = try TemporaryDirectory("casedesk-policy-batches")
        defer { folder.remove() }
        let db = folder.file("cases.sqlite")
        try #require(try CaseDeskBinary.run(["init", "--db", db], in: folder).status == 0)
        let demo = try CaseDeskBinary.run(["demo", "--cases", "2500", "--db", db], in: folder)
        try #require(demo.status == 0, "\(demo.err)")
        // Each batch's commit moves the marker: a trigger the test adds counts them.
        try sqlite(db, """
            CREATE TABLE batch_log (value TEXT);
            CREATE TRIGGER log_batches AFTER UPDATE ON meta WHEN new.key = 'reproject_from' BEGIN INSERT INTO batch_log VALUES (new.value); END;
            """)
        let policy = folder.file("policy.toml")
        // Clocks keep their rules; what the cases' rows follow is the policy's lists (statistics' codes).
        try Data("[clocks]\nacknowledge = 3\nrespond = 12\n[complaints]\ntypes = [\"billing\", \"other\"]\n".utf8)
            .write(to: URL(fileURLWithPath: policy))
        let changed = try CaseDeskBinary.run(["config", "policy", policy, "--db", db], in: folder)
        #expect(changed.status == 0, "\(changed.err)")
        #expect(try sqlite(db, "SELECT group_concat(value) FROM batch_log") == "1001,2001\n", "two batches of 1,000 passed on, the last ended it")
        #expect(try sqlite(db, "SELECT count(*) FROM meta WHERE key = 'reproject_from'") == "0\n")
        #expect(try CaseDeskBinary.run(["verify", "--db", db], in: folder).status == 0)

        // A change cut short after its commit and one batch (the second batch is made to fail, as a
        // killed process would leave it): the rest is still to rebuild, and sweep finishes it.
        try sqlite(db, """
            CREATE TRIGGER cut_short BEFORE UPDATE ON meta WHEN new.key = 'reproject_from' AND new.value = '2001'
              BEGIN SELECT RAISE(ABORT, 'cut short'); END;
            """)
        try Data("[clocks]\nacknowledge = 4\nrespond = 15\n[complaints]\ntypes = [\"other\", \"billing\"]\n".utf8)
            .write(to: URL(fileURLWithPath: policy))
        let cut = try CaseDeskBinary.run(["config", "policy", policy, "--db", db], in: folder)
        #expect(cut.status == 1 && cut.err.contains("cut short"), "\(cut.err)")
        try sqlite(db, "DROP TRIGGER cut_short")
        #expect(try sqlite(db, "SELECT value FROM meta WHERE key = 'reproject_from'") == "1001\n")
        // Clocks keep their rules, and the demo cases carry no complaint type: the rows not yet rebuilt are right already.
        #expect(try CaseDeskBinary.run(["verify", "--db", db], in: folder).status == 0)
        let swept = try CaseDeskBinary.run(["sweep", "--db", db], in: folder)
        #expect(swept.status == 0, "\(swept.err)")
        #expect(try sqlite(db, "SELECT count(*) FROM meta WHERE key = 'reproject_from'") == "0\n")
        let verified = try CaseDeskBinary.run(["verify", "--db", db], in: folder)
        #expect(verified.status == 0, "\(verified.out)")
    }

    @discardableResult
    private func sqlite(_ db: String, _ sql: String) throws -> String {
        let tool = try #require(CaseDeskBinary.sqlite3)
        let folder = try TemporaryDirectory("casedesk-sqlite3")
        defer { folder.remove() }
        let result = try CaseDeskBinary.runProcess(tool, [db, sql], in: folder)
        try #require(result.status == 0, "sqlite3: \(result.err)")
        return result.out
    }
}
