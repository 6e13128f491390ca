import CaseDesk
import Foundation

extension PostgresCaseStore {
    /// The statistics rows of the cases received in the range, tallied here as on SQLite
    /// (`StatisticsTally`), read in pages of case numbers so a million rows never sit in one result.
    public func statistics(_ query: Statistics.Query, now: Date) throws(StoreError) -> Statistics {
        let nowMs = Millis.from(now)
        return try read { connection in
            let policy = try procedure(connection).policy
            var tallies: [String: StatisticsTally] = [:]
            var total = StatisticsTally(label: "total", policy: policy)
            var labelOfDay: [Int64: String] = [:]
            var after: Int64 = Int64.min
            var conditions = ""
            if let from = query.from { conditions += " AND received_day >= \(from.dayNumber)" }
            if let to = query.to { conditions += " AND received_day <= \(to.dayNumber)" }
            while true {
                let rows = try connection.execute("""
                    SELECT \(CaseFigures.columns.joined(separator: ", ")) FROM case_figures WHERE id > $1\(conditions) ORDER BY id LIMIT 20000
                    """, [.integer(after)]).rows
                guard let last = rows.last else { break }
                for row in rows {
                    let values = CaseFigures.columns.indices.map { row.integer($0) }
                    let day = values[1] ?? 0
                    let label: String
                    if let known = labelOfDay[day] {
                        label = known
                    } else {
                        label = query.by.label(of: LocalDate(dayNumber: Int(day)))
                        labelOfDay[day] = label
                    }
                    tallies[label, default: StatisticsTally(label: label, policy: policy)].add(values, nowMs: nowMs)
                    total.add(values, nowMs: nowMs)
                }
                after = last.integer(0) ?? after
            }
            let groups = tallies.values.map { $0.finished() }.sorted { $0.label < $1.label }
            return Statistics(query: query, groups: groups, total: total.finished())
        }
    }
}
