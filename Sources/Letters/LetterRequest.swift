import CaseDesk
import Foundation

/// What the desk asks for: which letter, in which language, sent when, and the details only a
/// person can give (the promised date, the answer's text).
public struct LetterRequest: Sendable, Equatable {
    public var kind: LetterKind
    public var language: LetterLanguage
    /// When the letter goes out. The clocks are read at this moment, and a response's escalation
    /// window counts from it.
    public var sentAt: Date
    /// Extension notice: the date the answer is promised for (default: the last one recorded).
    public var promised: LocalDate?
    /// Response and final response: the answer's text (default: the summary recorded with the answer).
    public var answer: String?
    /// The name the letter is signed with; nil leaves the template's own signature.
    public var deskName: String?

    public init(kind: LetterKind, language: LetterLanguage, sentAt: Date, promised: LocalDate? = nil, answer: String? = nil,
                deskName: String? = nil) {
        self.kind = kind
        self.language = language
        self.sentAt = sentAt
        self.promised = promised
        self.answer = answer
        self.deskName = deskName
    }
}
