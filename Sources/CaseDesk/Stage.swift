/// The procedure's stages, in order. The raw values are what the store, the CLI and JSON use.
public enum Stage: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case supervisor
    case headOfSupport = "head"
    case escalation
    case finalResponse = "final"

    public var order: Int {
        switch self {
        case .supervisor: 1
        case .headOfSupport: 2
        case .escalation: 3
        case .finalResponse: 4
        }
    }

    /// The name a desk worker reads.
    public var title: String {
        switch self {
        case .supervisor: "supervisor"
        case .headOfSupport: "head of customer support"
        case .escalation: "escalation"
        case .finalResponse: "final response"
        }
    }

    /// A short form for narrow columns.
    public var shortTitle: String {
        switch self {
        case .supervisor: "superv"
        case .headOfSupport: "head"
        case .escalation: "escal"
        case .finalResponse: "final"
        }
    }

    public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.order < rhs.order }

    /// Accepts the raw value and a few spellings people type ("head-of-support", "final-response").
    public init?(argument: String) {
        let key = argument.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "supervisor", "1": self = .supervisor
        case "head", "head-of-support", "head-of-customer-support", "2": self = .headOfSupport
        case "escalation", "3": self = .escalation
        case "final", "final-response", "4": self = .finalResponse
        default: return nil
        }
    }
}
