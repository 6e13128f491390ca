import CaseDesk
import Foundation
import Testing
@testable import CaseStore

@Suite("The trail's JSON writer")
struct EventJSONWriterTests {
    static let moment = Date(timeIntervalSince1970: 1_806_000_000.123)
    /// An instant between two milliseconds, as a clock gives it.
    static let between = Date(timeIntervalSince1970: 1_806_000_000.123_456)
    static let awkward = "«Réclamation» \"quoted\" back\\slash a/b tab\tnew\nline \u{1B}[31m \u{0}\u{7F}\u{9B} 漢字 😀 עברית"

    static let changes: [Change] = [
        .received(Intake(kind: .abuse, channel: .web, received: moment, customer: awkward, contact: "x@y.fr", account: "K-1",
                         domains: [try! DomainName("müller.de"), try! DomainName("example.com")], subject: awkward,
                         description: awkward, category: .phishing, stage: .headOfSupport)),
        .received(Intake(kind: .complaint, channel: .phone, received: moment, customer: "A", contact: "B", subject: "C", description: "")),
        .assigned(.init(to: "bob")), .assigned(.init(to: nil)),
        .acknowledged(.init(at: moment)), .acknowledged(.init(at: Date(timeIntervalSince1970: -1_000.25))),
        .acknowledged(.init(at: Date(timeIntervalSince1970: 0))),
        .extensionNotified(.init(promised: LocalDate("2027-04-20")!, at: moment)),
        .responded(.init(summary: awkward, at: moment)),
        .formalComplaintFiled(.init(received: moment, channel: .fax, text: awkward)),
        .formalComplaintFiled(.init(received: moment, channel: .fax)),
        .escalationReceived(.init(received: moment, channel: .letter, heading: "Beschwerde", items: [.marker, .name, .domains], late: true, text: "t")),
        .escalationReceived(.init(received: moment, channel: .email, heading: nil, items: [], late: false)),
        .lateEscalationDecided(.init(accepted: false, reason: "late")),
        .missingItemsReceived(.init(items: [.measures, .account], at: moment)),
        .finalResponseSent(.init(summary: "fin", at: moment)),
        .closed(.init(reason: .duplicate, duplicateOf: 3, note: "same")),
        .closed(.init(reason: .invalid)),
        .lapsed(.init(windowEnded: moment)),
        .reopened(.init(reason: "again")),
        .noted(.init(text: awkward, handover: true)),
        .paused(.init(at: moment)), .resumed(.init(at: moment)),
        .mitigated(.init(action: "clientHold", evidence: awkward)),
        .mitigated(.init(action: "lock", evidence: "e", at: moment)),
        .closed(.init(reason: .withdrawn, note: "n", at: moment)),
        .received(Intake(kind: .complaint, channel: .email, received: moment, customer: "A", contact: "B", subject: "C", description: "",
                         complaintType: "billing")),
        .routed(.init(team: "product")),
        .categorized(.init(type: awkward)),
        .clockRebased(.init(clock: .escalationAcknowledge, version: 12, from: moment, to: moment.addingTimeInterval(86_400), reason: awkward)),
        .messageReceived(.init(sha256: String(repeating: "ab", count: 32), messageID: "a/b\"c@example.org", at: moment, from: awkward,
                               to: "abuse@registrar.example", subject: awkward, urls: ["http://bad.example/a?b=\\c"],
                               ipAddresses: ["192.0.2.1", "2001:db8::1"])),
        .messageReceived(.init(sha256: String(repeating: "0", count: 64), messageID: nil, at: moment, from: "", subject: "")),
        .messageSent(.init(sha256: String(repeating: "f", count: 64), messageID: "casedesk.1.2@registrar.example", at: moment,
                           from: "complaints@registrar.example", to: "elodie@example.fr", subject: "Accusé de réception",
                           letter: "acknowledgement", language: "fr")),
        // The abuse desk (issue 12).
        .received(Intake(kind: .abuse, channel: .email, received: moment, customer: "CERT", contact: "cert@example.org", subject: "S",
                         description: "", category: .malware, reporterClass: .lawEnforcement)),
        .reporterClassified(.init(reporterClass: .trusted, reason: awkward)),
        .receiptConfirmed(.init(at: moment)),
        .evidenceJudged(.init(actionable: true, reason: awkward, checked: ["a", awkward], at: moment)),
        .evidenceJudged(.init(actionable: false, reason: "none")),
        .mitigated(.init(action: "registrant-notified", evidence: awkward, at: moment, deadline: moment.addingTimeInterval(86_400))),
        .mitigationUndone(.init(action: "client-hold", reason: awkward, at: moment)),
        .mitigationUndone(.init(action: "transfer-lock", reason: "r")),
        .associatedNamesReviewed(.init(reviewed: 12, found: ["müller.de", "b.example"], note: awkward)),
        .associatedNamesReviewed(.init(reviewed: 0)),
        .closed(.init(reason: .noAction, note: awkward)), .closed(.init(reason: .notOurs)), .closed(.init(reason: .mitigated)),
        .linked(.init(incident: 3, reason: awkward)), .linked(.init(incident: 1)), .unlinked(.init(incident: 9_007_199_254_740_993)),
    ]

