import CaseDesk
import Foundation

/// The abuse desk's figures for `stats`: median and 90th percentile hours to confirm, review and
/// mitigate, and the share of hour clocks met per reporter class. Computed from the compliance
/// records, apart from the kept statistics of business-day clocks.
public struct AbuseFigures: Sendable, Equatable {
    public struct Spread: Sendable, Equatable {
        public var count: Int
        public var median: Double?
        public var p90: Double?
    }

    /// Per reporter class: clocks met and clocks judged (met + missed + overdue).
    public struct Share: Sendable, Equatable {
        public var met = 0
        public var judged = 0
        public var share: Double? { judged == 0 ? nil : Double(met) / Double(judged) }
        public init(met: Int = 0, judged: Int = 0) {
            self.met = met
            self.judged = judged
        }
    }

    public var reports: Int
    public var toConfirm: Spread
    public var toReview: Spread
    public var toMitigate: Spread
    public var clocksMet: [ReporterClass: Share]

    public init(_ records: [AbuseRecord]) {
        reports = records.count
        toConfirm = AbuseFigures.spread(records.compactMap(\.hoursToConfirm))
        toReview = AbuseFigures.spread(records.compactMap(\.hoursToReview))
        toMitigate = AbuseFigures.spread(records.compactMap(\.hoursToMitigate))
        var shares: [ReporterClass: Share] = [:]
        for record in records {
            for status in record.clocks.values {
                var share = shares[record.reporterClass] ?? Share()
                switch status {
                case .met: share.met += 1; share.judged += 1
                case .missed, .unkept, .overdue: share.judged += 1
                default: break
                }
                shares[record.reporterClass] = share
            }
        }
        clocksMet = shares
    }

    /// Nearest-rank percentiles, as the business-day figures count them.
    static func spread(_ values: [Double]) -> Spread {
        let sorted = values.sorted()
        func rank(_ p: Double) -> Double? {
            guard !sorted.isEmpty else { return nil }
            let index = max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)
            return sorted[min(index, sorted.count - 1)]
        }
        return Spread(count: sorted.count, median: rank(0.5), p90: rank(0.9))
    }
}
