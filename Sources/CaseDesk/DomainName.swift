/// Placeholder until the IDN-aware implementation lands: ASCII names only.
public struct DomainName: Hashable, Sendable, Codable, CustomStringConvertible {
    public let unicode: String
    public let ascii: String

    public init(_ text: String) throws(DomainNameError) {
        let name = text.lowercased().trimmingCharacters(in: .whitespaces)
        guard name.contains("."), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) else {
            throw DomainNameError.invalid(text, "not a domain name")
        }
        unicode = name
        ascii = name
    }

    public var description: String { unicode }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(unicode)
    }
}

public enum DomainNameError: Error, Equatable {
    case invalid(String, String)
}
import Foundation
