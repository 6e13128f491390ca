import CaseDesk
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteCaseStore {
    public func statistics(_ query: Statistics.Query, now: Date) throws(StoreError) -> Statistics {
        let nowMs = Millis.from(now)
        return try read { db in
            var sql = "SELECT \(CaseFigures.columns.joined(separator: ", ")) FROM case_figures"
            var conditions: [String] = []
            if let from = query.from { conditions.append("received_day >= \(from.dayNumber)") }
            if let to = query.to { conditions.append("received_day <= \(to.dayNumber)") }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            var tallies: [String: StatisticsTally] = [:]
            var total = StatisticsTally(label: "total")
            var labels: [Int64: String] = [:]
            // One pass over small integer rows, read through the C API: a million cases in well under a second.
            let prepared = try db.makeStatement(sql: sql)
            defer { withExtendedLifetime(prepared) {} }
            let statement = prepared.sqliteStatement
            let columns = Int32(CaseFigures.columns.count)
            var values = [Int64?](repeating: nil, count: Int(columns))
            while true {
                let code = sqlite3_step(statement)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                        message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))))
                }
                for column in 0..<columns {
                    values[Int(column)] = sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, column)
                }
                let figures = CaseFigures(values: values)
                let label: String
                if let known = labels[figures.receivedDay] {
                    label = known
                } else {
                    label = query.by.label(of: LocalDate(dayNumber: Int(figures.receivedDay)))
                    labels[figures.receivedDay] = label
                }
                tallies[label, default: StatisticsTally(label: label)].add(figures, nowMs: nowMs)
                total.add(figures, nowMs: nowMs)
            }
            return Statistics(query: query, groups: tallies.keys.sorted().map { tallies[$0]!.finished() }, total: total.finished())
        }
    }
}
