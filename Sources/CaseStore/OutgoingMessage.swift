import CaseDesk
import Foundation

/// A letter as the store files it when it is sent: the bytes written to the outbox, and what the
/// trail records (so a reply quoting its Message-ID finds the case).
public struct OutgoingMessage: Sendable, Equatable {
    public var raw: Data
    /// The outbox file it was written to.
    public var origin: String
    public var correspondence: Change.Correspondence

    public init(raw: Data, origin: String, correspondence: Change.Correspondence) {
        self.raw = raw
        self.origin = origin
        self.correspondence = correspondence
    }
}
