import CaseDesk
import Foundation

/// The header's counts and the queue's totals read from the counters the write pipeline keeps per
/// `QueueBucket` (`queue_counts` by hour, `queue_totals` without it) instead of counted over the
/// cases: the logic of both backends, which differ only in how they run the SQL.
///
/// A total without a due bucket is one sum over the counters that match the filter. A due range
/// sums the hours before each of its ends from the counters and counts from the cases' index only
/// what falls due in the hour before an end: time moves cases from "due today" to "overdue"
/// without any write.
protocol QueueCounterReader {
    /// Runs each statement (values marked `?`, in the order of its arguments) and returns the one
    /// integer each selects, in order. PostgreSQL sends them as one statement: a round trip each
    /// was most of a read's time.
    func countValues(_ statements: [CountStatement]) throws -> [Int]
}

/// One count a total is made of: a statement that selects one integer, added or taken away.
struct CountStatement {
    var sql: String
    var arguments: [CountValue]
    var sign = 1

    /// The statement taken away instead of added.
    var negated: CountStatement {
        var negated = self
        negated.sign = -sign
        return negated
    }
}

/// A value compared with in a count's condition.
enum CountValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
}

extension QueueQuery {
    /// Filters the kept counters are not split by (issue 12's incident, incidents as one row):
    /// their totals are counted on the cases, through the queue's own filter.
    var isCountedOnCases: Bool { incident != nil || collapseIncidents }
}

/// A queue filter as conditions on the counters and on the cases (for the part-hours a due range
/// counts from the index); `?` marks each value, in the order of the arguments.
struct CountFilter {
    var counterConditions: [String] = []
    var counterArguments: [CountValue] = []
    var caseConditions: [String] = []
    var caseArguments: [CountValue] = []
    /// What the part-hours count reads the cases from: `cases`, or on SQLite the index to use.
    var cases = "cases"

    static var all: CountFilter { CountFilter() }

    private init() {}

    init(_ query: QueueQuery, policy: Policy) {
        func both(_ condition: String, _ argument: CountValue? = nil, case caseCondition: String? = nil) {
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
        if let kind = query.kind { both("kind = ?", .text(kind.rawValue)) }
        if let category = query.category { both("category = ?", .text(category.rawValue)) }
        if let reporterClass = query.reporterClass { both("reporter_class = ?", .text(reporterClass.rawValue)) }
        if let stage = query.stage { both("stage = ?", .text(stage.rawValue)) }
        if query.unassigned {
            both("assignee = ''", case: "assignee IS NULL")
        } else if let assignee = query.assignee {
            both("assignee = ?", .text(assignee))
        }
        // Teams and types are codes into the policy's lists: the counters hold them; a case's own
        // code is looked up in its statistics row, for the few cases of a part-hour only.
        for (column, name, list) in [("team", query.team, policy.feedbackTeams), ("complaint_type", query.complaintType, policy.complaintTypes)] {
            guard let name else { continue }
            both("\(column) = ?", .integer(CaseFigures.code(name, in: list)),
                 case: "EXISTS (SELECT 1 FROM case_figures f WHERE f.id = cases.id AND f.\(column) = ?)")
        }
    }

    /// The counters' sum; with no condition on the hour, from the totals (a few rows, not one per hour).
    func sumCounters(extra: [String] = [], arguments: [CountValue] = []) -> CountStatement {
        let conditions = counterConditions + extra
        let table = extra.contains { $0.contains("due_hour") } ? "queue_counts" : "queue_totals"
        let sql = "SELECT coalesce(sum(n), 0) FROM \(table)" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
        return CountStatement(sql: sql, arguments: counterArguments + arguments)
    }

    /// Cases with a running desk clock due in `from...until`, counted from the index (none when `from > until`).
    func countCases(from: Int64, until: Int64) -> [CountStatement] {
        guard from <= until else { return [] }
        let conditions = caseConditions + ["tier = 0", "sort_key >= ?", "sort_key <= ?"]
        let sql = "SELECT count(*) FROM \(cases) WHERE " + conditions.joined(separator: " AND ")
        return [CountStatement(sql: sql, arguments: caseArguments + [.integer(from), .integer(until)])]
    }

    /// The cases of the filter whose desk clock is due in `from...until` (milliseconds; `from` nil:
    /// any time up to `until`).
    func due(from: Int64?, until: Int64) -> [CountStatement] {
        if let from, from > until { return [] }
        return dueBefore(until + 1) + (from.map { dueBefore($0).map(\.negated) } ?? [])
    }

    /// Due before the moment `end`: the counters of the hours before its hour, and the index from
    /// the start of its hour (the hour's own clocks due at its very end are never read). Every
    /// running clock, less those of the hours still to come: past hours are many (an hour clock
    /// each), the hours to come few.
    func dueBefore(_ end: Int64) -> [CountStatement] {
        let hour = QueueBucket.dueHour(end)
        return [sumCounters(extra: ["tier = 0"]), sumCounters(extra: ["tier = 0", "due_hour >= ?"], arguments: [.integer(hour)]).negated]
            + countCases(from: hour * QueueBucket.hourMs, until: end - 1)
    }
}

extension QueueCounterReader {
    /// The statements' signed sum.
    func total(_ statements: [CountStatement]) throws -> Int {
        guard !statements.isEmpty else { return 0 }
        return zip(statements, try countValues(statements)).reduce(0) { $0 + $1.0.sign * $1.1 }
    }

