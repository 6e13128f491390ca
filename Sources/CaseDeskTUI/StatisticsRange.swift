import CaseDesk
import CaseStore

/// The stretch of time the statistics screen covers, counted back from today in whole months.
public enum StatisticsRange: CaseIterable, Sendable {
    case threeMonths
    case sixMonths
    case twelveMonths
    case all

    public var title: String {
        switch self {
        case .threeMonths: "last 3 months"
        case .sixMonths: "last 6 months"
        case .twelveMonths: "last 12 months"
        case .all: "every case"
        }
    }

    /// This month and the months before it, from their first day to today; `all` is unbounded.
    public func query(today: LocalDate, by period: Statistics.Period) -> Statistics.Query {
        let months: Int
        switch self {
        case .threeMonths: months = 3
        case .sixMonths: months = 6
        case .twelveMonths: months = 12
        case .all: return Statistics.Query(from: nil, to: nil, by: period)
        }
        let index = today.year * 12 + (today.month - 1) - (months - 1)
        return Statistics.Query(from: LocalDate(year: index / 12, month: index % 12 + 1, day: 1), to: today, by: period)
    }

    public var next: StatisticsRange {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
