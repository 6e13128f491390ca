import CaseDesk
@testable import CaseStore
import Crypto
import Foundation
import Testing

/// The link's bytes are the record's evidence: a store written by one casedesk must verify with the
/// next. These tests write the documented format out by hand, field by field, so a change to how
/// entries or links are hashed fails here before it fails on a desk's store.
@Suite("The trail's link format, byte for byte")
struct TrailLinkFormatTests {
    /// A field as the format writes it: a big-endian 64-bit length (or value), then the bytes.
    private static func integer(_ value: Int64) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
    private static func text(_ value: String?) -> [UInt8] {
        guard let value else { return integer(-1) }
        return integer(Int64(value.utf8.count)) + Array(value.utf8)
    }
    private static func bytes(_ value: [UInt8]) -> [UInt8] { integer(Int64(value.count)) + value }
    private static func sha256(_ value: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: value)) }

    @Test("a case event's entry and its link are the SHA-256 of the documented fields")
    func caseEntryAndLink() {
        let previous = [UInt8](repeating: 7, count: 32)
        let event = StoredEvent(caseNumber: 42, sequence: 3, position: 99, recordedMs: 1_806_000_000_123, actor: "amelie", via: nil,
                                type: "note", data: #"{"handover":false,"text":"Élodie a appelé","type":"note"}"#, changes: #"{"version":["2","3"]}"#)
        let entryInput = Self.text("casedesk/case-event/1") + Self.bytes(previous) + Self.integer(42) + Self.integer(3)
            + Self.integer(1_806_000_000_123) + Self.text("amelie") + Self.text(nil) + Self.text("note")
            + Self.bytes(Self.sha256(Array(event.data.utf8))) + Self.bytes(Self.sha256(Array(event.changes.utf8)))
        let entry = TrailLink.caseEntry(previous: Data(previous), event)
        #expect(Array(entry) == Self.sha256(entryInput))

        let before = [UInt8](repeating: 1, count: 32)
        let linkInput = Self.text("casedesk/link/1") + Self.bytes(before) + Self.integer(99) + Self.bytes(Array(entry))
        #expect(Array(TrailLink.link(previous: Data(before), position: 99, entry: entry)) == Self.sha256(linkInput))
    }

    @Test("the digests called on BoringSSL directly are swift-crypto's SHA-256, across block boundaries and for empty fields")
    func digestsAcrossBlocks() {
        for length in 0...300 {
            let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ length) }
            #expect(data.withUnsafeBytes { Array(TrailDigest(of: $0).data) } == Self.sha256(data), "\(length) bytes")
        }
        // Empty and long texts in an entry: an empty field is its length alone, a long one spans blocks.
        let long = String(repeating: "Bärbel Müller ", count: 20)
        let event = StoredDeskEvent(id: 1, position: 1, recordedMs: 0, actor: long, via: "", type: "", data: "")
        let input = Self.text("casedesk/desk-event/1") + Self.integer(1) + Self.integer(0) + Self.text(long) + Self.text("")
            + Self.text("") + Self.bytes(Self.sha256([]))
        #expect(Array(TrailLink.deskEntry(event)) == Self.sha256(input))
    }

    @Test("a desk event's entry is the SHA-256 of the documented fields")
    func deskEntry() {
        let event = StoredDeskEvent(id: 5, position: 6, recordedMs: 12, actor: "root", via: "sudo", type: "staff_added",
                                    data: #"{"account":"amelie"}"#)
        let input = Self.text("casedesk/desk-event/1") + Self.integer(5) + Self.integer(12) + Self.text("root") + Self.text("sudo")
            + Self.text("staff_added") + Self.bytes(Self.sha256(Array(event.data.utf8)))
        #expect(Array(TrailLink.deskEntry(event)) == Self.sha256(input))
    }
}
