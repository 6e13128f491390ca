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
            let policy = try procedure(db).policy
            var tallies: [StatisticsTally] = []
            var total = StatisticsTally(label: "total", policy: policy)
            var labels: [String] = []
            var slotOfDay: [Int64: Int] = [:]
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
                let day = values[1] ?? 0
                let slot: Int
                if let known = slotOfDay[day] {
                    slot = known
                } else {
                    let label = query.by.label(of: LocalDate(dayNumber: Int(day)))
                    if let existing = labels.firstIndex(of: label) {
                        slot = existing
                    } else {
                        slot = labels.count
                        labels.append(label)
                        tallies.append(StatisticsTally(label: label, policy: policy))
                    }
                    slotOfDay[day] = slot
                }
                tallies[slot].add(values, nowMs: nowMs)
                total.add(values, nowMs: nowMs)
            }
            let groups = tallies.map { $0.finished() }.sorted { $0.label < $1.label }
            return Statistics(query: query, groups: groups, total: total.finished())
        }
    }
}
