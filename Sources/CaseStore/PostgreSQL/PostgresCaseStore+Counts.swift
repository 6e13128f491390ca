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

    /// Adds the cases `numbers` (written without the pipeline, by `COPY`) to the counters, in the
    /// caller's transaction: their buckets counted from their rows in one statement.
    static func addToQueueCounts(_ connection: PostgresConnection, cases numbers: ClosedRange<CaseNumber>) throws {
        try connection.execute("""
            WITH r (\(QueueBucket.countsColumns), n) AS (\(QueueBucket.recountSQL(casesWhere: "c.id BETWEEN $1 AND $2"))),
            counted AS (
              INSERT INTO queue_counts (\(QueueBucket.countsColumns), n) SELECT * FROM r
              ON CONFLICT (\(QueueBucket.countsColumns)) DO UPDATE SET n = queue_counts.n + EXCLUDED.n
            )
            INSERT INTO queue_totals (\(QueueBucket.totalsColumns), n) SELECT \(QueueBucket.totalsColumns), sum(n) FROM r GROUP BY \(QueueBucket.positions(QueueBucket.totalsWidth))
            ON CONFLICT (\(QueueBucket.totalsColumns)) DO UPDATE SET n = queue_totals.n + EXCLUDED.n
            """, [.integer(numbers.lowerBound), .integer(numbers.upperBound)])
    }

    /// A demo batch's cases (the halves' numbers follow one another) added to the counters.
    static func addToQueueCounts(_ connection: PostgresConnection, _ halves: [GeneratedRows]) throws {
        guard let first = halves.first?.firstNumber else { return }
        try addToQueueCounts(connection, cases: first...(first + CaseNumber(halves.reduce(0) { $0 + $1.cases }) - 1))
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
