import CaseDesk

/// Which recipient addresses make a message a complaint, an abuse report or feedback
/// (PROCEDURE.md, "Who writes in"). Each entry is a local part (`abuse`, matching abuse@ at any
/// domain and abuse+tag@) or a full address (`abuse@registrar.example`). Configuration: the
/// published addresses differ between desks.
public struct MailAddresses: Sendable, Hashable, Codable {
    public var complaints: [String]
    public var abuse: [String]
    public var feedback: [String]

    public init(complaints: [String] = ["complaints"], abuse: [String] = ["abuse"], feedback: [String] = ["feedback"]) {
        self.complaints = complaints
        self.abuse = abuse
        self.feedback = feedback
    }

    public static let standard = MailAddresses()

    /// The recipient fields in the order they are trusted: the delivery headers name the mailbox
    /// that actually received the message, To and Cc only what the sender typed.
    public static let recipientFields = ["Delivered-To", "X-Original-To", "To", "Cc"]

    /// The kind an address routes to, or nil when it is none of the desk's addresses.
    public func kind(of address: MailAddress) -> CaseKind? {
        let full = address.address.lowercased()
        var local = address.localPart.lowercased()
        if let plus = local.firstIndex(of: "+") { local = String(local[..<plus]) }
        for (kind, entries) in [(CaseKind.complaint, complaints), (.abuse, abuse), (.feedback, feedback)] {
            for entry in entries {
                let key = entry.lowercased().trimmingWhitespace()
                if key.contains("@") ? key == full : key == local { return kind }
            }
        }
        return nil
    }

    /// The first recipient, in `recipientFields` order, that is one of the desk's addresses.
    public func match(_ message: MailMessage) -> (kind: CaseKind, address: MailAddress, field: String)? {
        for field in Self.recipientFields {
            for address in message.addresses(field) {
                if let kind = kind(of: address) { return (kind, address, field) }
            }
        }
        return nil
    }
}
