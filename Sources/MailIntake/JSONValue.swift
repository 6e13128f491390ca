import Foundation

/// Just enough JSON for X-ARF v4 reports, as a Sendable value, with key lookup that ignores case
/// (reporters write `SourceIp`, `SourceIP` and `sourceIp`).
enum JSONValue: Decodable, Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key] ?? members.first { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.value
    }

    /// Strings and numbers as text; arrays as their elements' texts joined by commas.
    var text: String? {
        switch self {
        case .string(let value): value
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .bool(let value): String(value)
        case .array(let values): values.compactMap(\.text).joined(separator: ", ")
        case .object, .null: nil
        }
    }

    /// Every leaf as `path.to.key = text`, in key order, for display and searching.
    func flattened(prefix: String = "") -> [(name: String, value: String)] {
        switch self {
        case .object(let members):
            return members.sorted { $0.key < $1.key }.flatMap { key, value in
                value.flattened(prefix: prefix.isEmpty ? key : "\(prefix).\(key)")
            }
        case .array(let values) where values.contains(where: { if case .object = $0 { true } else { false } }):
            return values.enumerated().flatMap { $0.element.flattened(prefix: "\(prefix)[\($0.offset)]") }
        default:
            return text.map { [(prefix, $0)] } ?? []
        }
    }
}
