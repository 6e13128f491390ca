import CaseDesk
import Foundation

/// The write pipeline's SQL on PostgreSQL: one connection inside one transaction that holds the
/// store's write lock (an advisory lock), so writes queue as they do on SQLite and a case number or
/// trail position read here is still the last one at commit. Each statement is one small method,
/// so a new kept row (counts, aggregates) adds one beside them.
struct PostgresTransaction: StoreTransaction {
    let connection: PostgresConnection

    func roles(of account: String) throws -> Set<Role> {
        let text = try connection.execute("SELECT roles FROM staff WHERE account = $1", [.text(account)]).first?.text(0)
        return text.map(Role.parseListed) ?? []
    }

    func storedTrail(of number: CaseNumber) throws -> [StoredEvent] {
        try connection.execute("SELECT \(Self.storedEventColumns) FROM events WHERE case_id = $1 ORDER BY seq", [.integer(number)])
            .rows.map(Self.storedEvent)
    }

    /// Several cases' trails with one query: a batch of a change's owed moves reads 200 of them.
    func storedTrails(of numbers: [CaseNumber]) throws -> [CaseNumber: [StoredEvent]] {
        guard !numbers.isEmpty else { return [:] }
        let rows = try connection.execute("SELECT \(Self.storedEventColumns) FROM events WHERE case_id = ANY($1::bigint[]) ORDER BY case_id, seq",
                                          [.text("{" + numbers.map(String.init).joined(separator: ",") + "}")]).rows
        return Dictionary(grouping: rows.map(Self.storedEvent), by: \.caseNumber)
    }

    /// The columns `storedEvent` reads, in its order.
    static let storedEventColumns = "case_id, seq, pos, recorded_ms, actor, via, type, data, changes"

    static func storedEvent(_ row: PostgresRow) -> StoredEvent {
        StoredEvent(caseNumber: row.integer(0) ?? 0, sequence: Int(row.integer(1) ?? 0), position: row.integer(2) ?? 0,
                    recordedMs: row.integer(3) ?? 0, actor: row.text(4) ?? "", via: row.text(5), type: row.text(6) ?? "",
                    data: row.text(7) ?? "", changes: row.text(8) ?? "")
    }

    static let deskEventColumns = "id, pos, recorded_ms, actor, via, type, data"

    static func storedDeskEvent(_ row: PostgresRow) -> StoredDeskEvent {
        StoredDeskEvent(id: row.integer(0) ?? 0, position: row.integer(1) ?? 0, recordedMs: row.integer(2) ?? 0, actor: row.text(3) ?? "",
                        via: row.text(4), type: row.text(5) ?? "", data: row.text(6) ?? "")
    }

    func lastCaseNumber() throws -> CaseNumber {
        try connection.execute("SELECT coalesce(max(id), 0) FROM cases").first?.integer(0) ?? 0
    }

    func caseExists(_ number: CaseNumber) throws -> Bool {
        try !connection.execute("SELECT 1 FROM cases WHERE id = $1", [.integer(number)]).rows.isEmpty
    }

    func openCaseNumbers() throws -> [CaseNumber] {
        try connection.execute("SELECT id FROM cases WHERE is_open = 1 ORDER BY id").rows.compactMap { $0.integer(0) }
    }

    func openCaseVersions() throws -> [CaseNumber: Int] {
        var versions: [CaseNumber: Int] = [:]
        for row in try connection.execute("SELECT id, version FROM cases WHERE is_open = 1").rows {
            versions[row.integer(0) ?? 0] = Int(row.integer(1) ?? 0)
        }
        return versions
    }

    func trailHead() throws -> TrailHead {
        guard let row = try connection.execute("SELECT pos, link FROM trail ORDER BY pos DESC LIMIT 1").first,
              let position = row.integer(0), let link = row.bytes(1) else { return .empty }
        return TrailHead(count: position, link: link)
    }