    /// The header's counts at `now`, all read at once; `cases`: what the part-hours read (`CountFilter.cases`).
    func keptCounts(now: Date, calendar: BusinessCalendar, cases: String = "cases") throws -> QueueCounts {
        let endOfToday = Millis.from(calendar.endOfDay(calendar.localDate(of: now)))
        var all = CountFilter.all
        all.cases = cases
        let open = CountStatement(sql: "SELECT coalesce(sum(n), 0) FROM queue_totals WHERE tier < 3", arguments: [])
        let overdue = all.dueBefore(Millis.from(now))
        let beforeTomorrow = all.dueBefore(endOfToday + 1)
        let values = try countValues([open] + overdue + beforeTomorrow)
        func sum(_ statements: [CountStatement], from start: Int) -> Int {
            zip(statements, values[start...]).reduce(0) { $0 + $1.0.sign * $1.1 }
        }
        let overdueCount = sum(overdue, from: 1)
        return QueueCounts(open: values[0], overdue: overdueCount, dueToday: sum(beforeTomorrow, from: 1 + overdue.count) - overdueCount)
    }

    /// A filter's total from the counters (not for a query `isCountedOnCases`).
    func keptTotal(_ query: QueueQuery, filter: CountFilter, now: Date, calendar: BusinessCalendar) throws -> Int {
        guard let range = query.dueRange(now: now, calendar: calendar) else { return try total([filter.sumCounters()]) }
        return try total(filter.due(from: range.from, until: range.until))
    }
}

/// The counters' tables as both backends hold them, how the cases give them, and what `verify`
/// says of those that differ.
extension QueueBucket {
    /// The counters' columns (`queue_counts`: with the hour; `queue_totals`: without), in the order
    /// the statements give their values. `abuse`: with the abuse report's category and reporter
    /// class (the tables of SQLite's migration 17 and PostgreSQL's 10, so the screen's `b` and `B`
    /// read their totals from the counters too); without them, those migrations 9 and 14 made
    /// (PostgreSQL's 6), which run before the cases had a reporter class and must not change.
    static func columns(byHour: Bool, abuse: Bool = true) -> [String] {
        ["tier"] + (byHour ? ["due_hour"] : []) + ["kind", "stage", "assignee", "team", "complaint_type"]
            + (abuse ? ["category", "reporter_class"] : [])
    }

