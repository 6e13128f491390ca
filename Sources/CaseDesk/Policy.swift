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

    public init() {}

    public static let standard = Policy()
}
