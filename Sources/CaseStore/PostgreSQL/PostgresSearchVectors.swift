import CaseDesk
import Foundation

/// Cases' search vectors made on the client, for a large load: what the server's
/// `to_tsvector('simple', unaccent(words))` (`PostgresSearch.vectorSQL`) makes of each case's words
/// (`PostgresSearch.words`), sent in `tsvector`'s binary form. Parsing the words again was a third
/// of the server's time in a demo load (37 s of server time at a million cases; the binary vectors
/// take about 1 s).
///
/// The client makes a word's lexeme itself only where the server's parser is known to give the
/// word lowercased as one token: ASCII letters and digits that start with a letter or hold no `e`
/// (a digit-first word with an `e`, such as `4e92a`, is split as a number in scientific notation).
/// Every other word (accented, non-Latin, long) is lexized by the server, once per word, through
/// the same expression, and kept in `lexicon` from batch to batch. Before a load uses client
/// vectors, `agreesWithServer` compares them with the server's for a probe (a server whose
/// `simple` configuration or lowercasing differs loads as before); `verify` compares every stored
/// vector with the server's own after the load.
struct PostgresSearchVectors {
    /// What the server made of a word standing alone: its lexemes with their positions (from 1),
    /// and how many positions the word took (its tokens).
    struct Word: Sendable {
        var lexemes: [(lexeme: [UInt8], positions: [Int])]
        var width: Int
    }

    /// Words the client does not lexize itself (by their UTF-8 bytes), as the server lexized them.
    private(set) var lexicon: [[UInt8]: Word] = [:]
    /// Lexizes words on the server: a word's text to what `to_tsvector` made of it alone.
    private let lexize: ([[UInt8]]) throws(StoreError) -> [[UInt8]: Word]

    init(lexize: @escaping ([[UInt8]]) throws(StoreError) -> [[UInt8]: Word]) {
        self.lexize = lexize
    }

    /// Lexizing on `store`'s connection (the same expression as every write's).
    init(store: PostgresCaseStore) {
        self.init { words throws(StoreError) in try Self.lexize(words, on: store) }
    }

    /// The rows of `case_text` (id, words) in COPY's binary form, for each case's words.
    mutating func rows(_ list: SearchWordList) throws(StoreError) -> PostgresCopyBinary {
        var copy = PostgresCopyBinary()
        var vector = VectorBuilder()
        var waiting: [Int] = []
        var unknown: Set<[UInt8]> = []
        for index in list.cases.indices {
            if list.words(index, { vector.build($0, lexicon: lexicon, unknown: &unknown) }) {
                copy.row(list.cases[index].number, vector.bytes)
            } else {
                waiting.append(index)
            }
        }
        guard !waiting.isEmpty else { return copy }
        lexicon.merge(try lexize(Array(unknown))) { known, _ in known }
        for index in waiting {
            guard list.words(index, { vector.build($0, lexicon: lexicon, unknown: &unknown) }) else {
                let words = unknown.map { String(decoding: $0, as: UTF8.self) }.sorted().prefix(3).joined(separator: ", ")
                throw StoreError.invalid("case \(list.cases[index].number): the server did not lexize the words \(words) of its search text")
            }
            copy.row(list.cases[index].number, vector.bytes)
        }
        return copy
    }

    /// Whether the client's vectors are the server's for `probe` (upper case, accents, a number in
    /// scientific notation, a repeated word): if not, the load lets the server make them.
    static func agreesWithServer(_ store: PostgresCaseStore,
                                 probe: String = "Renewal CHARGED twice the THE the Müller Straße ǅemal 4e92A 6kb51b Æsir 1200 oldbridge Élise") throws(StoreError) -> Bool {
        var vectors = PostgresSearchVectors(store: store)
        var unknown: Set<[UInt8]> = []
        var builder = VectorBuilder()
        let words = PostgresSearch.words(probe)
        let utf8 = Array(words.utf8)
        if !utf8.withUnsafeBufferPointer({ builder.build($0, lexicon: vectors.lexicon, unknown: &unknown) }) {
            vectors.lexicon = try vectors.lexize(Array(unknown))
            guard utf8.withUnsafeBufferPointer({ builder.build($0, lexicon: vectors.lexicon, unknown: &unknown) }) else { return false }
        }
        let server = try store.withConnection { connection in
            try connection.execute("SELECT \(PostgresSearch.vectorSQL("$1"))::text", [.text(words)]).first?.text(0)
        }
        return server == builder.text
    }

