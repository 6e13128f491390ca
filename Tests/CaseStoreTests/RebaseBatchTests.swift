import CaseDesk
@testable import CaseStore
import Foundation
import Testing

/// `--rebase-open` over a large store: the change is one short transaction, the moves follow in
/// batches of open cases, and a batch run cut short is finished by whoever comes next.
@Suite("Open clocks moved to new rules, in batches")
struct RebaseBatchTests {
    static let now = at("2027-03-01T10:00:00+01:00")
    static let friday = """
        [[holiday]]
        id = "closure"
        name = "Desk closed"
        month = 3
        day = 5
        """

    private func rebasedEvents(_ store: any CaseStore) throws -> [Event] {
        var events: [Event] = []
        try store.exportEvents(recordedFrom: nil, to: nil) { batch in
            events += batch.filter { if case .clockRebased = $0.change { true } else { false } }
        }
        return events
    }

    /// A store of `backend`'s with `count` demo cases; what removes it. Nil: PostgreSQL's server is
    /// not installed here.
    private func store(_ backend: String, cases count: Int, seed: UInt64) throws -> (store: any CaseStore, remove: () -> Void)? {
        let created = at("2026-01-01T08:00:00+01:00")
        let made: (store: any CaseStore, remove: () -> Void)
        if backend == "postgresql" {
            guard PostgresTestCluster.isAvailable else { return nil }
            let uri = try PostgresTestCluster.get().newDatabase()
            let database = try PostgresAddress(uri).database
            made = (try PostgresCaseStore.create(PostgresAddress(uri), creator: People.admin, roles: [.admin], at: created),
                    { try? PostgresTestCluster.get().dropDatabase(database) })
        } else {
            let folder = try TemporaryDirectory("casedesk-rebase")
            made = (try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin, roles: [.admin], at: created),
                    { folder.remove() })
        }
        try made.store.loadDemo(count: count, seed: seed, by: People.admin, now: Self.now, alongsideCases: false, progress: nil)
        return made
    }

    @Test("the marker reads as a store keeps it, and the next batch's starts after the case given")
    func markerText() throws {
        let marker = try #require(RebaseMarker("3 0 1772355600000 ada ssh"))
        #expect(marker == RebaseMarker(version: 3, at: Millis.date(1_772_355_600_000), by: Actor(account: "ada", via: "ssh")))
        #expect(marker.text == "3 0 1772355600000 ada ssh")
        #expect(marker.after(41).text == "3 42 1772355600000 ada ssh")
        #expect(RebaseMarker("3 0 1772355600000 ada")?.actor == Actor(account: "ada"))
        for broken in ["", "3 0 1772355600000", "x 0 1772355600000 ada", "3 0 soon ada"] { #expect(RebaseMarker(broken) == nil, "\(broken)") }
    }

    @Test("more open cases than one batch: every move the dry run named is recorded, and verify is clean",
          arguments: ["sqlite", "postgresql"])
    func everyMoveRecorded(backend: String) throws {
        guard let (store, remove) = try store(backend, cases: 3_000, seed: 4) else { return }
        defer { remove() }
        let open = try store.queue(QueueQuery(), page: .first(5_000), now: Self.now).count
        #expect(open > SQLiteCaseStore.rebaseBatch && open > PostgresCaseStore.rebaseBatch, "\(open) open cases: more than one batch")
        let change = RuleChange(setting: .calendar, text: Self.friday, file: "closure.toml", rebaseOpen: true)
        let preview = try store.previewRules(change, by: People.admin, at: Self.now)
        #expect(preview.moves.count > 100)
        let applied = try store.changeRules(change, by: People.admin, at: Self.now)
        #expect(applied.moves == preview.moves)
        let recorded = try rebasedEvents(store)
        #expect(recorded.count == preview.moves.count)
        #expect(Set(recorded.map(\.caseNumber)) == Set(preview.moves.map(\.caseNumber)))
        #expect(try store.reprojectionPending() == false)
        let report = try store.verify(seal: nil)
        #expect(report.isClean, "\(report.differences.prefix(3))")
        // The policy and calendar read as before: the marker is no setting of theirs.
        #expect(try store.settings().calendarText == Self.friday)
    }

    @Test("a marker left by a process killed between batches is finished by the next sweep's call",
          arguments: ["sqlite", "postgresql"])
    func markerIsFinished(backend: String) throws {
        guard let (store, remove) = try store(backend, cases: 600, seed: 9) else { return }
        defer { remove() }
        // The change applied without moving the clocks, then the marker as a killed --rebase-open leaves it.
        let applied = try store.changeRules(RuleChange(setting: .calendar, text: Self.friday, file: "closure.toml"),
                                            by: People.admin, at: Self.now)
        #expect(applied.moves.count > 10)
        #expect(try rebasedEvents(store).isEmpty)
        if let sqlite = store as? SQLiteCaseStore {
            try sqlite.write { db in try sqlite.markForRebase(db, version: applied.version, by: People.admin, at: Self.now) }
        } else if let postgres = store as? PostgresCaseStore {
            try postgres.write { transaction in
                try PostgresCaseStore.markForRebase(transaction.connection, version: applied.version, by: People.admin, at: Self.now)
            }
        }
        #expect(try store.reprojectionPending())
        try store.finishReprojection()
        let recorded = try rebasedEvents(store)
        #expect(recorded.count == applied.moves.count)
        #expect(recorded.allSatisfy { $0.actor == People.admin.account && $0.recorded == Self.now })
        try store.finishReprojection()
        #expect(try rebasedEvents(store).count == recorded.count, "finished once, never twice")
        #expect(try store.reprojectionPending() == false)
        #expect(try store.verify(seal: nil).isClean)
    }

    /// A store of 600 demo cases whose calendar changed without moving the clocks, and the marker a
    /// `--rebase-open` leaves: the moves it owes.
    private func markedStore() throws -> (store: SQLiteCaseStore, moves: [ClockMove], remove: () -> Void) {
        guard let (store, remove) = try store("sqlite", cases: 600, seed: 9), let sqlite = store as? SQLiteCaseStore else {
            throw StoreError.invalid("no SQLite store")
        }
        let applied = try store.changeRules(RuleChange(setting: .calendar, text: Self.friday, file: "closure.toml"),
                                            by: People.admin, at: Self.now)
        try sqlite.write { db in try sqlite.markForRebase(db, version: applied.version, by: People.admin, at: Self.now) }
        return (sqlite, applied.moves, remove)
    }

    @Test("SQLite judges a batch without the write lock: a case written meanwhile is judged again as it then stands")
    func caseWrittenMeanwhile() throws {
        let (store, moves, remove) = try markedStore()
        defer { remove() }
        let moved = Set(moves.map(\.caseNumber)).sorted()
        #expect(moved.count > 10)
        // Both in the first batch: one closed, one noted after its batch was judged.
        let closed = moved[0], noted = moved[1]
        #expect(try store.rebaseStep(meanwhile: { () throws(StoreError) in
            _ = try store.record(.closed(.init(reason: .withdrawn)), on: closed, expectedVersion: nil, by: Actor(account: "helene"), at: Self.now)
            _ = try store.record(.noted(.init(text: "called the customer")), on: noted, expectedVersion: nil, by: Actor(account: "helene"), at: Self.now)
        }))
        try store.finishReprojection()
        let recorded = try rebasedEvents(store)
        #expect(!recorded.contains { $0.caseNumber == closed }, "a case closed meanwhile has no open clock to move")
        #expect(recorded.filter { $0.caseNumber == noted }.count == moves.filter { $0.caseNumber == noted }.count)
        #expect(recorded.count == moves.count { $0.caseNumber != closed })
        #expect(try store.reprojectionPending() == false)
        let report = try store.verify(seal: nil)
        #expect(report.isClean, "\(report.differences.prefix(3))")
    }

    @Test("SQLite: a batch another process recorded while this one judged it is not recorded twice")
    func batchRecordedMeanwhile() throws {
        let (store, moves, remove) = try markedStore()
        defer { remove() }
        let other = try SQLiteCaseStore.open(path: store.location)
        var otherRecorded = false
        #expect(try store.rebaseStep(meanwhile: { () throws(StoreError) in otherRecorded = try other.rebaseStep() }))
        #expect(otherRecorded)
        try store.finishReprojection()
        let recorded = try rebasedEvents(store)
        #expect(recorded.count == moves.count, "every move once: none twice, none missed")
        #expect(try store.verify(seal: nil).isClean)
    }
}
