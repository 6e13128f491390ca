import CaseDesk
import CaseStore
import Foundation

/// The abuse desk's part of `stats` (hours to confirm, review and mitigate; clocks met per reporter
/// class), kept apart from the business-day statistics: computed from the compliance records.
extension StatsCommand {
    static func abuseFigures(_ session: Session, query: Statistics.Query, now: Date) throws -> AbuseFigures {
        let calendar = session.calendar
        let start = query.from.map { calendar.startOfDay($0) }
        let end = query.to.map { calendar.startOfDay($0.next) }
        let records = try cli { () throws(StoreError) in
            try session.store.abuseRecords(receivedFrom: start, to: end, procedure: session.procedure, now: now)
        }
        return AbuseFigures(records)
    }

    /// The figures as (measure, key, value) rows of the total group.
    static func abuseMeasures(_ figures: AbuseFigures) -> [(String, String, StatisticsJSON.Figure)] {
        var rows: [(String, String, StatisticsJSON.Figure)] = [("abuse_reports", "all", .count(figures.reports))]
        for (name, spread) in [("confirm", figures.toConfirm), ("review", figures.toReview), ("mitigate", figures.toMitigate)] {
            rows += [("abuse_hours_median", name, .fraction(spread.median, digits: 2)),
                     ("abuse_hours_p90", name, .fraction(spread.p90, digits: 2)),
                     ("abuse_hours_count", name, .count(spread.count))]
        }
        for reporter in ReporterClass.allCases {
            let share = figures.clocksMet[reporter] ?? AbuseFigures.Share()
            rows += [("abuse_clocks_met", reporter.rawValue, .count(share.met)),
                     ("abuse_clocks_judged", reporter.rawValue, .count(share.judged)),
                     ("abuse_clock_met_share", reporter.rawValue, .fraction(share.share, digits: 4))]
        }
        return rows
    }

    static func abuseLines(_ figures: AbuseFigures) -> [String] {
        func hours(_ value: Double?) -> String { value.map { String(format: "%.1fh", $0) } ?? "–" }
        var lines = ["", "Abuse reports (\(figures.reports)): hours from receipt, median / 90th percentile"]
        for (name, spread) in [("confirm", figures.toConfirm), ("review", figures.toReview), ("mitigate", figures.toMitigate)] {
            lines.append("  to \(name): \(hours(spread.median)) / \(hours(spread.p90)) (\(spread.count) reports)")
        }
        lines.append("  hour clocks met: " + ReporterClass.allCases.map { reporter in
            let share = figures.clocksMet[reporter] ?? AbuseFigures.Share()
            return "\(reporter.rawValue) \(StatisticsTable.percent(share.share)) of \(share.judged)"
        }.joined(separator: ", "))
        return lines
    }
}
