import CaseDesk
import Foundation

/// The header's counts and the queue's totals on PostgreSQL, read from the counters the write
/// pipeline keeps (migration 6) as on SQLite (`QueueCounterReader`): counted over a million cases
/// they took 7–92 ms a read.
extension PostgresCaseStore {
    /// Migration 6: the counters by hour and the totals without it, filled from the cases there are.
    static let queueCountsMigration = """
        \(QueueBucket.tableSQL(byHour: true, integer: "BIGINT", abuse: false));
        INSERT INTO queue_counts (\(QueueBucket.columns(byHour: true, abuse: false).joined(separator: ", ")), n) \(QueueBucket.recountSQL(abuse: false));
        \(QueueBucket.tableSQL(byHour: false, integer: "BIGINT", abuse: false));
        \(QueueBucket.totalsFromCountsSQL(abuse: false));
        """

    /// Migration 10: the counters and totals with the abuse report's category and reporter class, as SQLite's 17.
    static let queueAbuseCountsMigration = QueueBucket.rebuildSQL(integer: "BIGINT", options: "")

    public func count(_ query: QueueQuery, now: Date) throws(StoreError) -> Int {
        try read { connection in
            if query.isCountedOnCases {
                let filter = try self.filter(connection, query, now: now)
                return Int(try connection.execute("SELECT count(*) FROM cases \(filter.whereClause)", filter.values).first?.integer(0) ?? 0)
            }
            let procedure = try procedure(connection)
            return try PostgresCounterReader(connection: connection)
                .keptTotal(query, filter: CountFilter(query, policy: procedure.policy), now: now, calendar: procedure.calendar)
        }
    }

    public func counts(now: Date) throws(StoreError) -> QueueCounts {
        try read { connection in
            try PostgresCounterReader(connection: connection).keptCounts(now: now, calendar: try procedure(connection).calendar)
        }
    }

    /// A demo batch's cases (written without the pipeline, by `COPY`), counted per bucket as they
    /// were made (`GeneratedRows.buckets`), added to the counters in the caller's transaction: sent
    /// by `COPY` and added in one statement. (Counting them from their rows read the figures of
    /// every case loaded so far while a large load has their key set aside.)
    static func addToQueueCounts(_ connection: PostgresConnection, _ halves: [GeneratedRows]) throws {
        var buckets: [QueueBucket: Int] = [:]
        for half in halves { buckets.merge(half.buckets, uniquingKeysWith: +) }
        guard !buckets.isEmpty else { return }
        var rows = PostgresCopyText()
        for (bucket, count) in buckets {
            for value in bucket.values(byHour: true) {
                switch value {
                case .integer(let number): rows.integer(number)
                case .text(let text): rows.text(text)
                }
            }
            rows.integer(Int64(count))
            rows.endRow()
        }
        try connection.execute("CREATE TEMP TABLE IF NOT EXISTS demo_counts (LIKE queue_counts) ON COMMIT DELETE ROWS")
        try connection.copy(into: "demo_counts", columns: QueueBucket.columns(byHour: true) + ["n"], rows)
        try connection.execute("""
            WITH r (\(QueueBucket.countsColumns), n) AS (SELECT \(QueueBucket.countsColumns), n FROM demo_counts),
            counted AS (
              INSERT INTO queue_counts (\(QueueBucket.countsColumns), n) SELECT * FROM r
              ON CONFLICT (\(QueueBucket.countsColumns)) DO UPDATE SET n = queue_counts.n + EXCLUDED.n
            )
            INSERT INTO queue_totals (\(QueueBucket.totalsColumns), n) SELECT \(QueueBucket.totalsColumns), sum(n) FROM r GROUP BY \(QueueBucket.positions(QueueBucket.totalsWidth))
            ON CONFLICT (\(QueueBucket.totalsColumns)) DO UPDATE SET n = queue_totals.n + EXCLUDED.n
            """)
    }

    /// Differences between the kept counters and a recount of the cases, for `verify`.
    static func checkQueueCounts(_ connection: PostgresConnection) throws -> [String] {
        func rows(_ sql: String) throws -> [[String]: Int64] {
            var found: [[String]: Int64] = [:]
            for row in try connection.execute(sql).rows {
                found[(0..<QueueBucket.countsWidth).map { row.text($0) ?? "" }] = row.integer(QueueBucket.countsWidth) ?? 0
            }
            return found
        }
        let totals = try connection.execute(QueueBucket.totalsCheckSQL).rows.map { row in
            (bucket: (0..<QueueBucket.totalsWidth).map { row.text($0) ?? "" }, total: row.integer(QueueBucket.totalsWidth) ?? 0,
             counters: row.integer(QueueBucket.totalsWidth + 1) ?? 0)
        }
        return QueueBucket.differences(kept: try rows("SELECT \(QueueBucket.countsColumns), n FROM queue_counts"),
                                       counted: try rows(QueueBucket.recountSQL()), totals: totals)
    }
}

/// The counters read on PostgreSQL: every statement a total needs as one (`SELECT (…), (…)`),
/// prepared in the session the first time (planning it took longer than running it), the shared
/// statements' `?` marks numbered `$1`, `$2`, … across them.
struct PostgresCounterReader: QueueCounterReader {
    let connection: PostgresConnection

    func countValues(_ statements: [CountStatement]) throws -> [Int] {
        guard !statements.isEmpty else { return [] }
        var sql = "SELECT "
        var mark = 0
        for (index, statement) in statements.enumerated() {
            sql += index == 0 ? "(" : ", ("
            for character in statement.sql {
                if character == "?" {
                    mark += 1
                    sql += "$\(mark)"
                } else {
                    sql.append(character)
                }
            }
            sql += ")"
        }
        let values: [PostgresValue?] = statements.flatMap(\.arguments).map(\.postgresValue)
        guard let row = try connection.executePrepared(sql, values).first else { return statements.map { _ in 0 } }
        return statements.indices.map { Int(row.integer($0) ?? 0) }
    }
}

extension CountValue {
    /// The value as the connection binds it.
    var postgresValue: PostgresValue {
        switch self {
        case let .integer(number): .integer(number)
        case let .text(text): .text(text)
        }
    }
}
