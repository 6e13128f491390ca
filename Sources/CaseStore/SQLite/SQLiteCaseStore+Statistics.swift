import CaseDesk
import Foundation
import GRDB
import GRDBSQLite

/// Statistics read from the counts kept per receipt day (`statistics_kept`, see
/// `StatisticsAggregate`), never from the cases: ten million cases come to a few hundred thousand
/// counts. Only whether a running clock due today is already overdue depends on the moment of the
/// report; those few clocks are counted from `case_figures` through an index of running clocks.
extension SQLiteCaseStore {
    public func statistics(_ query: Statistics.Query, now: Date) throws(StoreError) -> Statistics {
        let nowMs = Millis.from(now)
        return try read { db in
            var reader = KeptStatisticsReader(query, policy: try procedure(db).policy, now: now)
            let range = reader.dayConditions("received_day")
            for (index, column) in Self.figuresClockColumns.enumerated() {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT received_day, count(*) FROM case_figures
                    WHERE \(column)_state = \(CaseFigures.ClockState.running.rawValue) AND \(column)_due >= ? AND \(column)_due < ?\(range)
                    GROUP BY received_day
                    """, arguments: [reader.todayStartMs, nowMs])
                for row in rows { reader.addOverdueToday(day: row[0], clock: index, count: row[1]) }
            }
            let sql = "SELECT day, dimension, key, n FROM statistics_kept WHERE 1" + reader.dayConditions("day")
            try RowStepper.each(try db.makeStatement(sql: sql)) { statement in
                reader.add(StatisticsAggregate.Key(day: sqlite3_column_int64(statement, 0), dimension: sqlite3_column_int64(statement, 1),
                                                   key: sqlite3_column_int64(statement, 2)), sqlite3_column_int64(statement, 3))
            }
            return reader.finished()
        }
    }

    /// The clock columns' stem in `case_figures` (`acknowledge` for `acknowledge_state`, `acknowledge_due`).
    static let figuresClockColumns = CaseFigures.clockKinds.map { $0.rawValue.replacingOccurrences(of: "-", with: "_") }

    /// Migration 10's table and the indexes of running clocks by due moment (for today's split).
    static let statisticsKeptSQL = """
        CREATE TABLE statistics_kept (
          day INTEGER NOT NULL,
          dimension INTEGER NOT NULL,
          key INTEGER NOT NULL,
          n INTEGER NOT NULL,
          PRIMARY KEY (day, dimension, key)
        ) WITHOUT ROWID;
        \(runningClockIndexes.joined(separator: ";\n"));
        """

    static let runningClockIndexes = figuresClockColumns.map { column in
        "CREATE INDEX case_figures_running_\(column) ON case_figures (\(column)_due, received_day) WHERE \(column)_state = \(CaseFigures.ClockState.running.rawValue)"
    }

    static let storedFiguresSQL = "SELECT \(CaseFigures.columns.joined(separator: ", ")) FROM case_figures WHERE id = ?"

    /// The counts as kept.
    static func keptStatistics(_ db: Database) throws -> StatisticsAggregate {
        var kept = StatisticsAggregate()
        try RowStepper.each(try db.makeStatement(sql: "SELECT day, dimension, key, n FROM statistics_kept")) { statement in
            kept.add(StatisticsAggregate.Key(day: sqlite3_column_int64(statement, 0), dimension: sqlite3_column_int64(statement, 1),
                                             key: sqlite3_column_int64(statement, 2)), sqlite3_column_int64(statement, 3))
        }
        return kept
    }

    /// The counts made again from every case's `case_figures` row.
    static func recountStatistics(_ db: Database) throws -> StatisticsAggregate {
        var counts = StatisticsAggregate()
        let columns = Int32(CaseFigures.columns.count)
        var values = [Int64?](repeating: nil, count: Int(columns))
        let sql = "SELECT \(CaseFigures.columns.joined(separator: ", ")) FROM case_figures"
        try RowStepper.each(try db.makeStatement(sql: sql)) { statement in
            for column in 0..<columns {
                values[Int(column)] = sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, column)
            }
            counts.add(CaseFigures(values: values), times: 1)
        }
        return counts
    }

    /// Replaces the kept counts with a recount of the `case_figures` rows (a store from before
    /// migration 10).
    static func rebuildStatisticsKept(_ db: Database) throws {
        let counts = try recountStatistics(db)
        try db.execute(sql: "DELETE FROM statistics_kept")
        try SQLiteTransaction(db: db).addToStatistics(counts)
    }
}
