/// A letter written from a template: what `casedesk letter` prints and `--send` mails.
public struct Letter: Sendable, Equatable {
    public var kind: LetterKind
    public var language: LetterLanguage
    /// The subject without the case tag; the sender adds `[casedesk #N]`.
    public var subject: String
    /// The text, lines ending in `\n`.
    public var body: String
    /// The template it came from: a file of the desk's, or `built-in en/acknowledgement`.
    public var template: String

    public init(kind: LetterKind, language: LetterLanguage, subject: String, body: String, template: String) {
        self.kind = kind
        self.language = language
        self.subject = subject
        self.body = body
        self.template = template
    }
}
