import CaseDesk
@testable import CaseStore
import Foundation
import Testing

/// The statistics counts kept by the write pipeline (issue 15) equal a recount of the cases after
/// every kind of write, with several processes writing at once and one of them killed.
@Suite("Statistics kept")
struct StatisticsKeptTests {
    static func kept(_ store: SQLiteCaseStore) throws -> (kept: StatisticsAggregate, recounted: StatisticsAggregate) {
        try store.read { db in (try SQLiteCaseStore.keptStatistics(db), try SQLiteCaseStore.recountStatistics(db)) }
    }

    @Test("after each kind of write the kept counts are a recount of the cases, and verify agrees")
    func everyKindOfWrite() throws {
        let folder = try TemporaryDirectory("casedesk-kept")
        defer { folder.remove() }
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin,
                                               roles: [.admin, .head, .supervisor, .abuse], at: at("2026-11-01T08:00:00+01:00"))
        let me = People.admin
        var steps = 0
        func check(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            steps += 1
            let (kept, recounted) = try Self.kept(store)
            #expect(kept == recounted, "after \(what)", sourceLocation: sourceLocation)
            let report = try store.verify()
            #expect(report.isClean, "after \(what): \(report.differences.prefix(3))", sourceLocation: sourceLocation)
        }
        func record(_ change: Change, _ number: CaseNumber, _ when: String) throws {
            _ = try store.record(change, on: number, expectedVersion: nil, by: me, at: at(when))
        }
        let received = at("2026-11-02T09:00:00+01:00")
        let formal = try store.open(complaint(received: received, stage: .headOfSupport), by: me, at: received).number
        let plain = try store.open(complaint(received: received), by: me, at: received).number
        let abuse = try store.open(abuseReport(received: received), by: me, at: received).number
        let routed = try store.open(feedback(received: received), by: me, at: received).number
        try check("opening cases")
        try record(.assigned(.init(to: me.account)), plain, "2026-11-02T10:00:00+01:00")
        try record(.categorized(.init(type: "dns")), plain, "2026-11-02T10:05:00+01:00")
        try check("assigning and typing")
        try record(.acknowledged(.init(at: at("2026-11-02T11:00:00+01:00"))), formal, "2026-11-02T11:00:00+01:00")
        try check("an acknowledgement")
        try record(.responded(.init(summary: "answer", at: at("2026-11-06T12:00:00+01:00"))), formal, "2026-11-06T12:00:00+01:00")
        try check("an answer")
        try record(.routed(.init(team: "product")), routed, "2026-11-03T09:00:00+01:00")
        try record(.closed(.init(reason: .invalid)), abuse, "2026-11-03T09:30:00+01:00")
        try check("routing and closing")
        try record(.reopened(.init(reason: "new facts")), abuse, "2026-11-04T09:00:00+01:00")
        try check("reopening")
        #expect(try store.sweep(by: me, at: at("2027-01-15T10:00:00+01:00")) == [formal])
        try check("a lapse written by sweep")
        // A new policy: every case's figures are projected again under it (types by their new codes).
        try store.changeRules(RuleChange(setting: .policy, text: """
            [complaints]
            types = ["privacy", "dns", "billing"]
            """, file: "policy.toml"), by: me, at: at("2027-01-15T11:00:00+01:00"))
        try check("a change of policy")
        let total = try store.statistics(.init(), now: at("2027-01-15T12:00:00+01:00")).total
        #expect(total.cases == 4)
        #expect(total.byType == ["dns": 1])
        #expect(total.byOutcome == ["open": 2, "lapsed": 1, "routed": 1])
        #expect(steps == 8)
    }

    @Test("a running clock due today counts as overdue only once its due moment has passed")
    func overdueToday() throws {
        let folder = try TemporaryDirectory("casedesk-kept-today")
        defer { folder.remove() }
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin,
                                               roles: [.admin, .head, .supervisor], at: at("2026-11-01T08:00:00+01:00"))
        let received = at("2026-11-02T09:00:00+01:00")
        let number = try store.open(complaint(received: received, stage: .headOfSupport), by: People.admin, at: received).number
        let due = try #require(try store.procedure().clocks(try store.caseState(number), now: received)
            .first { $0.kind == .acknowledge }?.due)
        let before = try store.statistics(.init(), now: due.addingTimeInterval(-1)).total.clocks[.acknowledge]
        let after = try store.statistics(.init(), now: due.addingTimeInterval(1)).total.clocks[.acknowledge]
        let dayLater = try store.statistics(.init(), now: due.addingTimeInterval(86_400)).total.clocks[.acknowledge]
        #expect(before == Statistics.ClockTally(open: 1))
        #expect(after == Statistics.ClockTally(overdue: 1))
        #expect(dayLater == Statistics.ClockTally(overdue: 1))
    }
}

