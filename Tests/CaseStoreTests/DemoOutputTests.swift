import CaseDesk
@testable import CaseStore
import Crypto
import Foundation
import GRDB
import Testing

/// What a demo load writes for a seed is fixed: the same events, JSON, trail links, projection,
/// figures, search text and kept counts, byte for byte. The digests below were taken from the code
/// before the generator was made cheaper; a change to them is a change to what the demo generates
/// (and so to every bench's store), which needs a reason of its own, not a speed-up.
@Suite("Demo output")
struct DemoOutputTests {
    static let now = at("2026-11-25T12:00:00+01:00")

    @Test("a SQLite demo load of two batches writes the same rows as before, trail links included")
    func sqliteRows() throws {
        let folder = try TemporaryDirectory("casedesk-demo-output")
        defer { folder.remove() }
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin, roles: [.admin],
                                               at: at("2026-01-01T08:00:00+01:00"))
        try store.loadDemo(count: DemoGenerator.batchSize + 501, seed: 7, by: People.admin, now: Self.now)
        let digests = try store.read { db in
            try ["desk_events", "events", "trail", "cases", "case_figures", "case_text", "abuse_domains", "queue_totals", "statistics_kept"]
                .map { table in "\(table) \(try Self.digest(db, table: table))" }
        }
        #expect(digests == [
            "desk_events 9 784f0bcb5425f7549726a652b214fea3fe33800cf9a434381217a639f38a5db3",
            "events 42896 fd79ccb0ede039a832492f5a4848dd9b66a2f0981569a8fc452b650f8f2c84a2",
            "trail 42905 ae66674e5350fa34b0e7847e25e751ec7d32f68d295a7da6d684578261fea0a3",
            "cases 10501 934484b94b04eed3b111a24f69b15e420f9182e208d5aa87b4f16fc6f40e1c11",
            "case_figures 10501 c1eae0c0418d3a2eab775b6ed959880a50eebdf8f3e22b68503aa09c75501c03",
            "case_text 10501 213cf56e7f97902e2fa16c5244ec208242504990d8601f0f1683c18693f1733f",
            "abuse_domains 5579 3d55116b8dd8b3a5a38a7dad04cc116038ad04bb1bdb769245bfb85a97bdf47e",
            "queue_totals 191 9eaedae774d061243b4bb575a008b2be95ef1f36ce5f28c06e79ff053fb8028c",
            "statistics_kept 11296 b654a218885540d395931c7d24372be5cbd0694964bdcf6dbf4ce45ab21f2b3c",
        ])
    }

    @Test("the PostgreSQL rows of a demo batch (COPY text, entry digests, counts) are the same as before")
    func postgresRows() throws {
        var generator = DemoGenerator(seed: 7, procedure: Procedure(), now: Self.now)
        var hasher = SHA256()
        for half in 0..<2 {
            var rows = GeneratedRows(cases: 1_500)
            generator.batch(0, of: 3_000, from: 1, seed: 7, half: half) { events, state in
                rows.add(events, state, procedure: Procedure(), via: "admin")
            }
            for buffer in [rows.events, rows.projection, rows.figures, rows.domains, rows.words] {
                hasher.update(data: buffer.bytes)
            }
            for entry in rows.entries { entry.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
            hasher.update(data: Data(rows.eventEnds.map(String.init).joined(separator: ",").utf8))
            hasher.update(data: Data("\(rows.firstNumber ?? 0) \(rows.cases)".utf8))
            hasher.update(data: Data(rows.counts.counts.sorted { $0.key < $1.key }.map { "\($0.key.day).\($0.key.dimension).\($0.key.key)=\($0.value)" }
                .joined(separator: ",").utf8))
        }
        #expect(TrailLink.hex(Data(hasher.finalize())) == "3a4314ae5771aeaa4eab63b3cf225eb651874c5b5b29ae6664a7c83961c849c7")
    }

    /// SHA-256 over every row of a table (each value tagged with its type), the rows in order of their text.
    static func digest(_ db: Database, table: String) throws -> String {
        let rows: [String] = try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in
            row.databaseValues.map { value -> String in
                switch value.storage {
                case .null: "n"
                case let .int64(number): "i\(number)"
                case let .double(number): "d\(number)"
                case let .string(string): "s\(string.utf8.count):\(string)"
                case let .blob(data): "b\(TrailLink.hex(data))"
                }
            }.joined(separator: "|")
        }
        var hasher = SHA256()
        for row in rows.sorted() { hasher.update(data: Data((row + "\n").utf8)) }
        return "\(rows.count) " + TrailLink.hex(Data(hasher.finalize()))
    }
}
