import CaseDesk
import CCryptoBoringSSL
import Foundation

/// The head of the store's trail: how many events it holds (case and desk events together) and the
/// link of the last one. Printed by `casedesk seal` as `COUNT:DIGEST`; kept outside the store (on
/// paper, in a mail, in another system), it lets `verify --seal` prove the record up to it.
public struct TrailHead: Sendable, Hashable, CustomStringConvertible {
    public var count: Int64
    /// SHA-256, 32 bytes; all zeros for an empty trail.
    public var link: Data

    public init(count: Int64, link: Data) {
        self.count = count
        self.link = link
    }

    public static let empty = TrailHead(count: 0, link: TrailLink.zero)

    public var digest: String { TrailLink.hex(link) }

    /// `COUNT:DIGEST`, the form `verify --seal` takes back.
    public var description: String { "\(count):\(digest)" }

    /// Reads `COUNT:DIGEST` (64 hex digits); nil when the text is not a seal.
    public init?(text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int64(parts[0]), count >= 0,
              let link = TrailLink.bytes(hex: String(parts[1])), link.count == 32 else { return nil }
        self.init(count: count, link: link)
    }
}

/// How events are linked. Each event has an *entry* digest and a *link*:
///
/// - a case event's entry covers the entry of the case's previous event (so a case's trail is a
///   chain of its own), its case number, sequence, time, actor, `via`, type, and the SHA-256 of its
///   data and of its before/after values;
/// - a desk event's entry covers its id, time, actor, `via`, type and the SHA-256 of its data;
/// - the link of the event at store-wide position `p` is SHA-256 over the link at `p − 1`, `p` and
///   the entry. The last link is the store's head.
///
/// Personal text (names, addresses, what customers wrote) reaches the chain only through the digests
/// of the `data` and `changes` columns. Erasing it later (data protection) can replace those columns
/// and keep their former digests beside them: every entry, and so every link, still verifies.
/// Fields are length-prefixed, so no two different events hash the same input.
public enum TrailLink {
    public static let zero = Data(repeating: 0, count: 32)

    static func caseEntry(previous: Data?, _ event: StoredEvent) -> Data {
        caseEntry(previous: previous, event, changesDigest: digest(of: event.changes))
    }

    /// The entry with the digest of the event's `changes` given (`digest(of:)`): most events change
    /// nothing (`{}`), and a reader of many keeps the last one's digest.
    static func caseEntry(previous: Data?, _ event: StoredEvent, changesDigest: TrailDigest) -> Data {
        var data = event.data
        return data.withUTF8 { bytes in
            (previous ?? zero).withUnsafeBytes { previous in
                caseEntry(previous: previous, number: event.caseNumber, sequence: event.sequence, recordedMs: event.recordedMs,
                          actor: event.actor, via: event.via, type: event.type, data: UnsafeRawBufferPointer(bytes),
                          changesDigest: changesDigest)
            }.data
        }
    }

    /// The entry from pre-packed bytes.
    static func caseEntry(previous: Data?, number: CaseNumber, sequence: Int, recordedMs: Int64, actor: String, via: String?,
                          type: String, data: UnsafeRawBufferPointer, changes: String) -> Data {
        let entry = (previous ?? zero).withUnsafeBytes { previous in
            caseEntry(previous: previous, number: number, sequence: sequence, recordedMs: recordedMs, actor: actor, via: via,
                      type: type, data: data, changesDigest: digest(of: changes))
        }
        return entry.data
    }

    /// The entry as a digest, after the entry of the case's previous event (nil for its first), with
    /// the digest of its before/after values given (`digest(of:)`): what the demo load hashes on its
    /// generating threads, where the values are the same for every event and no `Data` is wanted.
    static func caseEntry(previous: TrailDigest?, number: CaseNumber, sequence: Int, recordedMs: Int64, actor: String,
                          via: String?, type: String, data: UnsafeRawBufferPointer, changesDigest: TrailDigest) -> TrailDigest {
        // A case's first entry follows 32 zero bytes, as `zero` holds them.
        return (previous ?? TrailDigest()).withUnsafeBytes { previous in
            caseEntry(previous: previous, number: number, sequence: sequence, recordedMs: recordedMs, actor: actor, via: via,
                      type: type, data: data, changesDigest: changesDigest)
        }
    }

    private static func caseEntry(previous: UnsafeRawBufferPointer, number: CaseNumber, sequence: Int, recordedMs: Int64, actor: String,
                                  via: String?, type: String, data: UnsafeRawBufferPointer, changesDigest: TrailDigest) -> TrailDigest {
        var hasher = FieldHasher(tag: "casedesk/case-event/1")
        hasher.bytes(previous)
        hasher.integer(number)
        hasher.integer(Int64(sequence))
        hasher.integer(recordedMs)
        hasher.text(actor)
        hasher.text(via)
        hasher.text(type)
        hasher.bytes(TrailDigest(of: data))
        hasher.bytes(changesDigest)
        return hasher.finalize()
    }

    /// The SHA-256 of a text's UTF-8, as an entry takes its `changes` (and a desk event its `data`).
    static func digest(of text: String) -> TrailDigest {
        var text = text
        return text.withUTF8 { TrailDigest(of: UnsafeRawBufferPointer($0)) }
    }

