import CaseDesk
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteCaseStore {
    public func statistics(_ query: Statistics.Query, now: Date) throws(StoreError) -> Statistics {
        try statistics(query, now: now, splittingFrom: 50_000)
    }

    /// Counted in two halves when the store holds `splittingFrom` cases or more.
    func statistics(_ query: Statistics.Query, now: Date, splittingFrom: Int64) throws(StoreError) -> Statistics {
        let nowMs = Millis.from(now)
        // Two halves of the rows counted at once on two connections (reading the columns of a
        // million rows is most of the work), then added together.
        let (policy, last) = try read { db in
            (try procedure(db).policy, try Int64.fetchOne(db, sql: "SELECT max(id) FROM case_figures") ?? 0)
        }
        let middle = last >= splittingFrom ? last / 2 : last
        let upper = Handoff<(tallies: [String: StatisticsTally], total: StatisticsTally)>()
        let done = DispatchGroup()
        if middle < last {
            done.enter()
            Thread { [self] in
                defer { done.leave() }
                do throws(StoreError) {
                    upper.value = .success(try read { db in
                        try Self.tally(db, query, ids: (middle + 1)...Int64.max, policy: policy, nowMs: nowMs)
                    })
                } catch {
                    upper.value = .failure(error)
                }
            }.start()
        }
        let lower: (tallies: [String: StatisticsTally], total: StatisticsTally)
        do throws(StoreError) {
            lower = try read { db in try Self.tally(db, query, ids: Int64.min...middle, policy: policy, nowMs: nowMs) }
        } catch {
            done.wait()
            throw error
        }
        done.wait()
        var tallies = lower.tallies
        var total = lower.total
        if middle < last {
            let (more, moreTotal) = try upper.result()
            for (label, tally) in more { tallies[label, default: StatisticsTally(label: label, policy: policy)].merge(tally) }
            total.merge(moreTotal)
        }
        let groups = tallies.values.map { $0.finished() }.sorted { $0.label < $1.label }
        return Statistics(query: query, groups: groups, total: total.finished())
    }

    /// One pass over the `case_figures` rows whose ids fall in `ids`, read through the C API.
    private static func tally(_ db: Database, _ query: Statistics.Query, ids: ClosedRange<Int64>, policy: Policy,
                              nowMs: Int64) throws -> (tallies: [String: StatisticsTally], total: StatisticsTally) {
        var sql = "SELECT \(CaseFigures.columns.joined(separator: ", ")) FROM case_figures WHERE id BETWEEN \(ids.lowerBound) AND \(ids.upperBound)"
        if let from = query.from { sql += " AND received_day >= \(from.dayNumber)" }
        if let to = query.to { sql += " AND received_day <= \(to.dayNumber)" }
        var tallies: [StatisticsTally] = []
        var total = StatisticsTally(label: "total", policy: policy)
        var labels: [String] = []
        var slotOfDay: [Int64: Int] = [:]
        let columns = Int32(CaseFigures.columns.count)
        var values = [Int64?](repeating: nil, count: Int(columns))
        try RowStepper.each(try db.makeStatement(sql: sql)) { statement in
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
        return (Dictionary(uniqueKeysWithValues: zip(labels, tallies)), total)
    }
}
