@testable import CaseStore
import CaseDesk
import Foundation
import Testing

/// A large load sends search vectors the client made (`PostgresSearchVectors`); each must be the
/// vector the server's `to_tsvector` makes of the same words, or searches and `verify` would
/// differ between loaded cases and cases written one by one.
@Suite("Search vectors made by the client for a load are the server's own",
       .enabled(if: PostgresTestCluster.isAvailable, Comment(rawValue: PostgresTestCluster.missing)))
struct PostgresSearchVectorsTests {
    /// Texts where the parser, the accents or the limits of a vector could part the two.
    static func texts() -> [String] {
        var random = SplitMix64(seed: 42)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789eEeE0123456789")
        var texts = (0..<400).map { _ in
            (0..<(1 + Int(random.next() % 20))).map { _ in
                String((0..<(1 + Int(random.next() % 14))).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            }.joined(separator: " ")
        }
        texts += [
            "",
            "Renewal CHARGED twice the THE the Müller Straße ǅemal 4e92A 6kb51b Æsir 1200 oldbridge Élise",
            "Réclamation « urgente » : le domaine café-lumière.fr a été suspendu — merci d'intervenir",
            "Beschwerde über die Übertragung von bäckerei-müller.de (Größe ½, Maß 3e5m) ﬁnal",
            "Жалоба на домен пример.рф Ελληνικά 日本語ドメイン ＡＢＣ１２３ ℌ𝔢𝔩𝔩𝔬 x²",
            "1e5 1E5 12e34xyz 0e0 e1 E2x 99999999999999999999999999 0x1F 00e 7ee 7e7e7",
            String(repeating: "a", count: 63) + " " + String(repeating: "b", count: 64) + " " + String(repeating: "ç", count: 40),
            String(repeating: "x", count: 2_046) + " after " + String(repeating: "y", count: 2_047) + " end " + String(repeating: "é", count: 1_100) + " last",
            Array(repeating: "same", count: 300).joined(separator: " ") + " Same",
            (1...17_000).map { $0 % 3 == 0 ? "w\($0)" : "word" }.joined(separator: " ") + " zz",
        ]
        return texts
    }

    /// A new store in a database of its own; the database's name.
    func newStore() throws -> (PostgresCaseStore, String) {
        let uri = try PostgresTestCluster.get().newDatabase()
        let store = try PostgresCaseStore.create(PostgresAddress(uri), creator: People.admin, roles: [.admin], at: at("2026-01-01T08:00:00+01:00"))
        return (store, try PostgresAddress(uri).database)
    }

    @Test("every text's vector, sent in binary form, equals the server's to_tsvector of its words")
    func sameAsServer() throws {
        let (store, database) = try newStore()
        defer { try? PostgresTestCluster.get().dropDatabase(database) }
        #expect(try PostgresSearchVectors.agreesWithServer(store))
        let words = Self.texts().enumerated().map { (number: CaseNumber($0.offset + 1), words: PostgresSearch.words($0.element)) }
        var vectors = PostgresSearchVectors(store: store)
        // In two rounds: the second finds in the lexicon what the first asked the server for.
        var rounds = [SearchWordList(), SearchWordList()]
        for (index, text) in Self.texts().enumerated() { rounds[index < 200 ? 0 : 1].append(CaseNumber(index + 1), values: [text]) }
        let rows = [try vectors.rows(rounds[0]), try vectors.rows(rounds[1])]
        #expect(!vectors.lexicon.isEmpty)
        let differing = try store.withConnection { connection in
            try connection.execute("CREATE TABLE client_vectors (id BIGINT, words TSVECTOR)")
            try connection.execute("CREATE TABLE client_words (id BIGINT, words TEXT)")
            for each in rows { try connection.copy(into: "client_vectors", columns: ["id", "words"], each) }
            var text = PostgresCopyText()
            for (number, words) in words {
                text.integer(number)
                text.text(words)
                text.endRow()
            }
            try connection.copy(into: "client_words", columns: ["id", "words"], text)
            return try connection.execute("""
                SELECT w.id, v.words::text, \(PostgresSearch.vectorSQL("w.words"))::text FROM client_words w
                LEFT JOIN client_vectors v ON v.id = w.id
                WHERE v.words IS DISTINCT FROM \(PostgresSearch.vectorSQL("w.words")) ORDER BY w.id
                """).rows.map { "text \($0.integer(0) ?? 0): client \(($0.text(1) ?? "none").prefix(200)) server \(($0.text(2) ?? "").prefix(200))" }
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }

    @Test("a database whose simple configuration stems and drops words makes its own vectors for a load; verify is clean")
    func serverThatDiffers() throws {
        let (store, database) = try newStore()
        defer { try? PostgresTestCluster.get().dropDatabase(database) }
        #expect(try PostgresSearchVectors.agreesWithServer(store))
        // This database's own catalog: English stems and stop words in place of simple's words.
        try store.withConnection { connection in
            try connection.execute("ALTER TEXT SEARCH CONFIGURATION simple ALTER MAPPING FOR asciiword, word WITH english_stem")
        }
        #expect(try !PostgresSearchVectors.agreesWithServer(store))
        let loaded = try store.loadDemo(count: 1_500, seed: 3, by: People.admin, now: at("2026-11-25T12:00:00+01:00"), alongsideCases: false,
                                        progress: nil, indexesBuiltAtEndFrom: 1_000)
        #expect(loaded == 1...1_500)
        let report = try store.verify(seal: nil)
        #expect(report.isClean, "\(report.differences.prefix(10))")
    }
}
