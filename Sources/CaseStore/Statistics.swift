import CaseDesk
import Foundation

/// The number and type of complaints and abuse reports (PROCEDURE.md, "Record keeping"): counts by
/// kind, category, channel, stage reached and outcome; for each clock the share met and missed;
/// median and 90th percentile business time to acknowledge and to respond; the escalation rate.
public struct Statistics: Sendable, Equatable {
    public enum Period: String, Sendable, CaseIterable {
        case week
        case month
    }

    public struct Query: Sendable, Equatable {
        /// Cases received from this desk date on (inclusive).
        public var from: LocalDate?
        /// …up to this desk date (inclusive).
        public var to: LocalDate?
        public var by: Period

        public init(from: LocalDate? = nil, to: LocalDate? = nil, by: Period = .month) {
            self.from = from
            self.to = to
            self.by = by
        }
    }

    /// How one clock fared: done in time, done late, running past due, running in time.
    public struct ClockTally: Sendable, Equatable {
        public var met = 0
        public var missed = 0
        public var overdue = 0
        public var open = 0

        public init(met: Int = 0, missed: Int = 0, overdue: Int = 0, open: Int = 0) {
            self.met = met
            self.missed = missed
            self.overdue = overdue
            self.open = open
        }

        /// Met out of those that are decided (met, missed, or already overdue).
        public var metShare: Double? {
            let decided = met + missed + overdue
            return decided == 0 ? nil : Double(met) / Double(decided)
        }
    }

    /// Business days (of 24 h) a step took: the median and the 90th percentile.
    public struct Spread: Sendable, Equatable {
        public var count: Int
        public var median: Double
        public var p90: Double
    }

    public struct Group: Sendable, Equatable {
        /// "2026-11" or "2026-W47"; "total" for the whole range.
        public var label: String
        public var cases = 0
        public var byKind: [CaseKind: Int] = [:]
        public var byCategory: [AbuseCategory: Int] = [:]
        public var byChannel: [Channel: Int] = [:]
        public var byStage: [Stage: Int] = [:]
        /// "open", or a close reason's raw value ("final", "satisfied", "lapsed", …).
        public var byOutcome: [String: Int] = [:]
        public var clocks: [Clock.Kind: ClockTally] = [:]
        public var acknowledge: Spread?
        public var respond: Spread?
        /// Cases whose formal complaint was answered, and of those, how many were escalated.
        public var answeredAtHead = 0
        public var escalated = 0

        public var escalationRate: Double? { answeredAtHead == 0 ? nil : Double(escalated) / Double(answeredAtHead) }

        public init(label: String) { self.label = label }
    }

    /// The desk clocks statistics judge, in the procedure's order.
    public static let clockKinds: [Clock.Kind] = CaseFigures.clockKinds

    public var query: Query
    public var groups: [Group]
    public var total: Group

    public init(query: Query, groups: [Group], total: Group) {
        self.query = query
        self.groups = groups
        self.total = total
    }
}

/// Adds case figures up into groups, keeping the business times for the percentiles.
struct StatisticsTally {
    private var group: Statistics.Group
    private var acknowledgeSeconds: [Int64] = []
    private var respondSeconds: [Int64] = []

    init(label: String) { group = Statistics.Group(label: label) }

    mutating func add(_ figures: CaseFigures, nowMs: Int64) {
        group.cases += 1
        group.byKind[CaseKind.allCases[Int(figures.kind)], default: 0] += 1
        if let category = figures.category { group.byCategory[AbuseCategory.allCases[Int(category)], default: 0] += 1 }
        group.byChannel[Channel.allCases[Int(figures.channel)], default: 0] += 1
        group.byStage[Stage.allCases[Int(figures.stage) - 1], default: 0] += 1
        let outcome = figures.outcome == 0 ? "open" : CloseReason.allCases[Int(figures.outcome) - 1].rawValue
        group.byOutcome[outcome, default: 0] += 1
        for (index, clock) in figures.clocks.enumerated() {
            guard let clock else { continue }
            let kind = CaseFigures.clockKinds[index]
            switch clock.state {
            case .met: group.clocks[kind, default: .init()].met += 1
            case .missed: group.clocks[kind, default: .init()].missed += 1
            case .running:
                if clock.due < nowMs { group.clocks[kind, default: .init()].overdue += 1 } else { group.clocks[kind, default: .init()].open += 1 }
            case .paused: group.clocks[kind, default: .init()].open += 1
            case .cancelled: break
            }
        }
        if let seconds = figures.acknowledgeSeconds { acknowledgeSeconds.append(seconds) }
        if let seconds = figures.respondSeconds { respondSeconds.append(seconds) }
        if figures.headAnswered { group.answeredAtHead += 1 }
        if figures.escalated { group.escalated += 1 }
    }

    func finished() -> Statistics.Group {
        var result = group
        result.acknowledge = StatisticsTally.spread(acknowledgeSeconds)
        result.respond = StatisticsTally.spread(respondSeconds)
        return result
    }

    static func spread(_ values: [Int64]) -> Statistics.Spread? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        func rank(_ p: Double) -> Double {
            Double(sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))]) / 86_400
        }
        return Statistics.Spread(count: sorted.count, median: rank(0.5), p90: rank(0.9))
    }
}

extension Statistics.Period {
    /// The label of the period a desk date falls in: "2026-11", or the ISO week "2026-W47".
    public func label(of date: LocalDate) -> String {
        switch self {
        case .month: String(format: "%04d-%02d", date.year, date.month)
        case .week:
            String(format: "%04d-W%02d", date.isoWeek.year, date.isoWeek.week)
        }
    }
}