    func nextDeskEventID() throws -> Int64 {
        (try connection.execute("SELECT coalesce(max(id), 0) FROM desk_events").first?.integer(0) ?? 0) + 1
    }

    func insert(_ event: StoredEvent) throws {
        try connection.execute("""
            INSERT INTO events (case_id, seq, pos, recorded_ms, actor, via, type, data, changes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, [.integer(event.caseNumber), .integer(Int64(event.sequence)), .integer(event.position), .integer(event.recordedMs),
                  .text(event.actor), event.via.postgresValue, .text(event.type), .text(event.data), .text(event.changes)])
    }

    func insert(_ event: StoredDeskEvent) throws {
        try connection.execute("""
            INSERT INTO desk_events (id, pos, recorded_ms, actor, via, type, data) VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, [.integer(event.id), .integer(event.position), .integer(event.recordedMs), .text(event.actor), event.via.postgresValue,
                  .text(event.type), .text(event.data)])
    }

    func insertLink(position: Int64, link: Data) throws {
        try connection.execute("INSERT INTO trail (pos, link) VALUES ($1, $2)", [.integer(position), .bytes(link)])
        try notifyChange()
    }

    /// Tells every listening screen that the store changed; delivered at commit, never on rollback.
    func notifyChange() throws {
        try connection.execute("SELECT pg_notify('\(PostgresChangeFeed.channel)', '')")
    }

    func saveProjection(_ row: CaseProjection) throws {
        var writer = ValueWriter()
        row.write(into: &writer)
        try connection.execute(Self.saveProjectionSQL, writer.values)
    }

    static let saveProjectionSQL = "INSERT INTO cases (\(CaseProjection.columns.joined(separator: ", "))) VALUES ("
        + CaseProjection.columns.indices.map { "$\($0 + 1)" }.joined(separator: ", ") + ") ON CONFLICT (id) DO UPDATE SET "
        + CaseProjection.columns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")

    func saveFigures(_ figures: CaseFigures) throws {
        try connection.execute(Self.saveFiguresSQL, figures.values.map { $0.map(PostgresValue.integer) })
    }

    static let saveFiguresSQL = "INSERT INTO case_figures (\(CaseFigures.columns.joined(separator: ", "))) VALUES ("
        + CaseFigures.columns.indices.map { "$\($0 + 1)" }.joined(separator: ", ") + ") ON CONFLICT (id) DO UPDATE SET "
        + CaseFigures.columns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")

    func storedBucket(of number: CaseNumber) throws -> QueueBucket? {
        guard let row = try connection.execute(QueueBucket.storedSQL(number: "$1"), [.integer(number)]).first else { return nil }
        return QueueBucket(tier: Int(row.integer(0) ?? 0), sortKey: row.integer(1) ?? 0, kind: row.text(2) ?? "", stage: row.text(3) ?? "",
                           assignee: row.text(4), team: row.integer(5), complaintType: row.integer(6), category: row.text(7),
                           reporterClass: row.text(8))
    }

    static let addToCountsSQL = QueueBucket.addSQL(byHour: true) { "$\($0)" }
    static let addToTotalsSQL = QueueBucket.addSQL(byHour: false) { "$\($0)" }

    func addToCount(_ bucket: QueueBucket, _ delta: Int) throws {
        for byHour in [true, false] {
            let values: [PostgresValue?] = bucket.values(byHour: byHour).map(\.postgresValue)
            try connection.execute(byHour ? Self.addToCountsSQL : Self.addToTotalsSQL, values + [.integer(Int64(delta))])
        }
    }

    func storedFigures(of number: CaseNumber) throws -> CaseFigures? {
        try connection.execute(Self.storedFiguresSQL, [.integer(number)]).first.map(Self.figures)
    }

    static let storedFiguresSQL = "SELECT \(CaseFigures.columns.joined(separator: ", ")) FROM case_figures WHERE id = $1"

