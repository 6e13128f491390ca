/// One line of a byte buffer, by index. Mail mixes CRLF and bare LF freely, so a line's content
/// excludes either ending, and `end` is where the next line starts.
struct ByteLine {
    let start: Int
    let contentEnd: Int
    let end: Int

    var isEmpty: Bool { start == contentEnd }
}

/// Walks the lines of a slice without copying it.
struct ByteLines: Sequence, IteratorProtocol {
    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    mutating func next() -> ByteLine? {
        guard position < bytes.endIndex else { return nil }
        let start = position
        if let newline = bytes[start...].firstIndex(of: 10) {
            let contentEnd = newline > start && bytes[newline - 1] == 13 ? newline - 1 : newline
            position = newline + 1
            return ByteLine(start: start, contentEnd: contentEnd, end: position)
        }
        position = bytes.endIndex
        let contentEnd = bytes.last == 13 ? bytes.endIndex - 1 : bytes.endIndex
        return ByteLine(start: start, contentEnd: Swift.max(start, contentEnd), end: bytes.endIndex)
    }
}

extension ArraySlice where Element == UInt8 {
    /// Whether the slice from `index` begins with `prefix`.
    func hasPrefix(_ prefix: [UInt8], at index: Int) -> Bool {
        guard index >= startIndex, index + prefix.count <= endIndex else { return false }
        for offset in 0..<prefix.count where self[index + offset] != prefix[offset] { return false }
        return true
    }
}
