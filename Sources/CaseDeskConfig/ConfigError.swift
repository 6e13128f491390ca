/// A configuration file that cannot be used, said so a person can fix it: the file, the key, and
/// the line where it is known.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        case unreadable(String)
        case syntax(String)
        case wrongType(expected: String, found: String)
        case unknownKey(known: [String])
        case invalidValue(String)
    }

    public var file: String
    /// The dotted key (`clocks.acknowledge`), nil for problems with the whole file.
    public var key: String?
    public var line: Int?
    public var problem: Problem

    public init(file: String, key: String? = nil, line: Int? = nil, problem: Problem) {
        self.file = file
        self.key = key
        self.line = line
        self.problem = problem
    }

    public var description: String {
        var where_ = file
        if let line { where_ += ":\(line)" }
        let keyPart = key.map { " key \($0):" } ?? ""
        switch problem {
        case let .unreadable(reason):
            return "\(where_): cannot read the file: \(reason)"
        case let .syntax(message):
            return "\(where_): not valid TOML: \(message)"
        case let .wrongType(expected, found):
            return "\(where_):\(keyPart) expected \(expected), found \(found)"
        case let .unknownKey(known):
            let list = known.isEmpty ? "" : " (known keys here: \(known.joined(separator: ", ")))"
            return "\(where_):\(keyPart) unknown key\(list)"
        case let .invalidValue(message):
            return "\(where_):\(keyPart) \(message)"
        }
    }
}
