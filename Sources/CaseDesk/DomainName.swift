import Foundation

/// A domain name the desk can act on, kept in both forms: `unicode` for people (`müller.de`) and
/// `ascii` for registries, WHOIS and DNS (`xn--mller-kva.de`). Reports arrive in either form, so
/// two names are the same domain exactly when their ASCII forms are equal.
///
/// Validation follows what a registry accepts (LDH labels of 1–63 octets, at most 253 octets in all,
/// at least two labels, a top-level domain that is not a number) with a light nameprep: lower case
/// and Unicode NFC, not full IDNA 2008 tables.
public struct DomainName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The name as people read it, IDN labels decoded.
    public let unicode: String
    /// The name as registries and DNS use it, IDN labels Punycode-encoded with `xn--`.
    public let ascii: String

    /// Accepts ASCII and IDN input in any case, with or without a trailing dot.
    public init(_ text: String) throws(DomainNameError) {
        if let plain = Self.plainASCII(text) {
            self.unicode = plain
            self.ascii = plain
            return
        }
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .empty }
        var prepared: String
        if trimmed.utf8.allSatisfy({ $0 < 0x80 }) {
            prepared = trimmed.lowercased()
        } else {
            // IDNA treats the ideographic and full-width full stops as dots.
            prepared = String(String.UnicodeScalarView(trimmed.unicodeScalars.map {
                ["\u{3002}", "\u{FF0E}", "\u{FF61}"].contains($0) ? "." : $0
            })).lowercased().precomposedStringWithCanonicalMapping
        }
        if prepared.hasSuffix(".") { prepared.removeLast() }
        guard !prepared.isEmpty else { throw .empty }

        let labels = prepared.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !labels.contains(where: \.isEmpty) else { throw .emptyLabel(text) }
        guard labels.count >= 2 else { throw .tooFewLabels(text) }

        var unicodeLabels: [String] = []
        var asciiLabels: [String] = []
        for label in labels {
            let (unicodeLabel, asciiLabel) = try Self.convert(label, in: text)
            try Self.checkLDH(asciiLabel, in: text)
            unicodeLabels.append(unicodeLabel)
            asciiLabels.append(asciiLabel)
        }
        let asciiName = asciiLabels.joined(separator: ".")
        guard asciiName.utf8.count <= 253 else { throw .nameTooLong(text, octets: asciiName.utf8.count) }
        if let tld = asciiLabels.last, tld.allSatisfy(\.isNumber) { throw .numericTopLevel(text) }
        self.ascii = asciiName
        self.unicode = unicodeLabels.joined(separator: ".")
    }

    /// `text` when it is already a valid name in its final form (lower-case LDH labels, none
    /// starting `xn--` or with hyphens in third and fourth place, no whitespace, no trailing dot):
    /// what the rules below would give, without their work. Reading a stored trail back goes this
    /// way for nearly every name.
    private static func plainASCII(_ text: String) -> String? {
        var text = text
        let valid = text.withUTF8 { bytes -> Bool in
            guard bytes.count >= 3, bytes.count <= 253 else { return false }
            var labels = 0
            var start = 0
            var allDigits = true
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : UInt8(ascii: ".")
                if byte == UInt8(ascii: ".") {
                    let length = index - start
                    guard length >= 1, length <= 63, bytes[start] != UInt8(ascii: "-"), bytes[index - 1] != UInt8(ascii: "-"),
                          !(length >= 4 && bytes[start + 2] == UInt8(ascii: "-") && bytes[start + 3] == UInt8(ascii: "-"))
                    else { return false }
                    labels += 1
                    start = index + 1
                    if index < bytes.count { allDigits = true }
                    continue
                }
                guard isLDH(byte) else { return false }
                if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { allDigits = false }
            }
            return labels >= 2 && !allDigits
        }
        return valid ? text : nil
    }

    /// The labels in ASCII form, top-level domain last.
    public var asciiLabels: [Substring] { ascii.split(separator: ".") }

    /// Whether any label is internationalised, i.e. the two forms differ.
    public var isInternationalized: Bool { unicode != ascii }

    /// How screens and reports show the name: "müller.de (xn--mller-kva.de)", or the ASCII name alone.
    public var display: String { isInternationalized ? "\(unicode) (\(ascii))" : ascii }

    public var description: String { unicode }

    public static func < (lhs: DomainName, rhs: DomainName) -> Bool { lhs.ascii < rhs.ascii }

    /// Returns the label's Unicode and ASCII forms, or throws when it cannot be either.
    private static func convert(_ label: String, in text: String) throws(DomainNameError) -> (String, String) {
        if label.unicodeScalars.allSatisfy(\.isASCII) {
            guard label.hasPrefix("xn--") else { return (label, label) }
            let encoded = String(label.dropFirst(4))
            guard let decoded = Punycode.decode(encoded), !decoded.unicodeScalars.allSatisfy(\.isASCII),
                  decoded == decoded.lowercased().precomposedStringWithCanonicalMapping,
                  decoded.unicodeScalars.allSatisfy(isLabelScalar),
                  Punycode.encode(decoded) == encoded
            else { throw .invalidPunycode(text, label: label) }
            return (decoded, label)
        }
        guard label.unicodeScalars.allSatisfy(isLabelScalar) else { throw .invalidCharacter(text, label: label) }
        guard let encoded = Punycode.encode(label) else { throw .invalidPunycode(text, label: label) }
        return (label, "xn--" + encoded)
    }

    private static func checkLDH(_ label: String, in text: String) throws(DomainNameError) {
        let bytes = Array(label.utf8)
        guard bytes.count <= 63 else { throw .labelTooLong(text, label: label, octets: bytes.count) }
        guard bytes.allSatisfy(isLDH) else { throw .invalidCharacter(text, label: label) }
        guard bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
            throw .hyphenAtLabelEdge(text, label: label)
        }
        if bytes.count >= 4, bytes[2] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: "-"), !label.hasPrefix("xn--") {
            throw .hyphensInThirdAndFourthPlace(text, label: label)
        }
    }

    /// A lower-case ASCII letter, a digit or the hyphen.
    private static func isLDH(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
    }

    /// Letters, digits, combining marks and the hyphen: what an IDN label may hold before encoding.
    private static func isLabelScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isLDH(UInt8(scalar.value)) }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .lowercaseLetter, .otherLetter, .modifierLetter, .titlecaseLetter, .uppercaseLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            return true
        default:
            return false
        }
    }
}

extension DomainName: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(unicode)
    }
}
