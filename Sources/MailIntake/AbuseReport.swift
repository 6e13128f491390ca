import CaseDesk
import Foundation

/// The machine-readable content of a standard abuse report: an ARF feedback report (RFC 5965) or
/// an X-ARF report (v0.2 YAML, v4 JSON). Large reporters send thousands of these; reading their
/// fields, not their prose, is what lets the desk act on them quickly.
public struct AbuseReport: Sendable, Hashable, Codable {
    public enum Format: String, Sendable, Hashable, Codable {
        case arf
        case xarf
    }

    /// One field of the machine-readable part, as sent (nested JSON keys joined with dots).
    public struct Field: Sendable, Hashable, Codable {
        public let name: String
        public let value: String
    }

    public let format: Format
    /// ARF `Version`, X-ARF `Version`.
    public let version: String?
    public let category: AbuseCategory
    /// As sent: ARF `Feedback-Type`, X-ARF `ReportType` or `Report-Type`.
    public let reportType: String?
    /// X-ARF `ReportClass` (v4) or `Category` (v0.2).
    public let reportClass: String?
    /// Who made the report: X-ARF reporter organisation, ARF `User-Agent` or `Reporting-MTA`.
    public let reporter: String?
    public let sourceIP: String?
    /// Domains, URLs and IP addresses named by the machine-readable part.
    public let indicators: Indicators
    /// When the reported message arrived (ARF `Arrival-Date`, X-ARF `Date`).
    public let arrivalDate: Date?
    public let originalMailFrom: String?
    public let originalRecipients: [String]
    public let fields: [Field]
    /// Evidence the report carries inside itself (XARF 4.0.0 `evidence` payloads), each with its SHA-256.
    public var evidence: [Evidence] = []
}
