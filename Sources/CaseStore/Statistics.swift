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

    /// Business days (of 24 h) a step took: the median and the 90th percentile, exact to the whole
    /// business hour (they come from kept histograms of hours, not from every case).
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
        /// Complaints by type (the policy's names; `unlisted` for a type the policy no longer names).
        public var byType: [String: Int] = [:]
        /// Feedback by the team it was routed to (likewise).
        public var byTeam: [String: Int] = [:]
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

/// Adds kept counts (`StatisticsAggregate`) up for one period, in flat arrays indexed by the
/// figures' codes; business times as histograms of whole hours.
struct StatisticsTally {
    private let label: String
    private var cases = 0
    private var kinds = [Int](repeating: 0, count: CaseKind.allCases.count)
    private var categories = [Int](repeating: 0, count: AbuseCategory.allCases.count)
    private var channels = [Int](repeating: 0, count: Channel.allCases.count)
    private var stages = [Int](repeating: 0, count: Stage.allCases.count)
    private var outcomes = [Int](repeating: 0, count: CloseReason.allCases.count + 1)
    /// Per clock kind: met, missed, overdue, open.
    private var clocks = [Int](repeating: 0, count: CaseFigures.clockKinds.count * 4)
    /// Hours → cases.
    private var acknowledgeHours: [Int64: Int] = [:]
    private var respondHours: [Int64: Int] = [:]
    private var answeredAtHead = 0
    private var escalated = 0
    private let typeNames: [String]
    private let teamNames: [String]
    private var types: [Int]
    private var teams: [Int]

    /// The name counted for a code the policy's lists no longer hold.
    static let unlisted = "unlisted"

    init(label: String, policy: Policy) {
        self.label = label
        typeNames = [StatisticsTally.unlisted] + policy.complaintTypes
        teamNames = [StatisticsTally.unlisted] + policy.feedbackTeams
        types = [Int](repeating: 0, count: typeNames.count)
        teams = [Int](repeating: 0, count: teamNames.count)
    }

    /// Adds one kept count. For a running clock due on `nowDay` (the UTC day of the report's moment),
    /// `overdueToday` says how many of the `count` are already past their due moment.
    mutating func add(_ key: StatisticsAggregate.Key, _ count: Int64, nowDay: Int64, overdueToday: Int64 = 0) {
        func bump(_ array: inout [Int], _ index: Int64, default fallback: Int? = nil) {
            if index >= 0, index < Int64(array.count) {
                array[Int(index)] += Int(count)
            } else if let fallback {
                array[fallback] += Int(count)
            }
        }
        guard let dimension = StatisticsAggregate.Dimension(rawValue: key.dimension) else { return }
        let slots = StatisticsAggregate.clockSlots
        switch dimension {
        case .cases: cases += Int(count)
        case .kind: bump(&kinds, key.key)
        case .category: bump(&categories, key.key)
        case .channel: bump(&channels, key.key)
        case .stage: bump(&stages, key.key - 1)
        case .outcome: bump(&outcomes, key.key)
        case .escalated: escalated += Int(count)
        case .headAnswered: answeredAtHead += Int(count)
        case .clock:
            let index = key.key / slots
            guard index < Int64(CaseFigures.clockKinds.count), let state = CaseFigures.ClockState(rawValue: key.key % slots) else { return }
            switch state {
            case .met: clocks[Int(index) * 4] += Int(count)
            case .missed: clocks[Int(index) * 4 + 1] += Int(count)
            case .paused: clocks[Int(index) * 4 + 3] += Int(count)
            case .running, .notDue: break
            }
        case .runningClock:
            let dueDay = StatisticsAggregate.floorDiv(key.key, slots)
            let index = Int(key.key - dueDay * slots)
            guard index < CaseFigures.clockKinds.count else { return }
            let overdue = dueDay < nowDay ? count : dueDay > nowDay ? 0 : overdueToday
            clocks[index * 4 + 2] += Int(overdue)
            clocks[index * 4 + 3] += Int(count - overdue)
        case .acknowledgeHours: acknowledgeHours[key.key, default: 0] += Int(count)
        case .respondHours: respondHours[key.key, default: 0] += Int(count)
        case .complaintType: bump(&types, key.key, default: 0)
        case .team: bump(&teams, key.key, default: 0)
        }
    }

    func finished() -> Statistics.Group {
        func counts<Key>(_ keys: [Key], _ values: [Int]) -> [Key: Int] {
            Dictionary(uniqueKeysWithValues: zip(keys, values).filter { $0.1 > 0 })
        }
        var group = Statistics.Group(label: label)
        group.cases = cases
        group.byKind = counts(CaseKind.allCases, kinds)
        group.byCategory = counts(AbuseCategory.allCases, categories)
        group.byChannel = counts(Channel.allCases, channels)
        group.byStage = counts(Stage.allCases, stages)
        group.byOutcome = counts(["open"] + CloseReason.allCases.map(\.rawValue), outcomes)
        // Names come from the policy file: a repeated one adds up rather than traps.
        group.byType = Dictionary(zip(typeNames, types).filter { $0.1 > 0 }, uniquingKeysWith: +)
        group.byTeam = Dictionary(zip(teamNames, teams).filter { $0.1 > 0 }, uniquingKeysWith: +)
        for (index, kind) in CaseFigures.clockKinds.enumerated() {
            let tally = Statistics.ClockTally(met: clocks[index * 4], missed: clocks[index * 4 + 1],
                                              overdue: clocks[index * 4 + 2], open: clocks[index * 4 + 3])
            if tally != Statistics.ClockTally() { group.clocks[kind] = tally }
        }
        group.acknowledge = StatisticsTally.spread(hours: acknowledgeHours)
        group.respond = StatisticsTally.spread(hours: respondHours)
        group.answeredAtHead = answeredAtHead
        group.escalated = escalated
        return group
    }

    /// The median and 90th percentile (nearest rank) of a histogram of whole business hours, in days.
    static func spread(hours histogram: [Int64: Int]) -> Statistics.Spread? {
        let total = histogram.values.reduce(0, +)
        guard total > 0 else { return nil }
        let buckets = histogram.sorted { $0.key < $1.key }
        func rank(_ p: Double) -> Double {
            let wanted = min(total - 1, max(0, Int((p * Double(total)).rounded(.up)) - 1))
            var seen = 0
            for (hours, count) in buckets {
                seen += count
                if seen > wanted { return Double(hours) / 24 }
            }
            return Double(buckets[buckets.count - 1].key) / 24
        }
        return Statistics.Spread(count: total, median: rank(0.5), p90: rank(0.9))
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
