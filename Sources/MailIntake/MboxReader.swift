/// Splits an mbox into messages line by line, reading the file in chunks, so a mailbox of
/// gigabytes is never in memory at once.
///
/// A message starts at a `From ` line that is the first line of the file or follows an empty line
/// and looks like an envelope (`From sender Thu Mar  8 17:40:36 2005`: it has a time in it). A body
/// line "From here on…" right after text, or escaped as `>From`, does not split a message.
struct MboxReader {
    private let path: String
    private let variant: MboxVariant
    private var readChunk: () throws(SourceError) -> [UInt8]?
    private var buffer: [UInt8] = []
    private var position = 0
    private var exhausted = false
    private var current: [UInt8] = []
    private var currentIndex = 0
    private var started = false
    private var previousLineBlank = true
    private var failed = false

    init(path: String, variant: MboxVariant, readChunk: @escaping () throws(SourceError) -> [UInt8]?) {
        self.path = path
        self.variant = variant
        self.readChunk = readChunk
    }

    /// The next message; after a read error, that error once and then the end: a message cut
    /// short by the error is not handed on as if it were whole.
    mutating func next() -> Result<RawMessage, SourceError>? {
        guard !failed else { return nil }
        while true {
            let line: [UInt8]?
            do {
                line = try readLine()
            } catch {
                failed = true
                return .failure(error)
            }
            guard let line else {
                defer { started = false }
                guard started else { return nil }
                return finishCurrent().map { .success($0) }
            }
            let isBlank = line == [10] || line == [13, 10]
            defer { previousLineBlank = isBlank }
            if previousLineBlank, Self.isEnvelope(line) {
                let finished = started ? finishCurrent() : nil
                started = true
                currentIndex += 1
                if let finished { return .success(finished) }
                continue
            }
            started = true
            if currentIndex == 0 { currentIndex = 1 }
            current.append(contentsOf: unescaped(line))
        }
    }

    /// Ends the message being read; nil when it holds nothing but blank lines.
    private mutating func finishCurrent() -> RawMessage? {
        var bytes = current
        current = []
        // The empty line before the next envelope separates messages; it is not the message's.
        if bytes.suffix(2) == [10, 10] {
            bytes.removeLast()
        } else if bytes.suffix(4) == [13, 10, 13, 10] {
            bytes.removeLast(2)
        }
        guard bytes.contains(where: { ![9, 10, 13, 32].contains($0) }) else { return nil }
        return RawMessage(bytes: bytes, origin: MessageOrigin(path: path, index: currentIndex))
    }

    private func unescaped(_ line: [UInt8]) -> [UInt8] {
        guard line.first == UInt8(ascii: ">") else { return line }
        let quotes = line.prefix { $0 == UInt8(ascii: ">") }.count
        let rest = line.dropFirst(quotes)
        guard rest.starts(with: Self.fromSpace) else { return line }
        return variant == .mboxrd || quotes == 1 ? Array(line.dropFirst()) : line
    }

    private static let fromSpace = Array("From ".utf8)

    static func isEnvelope(_ line: [UInt8]) -> Bool {
        guard line.starts(with: fromSpace) else { return false }
        for index in line.indices.dropFirst(5).dropLast() where line[index] == UInt8(ascii: ":") {
            let isDigit: (UInt8) -> Bool = { (48...57).contains($0) }
            if isDigit(line[index - 1]) && isDigit(line[index + 1]) { return true }
        }
        return false
    }

    /// The next line including its line break, or nil at the end of the data.
    private mutating func readLine() throws(SourceError) -> [UInt8]? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 10) {
                let line = Array(buffer[position...newline])
                position = newline + 1
                return line
            }
            if exhausted {
                guard position < buffer.count else { return nil }
                let line = Array(buffer[position...])
                position = buffer.count
                return line
            }
            buffer.removeFirst(position)
            position = 0
            if let chunk = try readChunk(), !chunk.isEmpty {
                buffer.append(contentsOf: chunk)
            } else {
                exhausted = true
            }
        }
    }
}
