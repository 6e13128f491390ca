import Crypto

/// SHA-256 as the desk writes it: 64 lower-case hex digits. Evidence, the message archive and the
/// bundles name bytes by it; the hashing itself is swift-crypto's (BoringSSL on Linux).
public struct SHA256 {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// Feeds more bytes; a large file can be hashed in pieces.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if let done = bytes.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) {
            return done
        }
        hasher.update(data: Array(bytes))
    }

    /// The digest as 64 lower-case hex digits, the form the desk stores and compares.
    public mutating func finalize() -> String {
        SHA256.hex(digest: hasher.finalize())
    }

    /// The hex digest of a whole buffer.
    public static func hex<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    static func hex(digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
