import CaseDesk
import Letters

/// A letter as the screen shows it before it goes out: the text, or why this case takes no such
/// letter now, and the envelope — or why it cannot be mailed (no From address configured, a
/// contact that is a telephone number or a postal address), so the person knows before pressing
/// send that the move will have to be recorded without it.
public struct LetterPreview: Sendable, Equatable {
    public var request: LetterRequest
    public var number: CaseNumber
    public var letter: Letter?
    /// The subject as the customer will see it, with the case tag their reply brings back.
    public var subject: String?
    /// Why the letter cannot be written (wrong stage, a missing detail, a template that does not parse).
    public var problem: String?
    public var from: String?
    public var to: String?
    /// Why it cannot be mailed, though it can be read.
    public var unsendable: String?

    public init(request: LetterRequest, number: CaseNumber) {
        self.request = request
        self.number = number
    }
}
