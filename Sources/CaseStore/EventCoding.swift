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
        if let change = EventJSONReader.decode(text) { return change }
        // What the quick reader does not take, Codable reads, or says what is wrong with it.
        do {
            return try decoder().decode(Change.self, from: Data(text.utf8))
        } catch {
            throw .unavailable("event \(sequence) of case \(number) cannot be read (\(error)); run casedesk verify")
        }
    }

    /// The before/after values of an event, written by hand like the trail's JSON (byte for byte
    /// what `encoder()` writes; a test holds the two together): `JSONEncoder` took a third of an append.
    static func encodeChanges(_ changes: [String: [String?]]) -> String {
        var result = "{"
        for (index, key) in changes.keys.sorted().enumerated() {
            if index > 0 { result += "," }
            let values = changes[key, default: []].map { $0.map(EventJSONWriter.quote) ?? "null" }
            result += EventJSONWriter.quote(key) + ":[" + values.joined(separator: ",") + "]"
        }
        return result + "}"
    }

    /// The stored form of a change that holds nothing a JSON round trip alters but its instants:
    /// filed messages (text, lists of text, one instant). nil for the others, which are decoded
    /// back from their JSON. Importing mail files two events per message; decoding them again took
    /// a fifth of the import's time.
    static func storedFormWithoutDecoding(_ change: Change) -> Change? {
        switch change {
        case var .messageReceived(message):
            message.at = Millis.truncate(message.at)
            return .messageReceived(message)
        case var .messageSent(message):
            message.at = Millis.truncate(message.at)
            return .messageSent(message)
        default:
            return nil
        }
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
