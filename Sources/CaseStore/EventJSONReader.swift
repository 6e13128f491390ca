import CaseDesk
import Foundation
import Synchronization

/// Reads the trail's JSON back into a change without going through `JSONDecoder`, which was a third
/// of `verify`'s time over a million cases (every event is decoded to be judged again). It reads
/// what `EventJSONWriter` writes, and the JSON any encoder of the same shape writes: keys in any
/// order, unknown keys ignored, `null` for an absent optional. Anything else (a number with a
/// fraction, a lone surrogate, a missing field, a value of the wrong kind) gives nil, and the
/// caller decodes through `Codable`, which then says exactly what is wrong. A test holds the two
/// readers together for every kind of change.
enum EventJSONReader {
    /// Internationalised names as read so far (up to 50,000, then begun anew): their rules
    /// (normalising, Punycode) cost tens of times a plain name's check, and a store names the same
    /// ones again and again (a twentieth of `verify`'s time at a million cases).
    private static let internationalNames = Mutex<[String: DomainName]>([:])

    /// The name an event gives, or nil when it is none.
    static func domainName(_ name: String) -> DomainName? {
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return try? DomainName(name) }
        if let known = internationalNames.withLock({ $0[name] }) { return known }
        guard let domain = try? DomainName(name) else { return nil }
        internationalNames.withLock { names in
            if names.count >= 50_000 { names.removeAll(keepingCapacity: true) }
            names[name] = domain
        }
        return domain
    }

    static func decode(_ text: String) -> Change? {
        var text = text
        return text.withUTF8 { bytes in
            var parser = Parser(bytes: bytes)
            guard let fields = parser.object(), parser.atEnd else { return nil }
            return change(Fields(fields))
        }
    }

    /// A value the trail's JSON holds: no nested objects, no numbers but integers.
    enum Value {
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case null
        case strings([String])
    }

    /// An object's fields, looked up by name (a trail object has a dozen keys at most).
    struct Fields {
        let pairs: [(key: String, value: Value)]
        init(_ pairs: [(key: String, value: Value)]) { self.pairs = pairs }

        subscript(_ key: String) -> Value? {
            // The last one wins, as in JSONDecoder.
            pairs.last { $0.key == key }?.value
        }

        func string(_ key: String) -> String? {
            if case let .string(text)? = self[key] { return text }
            return nil
        }

        /// nil when the field is absent or null; `.none` (fail) when it holds something else.
        func optionalString(_ key: String) -> String?? {
            switch self[key] {
            case nil, .null?: .some(nil)
            case let .string(text)?: .some(text)
            default: .none
            }
        }

        func date(_ key: String) -> Date? {
            if case let .integer(millis)? = self[key] { return Millis.date(millis) }
            return nil
        }

        func optionalDate(_ key: String) -> Date?? {
            switch self[key] {
            case nil, .null?: .some(nil)
            case let .integer(millis)?: .some(Millis.date(millis))
            default: .none
            }
        }

        func bool(_ key: String) -> Bool? {
            if case let .bool(value)? = self[key] { return value }
            return nil
        }

        func strings(_ key: String) -> [String]? {
            if case let .strings(values)? = self[key] { return values }
            return nil
        }

        func raw<T: RawRepresentable<String>>(_ key: String, as: T.Type) -> T? {
            string(key).flatMap(T.init(rawValue:))
        }

        func optionalRaw<T: RawRepresentable<String>>(_ key: String, as: T.Type) -> T?? {
            guard let text = optionalString(key) else { return .none }
            guard let text else { return .some(nil) }
            return T(rawValue: text).map { .some($0) } ?? .none
        }
    }

    // The fields of each payload, as its synthesized `Decodable` reads them (not through the
    // payload's initializer where that one orders or defaults something).
    static func change(_ fields: Fields) -> Change? {
        guard let type = fields.string("type") else { return nil }
        switch type {
        case "received":
            guard let kind = fields.raw("kind", as: CaseKind.self), let channel = fields.raw("channel", as: Channel.self),
                  let received = fields.date("received"), let customer = fields.string("customer"),
                  let contact = fields.string("contact"), let account = fields.optionalString("account"),
                  let names = fields.strings("domains"), let subject = fields.string("subject"),
                  let description = fields.string("description"), let category = fields.optionalRaw("category", as: AbuseCategory.self),
                  let stage = fields.raw("stage", as: Stage.self), let complaintType = fields.optionalString("complaintType"),
                  let reporterClass = fields.optionalRaw("reporterClass", as: ReporterClass.self)
            else { return nil }
            var domains: [DomainName] = []
            domains.reserveCapacity(names.count)
            for name in names {
                guard let domain = domainName(name) else { return nil }
                domains.append(domain)
            }
            var intake = Intake(kind: kind, channel: channel, received: received, customer: customer, contact: contact, account: account,
                                domains: domains, subject: subject, description: description, stage: stage, complaintType: complaintType)
            intake.category = category
            intake.reporterClass = reporterClass
            return .received(intake)
        case "assigned":
            guard let to = fields.optionalString("to") else { return nil }
            return .assigned(.init(to: to))
        case "acknowledged", "paused", "resumed":
            guard let at = fields.date("at") else { return nil }
            let moment = Change.Moment(at: at)
            return type == "acknowledged" ? .acknowledged(moment) : type == "paused" ? .paused(moment) : .resumed(moment)
        case "extension_notified":
            guard let at = fields.date("at"), let promised = fields.string("promised").flatMap(LocalDate.init) else { return nil }
            return .extensionNotified(.init(promised: promised, at: at))
        case "responded", "final_response":
            guard let at = fields.date("at"), let summary = fields.string("summary") else { return nil }
            let answer = Change.Answer(summary: summary, at: at)
            return type == "responded" ? .responded(answer) : .finalResponseSent(answer)
        case "formal_complaint":
            guard let received = fields.date("received"), let channel = fields.raw("channel", as: Channel.self),
                  let text = fields.optionalString("text") else { return nil }
            return .formalComplaintFiled(.init(received: received, channel: channel, text: text))
        case "escalation_received":
            guard let received = fields.date("received"), let channel = fields.raw("channel", as: Channel.self),
                  let heading = fields.optionalString("heading"), let items = checklist(fields.strings("items")),
                  let late = fields.bool("late"), let text = fields.optionalString("text") else { return nil }
            var filing = Change.EscalationFiling(received: received, channel: channel, heading: heading, items: [], late: late, text: text)
            filing.items = items
            return .escalationReceived(filing)
        case "late_escalation_decided":
            guard let accepted = fields.bool("accepted"), let reason = fields.string("reason") else { return nil }
            return .lateEscalationDecided(.init(accepted: accepted, reason: reason))
        case "missing_items_received":
            guard let at = fields.date("at"), let items = checklist(fields.strings("items")) else { return nil }
            var missing = Change.MissingItems(items: [], at: at)
            missing.items = items
            return .missingItemsReceived(missing)
        case "closed":
            guard let reason = fields.raw("reason", as: CloseReason.self), let note = fields.optionalString("note"),
                  let at = fields.optionalDate("at") else { return nil }
            let duplicateOf: CaseNumber?
            switch fields["duplicateOf"] {
            case nil, .null?: duplicateOf = nil
            case let .integer(number)?: duplicateOf = number
            default: return nil
            }
            return .closed(.init(reason: reason, duplicateOf: duplicateOf, note: note, at: at))
        case "lapsed":
            guard let windowEnded = fields.date("windowEnded") else { return nil }
            return .lapsed(.init(windowEnded: windowEnded))
        case "reopened":
            guard let reason = fields.string("reason") else { return nil }
            return .reopened(.init(reason: reason))
        case "note":
            guard let text = fields.string("text"), let handover = fields.bool("handover") else { return nil }
            return .noted(.init(text: text, handover: handover))
        case "mitigated":
            guard let action = fields.string("action"), let evidence = fields.string("evidence"),
                  let at = fields.optionalDate("at"), let deadline = fields.optionalDate("deadline") else { return nil }
            return .mitigated(.init(action: action, evidence: evidence, at: at, deadline: deadline))
        case "reporter_classified":
            guard let reporterClass = fields.raw("reporterClass", as: ReporterClass.self), let reason = fields.string("reason") else { return nil }
            return .reporterClassified(.init(reporterClass: reporterClass, reason: reason))
        case "receipt_confirmed":
            guard let at = fields.date("at") else { return nil }
            return .receiptConfirmed(.init(at: at))
        case "evidence_judged":
            guard let actionable = fields.bool("actionable"), let reason = fields.string("reason"),
                  let checked = fields.strings("checked"), let at = fields.optionalDate("at") else { return nil }
            return .evidenceJudged(.init(actionable: actionable, reason: reason, checked: checked, at: at))
        case "mitigation_undone":
            guard let action = fields.string("action"), let reason = fields.string("reason"),
                  let at = fields.optionalDate("at") else { return nil }
            return .mitigationUndone(.init(action: action, reason: reason, at: at))
        case "associated_names_reviewed":
            guard let found = fields.strings("found"), let note = fields.optionalString("note"),
                  case let .integer(reviewed)? = fields["reviewed"], let count = Int(exactly: reviewed) else { return nil }
            return .associatedNamesReviewed(.init(reviewed: count, found: found, note: note))
        case "routed":
            guard let team = fields.string("team") else { return nil }
            return .routed(.init(team: team))
        case "categorized":
            guard let complaintType = fields.string("complaintType") else { return nil }
            return .categorized(.init(type: complaintType))
        case "clock_rebased":
            guard let clock = fields.raw("clock", as: Clock.Kind.self), case let .integer(version)? = fields["version"],
                  let version = Int(exactly: version), let from = fields.date("from"), let to = fields.date("to"),
                  let reason = fields.string("reason") else { return nil }
            return .clockRebased(.init(clock: clock, version: version, from: from, to: to, reason: reason))
        case "message_received", "message_sent":
            guard let sha256 = fields.string("sha256"), let messageID = fields.optionalString("messageID"),
                  let at = fields.date("at"), let from = fields.string("from"), let to = fields.optionalString("to"),
                  let subject = fields.string("subject"), let urls = fields.strings("urls"),
                  let ipAddresses = fields.strings("ipAddresses"), let letter = fields.optionalString("letter"),
                  let language = fields.optionalString("language") else { return nil }
            let message = Change.Correspondence(sha256: sha256, messageID: messageID, at: at, from: from, to: to, subject: subject,
                                                urls: urls, ipAddresses: ipAddresses, letter: letter, language: language)
            return type == "message_received" ? .messageReceived(message) : .messageSent(message)
        case "linked", "unlinked":
            guard case let .integer(incident)? = fields["incident"], let reason = fields.optionalString("reason") else { return nil }
            let link = Change.IncidentLink(incident: incident, reason: reason)
            return type == "linked" ? .linked(link) : .unlinked(link)
        default:
            return nil
        }
    }

    private static func checklist(_ names: [String]?) -> [ChecklistItem]? {
        guard let names else { return nil }
        var items: [ChecklistItem] = []
        for name in names {
            guard let item = ChecklistItem(rawValue: name) else { return nil }
            items.append(item)
        }
        return items
    }

    /// A strict reader of one flat JSON object (RFC 8259 syntax; values as `Value` allows).
    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return index == bytes.count
            }
        }

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func object() -> [(key: String, value: Value)]? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var pairs: [(key: String, value: Value)] = []
            pairs.reserveCapacity(12)
            if take(UInt8(ascii: "}")) { return pairs }
            repeat {
                skipSpace()
                guard let key = string(), take(UInt8(ascii: ":")), let value = value() else { return nil }
                pairs.append((key, value))
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}")) ? pairs : nil
        }

        mutating func value() -> Value? {
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return string().map(Value.string)
            case UInt8(ascii: "["):
                index += 1
                var values: [String] = []
                if take(UInt8(ascii: "]")) { return .strings(values) }
                repeat {
                    skipSpace()
                    guard let text = string() else { return nil }
                    values.append(text)
                } while take(UInt8(ascii: ","))
                return take(UInt8(ascii: "]")) ? .strings(values) : nil
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return integer().map(Value.integer)
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }

        /// An integer as JSON writes it (`-`, then `0` or digits without a leading zero); a fraction,
        /// an exponent or an overflow fails.
        mutating func integer() -> Int64? {
            var negative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            let start = index
            var magnitude: Int64 = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
                guard !overflow, !overflow2 else { return nil }
                magnitude = sum
                index += 1
            }
            guard index > start, !(bytes[start] == UInt8(ascii: "0") && index - start > 1) else { return nil }
            if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) { return nil }
            return negative ? -magnitude : magnitude
        }

        /// A string at `index` (which must be its opening quote), escapes resolved.
        mutating func string() -> String? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    defer { index += 1 }
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
                if byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }

        /// The rest of a string that holds escapes, from its first byte at `start`.
        private mutating func escapedString(from start: Int) -> String? {
            var output: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: output, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
                    case UInt8(ascii: "n"): output.append(0x0A)
                    case UInt8(ascii: "r"): output.append(0x0D)
                    case UInt8(ascii: "t"): output.append(0x09)
                    case UInt8(ascii: "b"): output.append(0x08)
                    case UInt8(ascii: "f"): output.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard let unit = hex4() else { return nil }
                        var scalar: Unicode.Scalar?
                        if (0xD800..<0xDC00).contains(unit) {
                            guard literal("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        } else {
                            scalar = Unicode.Scalar(unit)
                        }
                        guard let scalar else { return nil }
                        UTF8.encode(scalar) { output.append($0) }
                    default:
                        return nil
                    }
                default:
                    if byte < 0x20 { return nil }
                    output.append(byte)
                }
            }
            return nil
        }

        private mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }
    }
}
