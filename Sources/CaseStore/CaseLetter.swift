import CaseDesk
import Foundation

/// One letter of several sent at once (an incident's outcome letters): the message, the stage's
/// event it goes with, and the case it goes out on at the version it was written from.
public struct CaseLetter: Sendable, Equatable {
    public var number: CaseNumber
    public var message: OutgoingMessage
    /// Acknowledged, responded, receipt confirmed, …; nil for a letter that moves nothing.
    public var change: Change?
    /// The version the letter was written from: a report changed since is refused, not written over.
    public var expectedVersion: Int?

    public init(number: CaseNumber, message: OutgoingMessage, change: Change?, expectedVersion: Int?) {
        self.number = number
        self.message = message
        self.change = change
        self.expectedVersion = expectedVersion
    }
}
