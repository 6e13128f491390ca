import CaseDesk
import Foundation
import GRDB

/// The header's counts and the queue's totals, read from the counters the write pipeline keeps per
/// `QueueBucket` (the `queue_counts` table, migration 9) instead of counted over the cases: counting
/// 350,000 open cases of a million took about 8 ms, and 3.5 million of ten million took 107 ms.
///
/// A total without a due bucket is one sum over the counters that match the filter. A due range
/// sums the hours before each of its ends from the counters and counts from the cases' index only
/// what falls due in the hour before an end: time moves cases from "due today" to "overdue"
/// without any write.
extension SQLiteCaseStore {
    /// The counters as the cases give them: one row per bucket with its number of cases (the
    /// migration's backfill, and what `verify` compares the kept counters with).
    static let recountSQL = """
        SELECT c.tier,
               CASE WHEN c.tier <> 0 THEN 0
                    WHEN c.sort_key >= 0 THEN c.sort_key / \(QueueBucket.hourMs)
                    ELSE -((-c.sort_key - 1) / \(QueueBucket.hourMs)) - 1 END,
               c.kind, c.stage, ifnull(c.assignee, ''), ifnull(f.team, -1), ifnull(f.complaint_type, -1), count(*)
        FROM cases c LEFT JOIN case_figures f ON f.id = c.id
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        """

    static let queueCountsColumns = "tier, due_hour, kind, stage, assignee, team, complaint_type"

    /// Migration 9: the counters, filled from the cases already stored.
    static let queueCountsMigration = """
        CREATE TABLE queue_counts (
          tier INTEGER NOT NULL,
          due_hour INTEGER NOT NULL,
          kind TEXT NOT NULL,
          stage TEXT NOT NULL,
          assignee TEXT NOT NULL,
          team INTEGER NOT NULL,
          complaint_type INTEGER NOT NULL,
          n INTEGER NOT NULL,
          PRIMARY KEY (\(queueCountsColumns))
        ) WITHOUT ROWID;
        INSERT INTO queue_counts (\(queueCountsColumns), n) \(recountSQL);
        """

    static let queueTotalsColumns = "tier, kind, stage, assignee, team, complaint_type"

    /// Migration 14: the totals per bucket without the hour, filled from the counters.
    static let queueTotalsMigration = """
        CREATE TABLE queue_totals (
          tier INTEGER NOT NULL,
          kind TEXT NOT NULL,
          stage TEXT NOT NULL,
          assignee TEXT NOT NULL,
          team INTEGER NOT NULL,
          complaint_type INTEGER NOT NULL,
          n INTEGER NOT NULL,
          PRIMARY KEY (\(queueTotalsColumns))
        ) WITHOUT ROWID;
        INSERT INTO queue_totals (\(queueTotalsColumns), n)
          SELECT \(queueTotalsColumns), sum(n) FROM queue_counts GROUP BY 1, 2, 3, 4, 5, 6;
        """

    public func counts(now: Date) throws(StoreError) -> QueueCounts {
        try read { db in
            let calendar = try procedure(db).calendar
            let nowMs = Millis.from(now)
            let endOfToday = Millis.from(calendar.endOfDay(calendar.localDate(of: now)))
            let open = try Int.fetchOne(db.cachedStatement(sql: "SELECT coalesce(sum(n), 0) FROM queue_totals WHERE tier < 3")) ?? 0
            let due = DueCounter(db: db, filter: .all)
            let overdue = try due.dueBefore(nowMs)
            return QueueCounts(open: open, overdue: overdue, dueToday: try due.dueBefore(endOfToday + 1) - overdue)
        }
    }

