import CaseDesk
import Foundation

/// A message from the archive, byte for byte as it arrived or was sent.
public struct StoredMessage: Sendable, Equatable {
    public var caseNumber: CaseNumber
    /// The event that filed it.
    public var sequence: Int
    public var direction: CaseState.MessageRecord.Direction
    public var sha256: String
    public var messageID: String?
    /// When it was received or sent.
    public var at: Date
    /// Where it was read from, or the outbox file it was written to.
    public var origin: String
    public var raw: Data

    public init(caseNumber: CaseNumber, sequence: Int, direction: CaseState.MessageRecord.Direction, sha256: String,
                messageID: String?, at: Date, origin: String, raw: Data) {
        self.caseNumber = caseNumber
        self.sequence = sequence
        self.direction = direction
        self.sha256 = sha256
        self.messageID = messageID
        self.at = at
        self.origin = origin
        self.raw = raw
    }
}
