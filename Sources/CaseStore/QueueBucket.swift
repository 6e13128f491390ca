import CaseDesk
import Foundation

/// The place of one case among the queue's kept totals: every column a filter of the screen can
/// name (open or closed by its tier, kind, stage, assignee, feedback team, complaint type), and for
/// a running desk clock the day it falls due. Each backend keeps one counter per bucket, moved by
/// the write pipeline in the transaction that saves the projection, so the header's counts and any
/// filter's total are sums over a few hundred counters instead of a count over millions of rows.
///
/// Time moves cases between "due today" and "overdue" without a write, so due moments are kept by
/// day: whole days before a moment are summed from the counters, and only the part of one day up
/// to it is counted from the cases' index (see `dueDay`).
struct QueueBucket: Hashable, Sendable {
    /// The projection's tier: 0 a desk clock runs, 1 the customer's window, 2 no clock, 3 closed.
    var tier: Int
    var kind: String
    var stage: String
    /// The assignee's account; "" for nobody.
    var assignee: String
    /// The statistics row's codes into the policy's lists (`CaseFigures.code`); -1 for none.
    var team: Int64
    var complaintType: Int64
    /// The UTC day (`QueueBucket.dayMs` long) the desk clock falls due on, for tier 0; else 0.
    var dueDay: Int64

    /// Milliseconds in one counted day. UTC days, not the desk's: a desk day's bounds are counted
    /// from the index, so the counters never depend on the calendar (which a change of rules moves).
    static let dayMs: Int64 = 86_400_000

    /// The day a due moment falls on (rounded down, also before 1970).
    static func dueDay(_ dueMs: Int64) -> Int64 {
        dueMs >= 0 ? dueMs / dayMs : -((-dueMs - 1) / dayMs) - 1
    }

    init(tier: Int, sortKey: Int64, kind: String, stage: String, assignee: String?, team: Int64?, complaintType: Int64?) {
        self.tier = tier
        self.kind = kind
        self.stage = stage
        self.assignee = assignee ?? ""
        self.team = team ?? -1
        self.complaintType = complaintType ?? -1
        dueDay = tier == 0 ? Self.dueDay(sortKey) : 0
    }

    /// The bucket of a case as its projection and statistics rows place it.
    init(_ row: CaseProjection, _ figures: CaseFigures) {
        self.init(tier: row.tier, sortKey: row.sortKey, kind: row.kind.rawValue, stage: row.stage.rawValue, assignee: row.assignee,
                  team: figures.team, complaintType: figures.complaintType)
    }
}
