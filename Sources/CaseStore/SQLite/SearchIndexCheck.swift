import Foundation
import GRDB
import GRDBSQLite

/// Checks every entry of the full-text index against the text its case's trail gives.
///
/// The index is contentless (`content = ''`, `detail = none`): it keeps, for each word, the cases
/// that hold it, and no text to compare. So both sides are brought to one number per case, a
/// *fingerprint*: the sum of a 64-bit digest of each distinct word. The expected side tokenizes
/// the text rebuilt from the trail with SQLite's own tokenizer (the index's `unicode61
/// remove_diacritics 2`, reached through the `fts5_api`), so words split, fold and lose their
/// accents exactly as the index did; the stored side reads the index's (word, case) pairs through
/// an `fts5vocab` table. A case whose two fingerprints differ has a search entry that finds it for
/// words it does not hold, or misses words it does.
enum SearchIndexCheck {
    /// The fingerprint of one word: FNV-1a over its bytes, then mixed so sums of many stay spread.
    static func digest(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }

    /// The stored side: each case number's fingerprint as the index holds it. Cases up to `last`
    /// in a flat array (index = case number); any other row id aside.
    static func storedFingerprints(_ db: Database, last: Int64) throws -> (flat: [UInt64], others: [Int64: UInt64]) {
        try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.case_text_words USING fts5vocab(main, case_text, instance)")
        var flat = [UInt64](repeating: 0, count: Int(max(last, 0)) + 1)
        var others: [Int64: UInt64] = [:]
        let statement = try db.makeStatement(sql: "SELECT term, doc FROM temp.case_text_words")
        try RowStepper.each(statement) { handle in
            let length = Int(sqlite3_column_bytes(handle, 0))
            let word = sqlite3_column_blob(handle, 0).map { UnsafeRawBufferPointer(start: $0, count: length) } ?? UnsafeRawBufferPointer(start: nil, count: 0)
            let value = digest(word)
            let number = sqlite3_column_int64(handle, 1)
            if number >= 0, number <= last {
                flat[Int(number)] &+= value
            } else {
                others[number, default: 0] &+= value
            }
        }
        return (flat, others)
    }

    /// SQLite's tokenizer for the index's words, on one connection.
    final class Tokenizer {
        private var module = fts5_tokenizer()
        private var instance: OpaquePointer?
        /// The words of the text being tokenized (their digests), gathered by the callback.
        fileprivate var words = Set<UInt64>()
        /// The words themselves, gathered by the callback while `tokens` asks for them.
        fileprivate var texts: [String]?

        nonisolated(unsafe) private static let pointerType = strdup("fts5_api_ptr")!
        nonisolated(unsafe) private static let name = strdup("unicode61")!
        nonisolated(unsafe) private static let arguments: [UnsafePointer<CChar>?] = [UnsafePointer(strdup("remove_diacritics")!), UnsafePointer(strdup("2")!)]

        init(_ db: Database) throws {
            var api: UnsafeMutablePointer<fts5_api>?
            let statement = try db.makeStatement(sql: "SELECT fts5(?)")
            let handle = statement.sqliteStatement
            _ = withUnsafeMutablePointer(to: &api) { pointer in
                sqlite3_bind_pointer(handle, 1, pointer, Self.pointerType, nil)
            }
            _ = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard let api, let find = api.pointee.xFindTokenizer else {
                throw DatabaseError(message: "this SQLite has no FTS5: the search index cannot be checked")
            }
            var context: UnsafeMutableRawPointer?
            guard find(api, Self.name, &context, &module) == SQLITE_OK, let create = module.xCreate else {
                throw DatabaseError(message: "SQLite's unicode61 tokenizer is missing: the search index cannot be checked")
            }
            var arguments = Self.arguments
            let code = arguments.withUnsafeMutableBufferPointer { buffer in
                create(context, buffer.baseAddress, Int32(buffer.count), &instance)
            }
            guard code == SQLITE_OK, instance != nil else {
                throw DatabaseError(message: "SQLite's unicode61 tokenizer could not be set up: the search index cannot be checked")
            }
        }

        deinit {
            if let instance { module.xDelete?(instance) }
        }

        /// The fingerprint of the texts together: each distinct word once, as the index keeps it.
        func fingerprint(_ texts: [String]) -> UInt64 {
            words.removeAll(keepingCapacity: true)
            tokenize(texts)
            var sum: UInt64 = 0
            for word in words { sum &+= word }
            return sum
        }

        /// The words of `text` as the index keeps them (split, lower-cased, without accents), in order.
        func tokens(_ text: String) -> [String] {
            texts = []
            defer { texts = nil }
            tokenize([text])
            return texts ?? []
        }

        private func tokenize(_ texts: [String]) {
            guard let tokenize = module.xTokenize else { return }
            let box = Unmanaged.passUnretained(self).toOpaque()
            for var text in texts where !text.isEmpty {
                text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { characters in
                        _ = tokenize(instance, box, FTS5_TOKENIZE_DOCUMENT, characters.baseAddress, Int32(characters.count)) {
                            context, _, token, length, _, _ in
                            let tokenizer = Unmanaged<Tokenizer>.fromOpaque(context!).takeUnretainedValue()
                            let bytes = UnsafeRawBufferPointer(start: token, count: Int(length))
                            if tokenizer.texts != nil {
                                tokenizer.texts?.append(String(decoding: bytes, as: UTF8.self))
                            } else {
                                tokenizer.words.insert(SearchIndexCheck.digest(bytes))
                            }
                            return SQLITE_OK
                        }
                    }
                }
            }
        }
    }
}
