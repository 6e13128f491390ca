/// What a message to the desk is, decided by the address it was sent to (PROCEDURE.md, "Who writes in").
public enum CaseKind: String, CaseIterable, Codable, Sendable, Hashable {
    case complaint
    case abuse
    case feedback

    /// Feedback is routed to a department; the procedure's stages and clocks do not apply to it.
    public var followsProcedure: Bool { self != .feedback }

    public var label: String { rawValue }

    /// "a complaint", "an abuse report", "a feedback message": for sentences.
    public var withArticle: String {
        switch self {
        case .complaint: "a complaint"
        case .abuse: "an abuse report"
        case .feedback: "a feedback message"
        }
    }
}
