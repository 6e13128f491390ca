import Foundation
import Mustache

/// Where letter templates come from: the desk's own files first
/// (`~/.config/casedesk/templates/LANG/NAME.mustache`), then the ones built into casedesk.
///
/// Templates are plain text, never HTML: `{{name}}` inserts the value as it is (a customer called
/// "A & B" stays "A & B"). A template's first line is the letter's subject, then a blank line, then
/// the body.
public struct LetterTemplates: Sendable {
    /// The folder of the desk's own templates; nil uses the built-in ones only.
    public var directory: String?

    public init(directory: String?) {
        self.directory = directory
    }

    public static let builtIn = LetterTemplates(directory: nil)

    /// `$XDG_CONFIG_HOME/casedesk/templates`, else `~/.config/casedesk/templates`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/casedesk/templates" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/casedesk/templates" }
        return nil
    }

    /// The desk's file for this letter, whether or not it exists.
    public func overridePath(_ kind: LetterKind, _ language: LetterLanguage) -> String? {
        directory.map { "\($0)/\(language.rawValue)/\(kind.rawValue).mustache" }
    }

    /// The template's text and a name for it: the desk's file when there is one, else the built-in text.
    public func source(_ kind: LetterKind, _ language: LetterLanguage) throws(LetterError) -> (name: String, text: String) {
        if let path = overridePath(kind, language), FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .templateUnreadable(file: path, reason: "permission denied")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw .templateUnreadable(file: path, reason: "not UTF-8 text")
            }
            return (path, text)
        }
        let name = "\(language.rawValue)/\(kind.rawValue).mustache"
        guard let text = BuiltinTemplates.files.first(where: { $0.path == name })?.text else {
            // The embedding test keeps every kind and language built in; this names the gap if not.
            throw .templateUnreadable(file: "built-in \(name)", reason: "not built into this casedesk")
        }
        return ("built-in Templates/\(name)", text)
    }

    /// The parsed template, or the reason it does not parse with its file, line and column.
    public func template(_ kind: LetterKind, _ language: LetterLanguage) throws(LetterError) -> (name: String, template: MustacheTemplate) {
        let (name, text) = try source(kind, language)
        return (name, try Self.parse(text, file: name))
    }

    /// Every template the desk has overridden, parsed: what to run after editing them.
    public func check() -> [LetterError] {
        var problems: [LetterError] = []
        for language in LetterLanguage.allCases {
            for kind in LetterKind.allCases {
                do { _ = try template(kind, language) } catch { problems.append(error) }
            }
        }
        return problems
    }

    /// The pragma goes on the template's first line, so line numbers in errors stay the file's.
    private static let textPragma = "{{% CONTENT_TYPE: TEXT }}"

    static func parse(_ text: String, file: String) throws(LetterError) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: textPragma + text)
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber
            let column = line == 1 ? max(1, error.context.columnNumber - textPragma.count) : error.context.columnNumber
            throw .templateSyntax(file: file, line: line, column: column, problem: problem(error.error))
        } catch {
            throw .templateSyntax(file: file, line: 1, column: 1, problem: "\(error)")
        }
    }

    private static func problem(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else {
            return "the text ends inside a tag ({{ without }})"
        }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than the one it was opened with"
        case .unfinishedName: return "a tag is not finished (a name followed by something other than }})"
        case .expectedSectionEnd: return "a section is never closed ({{#name}} without {{/name}})"
        case .invalidSetDelimiter: return "a delimiter change ({{=<% %>=}}) is malformed"
        case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "a partial's inheritance block is malformed"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "a {{% … }} setting is malformed or unknown"
        }
    }
}