    public func count(_ query: QueueQuery, now: Date) throws(StoreError) -> Int {
        try read { db in
            if query.category != nil || query.reporterClass != nil || query.incident != nil || query.collapseIncidents {
                // Filters the kept counters are not split by (issue 12's category, reporter class,
                // incident, incidents as one row): counted on the cases, through the queue's own filter;
                // a reporter class from its index (`cases_reporter_class`), its reports alone.
                let (conditions, arguments) = try filter(db, query, now: now)
                let index = query.reporterClass != nil ? " INDEXED BY cases_reporter_class" : ""
                let sql = "SELECT count(*) FROM cases\(index)" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                return try Int.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)) ?? 0
            }
            let filter = try CountFilter(db, query, store: self)
            guard let range = query.dueRange(now: now, calendar: try procedure(db).calendar) else {
                return try filter.sumCounters(db, extra: [], arguments: [])
            }
            return try DueCounter(db: db, filter: filter).count(from: range.from, until: range.until)
        }
    }

    /// Differences between the kept counters and a recount of the cases, for `verify`.
    static func checkQueueCounts(_ db: Database) throws -> [String] {
        func rows(_ sql: String) throws -> [[DatabaseValue]: Int] {
            var found: [[DatabaseValue]: Int] = [:]
            for row in try Row.fetchAll(db, sql: sql) where (row[7] as Int) != 0 {
                found[(0..<7).map { row[$0] as DatabaseValue }] = row[7]
            }
            return found
        }
        let kept = try rows("SELECT \(queueCountsColumns), n FROM queue_counts")
        let counted = try rows(recountSQL)
        var problems: [String] = []
        // Only the buckets that differ are ordered (by their text, as listed): formatting every bucket
        // for every comparison of a sort was a twentieth of verify at a million cases.
        let differing = Set(kept.keys).union(counted.keys).filter { kept[$0] != counted[$0] }
        for key in differing.map({ (text: "\($0)", key: $0) }).sorted(by: { $0.text < $1.text }).map(\.key) {
            let names = ["tier", "due hour", "kind", "stage", "assignee", "team", "type"]
            let bucket = zip(names, key).map { "\($0) \(String(describing: $1))" }.joined(separator: ", ")
            problems.append("queue totals: the counter of (\(bucket)) holds \(kept[key] ?? 0), but \(counted[key] ?? 0) cases stand there")
        }
        let totals = try Row.fetchAll(db, sql: """
            SELECT \(queueTotalsColumns), t.n, coalesce((SELECT sum(c.n) FROM queue_counts c WHERE c.tier = t.tier AND c.kind = t.kind
                AND c.stage = t.stage AND c.assignee = t.assignee AND c.team = t.team AND c.complaint_type = t.complaint_type), 0)
            FROM queue_totals t
            UNION ALL
            SELECT \(queueTotalsColumns), 0, sum(n) FROM queue_counts c
            WHERE NOT EXISTS (SELECT 1 FROM queue_totals t WHERE c.tier = t.tier AND c.kind = t.kind AND c.stage = t.stage
                AND c.assignee = t.assignee AND c.team = t.team AND c.complaint_type = t.complaint_type)
            GROUP BY 1, 2, 3, 4, 5, 6
            """)
        for row in totals where (row[6] as Int) != (row[7] as Int) {
            let bucket = zip(["tier", "kind", "stage", "assignee", "team", "type"], (0..<6).map { String(describing: row[$0] as DatabaseValue) })
                .map { "\($0) \($1)" }.joined(separator: ", ")
            problems.append("queue totals: the total of (\(bucket)) holds \(row[6] as Int), but its counters by hour hold \(row[7] as Int)")
        }
        return problems
    }
}

/// A queue filter as conditions on the counters and on the cases (for the part-hours a due range
/// counts from the index).
struct CountFilter {
    var counterConditions: [String] = []
    var counterArguments: [DatabaseValueConvertible?] = []
    var caseConditions: [String] = []
    var caseArguments: [DatabaseValueConvertible?] = []
    var index = "cases_queue"

    static var all: CountFilter { CountFilter() }

    private init() {}

