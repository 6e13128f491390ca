/// What the desk did to stop or disrupt DNS abuse (RAA 3.18: "the mitigation action(s) reasonably
/// necessary"). Each is recorded with its evidence and time; those that change the name's state can
/// be undone, as their own move (a hold lifted).
public enum MitigationAction: String, CaseIterable, Codable, Sendable, Hashable {
    case clientHold = "client-hold"
    case transferLock = "transfer-lock"
    /// The registrant was told to stop the abuse by a deadline.
    case registrantNotified = "registrant-notified"
    case hostingNotified = "hosting-notified"
    /// The registry was asked to put the name on serverHold.
    case registryAsked = "registry-asked"
    case dnsChanged = "dns-changed"
    /// The name is not ours: the report was forwarded to the sponsoring registrar.
    case forwarded

    public var title: String {
        switch self {
        case .clientHold: "client hold"
        case .transferLock: "transfer lock"
        case .registrantNotified: "registrant notified"
        case .hostingNotified: "hosting provider notified"
        case .registryAsked: "registry asked for server hold"
        case .dnsChanged: "DNS changed"
        case .forwarded: "forwarded to the sponsoring registrar"
        }
    }

    /// Taking it back is a move of its own (a notice sent cannot be unsent).
    public var canBeUndone: Bool {
        switch self {
        case .clientHold, .transferLock, .registryAsked, .dnsChanged: true
        case .registrantNotified, .hostingNotified, .forwarded: false
        }
    }

    /// What undoing it is called: "client hold lifted".
    public var undoneTitle: String {
        switch self {
        case .clientHold: "client hold lifted"
        case .transferLock: "transfer lock removed"
        case .registryAsked: "registry asked to lift the server hold"
        case .dnsChanged: "DNS restored"
        default: "\(title) taken back"
        }
    }

    /// Reads the command line's spelling, and the names earlier trails used (`clientHold`, `lock`).
    public init?(name: String) {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        switch wanted {
        case "clienthold", "client_hold", "hold": self = .clientHold
        case "lock", "transferlock", "transfer_lock": self = .transferLock
        case "serverhold", "server-hold": self = .registryAsked
        default: self.init(rawValue: wanted)
        }
    }
}