    static func deskEntry(_ event: StoredDeskEvent) -> Data {
        var hasher = FieldHasher(tag: "casedesk/desk-event/1")
        hasher.integer(event.id)
        hasher.integer(event.recordedMs)
        hasher.text(event.actor)
        hasher.text(event.via)
        hasher.text(event.type)
        hasher.digest(of: event.data)
        return hasher.finish()
    }

    /// The link of the event at `position`, after `previous` (the link at `position − 1`).
    public static func link(previous: Data, position: Int64, entry: Data) -> Data {
        previous.withUnsafeBytes { previous in
            entry.withUnsafeBytes { entry in link(previous: previous, position: position, entry: entry).data }
        }
    }

    /// The link after a previous link given as bytes (as SQLite hands a stored one over), without copying them first.
    static func link(previous: UnsafeRawBufferPointer, position: Int64, entry: Data) -> Data {
        entry.withUnsafeBytes { entry in link(previous: previous, position: position, entry: entry).data }
    }

    /// The link as a digest, from a previous link and an entry given as digests: a run of links
    /// (`TrailChain`) allocates nothing per event.
    static func link(previous: TrailDigest, position: Int64, entry: TrailDigest) -> TrailDigest {
        previous.withUnsafeBytes { previous in
            entry.withUnsafeBytes { entry in link(previous: previous, position: position, entry: entry) }
        }
    }

    static func link(previous: UnsafeRawBufferPointer, position: Int64, entry: UnsafeRawBufferPointer) -> TrailDigest {
        var hasher = FieldHasher(tag: "casedesk/link/1")
        hasher.bytes(previous)
        hasher.integer(position)
        hasher.bytes(entry)
        return hasher.finalize()
    }

    /// The head after a case's events: the entry of its last event (nil for no events).
    static func caseHead(_ events: [StoredEvent]) -> Data? {
        var head: Data?
        for event in events { head = caseEntry(previous: head, event) }
        return head
    }

    public static func hex(_ bytes: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    static func bytes(hex: String) -> Data? {
        let scalars = Array(hex.lowercased().utf8)
        guard scalars.count % 2 == 0 else { return nil }
        var bytes = Data(capacity: scalars.count / 2)
        var index = 0
        while index < scalars.count {
            guard let high = nibble(scalars[index]), let low = nibble(scalars[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// Length-prefixed fields into SHA-256. BoringSSL's own functions (the code under swift-crypto's
/// `SHA256`) on a context kept inline: a demo load hashes three times per event, tens of millions
/// of times, and swift-crypto's generic wrapper allocated a context object per digest and called
/// through its protocol for every step (measured: a tenth of a generating thread's time). The
/// digest is that of the same bytes.
private struct FieldHasher {
    private var context = SHA256_CTX()

    init(tag: String) {
        CCryptoBoringSSL_SHA256_Init(&context)
        text(tag)
    }

    mutating func integer(_ value: Int64) {
        withUnsafeBytes(of: value.bigEndian) { append($0) }
    }

    mutating func text(_ value: String?) {
        guard var value else { return integer(-1) }
        integer(Int64(value.utf8.count))
        value.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    mutating func bytes(_ value: UnsafeRawBufferPointer) {
        integer(Int64(value.count))
        append(value)
    }

    /// A digest, hashed as `bytes` hashes its 32 bytes (without making them `Data` first).
    mutating func bytes(_ digest: TrailDigest) {
        digest.withUnsafeBytes { bytes($0) }
    }

    mutating func digest(of text: String) {
        bytes(TrailLink.digest(of: text))
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        CCryptoBoringSSL_SHA256_Update(&context, base, bytes.count)
    }

    func finish() -> Data { finalize().data }

    func finalize() -> TrailDigest {
        var context = context
        return TrailDigest { CCryptoBoringSSL_SHA256_Final($0, &context) }
    }
}

/// The trail's head while events are linked one after another (a demo load's batch): the last link
/// kept as a digest, so that linking an event allocates nothing; `head` gives it back as a `TrailHead`.
struct TrailChain {
    private(set) var count: Int64
    private let start: Data
    private var last: TrailDigest?

    init(after head: TrailHead) {
        count = head.count
        start = head.link
    }

    /// Links the next event, whose entry is `entry`; returns its link.
    mutating func append(entry: TrailDigest) -> TrailDigest {
        count += 1
        let link = if let last {
            TrailLink.link(previous: last, position: count, entry: entry)
        } else {
            start.withUnsafeBytes { start in entry.withUnsafeBytes { TrailLink.link(previous: start, position: count, entry: $0) } }
        }
        last = link
        return link
    }

    var head: TrailHead { TrailHead(count: count, link: last?.data ?? start) }
}

/// A SHA-256 digest as a plain value: its 32 bytes inline. A 32-byte `Data` is a heap allocation; a
/// demo load hashes millions of entries and links on its generating threads and hands them to the
/// writer.
struct TrailDigest: Sendable, Equatable, ContiguousBytes {
    private var bytes = SIMD32<UInt8>()

    /// All zeros.
    init() {}

    /// The 32 bytes `fill` writes.
    fileprivate init(_ fill: (UnsafeMutablePointer<UInt8>) -> Void) {
        Swift.withUnsafeMutableBytes(of: &bytes) { fill($0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
    }

    /// The SHA-256 of `data`.
    init(of data: UnsafeRawBufferPointer) {
        self.init { _ = CCryptoBoringSSL_SHA256(data.baseAddress?.assumingMemoryBound(to: UInt8.self), data.count, $0) }
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: bytes, body)
    }

    var data: Data { withUnsafeBytes { Data($0) } }
}
