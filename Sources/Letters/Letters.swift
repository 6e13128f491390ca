import CaseDesk
import Foundation

/// Writes the procedure's letters. Pure: the case, its procedure and the request in, the text out;
/// nothing is read but the templates and nothing is written. Sending is the caller's business
/// (MailDesk's `LetterPost`).
public enum Letters {
    /// The letter for `request` on this case, from the desk's template or the built-in one.
    public static func render(_ request: LetterRequest, state: CaseState, procedure: Procedure,
                              templates: LetterTemplates = .builtIn) throws(LetterError) -> Letter {
        let facts = try LetterFacts.read(request, state: state, procedure: procedure)
        let (name, template) = try templates.template(request.kind, request.language)
        let text = template.render(facts.values(in: request.language))
        let (subject, body) = try split(text, file: name)
        return Letter(kind: request.kind, language: request.language, subject: subject, body: body, template: name)
    }

    /// The first line is the subject; the body follows a blank line. Runs of blank lines left by
    /// sections that rendered nothing become one, and the body ends with exactly one newline.
    static func split(_ text: String, file: String) throws(LetterError) -> (subject: String, body: String) {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        guard let subject = lines.first, !subject.isEmpty else {
            throw .templateShape(file: file, problem: "the letter renders without a subject line")
        }
        guard lines.count > 1, lines[1].isEmpty else {
            throw .templateShape(file: file, problem: "the subject line is not followed by a blank line")
        }
        var body: [String] = []
        for line in lines.dropFirst(2) where !(line.isEmpty && (body.last?.isEmpty ?? true)) {
            body.append(line)
        }
        while body.last?.isEmpty == true { body.removeLast() }
        guard !body.isEmpty else { throw .templateShape(file: file, problem: "the letter renders without a body") }
        return (subject.trimmingCharacters(in: .whitespaces), body.joined(separator: "\n") + "\n")
    }
}