/// Processes writing at once, one killed: the counts stay a recount (each write's counts move in
/// its own transaction).
@Suite("Statistics kept with the real casedesk binary", .serialized, .enabled(if: CaseDeskBinary.isAvailable, Comment(rawValue: CaseDeskBinary.missing)))
struct StatisticsKeptProcessTests {
    @Test("two processes open, answer and close cases at once while a third is killed mid-run: the kept counts are a recount")
    func concurrentAndKilled() throws {
        let desk = try CommandLineDesk()
        defer { desk.remove() }
        func writer(_ name: String, rounds: String) throws -> Process {
            try CaseDeskBinary.startShell("""
                i=0
                while [ \(rounds) ]; do
                  i=$((i+1))
                  n=$("$CASEDESK_BIN" new --kind complaint --channel email --customer "\(name) $i" --contact c@example.org --subject "s $i" --stage head --db "$DB" | sed -n 's/^case \\([0-9]*\\) opened.*/\\1/p')
                  [ -n "$n" ] || { echo "\(name): no case at round $i" >&2; exit 3; }
                  "$CASEDESK_BIN" ack "$n" --db "$DB" > /dev/null || exit 4
                  "$CASEDESK_BIN" respond "$n" --summary "answer $i" --db "$DB" > /dev/null || exit 5
                  if [ $((i % 2)) -eq 0 ]; then "$CASEDESK_BIN" close "$n" --reason satisfied --db "$DB" > /dev/null || exit 6; fi
                  echo "round $i"
                done
                """, environment: ["DB": desk.db], stdout: desk.folder.file("\(name).out"), stderr: desk.folder.file("\(name).err"),
                in: desk.folder)
        }
        let steady = try (1...2).map { try writer("steady\($0)", rounds: "$i -lt 8") }
        let doomed = try writer("doomed", rounds: "1")
        // Wait for a few rounds of the doomed writer (a guard against a stuck one, not a timing assertion).
        let deadline = Date().addingTimeInterval(60)
        func rounds() -> Int {
            ((try? String(contentsOfFile: desk.folder.file("doomed.out"), encoding: .utf8)) ?? "").split(separator: "\n").count
        }
        while rounds() < 3, doomed.isRunning, Date() < deadline { usleep(20_000) }
        try #require(doomed.isRunning, "the doomed writer stopped: \((try? String(contentsOfFile: desk.folder.file("doomed.err"), encoding: .utf8)) ?? "")")
        kill(doomed.processIdentifier, SIGSTOP)
        for child in CaseDeskBinary.children(of: doomed.processIdentifier) { kill(child, SIGKILL) }
        kill(doomed.processIdentifier, SIGKILL)
        doomed.waitUntilExit()
        for process in steady {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        for name in ["steady1", "steady2"] {
            #expect(try String(contentsOfFile: desk.folder.file("\(name).err"), encoding: .utf8).isEmpty)
        }
        let store = try SQLiteCaseStore.open(path: desk.db)
        let (kept, recounted) = try StatisticsKeptTests.kept(store)
        #expect(kept == recounted)
        let total = try store.statistics(.init(), now: Date()).total
        #expect(total.cases >= 16 + 3)
        #expect(total.byOutcome["satisfied", default: 0] >= 8)
        let verify = try desk.run("verify")
        #expect(verify.status == 0, "verify: \(verify.out) \(verify.err)")
    }
}

extension StatisticsKeptTests {
    static func smallDesk(_ folder: TemporaryDirectory) throws -> SQLiteCaseStore {
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin,
                                               roles: [.admin, .head, .supervisor], at: at("2026-11-01T08:00:00+01:00"))
        let received = at("2026-11-02T09:00:00+01:00")
        for index in 0..<3 {
            let number = try store.open(complaint(received: received, stage: .headOfSupport, customer: "Kunde \(index)"), by: People.admin,
                                        at: received).number
            _ = try store.record(.acknowledged(.init(at: received.addingTimeInterval(3600 * Double(index + 1)))), on: number,
                                 expectedVersion: nil, by: People.admin, at: received.addingTimeInterval(3600 * Double(index + 1)))
        }
        return store
    }

    @Test("verify names a kept count that is not the recount")
    func verifyFindsAWrongCount() throws {
        let folder = try TemporaryDirectory("casedesk-kept-tamper")
        defer { folder.remove() }
        let store = try Self.smallDesk(folder)
        #expect(try store.verify().isClean)
        try store.write { db in try db.execute(sql: "UPDATE statistics_kept SET n = n + 1 WHERE dimension = 1") }
        let report = try store.verify()
        #expect(report.differences.count == 1)
        #expect(report.differences.first?.contains("statistics kept for cases received 2026-11-02, cases 0: 4, the trails give 3") == true,
                "\(report.differences)")
    }

    @Test("a store from before the kept counts gets them at its upgrade")
    func upgradeCountsOnce() throws {
        let folder = try TemporaryDirectory("casedesk-kept-upgrade")
        defer { folder.remove() }
        let path = folder.file("cases.sqlite")
        let before = try Self.smallDesk(folder).statistics(.init(), now: at("2026-11-10T09:00:00+01:00"))
        do {
            let store = try SQLiteCaseStore.open(path: path)
            try store.write { db in
                try db.execute(sql: "DROP TABLE statistics_kept")
                for column in SQLiteCaseStore.figuresClockColumns { try db.execute(sql: "DROP INDEX case_figures_running_\(column)") }
                // And the later migrations' tables, so the upgrade from 7 runs every one of them.
                try db.execute(sql: """
                    DROP TABLE queue_counts; DROP TABLE queue_totals;
                    DROP INDEX cases_incident; ALTER TABLE cases DROP COLUMN incident; DROP TABLE incidents; DROP TABLE abuse_domains;
                    DROP INDEX cases_reporter_class; ALTER TABLE cases DROP COLUMN reporter_class;
                    PRAGMA user_version = 7
                    """)
            }
        }
        let store = try SQLiteCaseStore.open(path: path)
        let (kept, recounted) = try Self.kept(store)
        #expect(!kept.isEmpty)
        #expect(kept == recounted)
        #expect(try store.statistics(.init(), now: at("2026-11-10T09:00:00+01:00")) == before)
        #expect(try store.verify().isClean)
    }
}
