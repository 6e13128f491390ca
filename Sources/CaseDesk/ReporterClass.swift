/// Who reported abuse, as the registrar's contract weighs it: law enforcement must be reviewed within
/// 24 hours (RAA 3.18.2), trusted notifiers (CERTs, NetBeacon, registries) are named in the policy,
/// everyone else is the public. The class sets the review clock.
public enum ReporterClass: String, CaseIterable, Codable, Sendable, Hashable {
    case lawEnforcement = "law-enforcement"
    case trusted
    case `public`

    public var title: String {
        switch self {
        case .lawEnforcement: "law enforcement"
        case .trusted: "trusted notifier"
        case .public: "public"
        }
    }

    /// Reads the policy's and the command line's spelling (`law-enforcement`, `le`, `trusted`, `public`).
    public init?(name: String) {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        switch wanted {
        case "le", "law_enforcement", "lawenforcement", "law enforcement": self = .lawEnforcement
        default: self.init(rawValue: wanted)
        }
    }
}
