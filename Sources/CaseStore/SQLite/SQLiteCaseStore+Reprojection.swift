import CaseDesk
import Foundation
import GRDB

/// After the policy or the calendar changed, every case's projection and figures are rebuilt with
/// the new rules — a million cases' worth of work. Done in one transaction it would hold the write
/// lock for minutes and make every other writer time out; so the change itself commits first with
/// a marker (`meta.reproject_from`, the next case to rebuild), and the rebuild follows in batches of
/// separate transactions, each well under a second. A process killed part-way leaves the marker;
/// whoever calls `finishReprojection` next (the next policy or calendar change, `sweep`) goes on
/// from it. A case written between batches is projected by the write pipeline with the new rules
/// already, and its batch folds it again from its trail: the same row.
extension SQLiteCaseStore {
    /// Cases rebuilt per transaction.
    static let reprojectionBatch = 1_000

    /// Marks every case for rebuilding, inside the transaction that changes the rules.
    func markForReprojection(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('reproject_from', '0') ON CONFLICT (key) DO UPDATE SET value = '0'")
    }

    /// Whether a rebuild or the clock moves after a change of the rules are still under way or were cut short.
    public func reprojectionPending() throws(StoreError) -> Bool {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key IN ('reproject_from', 'rebase')") != nil }
    }

    /// Rebuilds the cases still marked, one batch per transaction, until none is left; first records
    /// the clock moves a change of the rules with `--rebase-open` still owes (see `finishRebase`).
    public func finishReprojection() throws(StoreError) {
        try finishRebase()
        while try batch({ db in try reprojectBatch(db) }) {}
    }

    /// One batch of a long change in its own transaction, then a pause as long as the batch took
    /// (at least 20 ms), so that others' writes get in: SQLite's waiting writers poll, and a loop
    /// that takes the lock again at once kept another writer waiting for seconds (measured at a
    /// million cases while a calendar change walked the open cases).
    func batch(_ body: (Database) throws -> Bool) throws(StoreError) -> Bool {
        let started = DispatchTime.now().uptimeNanoseconds
        let more = try write(body)
        if more {
            let took = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            Thread.sleep(forTimeInterval: max(0.02, min(took, 0.5)))
        }
        return more
    }

    // MARK: Open clocks moved to new rules (`config … --rebase-open`)

    /// Open cases judged per transaction when their clocks move to new rules.
    static let rebaseBatch = RebaseMarker.casesPerBatch

