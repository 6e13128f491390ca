import Foundation

/// A customer's message about an existing case, as the procedure judges it: whether it is the
/// formal complaint or the escalation, and what an escalation carries. Mail intake fills it from
/// the message; the procedure decides (`Procedure.filing(for:on:)`).
public struct CustomerReply: Sendable, Equatable {
    /// When it arrived; the new stage's clocks count from it.
    public var received: Date
    public var channel: Channel
    /// The subject, or the top line of a letter, where the complaint marker is looked for.
    public var heading: String
    public var text: String
    /// "complaint", "plainte" or "Beschwerde" at the top or in the subject.
    public var hasComplaintMarker: Bool
    /// The escalation items the message appears to carry.
    public var items: Set<ChecklistItem>

    public init(received: Date, channel: Channel, heading: String, text: String, hasComplaintMarker: Bool,
                items: Set<ChecklistItem> = []) {
        self.received = received
        self.channel = channel
        self.heading = heading
        self.text = text
        self.hasComplaintMarker = hasComplaintMarker
        self.items = items
    }
}
