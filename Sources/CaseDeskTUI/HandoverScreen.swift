import CaseDesk
import CaseStore
import Foundation

/// The handover on screen: which shift, its report once the store answered, where the view is
/// scrolled and which case line is selected (Enter opens it, the moves act on it).
public struct HandoverScreen: Sendable {
    public var shift: Shifts.Period
    public var report: HandoverReport? {
        didSet { document = nil }
    }
    /// The report laid out as lines, kept between keys and frames: laid out again when the report,
    /// the width or the minute changes (`DeskUpdate.layOutHandover`).
    var document: HandoverDocument?
    public var scroll = 0
    /// Index into the document's case lines, in reading order.
    public var selected = 0

    public init(shift: Shifts.Period) {
        self.shift = shift
    }

    /// Whether `account` already marked this handover read, and when.
    func readAt(by account: String) -> Date? {
        report?.reads.first { $0.account == account }?.at
    }
}