    /// A `case_figures` row read by position, its columns in `CaseFigures.columns` order.
    static func figures(_ row: PostgresRow) -> CaseFigures {
        CaseFigures(values: CaseFigures.columns.indices.map { row.integer($0) })
    }

    /// The counts kept per receipt day and dimension (`statistics_kept`, migration 2), as on SQLite:
    /// one statement for all of them, a count that comes to nought removed.
    func addToStatistics(_ counts: StatisticsAggregate) throws {
        let sorted = counts.sorted
        guard !sorted.isEmpty else { return }
        func array(_ values: [Int64]) -> PostgresValue { .text("{" + values.map(String.init).joined(separator: ",") + "}") }
        try connection.execute("""
            INSERT INTO statistics_kept (day, dimension, key, n)
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[])
            ON CONFLICT (day, dimension, key) DO UPDATE SET n = statistics_kept.n + EXCLUDED.n
            """, [array(sorted.map(\.key.day)), array(sorted.map(\.key.dimension)), array(sorted.map(\.key.key)), array(sorted.map(\.count))])
        if sorted.contains(where: { $0.count < 0 }) {
            try connection.execute("DELETE FROM statistics_kept WHERE n = 0 AND (day, dimension, key) IN (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]))",
                                   [array(sorted.map(\.key.day)), array(sorted.map(\.key.dimension)), array(sorted.map(\.key.key))])
        }
    }

    /// The rows a case's state gives besides its events (projection, statistics row, and the kept
    /// counts and queue totals it moves, as the pipeline saves them): for the writes that rebuild
    /// cases outside the pipeline (a move, a change of the policy's lists). An abuse report's
    /// domains are listed once, when it is taken in (or moved in): a change of the rules by an
    /// admin, who takes no reports in, writes none.
    func saveDerived(_ state: CaseState, procedure: Procedure) throws {
        let clocks = CaseProjection.clocks(state, procedure: procedure)
        try WritePipeline(self, procedure: procedure).saveRows(CaseProjection(state, procedure: procedure, clocks: clocks),
                                                               CaseFigures(state, procedure: procedure, clocks: clocks))
    }

    /// The case's words replace what the index held (a tsvector is rebuilt whole, so `old` is not needed).
    func replaceSearchText(number: CaseNumber, old: SearchText?, new: SearchText) throws {
        try connection.execute("""
            INSERT INTO case_text (id, words) VALUES ($1, \(PostgresSearch.vectorSQL("$2")))
            ON CONFLICT (id) DO UPDATE SET words = EXCLUDED.words
            """, [.integer(number), .text(PostgresSearch.words(new.values.joined(separator: " ")))])
    }

    func archivedMessage(sha256: String, messageID: String?) throws -> DuplicateMessage? {
        if let row = try connection.execute("SELECT case_id, sha256 FROM messages WHERE sha256 = $1", [.text(sha256)]).first {
            return DuplicateMessage(caseNumber: row.integer(0) ?? 0, sha256: row.text(1) ?? "", match: .content)
        }
        if let messageID, let row = try connection.execute("SELECT case_id, sha256 FROM messages WHERE message_id = $1", [.text(messageID)]).first {
            return DuplicateMessage(caseNumber: row.integer(0) ?? 0, sha256: row.text(1) ?? "", match: .messageID)
        }
        return nil
    }

    func caseHolding(messageID: String) throws -> CaseNumber? {
        try connection.execute("SELECT case_id FROM messages WHERE message_id = $1", [.text(messageID)]).first?.integer(0)
    }

