/// What a member of the desk's staff may do (PROCEDURE.md, "Roles"). A person may hold several.
public enum Role: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case supervisor
    case abuse
    case head
    case viewer
    case admin

    public var title: String {
        switch self {
        case .supervisor: "customer-service supervisor"
        case .abuse: "abuse specialist"
        case .head: "head of customer support"
        case .viewer: "viewer"
        case .admin: "administrator"
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
