import CaseDesk
import Foundation

/// Statistics on PostgreSQL as on SQLite: from the counts kept per receipt day (`statistics_kept`,
/// migration 2) through the same `KeptStatisticsReader`, never from the cases; only today's running
/// clocks already overdue are counted from `case_figures` (through the running clocks' indexes).
extension PostgresCaseStore {
    public func statistics(_ query: Statistics.Query, now: Date) throws(StoreError) -> Statistics {
        let nowMs = Millis.from(now)
        return try read { connection in
            var reader = KeptStatisticsReader(query, policy: try procedure(connection).policy, now: now)
            let range = reader.dayConditions("received_day")
            for (index, column) in SQLiteCaseStore.figuresClockColumns.enumerated() {
                let rows = try connection.execute("""
                    SELECT received_day, count(*) FROM case_figures
                    WHERE \(column)_state = \(CaseFigures.ClockState.running.rawValue) AND \(column)_due >= $1 AND \(column)_due < $2\(range)
                    GROUP BY received_day
                    """, [.integer(reader.todayStartMs), .integer(nowMs)]).rows
                for row in rows { reader.addOverdueToday(day: row.integer(0) ?? 0, clock: index, count: row.integer(1) ?? 0) }
            }
            let rows = try connection.execute("SELECT day, dimension, key, n FROM statistics_kept WHERE true" + reader.dayConditions("day")).rows
            for row in rows {
                reader.add(StatisticsAggregate.Key(day: row.integer(0) ?? 0, dimension: row.integer(1) ?? 0, key: row.integer(2) ?? 0),
                           row.integer(3) ?? 0)
            }
            return reader.finished()
        }
    }

    /// The counts as kept (what `verify` compares with a recount from the trails).
    static func keptStatistics(_ connection: PostgresConnection) throws -> StatisticsAggregate {
        var kept = StatisticsAggregate()
        for row in try connection.execute("SELECT day, dimension, key, n FROM statistics_kept").rows {
            kept.add(StatisticsAggregate.Key(day: row.integer(0) ?? 0, dimension: row.integer(1) ?? 0, key: row.integer(2) ?? 0), row.integer(3) ?? 0)
        }
        return kept
    }

    /// Replaces the kept counts with a recount of the `case_figures` rows (migration 2 on a store
    /// made before it), in pages of case numbers.
    static func rebuildStatisticsKept(_ connection: PostgresConnection) throws {
        var counts = StatisticsAggregate()
        var after = Int64.min
        while true {
            let rows = try connection.execute("""
                SELECT \(CaseFigures.columns.joined(separator: ", ")) FROM case_figures WHERE id > $1 ORDER BY id LIMIT 20000
                """, [.integer(after)]).rows
            guard let last = rows.last else { break }
            for row in rows { counts.add(PostgresTransaction.figures(row), times: 1) }
            after = last.integer(0) ?? after
        }
        try connection.execute("DELETE FROM statistics_kept")
        try PostgresTransaction(connection: connection).addToStatistics(counts)
    }
}