    /// Marks every open case for moving its clocks to `version`, inside the transaction that makes it
    /// (`RebaseMarker`, kept in `meta`).
    func markForRebase(_ db: Database, version: Int, by actor: Actor, at now: Date) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('rebase', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       arguments: [RebaseMarker(version: version, at: now, by: actor).text])
    }

    /// Records the moves still owed, one batch of open cases at a time: each case's clocks that
    /// count under an older version and whose due moment the new one moves get a `clock_rebased`
    /// event, judged like any write. A process killed part-way leaves the marker and whoever comes
    /// next (a change of the rules, `sweep`, an upgrade of the store) goes on. If a newer version
    /// was made meanwhile, the marker is dropped: that change decides for itself.
    public func finishRebase() throws(StoreError) {
        while try rebaseStep() {}
    }

    /// One batch. Its cases are judged on read snapshots, half on each core, without the write
    /// lock (reading and folding the trails is nearly all of the work); the write transaction then
    /// takes the same batch as it stands, keeps the judgement of every case still at the version
    /// judged, judges again any case written meanwhile, and records the moves. So the lock is held
    /// for the records alone, and the judging of the next batch leaves it free for others' writes
    /// (at ten million cases the walk, judged under the lock with a pause after each batch, took
    /// nine minutes). `meanwhile` runs between the two (tests write there). After a batch that held
    /// the lock, a pause as long as it held it: SQLite's waiting writers poll, and must find it free.
    func rebaseStep(meanwhile: () throws(StoreError) -> Void = {}) throws(StoreError) -> Bool {
        let judged = try judgeRebaseBatch()
        try meanwhile()
        let started = DispatchTime.now().uptimeNanoseconds
        let more = try write { db in try rebaseBatch(db, judged: judged) }
        if more {
            let held = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            if held > 0.002 { Thread.sleep(forTimeInterval: min(held, 0.5)) }
        }
        return more
    }

    /// A batch of open cases judged without the write lock: the marker it was judged under, and
    /// each case's version and moves.
    struct JudgedRebaseBatch {
        var marker: String
        var cases: [CaseNumber: (version: Int, moves: [ClockMove])]
    }

    /// The open cases of the marker's next batch (and their versions), from the cases' rows.
    private static let rebaseBatchSQL = "SELECT id, version FROM cases WHERE is_open = 1 AND id >= ? ORDER BY id LIMIT \(rebaseBatch)"

    /// The next batch judged without the write lock, half on each core (each half on a read
    /// snapshot of its own: a case's version and moves come from one); nil when no rebase is owed
    /// (or the marker is stale: the write transaction drops it).
    private func judgeRebaseBatch() throws(StoreError) -> JudgedRebaseBatch? {
        let found = try read { db -> (text: String, marker: RebaseMarker, numbers: [CaseNumber])? in
            guard let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'rebase'"),
                  let marker = RebaseMarker(text), marker.version == (try procedure(db)).currentVersion else { return nil }
            return (text, marker, try CaseNumber.fetchAll(db, sql: Self.rebaseBatchSQL, arguments: [marker.nextCase]))
        }
        guard let (text, marker, numbers) = found else { return nil }
        let (first, second) = try Handoff.halves(numbers) { part throws(StoreError) in try self.judge(part, marker) }
        return JudgedRebaseBatch(marker: text, cases: first.merging(second) { mine, _ in mine })
    }

    /// Each case's version and moves under the marker's rules, read on one snapshot.
    private func judge(_ numbers: ArraySlice<CaseNumber>, _ marker: RebaseMarker) throws(StoreError) -> [CaseNumber: (version: Int, moves: [ClockMove])] {
        try read { db in
            let procedure = try procedure(db)
            guard procedure.currentVersion == marker.version else { return [:] }
            let pipeline = WritePipeline(SQLiteTransaction(db: db), procedure: procedure)
            var judged: [CaseNumber: (version: Int, moves: [ClockMove])] = [:]
            for number in numbers {
                judged[number] = try pipeline.judgedMoves(number, current: procedure, next: procedure, at: marker.at)
            }
            return judged
        }
    }

    private func rebaseBatch(_ db: Database, judged: JudgedRebaseBatch?) throws -> Bool {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'rebase'") else { return false }
        let procedure = try procedure(db)
        guard let marker = RebaseMarker(text), marker.version == procedure.currentVersion else {
            try db.execute(sql: "DELETE FROM meta WHERE key = 'rebase'")
            return false
        }
        let rows = try Row.fetchAll(db, sql: Self.rebaseBatchSQL, arguments: [marker.nextCase])
        guard let last = rows.last.map({ $0[0] as CaseNumber }) else {
            try db.execute(sql: "DELETE FROM meta WHERE key = 'rebase'")
            return false
        }
        // The snapshot's judgement holds for a case still at the version judged, under the same marker.
        let kept = judged?.marker == text ? judged?.cases ?? [:] : [:]
        let pipeline = WritePipeline(SQLiteTransaction(db: db), procedure: procedure)
        var moves: [ClockMove] = []
        for row in rows {
            let number: CaseNumber = row[0]
            if let earlier = kept[number], earlier.version == row[1] {
                moves += earlier.moves
            } else {
                moves += try pipeline.judgedMoves(number, current: procedure, next: procedure, at: marker.at).moves
            }
        }
        try pipeline.rebase(moves, by: marker.actor, at: marker.at)
        try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'rebase'", arguments: [marker.after(last).text])
        return true
    }

    /// One batch from the marker on; false when the marker is gone (the rebuild is finished).
    private func reprojectBatch(_ db: Database) throws -> Bool {
        guard let marker = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'reproject_from'") else { return false }
        let from = Int64(marker) ?? 0
        let numbers = try Int64.fetchAll(db, sql: "SELECT id FROM cases WHERE id >= ? ORDER BY id LIMIT ?",
                                         arguments: [from, Self.reprojectionBatch])
        guard let last = numbers.last else {
            try db.execute(sql: "DELETE FROM meta WHERE key = 'reproject_from'")
            return false
        }
        let procedure = try procedure(db)
        let pipeline = WritePipeline(SQLiteTransaction(db: db), procedure: procedure)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT case_id, seq, recorded_ms, actor, via, data FROM events WHERE case_id BETWEEN ? AND ? ORDER BY case_id, seq
            """, arguments: [from, last])
        var trail: [Event] = []
        func rebuild() throws {
            guard !trail.isEmpty else { return }
            let state = try CaseState.fold(trail)
            let clocks = CaseProjection.clocks(state, procedure: procedure)
            try pipeline.saveRows(CaseProjection(state, procedure: procedure, clocks: clocks), CaseFigures(state, procedure: procedure, clocks: clocks))
            trail = []
        }
        while let row = try rows.next() {
            let event = try SQLiteCaseStore.event(row)
            if let first = trail.first, first.caseNumber != event.caseNumber { try rebuild() }
            trail.append(event)
        }
        try rebuild()
        if numbers.count < Self.reprojectionBatch {
            try db.execute(sql: "DELETE FROM meta WHERE key = 'reproject_from'")
            return false
        }
        try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'reproject_from'", arguments: [String(last + 1)])
        return true
    }
}