    static let countsColumns = columns(byHour: true).joined(separator: ", ")
    static let totalsColumns = columns(byHour: false).joined(separator: ", ")
    /// How many columns name a counter's bucket, and a total's.
    static let countsWidth = columns(byHour: true).count
    static let totalsWidth = columns(byHour: false).count

    /// The bucket's values in `countsColumns` order (`byHour`), or `totalsColumns`.
    func values(byHour: Bool) -> [CountValue] {
        [.integer(Int64(tier))] + (byHour ? [.integer(dueHour)] : [])
            + [.text(kind), .text(stage), .text(assignee), .integer(team), .integer(complaintType), .text(category), .text(reporterClass)]
    }

    /// The columns a case's bucket is made of (`QueueBucket.init(tier:…)`'s order), for case `number`
    /// (a parameter's mark).
    static func storedSQL(number: String) -> String {
        """
        SELECT c.tier, c.sort_key, c.kind, c.stage, c.assignee, f.team, f.complaint_type, c.category, c.reporter_class
        FROM cases c LEFT JOIN case_figures f ON f.id = c.id WHERE c.id = \(number)
        """
    }

    /// Adds a number of cases to a bucket's counter (`byHour`) or total: its values (`values(byHour:)`)
    /// then the number, each marked by `mark` from its position (1 first).
    static func addSQL(byHour: Bool, mark: (Int) -> String) -> String {
        let table = byHour ? "queue_counts" : "queue_totals"
        let columns = columns(byHour: byHour)
        return """
            INSERT INTO \(table) (\(columns.joined(separator: ", ")), n) VALUES (\((1...columns.count + 1).map(mark).joined(separator: ", ")))
            ON CONFLICT (\(columns.joined(separator: ", "))) DO UPDATE SET n = \(table).n + excluded.n
            """
    }

    /// "1, 2, …, count": every column of a bucket, for GROUP BY.
    static func positions(_ count: Int) -> String {
        (1...count).map(String.init).joined(separator: ", ")
    }

    /// The counters as the cases give them: one row per bucket with its number of cases (the
    /// migrations' backfill, a bulk load's, and what `verify` compares the kept counters with).
    /// `casesWhere`: a condition on the cases `c` counted (all when nil). Integer division
    /// truncates toward zero on both backends, so a due moment before 1970 is rounded down by hand.
    static func recountSQL(casesWhere: String? = nil, abuse: Bool = true) -> String {
        """
        SELECT \(bucketColumnsSQL(abuse: abuse)), count(*)
        FROM cases c LEFT JOIN case_figures f ON f.id = c.id\(casesWhere.map { " WHERE " + $0 } ?? "")
        GROUP BY \(positions(columns(byHour: true, abuse: abuse).count))
        """
    }

    /// Each case's bucket (`countsColumns`' values), one row per case: what `recountSQL` groups. SQLite's
    /// `verify` counts these rows itself: grouping ten million in a temporary b-tree took a minute.
    static var caseBucketsSQL: String {
        "SELECT \(bucketColumnsSQL(abuse: true)) FROM cases c LEFT JOIN case_figures f ON f.id = c.id"
    }

    private static func bucketColumnsSQL(abuse: Bool) -> String {
        """
        c.tier,
               CASE WHEN c.tier <> 0 THEN 0
                    WHEN c.sort_key >= 0 THEN c.sort_key / \(hourMs)
                    ELSE -((-c.sort_key - 1) / \(hourMs)) - 1 END,
               c.kind, c.stage, coalesce(c.assignee, ''), coalesce(f.team, -1), coalesce(f.complaint_type, -1)\(abuse ? ", coalesce(c.category, ''), coalesce(c.reporter_class, '')" : "")
        """
    }

