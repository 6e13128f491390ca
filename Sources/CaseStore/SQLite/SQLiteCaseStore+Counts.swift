import CaseDesk
import Foundation
import GRDB

/// The header's counts and the queue's totals, read from the counters the write pipeline keeps per
/// `QueueBucket` (the `queue_counts` table, migration 9) instead of counted over the cases: counting
/// 350,000 open cases of a million took about 8 ms, and 3.5 million of ten million took 107 ms. The
/// logic is both backends' (`QueueCounterReader`); here, its SQL on SQLite.
extension SQLiteCaseStore {
    /// Migration 9: the counters, filled from the cases already stored.
    static let queueCountsMigration = """
        \(QueueBucket.tableSQL(byHour: true, integer: "INTEGER", options: " WITHOUT ROWID"));
        INSERT INTO queue_counts (\(QueueBucket.countsColumns), n) \(QueueBucket.recountSQL());
        """

    /// Migration 14: the totals per bucket without the hour, filled from the counters.
    static let queueTotalsMigration = """
        \(QueueBucket.tableSQL(byHour: false, integer: "INTEGER", options: " WITHOUT ROWID"));
        \(QueueBucket.totalsFromCountsSQL);
        """

    public func counts(now: Date) throws(StoreError) -> QueueCounts {
        try read { db in
            try SQLiteCounterReader(db: db).keptCounts(now: now, calendar: try procedure(db).calendar, cases: "cases INDEXED BY cases_queue")
        }
    }

    public func count(_ query: QueueQuery, now: Date) throws(StoreError) -> Int {
        try read { db in
            if query.isCountedOnCases {
                // A reporter class from its index (`cases_reporter_class`), its reports alone.
                let (conditions, arguments) = try filter(db, query, now: now)
                let index = query.reporterClass != nil ? " INDEXED BY cases_reporter_class" : ""
                let sql = "SELECT count(*) FROM cases\(index)" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                return try Int.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)) ?? 0
            }
            let procedure = try procedure(db)
            var filter = CountFilter(query, policy: procedure.policy)
            filter.cases = "cases INDEXED BY \(Self.index(for: query))"
            return try SQLiteCounterReader(db: db).keptTotal(query, filter: filter, now: now, calendar: procedure.calendar)
        }
    }

    /// Differences between the kept counters and a recount of the cases, for `verify`.
    static func checkQueueCounts(_ db: Database) throws -> [String] {
        func rows(_ sql: String) throws -> [[String]: Int64] {
            var found: [[String]: Int64] = [:]
            for row in try Row.fetchAll(db, sql: sql) {
                found[(0..<7).map { text(row[$0]) }] = row[7]
            }
            return found
        }
        func text(_ value: DatabaseValue) -> String {
            switch value.storage {
            case let .int64(number): String(number)
            case let .string(text): text
            default: value.description
            }
        }
        let totals = try Row.fetchAll(db, sql: QueueBucket.totalsCheckSQL).map { row in
            (bucket: (0..<6).map { text(row[$0]) }, total: row[6] as Int64, counters: row[7] as Int64)
        }
        return QueueBucket.differences(kept: try rows("SELECT \(QueueBucket.countsColumns), n FROM queue_counts"),
                                       counted: try rows(QueueBucket.recountSQL()), totals: totals)
    }
}

/// The counters read on SQLite: each statement prepared once per connection.
struct SQLiteCounterReader: QueueCounterReader {
    let db: Database

    func countValues(_ statements: [CountStatement]) throws -> [Int] {
        try statements.map { statement in
            let values: [DatabaseValueConvertible] = statement.arguments.map { value in
                switch value {
                case let .integer(number): number
                case let .text(text): text
                }
            }
            return try Int.fetchOne(db.cachedStatement(sql: statement.sql), arguments: StatementArguments(values)) ?? 0
        }
    }
}
