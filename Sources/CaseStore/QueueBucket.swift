import CaseDesk
import Foundation

/// The place of one case among the queue's kept totals: every column a filter of the screen can
/// name (open or closed by its tier, kind, stage, assignee, feedback team, complaint type, abuse
/// category, reporter class), and for
/// a running desk clock the day it falls due. Each backend keeps one counter per bucket, moved by
/// the write pipeline in the transaction that saves the projection, so the header's counts and any
/// filter's total are sums over a few hundred counters instead of a count over millions of rows.
///
/// Time moves cases between "due today" and "overdue" without a write, so due moments are kept by
/// the hour: the hours before a moment are summed from the counters, and only the cases due from
/// the start of its hour up to it are counted from the cases' index. Hours, not days: most clocks
/// fall due at the end of a business day, all at one instant, and a day's count from the index
/// would read every case due today (tens of thousands at ten million); the hour before a moment
/// holds only the few clocks due in it. Whole hours in UTC: the desk's day ends on an hour in every
/// zone with whole-hour offsets, so "due today" ends on a counter's edge.
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
    /// An abuse report's category and reporter class (the screen's `b` and `B`); "" for none.
    var category: String
    var reporterClass: String
    /// The hour (`QueueBucket.hourMs` long, since 1970) the desk clock falls due in, for tier 0; else 0.
    var dueHour: Int64

    /// Milliseconds in one counted stretch of time. Not the desk's days: the counters never depend
    /// on the calendar (which a change of the rules moves).
    static let hourMs: Int64 = 3_600_000

    /// The hour a due moment falls in (rounded down, also before 1970).
    static func dueHour(_ dueMs: Int64) -> Int64 {
        dueMs >= 0 ? dueMs / hourMs : -((-dueMs - 1) / hourMs) - 1
    }

    init(tier: Int, sortKey: Int64, kind: String, stage: String, assignee: String?, team: Int64?, complaintType: Int64?,
         category: String?, reporterClass: String?) {
        self.tier = tier
        self.kind = kind
        self.stage = stage
        self.assignee = assignee ?? ""
        self.team = team ?? -1
        self.complaintType = complaintType ?? -1
        self.category = category ?? ""
        self.reporterClass = reporterClass ?? ""
        dueHour = tier == 0 ? Self.dueHour(sortKey) : 0
    }

    /// The bucket of a case as its projection and statistics rows place it.
    init(_ row: borrowing CaseProjection, _ figures: borrowing CaseFigures) {
        self.init(tier: row.tier, sortKey: row.sortKey, kind: row.kind.rawValue, stage: row.stage.rawValue, assignee: row.assignee,
                  team: figures.team, complaintType: figures.complaintType, category: row.category?.rawValue,
                  reporterClass: row.reporterClass?.rawValue)
    }
}
