/// Splits an mbox into messages line by line, reading the file in chunks, so a mailbox of
/// gigabytes is never in memory at once.
///
/// A message starts at a `From ` line that is the first line of the file or follows an empty line
/// and is an envelope: a sender and an asctime date (`From sender Thu Mar  8 17:40:36 2005`), as
/// mutt's reader asks. So an unescaped body line after an empty line splits the message only when
/// it is an envelope, which is what every mboxo/mboxrd reader would do with it; "From here on…",
/// "From 10:00 to 12:00 the site was down", a line right after text, or one escaped as `>From`
/// does not. A message that is only an envelope is handed on empty, to get its verdict.
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
    /// Whether the message being read began with an envelope line (so it is a message, even empty).
    private var currentHasEnvelope = false
    private var failed = false
    /// The byte that ends a line: LF (with or without a CR before it), or CR alone in a mailbox
    /// written with old Mac line breaks. Decided at the first line break of the file.
    private var lineBreak: UInt8?

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
            let isBlank = line == [10] || line == [13, 10] || line == [13]
            defer { previousLineBlank = isBlank }
            if previousLineBlank, Self.isEnvelope(line) {
                let finished = started ? finishCurrent() : nil
                started = true
                currentHasEnvelope = true
                currentIndex += 1
                if let finished { return .success(finished) }
                continue
            }
            started = true
            if currentIndex == 0 { currentIndex = 1 }
            current.append(contentsOf: unescaped(line))
        }
    }

    /// Ends the message being read; nil when it holds nothing but blank lines and had no envelope
    /// (blank lines before the first envelope are no message; an envelope with nothing after is an
    /// empty one).
    private mutating func finishCurrent() -> RawMessage? {
        var bytes = current
        current = []
        defer { currentHasEnvelope = false }
        // The empty line before the next envelope separates messages; it is not the message's.
        if bytes.suffix(2) == [10, 10] {
            bytes.removeLast()
        } else if bytes.suffix(4) == [13, 10, 13, 10] {
            bytes.removeLast(2)
        } else if bytes.suffix(2) == [13, 13] {
            bytes.removeLast()
        }
        guard bytes.contains(where: { ![9, 10, 13, 32].contains($0) }) else {
            return currentHasEnvelope ? RawMessage(bytes: [], origin: MessageOrigin(path: path, index: currentIndex)) : nil
        }
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

    /// `From SENDER [weekday] Month day hh:mm[:ss] [zone] year [anything]`: a sender, then a month
    /// name, a day of the month, a time and a four-digit year, in that order.
    static func isEnvelope(_ line: [UInt8]) -> Bool {
        guard line.starts(with: fromSpace), line.count < 1_000 else { return false }
        let words = String(decoding: line.dropFirst(5), as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count >= 5 else { return false }
        var rest = words.dropFirst()
        if let first = rest.first, weekdays.contains(first.prefix(3).lowercased()) { rest = rest.dropFirst() }
        guard let month = rest.first, months.contains(month.prefix(3).lowercased()) else { return false }
        rest = rest.dropFirst()
        guard let day = rest.first.flatMap({ Int($0) }), (1...31).contains(day) else { return false }
        rest = rest.dropFirst()
        guard let time = rest.first, isTime(time) else { return false }
        return rest.dropFirst().prefix(2).contains { $0.count == 4 && $0.allSatisfy(\.isASCIIDigit) }
    }

    private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let months: Set<String> = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func isTime(_ word: Substring) -> Bool {
        let parts = word.split(separator: ":", omittingEmptySubsequences: false)
        return (2...3).contains(parts.count) && parts.allSatisfy { (1...2).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }
    }

    /// The next line including its line break, or nil at the end of the data.
    private mutating func readLine() throws(SourceError) -> [UInt8]? {
        while true {
            if lineBreak == nil, let first = buffer[position...].firstIndex(where: { $0 == 10 || $0 == 13 }) {
                if buffer[first] == 10 || first + 1 < buffer.count {
                    lineBreak = buffer[first] == 13 && buffer[first + 1] != 10 ? 13 : 10
                } else if exhausted {
                    lineBreak = 13
                }
            }
            if let lineBreak, let newline = buffer[position...].firstIndex(of: lineBreak) {
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
