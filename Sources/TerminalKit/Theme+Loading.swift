import Foundation
import TOMLKit

extension Theme {
    /// Parses a theme file's text. `file` is how errors name it (a path, or `built-in NAME`).
    ///
    /// The shape: a table per role under `[roles]`, each with optional `fg` and `bg` (a colour,
    /// see `TerminalColor(parsing:)`; a bare integer 0–255 works too) and `attrs` (a list of
    /// `bold`, `dim`, `underline`, `reverse`, `italic`, `standout`); an optional top-level
    /// `description`. Unknown keys and roles are errors, so a typo never silently does nothing.
    public init(name: String, toml text: String, file: String) throws(ThemeError) {
        let document: TOMLTable
        do {
            document = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .syntax(file: file, line: error.source.begin.line, column: error.source.begin.column,
                          message: error.description)
        } catch {
            throw .unreadable(file: file, reason: "\(error)")
        }
        var styles: [Role: Style] = [:]
        for (key, value) in document {
            switch key {
            case "description":
                try Self.require(value.string, key, "a string", value, file)
            case "roles":
                let roles = try Self.require(value.table, key, "a table of roles", value, file)
                for (roleName, roleValue) in roles {
                    guard let role = Role(rawValue: roleName) else { throw .unknownRole(file: file, role: roleName) }
                    let table = try Self.require(roleValue.table, "roles.\(roleName)", "a table", roleValue, file)
                    styles[role] = try Self.style(from: table, keyPath: "roles.\(roleName)", file: file)
                }
            default:
                throw .unknownKey(file: file, key: key, allowed: ["description", "roles"])
            }
        }
        self.init(name: name, styles: styles)
    }

    /// Reads a theme file; its name is the file name without `.toml`.
    public init(contentsOfFile path: String) throws(ThemeError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        try self.init(name: name, toml: text, file: path)
    }

    private static func style(from table: TOMLTable, keyPath: String, file: String) throws(ThemeError) -> Style {
        var style = Style()
        for (key, value) in table {
            let path = "\(keyPath).\(key)"
            switch key {
            case "fg": style.foreground = try color(value, path, file)
            case "bg": style.background = try color(value, path, file)
            case "attrs":
                let names = try require(value.array, path, "a list of attribute names", value, file)
                for item in names {
                    let name = try require(item.string, path, "a list of attribute names", item, file)
                    guard let attribute = TextAttributes.named.first(where: { $0.name == name }) else {
                        throw .unknownAttribute(file: file, key: path, value: name)
                    }
                    style.attributes.insert(attribute.value)
                }
            default:
                throw .unknownKey(file: file, key: path, allowed: ["fg", "bg", "attrs"])
            }
        }
        return style
    }

    private static func color(_ value: TOMLValueConvertible, _ key: String,
                              _ file: String) throws(ThemeError) -> TerminalColor {
        if let number = value.int {
            guard let color = TerminalColor(parsing: String(number)) else {
                throw .badColor(file: file, key: key, value: String(number))
            }
            return color
        }
        let text = try require(value.string, key, "a colour string or a number 0–255", value, file)
        guard let color = TerminalColor(parsing: text) else { throw .badColor(file: file, key: key, value: text) }
        return color
    }

    @discardableResult
    private static func require<T>(_ converted: T?, _ key: String, _ expected: String,
                                   _ value: TOMLValueConvertible, _ file: String) throws(ThemeError) -> T {
        guard let converted else {
            let found = "\(value.type)"
            throw .wrongType(file: file, key: key, expected: expected,
                             found: ("aeiou".contains(found.prefix(1)) ? "an " : "a ") + found)
        }
        return converted
    }
}
