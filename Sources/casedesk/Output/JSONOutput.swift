import CaseDesk
import Foundation

enum JSONOutput {
    /// Pretty, sorted JSON; every instant (including those inside event data) in desk time.
    static func print<T: Encodable>(_ value: T, calendar: BusinessCalendar) throws {
        let data = try encoder(calendar: calendar, pretty: true).encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
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
}
