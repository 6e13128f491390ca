import GRDB

/// A search as typed, its last word a beginning, as the index answers it fastest.
///
/// FTS5 answers a beginning (`"transfer" *`) by gathering the cases of every word of the index that
/// begins so, all of them, into one list before it hands over the newest: at ten million cases a
/// common beginning ("transfer": about 2.4 million cases) took 260 ms, every key of a search waiting
/// for it. When few words of the index begin so, the query names them instead, ORed
/// (`("transfer" OR "transferer" OR "transfert")`): FTS5 then walks their lists together, newest
/// first, and stops at the limit. The words are found in the index's own list of words (read
/// through an `fts5vocab` table, one seek per word), so the cases found are exactly those the
/// beginning finds. A beginning that many words share (a digit, a single letter) is left to FTS5.
enum SearchPrefix {
    /// Beyond this many words, a seek per word costs more than FTS5's own gathering saves.
    static let mostWords = 16

    /// The FTS5 query for what was typed; nil when no case can match (no word, or no word of the
    /// index begins as the last one typed).
    static func match(_ db: Database, _ text: String) throws -> String? {
        guard let (words, lastIsPrefix) = SearchQuery.typed(text) else { return nil }
        guard lastIsPrefix, let last = words.last else { return SearchQuery.match(text) }
        // The beginning as the index keeps its words: lower-cased, without accents.
        let folded = try SearchIndexCheck.Tokenizer(db).tokens(last)
        guard folded.count == 1, let beginning = folded.first, let found = try indexWords(db, beginning: beginning) else {
            return SearchQuery.match(text)
        }
        guard !found.isEmpty else { return nil }
        // FTS5 joins phrases by space, but a group only by an explicit AND.
        let alternatives = "(" + found.map(quoted).joined(separator: " OR ") + ")"
        return (words.dropLast().map(quoted) + [alternatives]).joined(separator: " AND ")
    }

    /// The words of the index that begin with `beginning`, in order; nil when there are more than `mostWords`.
    static func indexWords(_ db: Database, beginning: String) throws -> [String]? {
        try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.case_text_words USING fts5vocab(main, case_text, instance)")
        // The vocabulary is in byte order and seeks to `term >=`; a word's byte 1 (no word holds it)
        // makes the next seek land on the word after it.
        let next = try db.cachedStatement(sql: "SELECT term FROM temp.case_text_words WHERE term >= ? AND term < ? LIMIT 1")
        let end = beginning + "\u{10FFFF}"
        var found: [String] = []
        var from = beginning
        while let word = try String.fetchOne(next, arguments: [from, end]) {
            found.append(word)
            if found.count > mostWords { return nil }
            from = word + "\u{1}"
        }
        return found
    }

    private static func quoted(_ word: String) -> String {
        "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
