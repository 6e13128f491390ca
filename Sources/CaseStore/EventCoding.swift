import CaseDesk
import Foundation

/// The trail's JSON: instants as whole milliseconds (the precision the store keeps), keys sorted
/// so the same event is always the same text.
enum EventCoding {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Millis.from(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            Millis.date(try decoder.singleValueContainer().decode(Int64.self))
        }
        return decoder
    }

    static func encode(_ change: Change) -> String {
        EventJSONWriter.encode(change)
    }

    static func decode(_ text: String, case number: CaseNumber, sequence: Int) throws(StoreError) -> Change {
        do {
            return try decoder().decode(Change.self, from: Data(text.utf8))
        } catch {
            throw .unavailable("event \(sequence) of case \(number) cannot be read (\(error)); run casedesk verify")
        }
    }

    static func encodeChanges(_ changes: [String: [String?]]) -> String {
        (try? encoder().encode(changes)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Whether any string in the JSON holds a NUL. SQLite hands text back only up to the first NUL,
    /// so the projection and the search index would keep less than the trail (and `verify` would
    /// fail); no form, terminal or argument list can carry one anyway, so the store refuses it.
    static func containsNUL(_ json: String) -> Bool {
        guard json.contains("\\u0000") else { return false }
        func walk(_ value: Any) -> Bool {
            switch value {
            case let text as String: text.unicodeScalars.contains("\u{0}")
            case let object as [String: Any]: object.keys.contains(where: walk) || object.values.contains(where: walk)
            case let array as [Any]: array.contains(where: walk)
            default: false
            }
        }
        guard let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) else { return true }
        return walk(value)
    }
}