    /// What the server makes of each word alone.
    static func lexize(_ words: [[UInt8]], on store: PostgresCaseStore) throws(StoreError) -> [[UInt8]: Word] {
        guard !words.isEmpty else { return [:] }
        // The words hold no space (they are split at every space), so one text carries them all.
        let rows = try store.withConnection { connection in
            try connection.execute("""
                SELECT w, l.lexeme, l.positions::text FROM unnest(string_to_array($1, ' ')) AS w
                LEFT JOIN LATERAL unnest(\(PostgresSearch.vectorSQL("w"))) AS l ON true
                """, [.text(words.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " "))]).rows
        }
        var lexized: [[UInt8]: Word] = [:]
        for row in rows {
            guard let word = row.text(0).map({ Array($0.utf8) }) else { continue }
            var entry = lexized[word] ?? Word(lexemes: [], width: 0)
            if let lexeme = row.text(1), let positions = row.text(2) {
                let numbers = positions.dropFirst().dropLast().split(separator: ",").compactMap { Int($0) }
                entry.lexemes.append((Array(lexeme.utf8), numbers))
                entry.width = max(entry.width, numbers.max() ?? 0)
            }
            lexized[word] = entry
        }
        return lexized
    }
}

/// One case's vector, built in buffers reused from case to case.
private struct VectorBuilder {
    /// The `tsvector` in its binary form (`tsvectorrecv`).
    private(set) var bytes: [UInt8] = []
    /// The lexemes' bytes, one after another.
    private var letters: [UInt8] = []
    /// Each token: its lexeme's first 8 bytes (a number that sorts as they do, for most comparisons),
    /// where the lexeme lies in `letters`, and its position.
    private var tokens: [Token] = []

    private struct Token {
        var key: UInt64
        var start: Int32
        var count: Int32
        var position: Int32
    }

    /// The server's limits: a lexeme's positions and the highest position kept (`MAXNUMPOS`,
    /// `MAXENTRYPOS`).
    static let positionsPerLexeme = 255
    static let lastPosition: Int32 = 16_383

