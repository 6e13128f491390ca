import CaseDesk
@testable import CaseStore
import Foundation
import GRDB
import Testing

/// verify checks the file's indexes by reading each through against its table (`IndexCheck`); the
/// tamper tests edit the store's own indexes, these the parts they cannot reach.
@Suite("verify's index check: each index read through against its table")
struct IndexCheckTests {
    @Test("a partial index's condition is read from its CREATE INDEX, quotes and nested brackets apart")
    func partialCondition() {
        #expect(IndexCheck.partialCondition("CREATE INDEX a ON t (x) WHERE x IS NOT NULL") == "x IS NOT NULL")
        #expect(IndexCheck.partialCondition("CREATE INDEX a ON t (lower(x), y)\n  where (y > 0) ") == "(y > 0)")
        #expect(IndexCheck.partialCondition("CREATE INDEX \"a(\" ON t (x) WHERE x = ')'") == "x = ')'")
        #expect(IndexCheck.partialCondition("CREATE INDEX a ON t (x)") == nil)
        #expect(IndexCheck.partialCondition("CREATE INDEX a ON t (x) WHERE ") == nil)
    }

    @Test("a table with an index on an expression is checked whole by integrity_check(table), and a changed one is named")
    func expressionIndex() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("cases.sqlite")
        do {
            let store = try SQLiteCaseStore.create(path: path, creator: People.admin, roles: [.admin, .supervisor])
            _ = try store.open(complaint(received: at("2027-03-18T09:00:00+01:00")), by: People.admin, at: at("2027-03-18T09:00:00+01:00"))
        }
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                CREATE TABLE extra (a TEXT, b INTEGER); CREATE INDEX extra_lower ON extra (lower(a));
                CREATE INDEX extra_b ON extra (b) WHERE b > 1; INSERT INTO extra VALUES ('X', 1), ('Y', 2), ('Z', 3)
                """)
        }
        let plan = try DatabaseQueue(path: path).read { db in try IndexCheck.plan(db) }
        #expect(plan.checkedWhole == ["extra"] && plan.indexes["extra"] == nil)
        #expect(plan.indexes["cases"]?.contains { $0.name == "cases_window" && $0.condition == "window_end_ms IS NOT NULL" } == true)
        #expect(plan.indexes["events"]?.first { $0.name == "events_recorded" }?.values == ["\"recorded_ms\"", "\"case_id\"", "\"seq\""])
        #expect(try SQLiteCaseStore.open(path: path).verify().integrity == ["ok"])
        // The expression changed under the index's entries: integrity_check(extra) finds them wrong.
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE INDEX extra_lower ON extra (upper(a))' WHERE name = 'extra_lower'")
        }
        let report = try SQLiteCaseStore.open(path: path).verify()
        #expect(report.integrity.contains { $0.contains("extra_lower") }, "\(report.integrity)")
        #expect(!report.isClean)
    }

    @Test("an entry changed in place (same count, other values) is told apart by the digests' sum, and a clean index is not")
    func digestsTellEntriesApart() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER, r REAL, b BLOB);
                CREATE INDEX t_all ON t (name, n, r, b);
                INSERT INTO t (name, n, r, b) VALUES ('a', 1, 1.5, x'00'), ('b', 2, 2.0, NULL), (NULL, NULL, NULL, x''), ('a', 1, 1.5, x'01');
                """)
        }
        let plan = try queue.read { db in try IndexCheck.plan(db) }
        let indexes = try #require(plan.indexes["t"])
        #expect(try queue.read { db in try IndexCheck.problems(db, table: "t", indexes: indexes) } == [])
        // Two rows' names exchanged: the same number of entries, and the same names among them,
        // but other entries (name with n, r, b and the row): the sum differs.
        let table = try queue.read { db in try IndexCheck.tableTallies(db, table: "t", indexes: indexes, key: 7) }
        try queue.write { db in try db.execute(sql: "UPDATE t SET name = 'b' WHERE id = 1; UPDATE t SET name = 'a' WHERE id = 2") }
        let changed = try queue.read { db in try IndexCheck.tableTallies(db, table: "t", indexes: indexes, key: 7) }
        #expect(changed[0].count == table[0].count && changed[0].sum != table[0].sum)
    }
}
