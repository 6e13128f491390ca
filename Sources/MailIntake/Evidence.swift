import Foundation

/// Bytes kept as they arrived, with the digest that shows they were not changed since: the raw
/// message, its attachments, and the machine-readable parts of abuse reports. The store files them
/// with the case; the desk may need to forward them or prove what was received.
public struct Evidence: Sendable, Hashable, Codable {
    /// Why the bytes were kept, so the desk can tell a report's original spam from a customer's PDF.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        case rawMessage = "raw-message"
        case attachment
        /// An inline part that is not text (an image in an HTML mail).
        case inline
        /// The machine-readable part of an ARF report (`message/feedback-report`).
        case feedbackReport = "feedback-report"
        /// The reported message of an ARF or X-ARF report, or a forwarded message.
        case originalMessage = "original-message"
        /// Only the headers of the reported message (`text/rfc822-headers`).
        case originalHeaders = "original-headers"
        /// A bounce's machine-readable part (`message/delivery-status`).
        case deliveryStatus = "delivery-status"
        /// The machine-readable part of an X-ARF report (JSON or the v0.2 YAML report).
        case xarfReport = "xarf-report"
        /// An evidence item carried inside an XARF 4.0.0 report (a screenshot, the spam, logs).
        case xarfEvidence = "xarf-evidence"
    }

    public let role: Role
    /// The name the sender gave, if any.
    public let filename: String?
    /// `type/subtype`.
    public let contentType: String
    /// The decoded bytes (base64 and quoted-printable undone).
    public let bytes: Data
    public let size: Int
    /// SHA-256 of `bytes`, 64 lower-case hex digits.
    public let sha256: String

    public init(role: Role, filename: String?, contentType: String, bytes: [UInt8]) {
        self.role = role
        self.filename = filename
        self.contentType = contentType
        self.bytes = Data(bytes)
        self.size = bytes.count
        self.sha256 = SHA256.hex(of: bytes)
    }
}
