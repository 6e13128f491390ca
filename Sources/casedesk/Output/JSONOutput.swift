import CaseDesk
import Foundation

enum JSONOutput {
    /// Pretty, sorted JSON; every instant (including those inside event data) in desk time.
    static func print<T: Encodable>(_ value: T, calendar: BusinessCalendar) throws {
        let data = try encode(value, calendar: calendar, pretty: true)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// `value` as JSON with outside text made harmless (see `escapingInvisibleControls`).
    static func encode<T: Encodable>(_ value: T, calendar: BusinessCalendar, pretty: Bool) throws -> Data {
        escapingInvisibleControls(try encoder(calendar: calendar, pretty: pretty).encode(value))
    }

    static func encoder(calendar: BusinessCalendar, pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(calendar.iso8601(date))
        }
        return encoder
    }

    /// JSON text with the characters JSONEncoder leaves raw but a terminal or an editor acts on
    /// escaped as `\uXXXX`: C1 controls (U+0080–U+009F, among them CSI U+009B), DEL, the line and
    /// paragraph separators, and the bidirectional marks, embeddings, overrides and isolates (U+200E,
    /// U+200F, U+202A–U+202E, U+2066–U+2069, U+061C). JSONEncoder already escapes C0 controls. Such
    /// characters can only stand inside strings in JSON, so escaping them keeps the document's value.
    static func escapingInvisibleControls(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        guard bytes.contains(where: { $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }) else { return data }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var index = 0
        func escape(_ scalar: UInt32) {
            output += Array(String(format: "\\u%04x", scalar).utf8)
        }
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            let third = index + 2 < bytes.count ? bytes[index + 2] : 0
            if byte == 0x7F {
                escape(0x7F)
                index += 1
            } else if byte == 0xC2, (0x80...0x9F).contains(next) {
                escape(UInt32(next))
                index += 2
            } else if byte == 0xD8, next == 0x9C {
                escape(0x061C)
                index += 2
            } else if byte == 0xE2, let scalar = bidiOrSeparator(next, third) {
                escape(scalar)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return Data(output)
    }

    /// The scalar of E2 `second` `third` when it is a bidirectional control or a line/paragraph separator.
    private static func bidiOrSeparator(_ second: UInt8, _ third: UInt8) -> UInt32? {
        let scalar = 0x2000 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
        guard second & 0xC0 == 0x80, third & 0xC0 == 0x80 else { return nil }
        switch scalar {
        case 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return scalar
        default: return nil
        }
    }
}
