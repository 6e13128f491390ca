/// The category of an abuse report. The first five are DNS abuse in ICANN's sense (registrar
/// accreditation agreement, 2024 amendment), which obliges the registrar to mitigate promptly.
public enum AbuseCategory: String, CaseIterable, Codable, Sendable, Hashable {
    case malware
    case botnet
    case phishing
    case pharming
    case spam
    case fraud
    case copyright
    case content
    case other

    /// Spam counts as DNS abuse only when it carries one of the other DNS-abuse forms;
    /// the desk decides that, so `spam` is listed here and the case's evidence says why.
    public var isDNSAbuse: Bool {
        switch self {
        case .malware, .botnet, .phishing, .pharming, .spam: true
        case .fraud, .copyright, .content, .other: false
        }
    }
}
