import CaseDesk
import Foundation

/// Statistics made from the counts kept per receipt day (`statistics_kept`), for every backend: the
/// backend reads the kept rows and the few running clocks due today that are already overdue, in
/// its own SQL; the grouping by period and the tallies are here, once.
struct KeptStatisticsReader {
    let query: Statistics.Query
    let policy: Policy
    /// The UTC day of the report's moment.
    let nowDay: Int64
    /// Running clocks due today and already past due, by receipt day and clock (`.runningClock` keys).
    private var overdueToday: [StatisticsAggregate.Key: Int64] = [:]
    private var tallies: [StatisticsTally] = []
    private var total: StatisticsTally
    private var labels: [String: Int] = [:]
    private var slotOfDay: [Int64: Int] = [:]

    init(_ query: Statistics.Query, policy: Policy, now: Date) {
        self.query = query
        self.policy = policy
        nowDay = StatisticsAggregate.floorDiv(Millis.from(now), StatisticsAggregate.millisPerDay)
        total = StatisticsTally(label: "total", policy: policy)
    }

    /// The range of receipt days as SQL conditions on `column` (the dates are numbers, not text).
    func dayConditions(_ column: String) -> String {
        var range = ""
        if let from = query.from { range += " AND \(column) >= \(from.dayNumber)" }
        if let to = query.to { range += " AND \(column) <= \(to.dayNumber)" }
        return range
    }

    /// Today's running clocks already overdue start at the day's start and end before `now`.
    var todayStartMs: Int64 { nowDay * StatisticsAggregate.millisPerDay }

    /// `count` running clocks of clock `index` (in `CaseFigures.clockKinds`), of cases received on
    /// `day`, are due today and already overdue.
    mutating func addOverdueToday(day: Int64, clock index: Int, count: Int64) {
        let key = StatisticsAggregate.Key(day: day, dimension: StatisticsAggregate.Dimension.runningClock.rawValue,
                                          key: nowDay * StatisticsAggregate.clockSlots + Int64(index))
        overdueToday[key] = count
    }

    /// One kept row.
    mutating func add(_ key: StatisticsAggregate.Key, _ count: Int64) {
        let slot: Int
        if let known = slotOfDay[key.day] {
            slot = known
        } else {
            let label = query.by.label(of: LocalDate(dayNumber: Int(key.day)))
            if let existing = labels[label] {
                slot = existing
            } else {
                slot = tallies.count
                labels[label] = slot
                tallies.append(StatisticsTally(label: label, policy: policy))
            }
            slotOfDay[key.day] = slot
        }
        let overdue = overdueToday[key] ?? 0
        tallies[slot].add(key, count, nowDay: nowDay, overdueToday: overdue)
        total.add(key, count, nowDay: nowDay, overdueToday: overdue)
    }

    func finished() -> Statistics {
        let groups = tallies.map { $0.finished() }.filter { $0.cases > 0 }.sorted { $0.label < $1.label }
        return Statistics(query: query, groups: groups, total: total.finished())
    }
}
