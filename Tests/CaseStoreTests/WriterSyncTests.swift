import CaseDesk
@testable import CaseStore
import Foundation
import GRDB
import Testing

/// The connection that writes must sync every commit (synchronous = FULL): the record is evidence,
/// and a commit reported to the desk must survive a power cut. GRDB sets its writer to NORMAL when it
/// turns the write-ahead log on; the store sets FULL again.
@Suite("SQLite: every commit is synced")
struct WriterSyncTests {
    /// `PRAGMA synchronous` of the connection the store writes with (2 is FULL).
    static func writerSync(_ store: SQLiteCaseStore) throws -> Int? {
        try store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
    }

    @Test("a new store, the same store opened again (its log gone since), and after a demo load")
    func fullSync() throws {
        let folder = try TemporaryDirectory("casedesk-sync")
        defer { folder.remove() }
        let path = folder.file("cases.sqlite")
        do {
            let created = try SQLiteCaseStore.create(path: path, creator: People.admin, roles: [.admin, .supervisor])
            #expect(try Self.writerSync(created) == 2)
        }
        // The last connection has closed: SQLite removed the log, and opening starts it again.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let opened = try SQLiteCaseStore.open(path: path)
        #expect(try Self.writerSync(opened) == 2)
        try opened.loadDemo(count: 50, seed: 3, by: People.admin, now: at("2026-11-25T12:00:00+01:00"))
        #expect(try Self.writerSync(opened) == 2)
    }
}