    /// `CREATE TABLE` of the counters (`byHour`: `queue_counts`) or the totals (`queue_totals`);
    /// `integer`: the type of the numbers wider than a tier, `options` what follows the columns.
    static func tableSQL(byHour: Bool, integer: String, options: String = "", abuse: Bool = true) -> String {
        let names = columns(byHour: byHour, abuse: abuse)
        let columns = names.map { name in
            switch name {
            case "tier": "tier INTEGER"
            case "kind", "stage", "assignee", "category", "reporter_class": "\(name) TEXT"
            default: "\(name) \(integer)"
            }
        } + ["n \(integer)"]
        let lines = columns.map { $0 + " NOT NULL" } + ["PRIMARY KEY (\(names.joined(separator: ", ")))"]
        return "CREATE TABLE \(byHour ? "queue_counts" : "queue_totals") (\n  " + lines.joined(separator: ",\n  ") + "\n)" + options
    }

    /// The totals filled from the counters (after the counters' own backfill).
    static func totalsFromCountsSQL(abuse: Bool = true) -> String {
        let columns = columns(byHour: false, abuse: abuse)
        return """
            INSERT INTO queue_totals (\(columns.joined(separator: ", ")), n)
              SELECT \(columns.joined(separator: ", ")), sum(n) FROM queue_counts GROUP BY \(positions(columns.count))
            """
    }

    /// The counters and totals made anew with the abuse columns (SQLite's migration 17, PostgreSQL's
    /// 10): dropped, then filled from the cases as migration 9 and 14 did.
    static func rebuildSQL(integer: String, options: String) -> String {
        """
        DROP TABLE queue_counts;
        DROP TABLE queue_totals;
        \(tableSQL(byHour: true, integer: integer, options: options));
        INSERT INTO queue_counts (\(countsColumns), n) \(recountSQL());
        \(tableSQL(byHour: false, integer: integer, options: options));
        \(totalsFromCountsSQL());
        """
    }

    /// Each total beside the sum of its counters by hour (a counter without a total too): for `verify`.
    static var totalsCheckSQL: String {
        let same = columns(byHour: false).map { "c.\($0) = t.\($0)" }.joined(separator: " AND ")
        return """
            SELECT \(totalsColumns), t.n, coalesce((SELECT CAST(sum(c.n) AS BIGINT) FROM queue_counts c WHERE \(same)), 0)
            FROM queue_totals t
            UNION ALL
            SELECT \(totalsColumns), 0, CAST(sum(n) AS BIGINT) FROM queue_counts c
            WHERE NOT EXISTS (SELECT 1 FROM queue_totals t WHERE \(same))
            GROUP BY \(positions(totalsWidth))
            """
    }

    /// What `verify` reports: each counter that differs from the recount (`kept` and `counted` by the
    /// bucket's `countsColumns` as text; counters at 0 are no buckets), and each total that differs
    /// from its counters (`totalsCheckSQL`'s rows).
    static func differences(kept: [[String]: Int64], counted: [[String]: Int64],
                            totals: [(bucket: [String], total: Int64, counters: Int64)]) -> [String] {
        let kept = kept.filter { $0.value != 0 }
        let counted = counted.filter { $0.value != 0 }
        func named(_ names: [String], _ values: [String]) -> String {
            zip(names, values).map { "\($0) \($1.isEmpty ? "''" : $1)" }.joined(separator: ", ")
        }
        // Only the buckets that differ are ordered (by their text, as listed): formatting every bucket
        // for every comparison of a sort was a twentieth of verify at a million cases.
        let differing = Set(kept.keys).union(counted.keys).filter { kept[$0] != counted[$0] }
        var problems = differing.map { key in
            let bucket = named(["tier", "due hour", "kind", "stage", "assignee", "team", "type", "category", "reporter class"], key)
            return "queue totals: the counter of (\(bucket)) holds \(kept[key] ?? 0), but \(counted[key] ?? 0) cases stand there"
        }.sorted()
        for row in totals where row.total != row.counters {
            let bucket = named(["tier", "kind", "stage", "assignee", "team", "type", "category", "reporter class"], row.bucket)
            problems.append("queue totals: the total of (\(bucket)) holds \(row.total), but its counters by hour hold \(row.counters)")
        }
        return problems
    }
}