    @Test("writes exactly what JSONEncoder writes, for every kind of change", arguments: changes)
    func sameAsEncoder(change: Change) throws {
        let expected = String(decoding: try EventCoding.encoder().encode(change), as: UTF8.self)
        #expect(EventJSONWriter.encode(change) == expected)
    }

    @Test("a change kept without a JSON round trip is what the round trip gives", arguments: changes)
    func storedFormWithoutDecoding(change: Change) throws {
        guard case var .messageReceived(message) = change else {
            if case .messageSent = change {} else { #expect(EventCoding.storedFormWithoutDecoding(change) == nil) }
            return
        }
        // Also at an instant between two milliseconds, as a clock gives it.
        message.at = Self.between
        for change in [change, .messageReceived(message), .messageSent(message)] {
            let kept = try #require(EventCoding.storedFormWithoutDecoding(change))
            #expect(kept == (try EventCoding.decode(EventJSONWriter.encode(change), case: 1, sequence: 1)))
        }
    }

    @Test("the before/after values are written exactly as JSONEncoder writes them")
    func changesSameAsEncoder() throws {
        let samples: [[String: [String?]]] = [
            [:],
            ["version": ["1", "2"]],
            ["stage": ["supervisor", "head"], "assignee": [nil, "bob"], "closed_ms": ["1806000000123", nil], "subject": [Self.awkward, "a/b"]],
        ]
        for sample in samples {
            let expected = String(decoding: try EventCoding.encoder().encode(sample), as: UTF8.self)
            #expect(EventCoding.encodeChanges(sample) == expected)
        }
    }

    @Test("what it writes decodes to the same change", arguments: changes)
    func roundTrip(change: Change) throws {
        let decoded = try EventCoding.decode(EventJSONWriter.encode(change), case: 1, sequence: 1)
        #expect(decoded == change)
    }

    @Test("the quick reader reads every kind of change as Codable does", arguments: changes)
    func quickReaderSameAsDecoder(change: Change) throws {
        let json = EventJSONWriter.encode(change)
        let quick = try #require(EventJSONReader.decode(json), "\(json)")
        #expect(quick == (try EventCoding.decoder().decode(Change.self, from: Data(json.utf8))))
        // JSONEncoder's own output, keys in its order and slashes escaped, reads the same.
        let plain = String(decoding: try JSONEncoder().encode(change).map { $0 }, as: UTF8.self)
        #expect(EventJSONReader.decode(plain).map { EventJSONWriter.encode($0) } == (try? EventCoding.decoder().decode(Change.self, from: Data(plain.utf8))).map { EventJSONWriter.encode($0) })
    }

    @Test("the quick reader reads escapes, surrogate pairs, spaces, nulls and unknown keys")
    func quickReaderEdges() throws {
        let json = #" { "type" : "note", "text" : "a\u00e9\ud83d\ude00\/\n\u001b", "handover" : false, "extra": [ "x" ] } "#
        #expect(EventJSONReader.decode(json) == .noted(.init(text: "aé😀/\n\u{1B}", handover: false)))
        #expect(EventJSONReader.decode(#"{"type":"assigned","to":null}"#) == .assigned(.init(to: nil)))
        #expect(EventJSONReader.decode(#"{"type":"assigned"}"#) == .assigned(.init(to: nil)))
        // An abuse intake stored without a category stays without one, as Codable reads it.
        let intake = #"{"channel":"web","contact":"c","customer":"a","description":"","domains":[],"kind":"abuse","received":5,"stage":"supervisor","subject":"s","type":"received"}"#
        let quick = try #require(EventJSONReader.decode(intake))
        #expect(quick == (try EventCoding.decoder().decode(Change.self, from: Data(intake.utf8))))
    }

    @Test("what the quick reader refuses goes to Codable, which names the fault", arguments: [
        #"{"type":"acknowledged","at":1.5}"#, #"{"type":"acknowledged","at":"1"}"#, #"{"type":"acknowledged"}"#,
        #"{"type":"acknowledged","at":01}"#, #"{"type":"note","text":"\ud800","handover":true}"#, #"{"type":"note","text":"a"#,
        #"{"type":"closed","reason":"bored"}"#, #"{"type":"whatever"}"#, #"{"type":"acknowledged","at":99999999999999999999}"#,
        #"{"type":"received","channel":"web","contact":"c","customer":"a","description":"","domains":["-bad-.example"],"kind":"complaint","received":5,"stage":"supervisor","subject":"s"}"#,
        "{\"type\":\"note\",\"text\":\"a\u{1}\",\"handover\":true}", #"{"type":"acknowledged","at":5} x"#,
    ])
    func quickReaderRefuses(json: String) {
        #expect(EventJSONReader.decode(json) == nil)
        #expect(throws: StoreError.self) { try EventCoding.decode(json, case: 7, sequence: 2) }
    }
}