    /// Builds the vector of `words`; false (and `unknown` holding the words) when some of them are
    /// neither the client's to lexize nor in `lexicon`.
    mutating func build(_ text: UnsafeBufferPointer<UInt8>, lexicon: [[UInt8]: PostgresSearchVectors.Word], unknown: inout Set<[UInt8]>) -> Bool {
        letters.removeAll(keepingCapacity: true)
        tokens.removeAll(keepingCapacity: true)
        let complete = {
            var position: Int32 = 0
            var complete = true
            var start = 0
            while start < text.count {
                var end = start
                while end < text.count, text[end] != 32 { end += 1 }
                let word = UnsafeBufferPointer(rebasing: text[start..<end])
                start = end + 1
                guard !word.isEmpty else { continue }
                if Self.isClients(word) {
                    position += 1
                    let first = letters.count
                    for byte in word { letters.append(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
                    addToken(from: first, position: position)
                } else if let lexized = lexicon[Array(word)] {
                    for (lexeme, positions) in lexized.lexemes {
                        let first = letters.count
                        letters.append(contentsOf: lexeme)
                        for offset in positions { addToken(from: first, position: position + Int32(offset)) }
                    }
                    position += Int32(lexized.width)
                } else {
                    unknown.insert(Array(word))
                    complete = false
                }
            }
            return complete
        }()
        guard complete else { return false }
        encode()
        return true
    }

    /// A token for the lexeme from `first` to the end of `letters`.
    private mutating func addToken(from first: Int, position: Int32) {
        var key: UInt64 = 0
        for index in 0..<8 { key = key << 8 | UInt64(first + index < letters.count ? letters[first + index] : 0) }
        tokens.append(Token(key: key, start: Int32(first), count: Int32(letters.count - first), position: position))
    }

    /// A word the server's parser gives lowercased, as one token: ASCII letters and digits,
    /// starting with a letter or holding no `e`, shorter than 64 bytes (a longer one goes to the
    /// server, which drops tokens over 2,047 bytes).
    static func isClients(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = word.first, word.count < 64 else { return false }
        let startsWithLetter = first > 57
        for byte in word {
            switch byte {
            case 48...57: continue
            case 69, 101: if !startsWithLetter { return false }
            case 65...90, 97...122: continue
            default: return false
            }
        }
        return true
    }

    /// The tokens as the server's vector: lexemes in byte order, each once, with its positions in
    /// order, each once, at most `positionsPerLexeme`, none above `lastPosition`.
    private mutating func encode() {
        letters.withUnsafeBufferPointer { letters in
            let base = letters.baseAddress
            /// Byte order, the shorter first where one begins the other (the server's
            /// `tsCompareString`): by the first 8 bytes (no lexeme holds a 0 byte), then the rest.
            func compare(_ left: Token, _ right: Token) -> Int32 {
                if left.key != right.key { return left.key < right.key ? -1 : 1 }
                let shorter = min(left.count, right.count)
                if shorter > 8 {
                    let order = memcmp(base! + Int(left.start) + 8, base! + Int(right.start) + 8, Int(shorter) - 8)
                    if order != 0 { return order }
                }
                return left.count - right.count
            }
            if base != nil {
                tokens.sort { left, right in
                    let order = compare(left, right)
                    return order != 0 ? order < 0 : left.position < right.position
                }
            }
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: [0, 0, 0, 0])  // the number of lexemes, set below
            var lexemes: UInt32 = 0
            var index = 0
            while index < tokens.count {
                let word = tokens[index]
                lexemes += 1
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: letters[Int(word.start)..<Int(word.start + word.count)]))
                bytes.append(0)
                let countAt = bytes.count
                bytes.append(contentsOf: [0, 0])
                var kept = 0
                var last: Int32 = -1
                while index < tokens.count, compare(tokens[index], word) == 0 {
                    let position = min(tokens[index].position, Self.lastPosition)
                    if kept == 0 || (kept < Self.positionsPerLexeme && last != Self.lastPosition && last != position) {
                        bytes.append(UInt8(position >> 8))
                        bytes.append(UInt8(position & 0xFF))
                        kept += 1
                        last = position
                    }
                    index += 1
                }
                bytes[countAt] = UInt8(kept >> 8)
                bytes[countAt + 1] = UInt8(kept & 0xFF)
            }
            withUnsafeBytes(of: lexemes.bigEndian) { bytes.replaceSubrange(0..<4, with: $0) }
        }
    }

    /// The vector in `tsvector`'s text output form ('lexeme':1,2 …), to compare with the server's.
    var text: String {
        var offset = 0
        var lexemes: [String] = []
        func integer(_ size: Int) -> Int {
            defer { offset += size }
            return bytes[offset..<offset + size].reduce(0) { $0 << 8 | Int($1) }
        }
        for _ in 0..<integer(4) {
            let end = bytes[offset...].firstIndex(of: 0) ?? bytes.count
            let word = String(decoding: bytes[offset..<end], as: UTF8.self)
            offset = end + 1
            let positions = (0..<integer(2)).map { _ in String(integer(2)) }
            let quoted = "'" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
            lexemes.append(positions.isEmpty ? quoted : quoted + ":" + positions.joined(separator: ","))
        }
        return lexemes.joined(separator: " ")
    }
}

/// Cases' search words (`PostgresSearch.words`, in UTF-8) one after another, each with its case's
/// number: a batch's words in one buffer.
struct SearchWordList: Sendable {
    private(set) var bytes: [UInt8] = []
    /// Each case's number and where its words end in `bytes`.
    private(set) var cases: [(number: CaseNumber, end: Int)] = []

    /// The words of a case's search text values.
    mutating func append(_ number: CaseNumber, values: [String]) {
        PostgresSearch.appendWords(of: values, to: &bytes)
        cases.append((number, bytes.count))
    }

    /// The words of the case at `index`, lent to `body`.
    func words<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let start = index == 0 ? 0 : cases[index - 1].end
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<cases[index].end])) }
    }
}

/// Rows in the binary format of `COPY … FROM STDIN (FORMAT binary)`, here (id BIGINT, words TSVECTOR).
struct PostgresCopyBinary: Sendable {
    private(set) var bytes: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    private(set) var rows = 0

    /// A row of an 8-byte integer and a value in its binary form.
    mutating func row(_ number: Int64, _ value: [UInt8]) {
        rows += 1
        append(UInt16(2))
        append(UInt32(8))
        append(UInt64(bitPattern: number))
        append(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    /// The rows and the format's trailer.
    var complete: [UInt8] { bytes + [0xFF, 0xFF] }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
