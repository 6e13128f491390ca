import Foundation

/// A character set named in a `charset=` parameter or an encoded word, resolved to a decoder.
/// Mail in the wild mislabels text all the time, so decoding never fails: unknown names and
/// invalid bytes fall back to UTF-8 if the bytes are valid UTF-8, else to Windows-1252.
public struct Charset: Sendable, Hashable {
    /// The label as written, lower-cased.
    public let label: String
    let decoder: Decoder

    enum Decoder: Sendable, Hashable {
        case utf8
        /// US-ASCII and unlabelled text: 8-bit bytes in them are really UTF-8 or Windows-1252.
        case guess
        case windows1252
        case latin9
        case foundation(UInt)
        case unknown
    }

    public init(label: String?) {
        let cleaned = (label ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t")).lowercased()
        self.label = cleaned
        self.decoder = Self.decoder(for: cleaned)
    }

    /// Whether the label names a character set this module knows; an unknown one is decoded by guessing.
    public var isKnown: Bool { decoder != .unknown }

    /// Decodes the bytes. Control characters and escape sequences are kept as received: printing
    /// safely is the reader's job, keeping evidence intact is ours.
    public func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        switch decoder {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .guess, .unknown:
            return Self.utf8OrWindows1252(bytes)
        case .windows1252:
            return Self.decodeSingleByte(bytes, high: Self.windows1252High)
        case .latin9:
            return Self.decodeSingleByte(bytes, high: Self.latin9High)
        case .foundation(let raw):
            return String(data: Data(bytes), encoding: String.Encoding(rawValue: raw)) ?? Self.utf8OrWindows1252(bytes)
        }
    }

    /// Text whose charset nobody declared: 8-bit header bytes, bodies without a parameter.
    static func utf8OrWindows1252<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return decodeSingleByte(bytes, high: windows1252High)
    }

    private static func decoder(for label: String) -> Decoder {
        // Language suffixes (RFC 2231: "utf-8*en") do not change the decoder.
        let name = label.split(separator: "*").first.map(String.init) ?? label
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8":
            return .utf8
        case "", "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "default", "x-unknown", "unknown-8bit":
            return .guess
        // As in browsers (WHATWG Encoding), Latin-1 labels decode as Windows-1252: real Latin-1 text
        // has no C1 controls, so bytes 0x80–0x9F in it are Windows-1252 curly quotes and dashes.
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819",
             "iso-ir-100", "windows-1252", "cp1252", "x-cp1252", "ms-ansi", "iso_8859-1:1987":
            return .windows1252
        case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin9", "latin-9", "l9", "iso-ir-203", "csisolatin9":
            return .latin9
        case "iso-8859-2", "iso8859-2", "iso_8859-2", "latin2", "latin-2", "l2":
            return .foundation(String.Encoding.isoLatin2.rawValue)
        case "windows-1250", "cp1250", "x-cp1250":
            return .foundation(String.Encoding.windowsCP1250.rawValue)
        case "windows-1251", "cp1251", "x-cp1251":
            return .foundation(String.Encoding.windowsCP1251.rawValue)
        case "utf-16":
            return .foundation(String.Encoding.utf16.rawValue)
        case "utf-16le":
            return .foundation(String.Encoding.utf16LittleEndian.rawValue)
        case "utf-16be":
            return .foundation(String.Encoding.utf16BigEndian.rawValue)
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "cp932", "windows-31j":
            return .foundation(String.Encoding.shiftJIS.rawValue)
        default:
            return .unknown
        }
    }

    private static func decodeSingleByte<Bytes: Collection>(_ bytes: Bytes, high: [UInt16: UInt32]) -> String
    where Bytes.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = high[UInt16(byte)] ?? UInt32(byte)
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    /// Windows-1252 bytes 0x80–0x9F that differ from Latin-1 (five are unassigned and stay C1).
    private static let windows1252High: [UInt16: UInt32] = [
        0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
        0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D,
        0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014,
        0x98: 0x02DC, 0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
    ]

    /// The eight code points where ISO-8859-15 differs from ISO-8859-1; Foundation has no Latin-9.
    private static let latin9High: [UInt16: UInt32] = [
        0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152, 0xBD: 0x0153, 0xBE: 0x0178,
    ]
}
