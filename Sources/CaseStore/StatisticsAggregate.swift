import CaseDesk
import Foundation

/// Statistics kept as counts, per receipt day and dimension, so a report over ten million cases
/// reads a few hundred thousand counts instead of every case (issue 15). Every case adds one to
/// the counts its `CaseFigures` row names; the write pipeline keeps them in step by adding the
/// difference between a case's figures before and after each write, in the same transaction, and
/// `verify` proves them equal to a recount from the trails.
///
/// A new figure (say, hours to act on an abuse report) is a new `Dimension` with its own keys: the
/// table, the pipeline and verify need no change; `StatisticsTally` reads it.
struct StatisticsAggregate: Equatable, Sendable {
    /// One count's place: the desk day the cases were received (`CaseFigures.receivedDay`), what is
    /// counted, and which value of it.
    struct Key: Hashable, Comparable, Sendable {
        var day: Int64
        var dimension: Int64
        var key: Int64

        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.day, lhs.dimension, lhs.key) < (rhs.day, rhs.dimension, rhs.key)
        }
    }

    /// What a count counts. The codes are stored: never renumber one, only add.
    enum Dimension: Int64, CaseIterable {
        /// Cases received (key 0).
        case cases = 1
        /// By `CaseFigures.kind`, `.category`, `.channel`, `.stage`, `.outcome` (their codes as keys).
        case kind, category, channel, stage, outcome
        /// Cases escalated; cases whose formal complaint was answered (key 0).
        case escalated, headAnswered
        /// A clock that is settled or waiting: key `clock index × 16 + state` (met, missed, paused).
        case clock
        /// A running clock by the UTC day it falls due: key `due day × 16 + clock index`. Whether it
        /// is overdue depends on the moment of the report: days before today's are, days after are
        /// not, and today's are split by the clocks' own due moments (see `StatisticsTally`).
        case runningClock
        /// Business time from the formal complaint to its acknowledgement and to its answer, in
        /// whole business hours (the histogram medians and percentiles come from: exact to the hour).
        case acknowledgeHours, respondHours
        /// Complaints by type, feedback by team (`CaseFigures.complaintType`, `.team` codes).
        case complaintType, team
    }

    /// Slots per clock index in the `.clock` and `.runningClock` keys.
    static let clockSlots: Int64 = 16
    static let millisPerDay: Int64 = 86_400_000

    private(set) var counts: [Key: Int64] = [:]

    init() {}

    /// The counts of one case's figures.
    init(_ figures: CaseFigures) {
        add(figures, times: 1)
    }

    /// What changes when a case's figures go from `old` (nil: a new case) to `new`: the counts to add.
    init(from old: CaseFigures?, to new: CaseFigures) {
        add(new, times: 1)
        if let old { add(old, times: -1) }
    }

    var isEmpty: Bool { counts.isEmpty }

    /// The counts in key order.
    var sorted: [(key: Key, count: Int64)] { counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    mutating func add(_ key: Key, _ count: Int64) {
        guard count != 0 else { return }
        // A key already counted (most are) is hashed once, not once to read and once to write.
        guard let place = counts.index(forKey: key) else {
            counts[key] = count
            return
        }
        let sum = counts.values[place] + count
        if sum == 0 {
            counts.remove(at: place)
        } else {
            counts.values[place] = sum
        }
    }

    mutating func add(_ other: StatisticsAggregate) {
        for (key, count) in other.counts { add(key, count) }
    }

    /// Adds (`times` 1) or takes away (-1) what one case counts.
    mutating func add(_ figures: CaseFigures, times: Int64) {
        let day = figures.receivedDay
        func count(_ dimension: Dimension, _ key: Int64 = 0) {
            add(Key(day: day, dimension: dimension.rawValue, key: key), times)
        }
        count(.cases)
        count(.kind, figures.kind)
        if let category = figures.category { count(.category, category) }
        count(.channel, figures.channel)
        count(.stage, figures.stage)
        count(.outcome, figures.outcome)
        if figures.escalated { count(.escalated) }
        if figures.headAnswered { count(.headAnswered) }
        for (index, clock) in figures.clocks.enumerated() {
            guard let clock else { continue }
            switch clock.state {
            case .met, .missed, .paused: count(.clock, Int64(index) * Self.clockSlots + clock.state.rawValue)
            case .running: count(.runningClock, Self.floorDiv(clock.due, Self.millisPerDay) * Self.clockSlots + Int64(index))
            case .notDue: break
            }
        }
        if let seconds = figures.acknowledgeSeconds { count(.acknowledgeHours, Self.floorDiv(seconds, 3600)) }
        if let seconds = figures.respondSeconds { count(.respondHours, Self.floorDiv(seconds, 3600)) }
        if let type = figures.complaintType { count(.complaintType, type) }
        if let team = figures.team { count(.team, team) }
    }

    static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    /// How the kept counts differ from `recounted`, as lines `verify` reports (at most `limit`).
    static func differences(kept: StatisticsAggregate, recounted: StatisticsAggregate, limit: Int = 20) -> [String] {
        var problems: [String] = []
        let keys = Set(kept.counts.keys).union(recounted.counts.keys).sorted()
        var extra = 0
        for key in keys {
            let stored = kept.counts[key, default: 0]
            let counted = recounted.counts[key, default: 0]
            guard stored != counted else { continue }
            if problems.count >= limit {
                extra += 1
                continue
            }
            let dimension = Dimension(rawValue: key.dimension).map { "\($0)" } ?? "dimension \(key.dimension)"
            problems.append("statistics kept for cases received \(LocalDate(dayNumber: Int(key.day))), \(dimension) \(key.key): \(stored), the trails give \(counted)")
        }
        if extra > 0 { problems.append("statistics kept: \(extra) more counts differ from the trails") }
        return problems
    }
}
