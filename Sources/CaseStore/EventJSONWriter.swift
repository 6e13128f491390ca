import CaseDesk
import Foundation

/// Writes a change as the trail's JSON without going through `JSONEncoder`, which dominated the
/// time to generate a million cases. The output is byte for byte what `EventCoding.encoder()`
/// writes (sorted keys, whole-millisecond instants, unescaped slashes); a test holds the two
/// together for every kind of change, and decoding always goes through `Codable`.
enum EventJSONWriter {
    static func encode(_ change: Change) -> String {
        // Fields are written in key order where it is easy (then no sorting is needed); `type` last.
        var object = Object()
        switch change {
        case let .received(intake):
            object.string("account", intake.account)
            object.string("category", intake.category?.rawValue)
            object.string("channel", intake.channel.rawValue)
            object.string("contact", intake.contact)
            object.string("customer", intake.customer)
            object.string("description", intake.description)
            object.strings("domains", intake.domains.map(\.unicode))
            object.string("kind", intake.kind.rawValue)
            object.date("received", intake.received)
            object.string("stage", intake.stage.rawValue)
            object.string("subject", intake.subject)
        case let .assigned(assignment):
            object.string("to", assignment.to)
        case let .acknowledged(moment), let .paused(moment), let .resumed(moment):
            object.date("at", moment.at)
        case let .extensionNotified(notice):
            object.string("promised", notice.promised.description)
            object.date("at", notice.at)
        case let .responded(answer), let .finalResponseSent(answer):
            object.date("at", answer.at)
            object.string("summary", answer.summary)
        case let .formalComplaintFiled(filing):
            object.date("received", filing.received)
            object.string("channel", filing.channel.rawValue)
            object.string("text", filing.text)
        case let .escalationReceived(filing):
            object.string("channel", filing.channel.rawValue)
            object.string("heading", filing.heading)
            object.strings("items", filing.items.map(\.rawValue))
            object.bool("late", filing.late)
            object.date("received", filing.received)
            object.string("text", filing.text)
        case let .lateEscalationDecided(decision):
            object.bool("accepted", decision.accepted)
            object.string("reason", decision.reason)
        case let .missingItemsReceived(items):
            object.strings("items", items.items.map(\.rawValue))
            object.date("at", items.at)
        case let .closed(closure):
            object.int("duplicateOf", closure.duplicateOf)
            object.string("note", closure.note)
            object.string("reason", closure.reason.rawValue)
        case let .lapsed(lapse):
            object.date("windowEnded", lapse.windowEnded)
        case let .reopened(reopening):
            object.string("reason", reopening.reason)
        case let .noted(note):
            object.bool("handover", note.handover)
            object.string("text", note.text)
        case let .mitigated(mitigation):
            object.string("action", mitigation.action)
            object.string("evidence", mitigation.evidence)
        case let .messageReceived(message), let .messageSent(message):
            object.string("sha256", message.sha256)
            object.string("messageID", message.messageID)
            object.date("at", message.at)
            object.string("from", message.from)
            object.string("to", message.to)
            object.string("subject", message.subject)
            object.strings("urls", message.urls)
            object.strings("ipAddresses", message.ipAddresses)
            object.string("letter", message.letter)
            object.string("language", message.language)
        }
        object.string("type", change.type)
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
            var order = Array(fields.indices)
            let sorted = zip(fields, fields.dropFirst()).allSatisfy { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            if !sorted {
                // Keys are ASCII: byte order is JSONEncoder's sorted order.
                order.sort { fields[$0].key.utf8.lexicographicallyPrecedes(fields[$1].key.utf8) }
            }
            var result = "{"
            result.reserveCapacity(fields.reduce(2) { $0 + $1.key.utf8.count + $1.json.utf8.count + 4 })
            for (position, index) in order.enumerated() {
                if position > 0 { result.append(",") }
                result.append("\"")
                result.append(fields[index].key)
                result.append("\":")
                result.append(fields[index].json)
            }
            result.append("}")
            return result
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
