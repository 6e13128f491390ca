/// Why a theme could not be used; each message names the file and the key to fix.
public enum ThemeError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case syntax(file: String, line: Int, column: Int, message: String)
    case unknownKey(file: String, key: String, allowed: [String])
    case unknownRole(file: String, role: String)
    case wrongType(file: String, key: String, expected: String, found: String)
    case badColor(file: String, key: String, value: String)
    case unknownAttribute(file: String, key: String, value: String)
    case notFound(name: String, searched: [String])

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "cannot read theme file \(file): \(reason)"
        case .syntax(let file, let line, let column, let message):
            "theme file \(file), line \(line), column \(column): \(message)"
        case .unknownKey(let file, let key, let allowed):
            "theme file \(file): unknown key \"\(key)\"; allowed here: \(allowed.joined(separator: ", "))"
        case .unknownRole(let file, let role):
            "theme file \(file): unknown role \"\(role)\" in [roles]; known roles: "
                + Role.allCases.map(\.rawValue).joined(separator: ", ")
        case .wrongType(let file, let key, let expected, let found):
            "theme file \(file): \(key) must be \(expected), not \(found)"
        case .badColor(let file, let key, let value):
            "theme file \(file): \(key) = \"\(value)\" is not a colour; use \"default\", a name such as "
                + "\"red\" or \"bright-blue\", a number 0–255, or \"#rrggbb\""
        case .unknownAttribute(let file, let key, let value):
            "theme file \(file): \(key) has unknown attribute \"\(value)\"; use "
                + TextAttributes.named.map(\.name).joined(separator: ", ")
        case .notFound(let name, let searched):
            "no theme \"\(name)\"; looked in \(searched.joined(separator: ", ")) and the built-in themes "
                + Theme.builtinNames.joined(separator: ", ")
        }
    }
}
