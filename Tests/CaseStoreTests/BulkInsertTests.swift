@testable import CaseStore
import Foundation
import GRDB
import Testing

/// `casedesk_rows(?)`, the table-valued function a demo load inserts its packed rows through.
@Suite("Packed rows inserted through casedesk_rows")
struct BulkInsertTests {
    static func database() throws -> (DatabaseQueue, TemporaryDirectory) {
        let folder = try TemporaryDirectory("casedesk-bulk")
        let queue = try DatabaseQueue(path: folder.file("bulk.sqlite"))
        try queue.write { db in
            try BulkInsert.register(db)
            try db.execute(sql: "CREATE TABLE t (n INTEGER, words TEXT, missing, pos INTEGER PRIMARY KEY, link BLOB)")
        }
        return (queue, folder)
    }

    @Test("every value as packed: integers, text (accents and guillemets), NULL; positions and blobs per row, in order")
    func rowsAsPacked() throws {
        let (queue, folder) = try Self.database()
        defer { folder.remove() }
        var rows = PackedRows(columns: 6, bytes: 64)
        rows.integer(-3)
        rows.text("Élodie «Müller»")
        rows.integer(nil)
        rows.integer(Int64.max)
        rows.text("")
        rows.text(nil)
        let blobs: [UInt8] = [1, 2, 3, 4, 250, 251, 252, 253]
        try queue.write { db in
            try BulkInsert.run(db, sql: "INSERT INTO t (n, words, missing, pos, link) SELECT c0, c1, c2, pos, blob FROM casedesk_rows(?)",
                               count: 2, rows: rows, columns: 3, firstPosition: 7, blobs: blobs, blobSize: 4)
        }
        let stored = try queue.read { db in try Row.fetchAll(db, sql: "SELECT n, words, missing, pos, link FROM t ORDER BY pos") }
        #expect(stored.count == 2)
        #expect(stored[0]["n"] == -3 as Int64 && stored[0]["words"] == "Élodie «Müller»" && stored[0]["missing"] == nil as Int64?)
        #expect(stored[0]["pos"] == 7 as Int64 && stored[0]["link"] == Data([1, 2, 3, 4]))
        #expect(stored[1]["n"] == Int64.max && stored[1]["words"] == "" && stored[1]["words"] as String? != nil)
        #expect(stored[1]["missing"] == nil as String? && stored[1]["pos"] == 8 as Int64 && stored[1]["link"] == Data([250, 251, 252, 253]))
    }

    @Test("values that do not make the rows said are refused before anything is written; so is a row too wide")
    func mismatchRefused() throws {
        let (queue, folder) = try Self.database()
        defer { folder.remove() }
        var rows = PackedRows(columns: 3, bytes: 0)
        for value in 1...3 { rows.integer(Int64(value)) }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try BulkInsert.run(db, sql: "INSERT INTO t (n) SELECT c0 FROM casedesk_rows(?)", count: 2, rows: rows, columns: 2)
            }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try BulkInsert.run(db, sql: "INSERT INTO t (link) SELECT blob FROM casedesk_rows(?)", count: 2, blobs: [1, 2, 3], blobSize: 2)
            }
        }
        var wide = PackedRows(columns: 41, bytes: 0)
        for value in 1...41 { wide.integer(Int64(value)) }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try BulkInsert.run(db, sql: "INSERT INTO t (n) SELECT c0 FROM casedesk_rows(?)", count: 1, rows: wide, columns: 41)
            }
        }
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") } == 0)
    }
}
