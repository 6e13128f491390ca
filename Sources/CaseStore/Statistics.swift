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

/// Adds case figures up, in flat arrays indexed by the figures' codes: a million rows pass through
/// here for one report, so no dictionary is touched per row.
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
    private var acknowledgeSeconds: [Int64] = []
    private var respondSeconds: [Int64] = []
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

    /// Adds one `case_figures` row, its values in `CaseFigures.columns` order.
    mutating func add(_ row: [Int64?], nowMs: Int64) {
        cases += 1
        kinds[Int(row[2] ?? 0)] += 1
        if let category = row[3] { categories[Int(category)] += 1 }
        channels[Int(row[4] ?? 0)] += 1
        stages[Int(row[5] ?? 1) - 1] += 1
        outcomes[Int(row[6] ?? 0)] += 1
        if row[7] == 1 { escalated += 1 }
        if row[8] == 1 { answeredAtHead += 1 }
        for index in 0..<CaseFigures.clockKinds.count {
            guard let code = row[9 + 2 * index], let state = CaseFigures.ClockState(rawValue: code) else { continue }
            let slot: Int? = switch state {
            case .met: 0
            case .missed: 1
            case .running: (row[10 + 2 * index] ?? 0) < nowMs ? 2 : 3
            case .paused: 3
            case .notDue: nil
            }
            if let slot { clocks[index * 4 + slot] += 1 }
        }
        let secondsColumn = 9 + 2 * CaseFigures.clockKinds.count
        if let seconds = row[secondsColumn] { acknowledgeSeconds.append(seconds) }
        if let seconds = row[secondsColumn + 1] { respondSeconds.append(seconds) }
        if let code = row[secondsColumn + 2] { types[Int(code) < types.count ? Int(code) : 0] += 1 }
        if let code = row[secondsColumn + 3] { teams[Int(code) < teams.count ? Int(code) : 0] += 1 }
    }

    /// Adds another tally of the same period (a part of the rows counted on another thread).
    mutating func merge(_ other: StatisticsTally) {
        func add(_ mine: inout [Int], _ theirs: [Int]) {
            for index in mine.indices where index < theirs.count { mine[index] += theirs[index] }
        }
        cases += other.cases
        add(&kinds, other.kinds)
        add(&categories, other.categories)
        add(&channels, other.channels)
        add(&stages, other.stages)
        add(&outcomes, other.outcomes)
        add(&clocks, other.clocks)
        add(&types, other.types)
        add(&teams, other.teams)
        acknowledgeSeconds += other.acknowledgeSeconds
        respondSeconds += other.respondSeconds
        answeredAtHead += other.answeredAtHead
        escalated += other.escalated
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
        group.acknowledge = StatisticsTally.spread(acknowledgeSeconds)
        group.respond = StatisticsTally.spread(respondSeconds)
        group.answeredAtHead = answeredAtHead
        group.escalated = escalated
        return group
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
