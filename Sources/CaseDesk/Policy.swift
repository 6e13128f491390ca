import Foundation

/// The numbers of the procedure and the desk's options. Every value here is a default of the policy
/// file (PROCEDURE.md: "Where a rule says default, it is a value of the policy file").
public struct Policy: Sendable, Equatable, Codable {
    /// Stage 2: acknowledge the formal complaint within this many business days of receipt.
    public var acknowledgeDays: Int = 2
    /// Stage 2: respond within this many business days of receipt.
    public var respondDays: Int = 10
    /// The customer's window to escalate, counted from the moment the answer was sent.
    public var escalationWindowDays: Int = 20
    /// Stage 3: acknowledge the escalation within this many business days.
    public var escalationAcknowledgeDays: Int = 2
    /// Stage 3: the final response within this many business days.
    public var finalResponseDays: Int = 10
    /// Stage 1: an internal target, shown as a target and never as a promise; nil for none.
    public var supervisorTargetDays: Int? = 10
    /// While the desk waits for missing escalation items, the final-response clock may stop.
    public var pauseWhileWaitingOnCustomer: Bool = false
    /// Words that mark a written escalation (any case, with or without accents).
    public var complaintMarkers: [String] = ["complaint", "plainte", "Beschwerde"]
    /// When the desk's shifts start (desk time); the handover is about the shift that ends.
    public var shifts: Shifts = .standard
    /// The types of complaint the desk counts ("the number and type of complaints").
    public var complaintTypes: [String] = ["billing", "renewal", "transfer", "dns", "account", "support", "privacy", "other"]
    /// The departments and project teams feedback is routed to.
    public var feedbackTeams: [String] = ["customer-service", "product", "technical", "billing"]
    /// The desk's contact data (`[desk]`): empty unless configured.
    public var desk = DeskContact()
    /// The abuse desk's clocks in hours, reporter classes and evidence checklist (`[abuse]`).
    public var abuse = AbusePolicy()

    /// The policy's spelling of a complaint type, matched without regard to case; nil when it is not one.
    public func complaintType(_ name: String) -> String? { Policy.match(name, in: complaintTypes) }

    /// The policy's spelling of a feedback team, matched without regard to case; nil when it is not one.
    public func feedbackTeam(_ name: String) -> String? { Policy.match(name, in: feedbackTeams) }

    private static func match(_ name: String, in list: [String]) -> String? {
        let wanted = name.trimmingCharacters(in: .whitespaces)
        return list.first { $0.compare(wanted, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame }
    }

    public init() {}

    public static let standard = Policy()
}
