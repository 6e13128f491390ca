import CaseDesk
import Foundation

/// Writes a change as the trail's JSON without going through `JSONEncoder`, which dominated the
/// time to generate a million cases. The output is byte for byte what `EventCoding.encoder()`
/// writes (sorted keys, whole-millisecond instants, unescaped slashes); a test holds the two
/// together for every kind of change, and decoding always goes through `Codable`.
enum EventJSONWriter {
    static func encode(_ change: Change) -> String {
        String(decoding: bytes(change), as: UTF8.self)
    }

    /// The JSON as UTF-8 bytes, for binding straight into SQLite. Keys are written in sorted order
    /// (JSONEncoder's `.sortedKeys`): each case lists its fields alphabetically, `type` among them
    /// where it falls (last, unless a key sorts after it).
    static func bytes(_ change: Change) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(320)
        write(change, into: &output)
        return output
    }

    /// Appends the change's JSON to `output`.
    static func write(_ change: Change, into output: inout [UInt8]) {
        var object = Object()
        swap(&object.output, &output)
        object.output.append(UInt8(ascii: "{"))
        defer { swap(&object.output, &output) }
        switch change {
        case let .received(intake):
            object.string("account", intake.account)
            object.string("category", intake.category?.rawValue)
            object.string("channel", intake.channel.rawValue)
            object.string("complaintType", intake.complaintType)
            object.string("contact", intake.contact)
            object.string("customer", intake.customer)
            object.string("description", intake.description)
            object.key("domains")
            object.output.append(UInt8(ascii: "["))
            for (index, domain) in intake.domains.enumerated() {
                if index > 0 { object.output.append(UInt8(ascii: ",")) }
                appendQuoted(domain.unicode, to: &object.output)
            }
            object.output.append(UInt8(ascii: "]"))
            object.string("kind", intake.kind.rawValue)
            object.date("received", intake.received)
            object.string("reporterClass", intake.reporterClass?.rawValue)
            object.string("stage", intake.stage.rawValue)
            object.string("subject", intake.subject)
        case let .assigned(assignment):
            object.string("to", assignment.to)
        case let .acknowledged(moment), let .paused(moment), let .resumed(moment):
            object.date("at", moment.at)
        case let .extensionNotified(notice):
            object.date("at", notice.at)
            object.string("promised", notice.promised.description)
        case let .responded(answer), let .finalResponseSent(answer):
            object.date("at", answer.at)
            object.string("summary", answer.summary)
        case let .formalComplaintFiled(filing):
            object.string("channel", filing.channel.rawValue)
            object.date("received", filing.received)
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
            object.date("at", items.at)
            object.strings("items", items.items.map(\.rawValue))
        case let .closed(closure):
            if let at = closure.at { object.date("at", at) }
            object.int("duplicateOf", closure.duplicateOf)
            object.string("note", closure.note)
            object.string("reason", closure.reason.rawValue)
        case let .lapsed(lapse):
            object.type(change)
            object.date("windowEnded", lapse.windowEnded)
        case let .reopened(reopening):
            object.string("reason", reopening.reason)
        case let .noted(note):
            object.bool("handover", note.handover)
            object.string("text", note.text)
        case let .mitigated(mitigation):
            object.string("action", mitigation.action)
            if let at = mitigation.at { object.date("at", at) }
            if let deadline = mitigation.deadline { object.date("deadline", deadline) }
            object.string("evidence", mitigation.evidence)
        case let .reporterClassified(classification):
            object.string("reason", classification.reason)
            object.string("reporterClass", classification.reporterClass.rawValue)
        case let .receiptConfirmed(moment):
            object.date("at", moment.at)
        case let .evidenceJudged(judgement):
            object.bool("actionable", judgement.actionable)
            if let at = judgement.at { object.date("at", at) }
            object.strings("checked", judgement.checked)
            object.string("reason", judgement.reason)
        case let .mitigationUndone(undo):
            object.string("action", undo.action)
            if let at = undo.at { object.date("at", at) }
            object.string("reason", undo.reason)
        case let .associatedNamesReviewed(review):
            object.strings("found", review.found)
            object.string("note", review.note)
            object.int("reviewed", Int64(review.reviewed))
        case let .routed(routing):
            object.string("team", routing.team)
        case let .categorized(categorization):
            object.string("complaintType", categorization.complaintType)
        case let .clockRebased(rebase):
            object.string("clock", rebase.clock.rawValue)
            object.date("from", rebase.from)
            object.string("reason", rebase.reason)
            object.date("to", rebase.to)
            object.type(change)
            object.int("version", Int64(rebase.version))
        case let .messageReceived(message), let .messageSent(message):
            object.date("at", message.at)
            object.string("from", message.from)
            object.strings("ipAddresses", message.ipAddresses)
            object.string("language", message.language)
            object.string("letter", message.letter)
            object.string("messageID", message.messageID)
            object.string("sha256", message.sha256)
            object.string("subject", message.subject)
            object.string("to", message.to)
            object.type(change)
            object.strings("urls", message.urls)
        case let .linked(link), let .unlinked(link):
            object.int("incident", link.incident)
            object.string("reason", link.reason)
        }
        if !object.typed { object.type(change) }
        object.output.append(UInt8(ascii: "}"))
    }

    /// A JSON object being written after `{`: the fields so far, each key followed by its value.
    struct Object {
        var output: [UInt8] = []
        private var empty = true
        private(set) var typed = false

        mutating func key(_ key: StaticString) {
            if !empty { output.append(UInt8(ascii: ",")) }
            empty = false
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            output.append(UInt8(ascii: "\""))
            output.append(UInt8(ascii: ":"))
        }

        mutating func string(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(name)
            appendQuoted(value, to: &output)
        }

        mutating func type(_ change: Change) {
            string("type", change.type)
            typed = true
        }

        mutating func strings(_ name: StaticString, _ values: [String]) {
            key(name)
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                appendQuoted(value, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        }

        mutating func date(_ name: StaticString, _ value: Date) {
            key(name)
            appendInteger(Millis.from(value), to: &output)
        }

        mutating func int(_ name: StaticString, _ value: Int64?) {
            guard let value else { return }
            key(name)
            appendInteger(value, to: &output)
        }

        mutating func bool(_ name: StaticString, _ value: Bool) {
            key(name)
            let literal: StaticString = value ? "true" : "false"
            output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }
    }

    static func quote(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped as JSONEncoder
    /// escapes them (`\n`, `\t`, …, else `\u001b`); everything else, slashes included, as it is.
    static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var plainFrom = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainFrom..<index]))
                plainFrom = index + 1
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainFrom...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The decimal digits of `value`, as JSONEncoder writes an integer.
    static func appendInteger(_ value: Int64, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(20 - count)...]))
        }
    }
}

/// The trail's JSON text for other tools of casedesk (bundles): the same bytes the store keeps.
public enum EventJSONText {
    public static func encode(_ change: Change) -> String { EventJSONWriter.encode(change) }
    public static func quote(_ text: String) -> String { EventJSONWriter.quote(text) }
}
