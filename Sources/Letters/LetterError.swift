import CaseDesk

/// Why a letter cannot be written, said so a desk worker (or whoever edits the templates) can fix it.
public enum LetterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The case is not where this letter belongs (an acknowledgement at stage 1, say).
    case notApplicable(LetterKind, CaseNumber, reason: String)
    /// The letter needs something the case does not hold: the promised date, the answer's text.
    case missingDetail(LetterKind, String)
    /// A template that does not parse: the file, the line and column, and what is wrong.
    case templateSyntax(file: String, line: Int, column: Int, problem: String)
    /// A desk's template that cannot be read.
    case templateUnreadable(file: String, reason: String)
    /// A template whose text does not begin with a subject line and a blank line.
    case templateShape(file: String, problem: String)

    public var description: String {
        switch self {
        case let .notApplicable(kind, number, reason):
            "case \(number) takes no \(kind.title) letter: \(reason)"
        case let .missingDetail(kind, what):
            "the \(kind.title) letter needs \(what)"
        case let .templateSyntax(file, line, column, problem):
            "\(file):\(line):\(column): the template does not parse: \(problem)"
        case let .templateUnreadable(file, reason):
            "\(file): cannot read the template: \(reason)"
        case let .templateShape(file, problem):
            "\(file): \(problem) (a letter template starts with the subject line, then a blank line, then the body)"
        }
    }
}
