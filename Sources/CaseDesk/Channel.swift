/// How a message reached the desk.
public enum Channel: String, CaseIterable, Codable, Sendable, Hashable {
    case email
    case fax
    case phone
    case letter
    case web

    /// An escalation must be in writing; a phone call is not.
    public var isWritten: Bool { self != .phone }
}
