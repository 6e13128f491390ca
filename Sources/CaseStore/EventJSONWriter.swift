import CaseDesk
import Foundation

/// Writes a change as the trail's JSON without going through `JSONEncoder`, which dominated the
/// time to generate a million cases. The output is byte for byte what `EventCoding.encoder()`
/// writes (sorted keys, whole-millisecond instants, unescaped slashes); a test holds the two
/// together for every kind of change, and decoding always goes through `Codable`.
enum EventJSONWriter {
    static func encode(_ change: Change) -> String {
        var object = Object()
        object.string("type", change.type)
        switch change {
        case let .received(intake):
            object.string("kind", intake.kind.rawValue)
            object.string("channel", intake.channel.rawValue)
            object.date("received", intake.received)
            object.string("customer", intake.customer)
            object.string("contact", intake.contact)
            object.string("account", intake.account)
            object.strings("domains", intake.domains.map(\.unicode))
            object.string("subject", intake.subject)
            object.string("description", intake.description)
            object.string("category", intake.category?.rawValue)
            object.string("stage", intake.stage.rawValue)
        case let .assigned(assignment):
            object.string("to", assignment.to)
        case let .acknowledged(moment), let .paused(moment), let .resumed(moment):
            object.date("at", moment.at)
        case let .extensionNotified(notice):
            object.string("promised", notice.promised.description)
            object.date("at", notice.at)
        case let .responded(answer), let .finalResponseSent(answer):
            object.string("summary", answer.summary)
            object.date("at", answer.at)
        case let .formalComplaintFiled(filing):
            object.date("received", filing.received)
            object.string("channel", filing.channel.rawValue)
            object.string("text", filing.text)
        case let .escalationReceived(filing):
            object.date("received", filing.received)
            object.string("channel", filing.channel.rawValue)
            object.string("heading", filing.heading)
            object.strings("items", filing.items.map(\.rawValue))
            object.bool("late", filing.late)
            object.string("text", filing.text)
        case let .lateEscalationDecided(decision):
            object.bool("accepted", decision.accepted)
            object.string("reason", decision.reason)
        case let .missingItemsReceived(items):
            object.strings("items", items.items.map(\.rawValue))
            object.date("at", items.at)
        case let .closed(closure):
            object.string("reason", closure.reason.rawValue)
            object.int("duplicateOf", closure.duplicateOf)
            object.string("note", closure.note)
        case let .lapsed(lapse):
            object.date("windowEnded", lapse.windowEnded)
        case let .reopened(reopening):
            object.string("reason", reopening.reason)
        case let .noted(note):
            object.string("text", note.text)
            object.bool("handover", note.handover)
        case let .mitigated(mitigation):
            object.string("action", mitigation.action)
            object.string("evidence", mitigation.evidence)
        }
        return object.text
    }

    /// A JSON object under construction: keys with their values already written as JSON.
    struct Object {
        private var fields: [(key: String, json: String)] = []

        mutating func string(_ key: String, _ value: String?) {
            guard let value else { return }
            fields.append((key, EventJSONWriter.quote(value)))
        }

        mutating func strings(_ key: String, _ values: [String]) {
            fields.append((key, "[" + values.map(EventJSONWriter.quote).joined(separator: ",") + "]"))
        }

        mutating func date(_ key: String, _ value: Date) {
            fields.append((key, String(Millis.from(value))))
        }

        mutating func int(_ key: String, _ value: Int64?) {
            guard let value else { return }
            fields.append((key, String(value)))
        }

        mutating func bool(_ key: String, _ value: Bool) {
            fields.append((key, value ? "true" : "false"))
        }

        var text: String {
            // Keys are ASCII: byte order is JSONEncoder's sorted order; insertion sort on a handful.
            var sorted = fields
            for index in sorted.indices.dropFirst() {
                var position = index
                while position > 0, sorted[position].key < sorted[position - 1].key {
                    sorted.swapAt(position, position - 1)
                    position -= 1
                }
            }
            var result = "{"
            for (index, field) in sorted.enumerated() {
                if index > 0 { result += "," }
                result += "\"" + field.key + "\":" + field.json
            }
            return result + "}"
        }
    }

    static func quote(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{8}": result += "\\b"
            case "\u{C}": result += "\\f"
            case _ where scalar.value < 0x20:
                result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// The trail's JSON text for other tools of casedesk (bundles): the same bytes the store keeps.
public enum EventJSONText {
    public static func encode(_ change: Change) -> String { EventJSONWriter.encode(change) }
    public static func quote(_ text: String) -> String { EventJSONWriter.quote(text) }
}