    func insertMessage(raw: Data, correspondence: Change.Correspondence, direction: CaseState.MessageRecord.Direction, origin: String,
                       on state: CaseState) throws {
        try connection.execute("""
            INSERT INTO messages (sha256, case_id, seq, direction, message_id, at_ms, origin, size, raw)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, [.text(correspondence.sha256), .integer(state.number), .integer(Int64(state.version)), .text(direction.rawValue),
                  correspondence.messageID.postgresValue, .integer(Millis.from(correspondence.at)), .text(origin),
                  .integer(Int64(raw.count)), .bytes(raw)])
    }

    /// A row's values as a statement's parameters.
    private struct ValueWriter: ColumnWriter {
        var values: [PostgresValue?] = []
        mutating func integer(_ value: Int64?) { values.append(value.map(PostgresValue.integer)) }
        mutating func text(_ value: String?) { values.append(value.map(PostgresValue.text)) }
    }
}

/// Full-text search on PostgreSQL with SQLite's behaviour: words are runs of letters and digits
/// (split here, as the SQLite tokenizer splits them, not by PostgreSQL's parser, which keeps
/// `example.com` whole), accents removed by `unaccent`, all words required, the last a prefix.
enum PostgresSearch {
    /// The text as words separated by single spaces: its runs of letters and digits, split at every
    /// other character.
    static func words(_ text: String) -> String {
        // Breaking a text into characters is most of the work, and most texts need none of it:
        // when each scalar is a character of its own, the scalars are split alike, much faster.
        guard text.unicodeScalars.allSatisfy(isOwnCharacter) else {
            return text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).joined(separator: " ")
        }
        var words = String.UnicodeScalarView()
        var inWord = false
        for scalar in text.unicodeScalars {
            guard isWordScalar(scalar) else {
                inWord = false
                continue
            }
            if !inWord, !words.isEmpty { words.append(" ") }
            words.append(scalar)
            inWord = true
        }
        return String(words)
    }

    /// The words of `values` joined by spaces (`words(values.joined(separator: " "))`), appended
    /// to `bytes` in UTF-8 without making a string of them (a large load's search words).
    static func appendWords(of values: [String], to bytes: inout [UInt8]) {
        guard values.allSatisfy({ $0.unicodeScalars.allSatisfy(isOwnCharacter) }) else {
            return bytes.append(contentsOf: words(values.joined(separator: " ")).utf8)
        }
        let start = bytes.count
        for value in values {
            var inWord = false  // the space that joins them
            for scalar in value.unicodeScalars {
                guard isWordScalar(scalar) else {
                    inWord = false
                    continue
                }
                if !inWord, bytes.count > start { bytes.append(32) }
                if scalar.isASCII {
                    bytes.append(UInt8(scalar.value))
                } else {
                    UTF8.encode(scalar) { bytes.append($0) }
                }
                inWord = true
            }
        }
    }

    /// A scalar that is a character of its own whatever stands beside it, in a text of such
    /// scalars alone: below the combining accents (ASCII, Latin letters with their accents
    /// precomposed, Latin-1 signs), and general punctuation (dashes, quotes) but its two joiners.
    /// The one exception, CR LF as one character, splits alike (both are separators).
    static func isOwnCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x300 || ((0x2000...0x206F).contains(scalar.value) && scalar.value != 0x200C && scalar.value != 0x200D)
    }

    /// Whether a character of this scalar alone is a letter or a digit (`Character.isLetter` or
    /// `.isNumber`: the property of its first scalar).
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    static func vectorSQL(_ parameter: String) -> String {
        "to_tsvector('simple', public.unaccent('public.unaccent', \(parameter)))"
    }

    /// A typed query as a tsquery's text: each word quoted, joined by `&`, the last a prefix unless
    /// a space follows it. Nil when it holds no word.
    static func query(_ text: String) -> String? {
        guard let (words, lastIsPrefix) = SearchQuery.typed(text) else { return nil }
        return words.enumerated().map { index, word in
            "'" + word + "'" + (index == words.count - 1 && lastIsPrefix ? ":*" : "")
        }.joined(separator: " & ")
    }

    static func querySQL(_ parameter: String) -> String {
        "to_tsquery('simple', public.unaccent('public.unaccent', \(parameter)))"
    }
}