    init(_ db: Database, _ query: QueueQuery, store: SQLiteCaseStore) throws {
        index = SQLiteCaseStore.index(for: query)
        func both(_ condition: String, _ argument: DatabaseValueConvertible? = nil, case caseCondition: String? = nil) {
            counterConditions.append(condition)
            caseConditions.append(caseCondition ?? condition)
            if let argument {
                counterArguments.append(argument)
                caseArguments.append(argument)
            }
        }
        // The part-hours count only `tier = 0`, which open implies: left in, `tier < 3` made SQLite range
        // over every open case of the index (see `filter`).
        switch query.scope {
        case .open: counterConditions.append("tier < 3")
        case .closed: both("tier = 3")
        case .all: break
        }
        if let kind = query.kind { both("kind = ?", kind.rawValue) }
        if let stage = query.stage { both("stage = ?", stage.rawValue) }
        if query.unassigned {
            both("assignee = ''", case: "assignee IS NULL")
        } else if let assignee = query.assignee {
            both("assignee = ?", assignee)
        }
        let policy = try store.procedure(db).policy
        // Teams and types are codes into the policy's lists: the counters hold them; a case's own
        // code is looked up in its statistics row, for the few cases of a part-hour only.
        for (column, name, list) in [("team", query.team, policy.feedbackTeams), ("complaint_type", query.complaintType, policy.complaintTypes)] {
            guard let name else { continue }
            both("\(column) = ?", CaseFigures.code(name, in: list),
                 case: "EXISTS (SELECT 1 FROM case_figures f WHERE f.id = cases.id AND f.\(column) = ?)")
        }
    }

    /// The counters' sum; with no condition on the hour, from the totals (a few rows, not one per hour).
    func sumCounters(_ db: Database, extra: [String], arguments: [DatabaseValueConvertible?]) throws -> Int {
        let conditions = counterConditions + extra
        let table = extra.contains { $0.contains("due_hour") } ? "queue_counts" : "queue_totals"
        let sql = "SELECT coalesce(sum(n), 0) FROM \(table)" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
        return try Int.fetchOne(db.cachedStatement(sql: sql), arguments: StatementArguments(counterArguments + arguments)) ?? 0
    }

    /// Cases with a running desk clock due in `from...until`, counted from the index.
    func countCases(_ db: Database, from: Int64, until: Int64) throws -> Int {
        guard from <= until else { return 0 }
        let conditions = caseConditions + ["tier = 0", "sort_key >= ?", "sort_key <= ?"]
        let sql = "SELECT count(*) FROM cases INDEXED BY \(index) WHERE " + conditions.joined(separator: " AND ")
        return try Int.fetchOne(db.cachedStatement(sql: sql), arguments: StatementArguments(caseArguments + [from, until])) ?? 0
    }
}

/// Counts the cases of a filter whose desk clock is due in a range: the hours before each end from
/// the counters, the part of an hour before it from the index.
struct DueCounter {
    var db: Database
    var filter: CountFilter

    /// Due in `from...until` (milliseconds; `from` nil: any time up to `until`).
    func count(from: Int64?, until: Int64) throws -> Int {
        if let from, from > until { return 0 }
        return try dueBefore(until + 1) - (from.map(dueBefore) ?? 0)
    }

    /// Due before the moment `end`: the counters of the hours before its hour, and the index from
    /// the start of its hour (the hour's own clocks due at its very end are never read).
    func dueBefore(_ end: Int64) throws -> Int {
        let hour = QueueBucket.dueHour(end)
        // Every running clock, less those of the hours still to come: past hours are many (an
        // hour clock each), the hours to come few.
        let counted = try filter.sumCounters(db, extra: ["tier = 0"], arguments: [])
            - filter.sumCounters(db, extra: ["tier = 0", "due_hour >= ?"], arguments: [hour])
        return counted + (try filter.countCases(db, from: hour * QueueBucket.hourMs, until: end - 1))
    }
}
