import CaseDesk
import Foundation
import GRDB
import GRDBSQLite

/// The header's counts and the queue's totals, read from the counters the write pipeline keeps per
/// `QueueBucket` (the `queue_counts` table, migration 9) instead of counted over the cases: counting
/// 350,000 open cases of a million took about 8 ms, and 3.5 million of ten million took 107 ms. The
/// logic is both backends' (`QueueCounterReader`); here, its SQL on SQLite.
extension SQLiteCaseStore {
    /// Migration 9: the counters, filled from the cases already stored.
    static let queueCountsMigration = """
        \(QueueBucket.tableSQL(byHour: true, integer: "INTEGER", options: " WITHOUT ROWID", abuse: false));
        INSERT INTO queue_counts (\(QueueBucket.columns(byHour: true, abuse: false).joined(separator: ", ")), n) \(QueueBucket.recountSQL(abuse: false));
        """

    /// Migration 14: the totals per bucket without the hour, filled from the counters.
    static let queueTotalsMigration = """
        \(QueueBucket.tableSQL(byHour: false, integer: "INTEGER", options: " WITHOUT ROWID", abuse: false));
        \(QueueBucket.totalsFromCountsSQL(abuse: false));
        """

    /// Migration 17: the counters and totals with the abuse report's category and reporter class.
    static let queueAbuseCountsMigration = QueueBucket.rebuildSQL(integer: "INTEGER", options: " WITHOUT ROWID")

    public func counts(now: Date) throws(StoreError) -> QueueCounts {
        try read { db in
            try SQLiteCounterReader(db: db).keptCounts(now: now, calendar: try procedure(db).calendar, cases: Self.wholeQueueCountSource)
        }
    }

    public func count(_ query: QueueQuery, now: Date) throws(StoreError) -> Int {
        try read { db in
            if query.isCountedOnCases {
                let (conditions, arguments) = try filter(db, query, now: now)
                let sql = "SELECT count(*) FROM cases" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                return try Int.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)) ?? 0
            }
            let procedure = try procedure(db)
            var filter = CountFilter(query, policy: procedure.policy)
            filter.cases = Self.countSource(for: query)
            return try SQLiteCounterReader(db: db).keptTotal(query, filter: filter, now: now, calendar: procedure.calendar)
        }
    }

    /// Differences between the kept counters and a recount of the cases, for `verify`.
    static func checkQueueCounts(_ db: Database) throws -> [String] {
        func rows(_ sql: String) throws -> [[String]: Int64] {
            var found: [[String]: Int64] = [:]
            for row in try Row.fetchAll(db, sql: sql) {
                found[(0..<QueueBucket.countsWidth).map { text(row[$0]) }] = row[QueueBucket.countsWidth]
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
            (bucket: (0..<QueueBucket.totalsWidth).map { text(row[$0]) }, total: row[QueueBucket.totalsWidth] as Int64,
             counters: row[QueueBucket.totalsWidth + 1] as Int64)
        }
        // The recount: every case's bucket counted here, as the text `rows` makes of it (a bucket is
        // one of the kept counters, so this holds no more than they do).
        var counted: [[String]: Int64] = [:]
        try RowStepper.each(db.makeStatement(sql: QueueBucket.caseBucketsSQL)) { handle in
            let bucket = (0..<Int32(QueueBucket.countsWidth)).map { column in
                switch sqlite3_column_type(handle, column) {
                case SQLITE_INTEGER: String(sqlite3_column_int64(handle, column))
                case SQLITE_TEXT: RowStepper.text(handle, column) ?? ""
                default: text(DatabaseValue(sqliteStatement: handle, index: column))
                }
            }
            counted[bucket, default: 0] += 1
        }
        return QueueBucket.differences(kept: try rows("SELECT \(QueueBucket.countsColumns), n FROM queue_counts"),
                                       counted: counted, totals: totals)
    }
}

/// The counters read on SQLite: each statement prepared once per connection.
struct SQLiteCounterReader: QueueCounterReader {
    let db: Database

    func countValues(_ statements: [CountStatement]) throws -> [Int] {
        try statements.map { statement in
            try Int.fetchOne(db.cachedStatement(sql: statement.sql), arguments: StatementArguments(statement.arguments.map(\.sqliteValue))) ?? 0
        }
    }
}

extension CountValue {
    /// The value as GRDB binds it.
    var sqliteValue: DatabaseValueConvertible {
        switch self {
        case let .integer(number): number
        case let .text(text): text
        }
    }
}
