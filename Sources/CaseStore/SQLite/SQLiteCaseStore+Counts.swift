import CaseDesk
import Foundation
import GRDB
import Synchronization

/// The header's counts (open, overdue, due today, every case) kept up to date instead of recounted:
/// counting 350,000 open cases of a million takes about 8 ms, and the screen asks after every write
/// and now and then as time passes.
///
/// The counts are kept with the trail's head they were counted at. While the head stays put, time
/// only moves cases from "due today" to "overdue": counting the few whose due moment passed since
/// is enough. This process's own writes are applied as they commit (each projection row saved in
/// the transaction, before and after), and the head moves on with them. When the head moved some
/// other way — another process wrote — everything is counted again. Queue totals of other filters
/// are kept per filter while the head stays put.
final class CountsKeeper: Sendable {
    struct Counted: Sendable {
        var head: Int64
        var nowMs: Int64
        var endOfTodayMs: Int64
        var counts: QueueCounts
        var total: Int
    }

    /// One projection row saved by a write: where it stood in the queue before (nil: a new case) and after.
    struct Change: Sendable {
        var before: (tier: Int, sortKey: Int64)?
        var after: (tier: Int, sortKey: Int64)
    }

    private struct State: Sendable {
        var counted: Counted?
        /// Totals of filters without a due bucket, at `filtersHead`.
        var filters: [QueueQuery: Int] = [:]
        var filtersHead: Int64 = -1
        /// The rows the write under way saved; nil once too many to keep (the counts are then taken again).
        var pending: [Change]? = []
    }

    private let state = Mutex(State())
    /// A write saving more rows than this (a new policy moving every clock) recounts instead.
    static let pendingLimit = 10_000

    func counted() -> Counted? { state.withLock { $0.counted } }

    func keep(_ counted: Counted) {
        state.withLock { $0.counted = counted }
    }

    func total(of query: QueueQuery, head: Int64) -> Int? {
        state.withLock { $0.filtersHead == head ? $0.filters[query] : nil }
    }

    func keep(total: Int, of query: QueueQuery, head: Int64) {
        state.withLock { state in
            if state.filtersHead != head {
                state.filters = [:]
                state.filtersHead = head
            }
            state.filters[query] = total
        }
    }

    /// Forget everything (a bulk load wrote rows no transaction logged).
    func invalidate() {
        state.withLock { $0 = State() }
    }

    // MARK: Writes

    func beginWrite() {
        state.withLock { $0.pending = [] }
    }

    /// A projection row saved inside the write under way.
    func saved(_ change: Change) {
        state.withLock { state in
            guard state.pending != nil else { return }
            if state.pending!.count >= Self.pendingLimit { state.pending = nil } else { state.pending!.append(change) }
        }
    }

    /// The write committed, moving the head from `before` to `after`: its rows are applied to the
    /// counts when they were counted at `before`; otherwise the counts are taken again when asked.
    func committed(headBefore before: Int64, after: Int64) {
        state.withLock { state in
            defer { state.pending = [] }
            guard before != after else { return }
            guard var counted = state.counted, counted.head == before, let changes = state.pending else {
                state.counted = nil
                return
            }
            for change in changes {
                if let old = change.before { counted.apply(old, by: -1) } else { counted.total += 1 }
                counted.apply(change.after, by: 1)
            }
            counted.head = after
            state.counted = counted
        }
    }

    func abandoned() {
        state.withLock { $0.pending = [] }
    }
}

extension CountsKeeper.Counted {
    /// Adds (or takes away) a row standing at `place` to the counts as of `nowMs`.
    mutating func apply(_ place: (tier: Int, sortKey: Int64), by sign: Int) {
        if place.tier < 3 { counts.open += sign }
        guard place.tier == 0 else { return }
        if place.sortKey < nowMs {
            counts.overdue += sign
        } else if place.sortKey <= endOfTodayMs {
            counts.dueToday += sign
        }
    }
}

extension SQLiteCaseStore {
    /// The trail's head position: every write of the desk or a case moves it.
    /// 0 before the trail exists (while the schema is being made).
    static func headPosition(_ db: Database) throws -> Int64 {
        guard let statement = try? db.cachedStatement(sql: "SELECT pos FROM trail ORDER BY pos DESC LIMIT 1") else { return 0 }
        return try Int64.fetchOne(statement) ?? 0
    }

    public func counts(now: Date) throws(StoreError) -> QueueCounts {
        try counted(now: now).counts
    }

    func counted(now: Date) throws(StoreError) -> CountsKeeper.Counted {
        try read { db in
            let head = try Self.headPosition(db)
            let calendar = try procedure(db).calendar
            let nowMs = Millis.from(now)
            let endOfToday = Millis.from(calendar.endOfDay(calendar.localDate(of: now)))
            if var counted = countsKeeper.counted(), counted.head == head, counted.endOfTodayMs == endOfToday, nowMs >= counted.nowMs {
                if nowMs > counted.nowMs {
                    // Only time passed: what fell due since moves from today to overdue.
                    let passed = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM cases WHERE tier = 0 AND sort_key >= ? AND sort_key < ?"),
                                                  arguments: [counted.nowMs, nowMs]) ?? 0
                    counted.counts.overdue += passed
                    counted.counts.dueToday -= passed
                    counted.nowMs = nowMs
                    countsKeeper.keep(counted)
                }
                return counted
            }
            let open = try Int.fetchOne(db, sql: "SELECT count(*) FROM cases WHERE tier < 3") ?? 0
            let overdue = try Int.fetchOne(db, sql: "SELECT count(*) FROM cases WHERE tier = 0 AND sort_key < ?", arguments: [nowMs]) ?? 0
            let today = try Int.fetchOne(db, sql: "SELECT count(*) FROM cases WHERE tier = 0 AND sort_key >= ? AND sort_key <= ?",
                                         arguments: [nowMs, endOfToday]) ?? 0
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM cases") ?? 0
            let counted = CountsKeeper.Counted(head: head, nowMs: nowMs, endOfTodayMs: endOfToday,
                                               counts: QueueCounts(open: open, overdue: overdue, dueToday: today), total: total)
            countsKeeper.keep(counted)
            return counted
        }
    }

    public func count(_ query: QueueQuery, now: Date) throws(StoreError) -> Int {
        // Every case, and every open case: the header's counts answer.
        var unsorted = query
        unsorted.order = .deadline
        if unsorted == QueueQuery(scope: .all) { return try counted(now: now).total }
        if unsorted == QueueQuery() { return try counted(now: now).counts.open }
        let timeless = query.due == nil && query.dueBetween == nil
        return try read { db in
            let head = try Self.headPosition(db)
            if timeless, let total = countsKeeper.total(of: unsorted, head: head) { return total }
            let (conditions, arguments) = try filter(db, query, now: now)
            let sql = "SELECT count(*) FROM cases INDEXED BY \(SQLiteCaseStore.index(for: query)) "
                + (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            let total = try Int.fetchOne(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments)) ?? 0
            if timeless { countsKeeper.keep(total: total, of: unsorted, head: head) }
            return total
        }
    }
}
