import CaseDesk
import CaseStore
import Foundation

/// The statistics on screen: the range and grouping asked for, the figures once the store
/// answered, and where the view is scrolled.
public struct StatisticsScreen: Sendable {
    public var range: StatisticsRange
    public var period: Statistics.Period
    /// What was asked of the store, and when (the figures are as of that moment).
    public var query: Statistics.Query
    public var asOf: Date
    public var statistics: Statistics?
    public var scroll = 0

    public init(range: StatisticsRange = .sixMonths, period: Statistics.Period = .month, today: LocalDate, now: Date) {
        self.range = range
        self.period = period
        query = range.query(today: today, by: period)
        asOf = now
    }
}
