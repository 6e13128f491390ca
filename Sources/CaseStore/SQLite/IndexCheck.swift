import Foundation
import GRDB
import GRDBSQLite

/// The file's integrity as `verify` checks it, in pieces two workers share and each read in file
/// order: `PRAGMA quick_check`, and every index against its table.
///
/// `PRAGMA integrity_check` is `quick_check` (every page of every b-tree, the free list, pages
/// used twice or never, record formats, NOT NULL and CHECK constraints) plus two things: that each
/// index holds exactly the entries its table's rows give, and that a UNIQUE index holds no key
/// twice. It checks the first by looking each row's entries up in every index: one seek per row
/// and index, at random places in the file. At ten million cases (a dozen indexes on `cases`,
/// most of the file beyond what SQLite maps into memory) those seeks, each copying a page through
/// `pread`, made the check the longest part of `verify`. Here the same two things are checked by
/// reading: each index is read through in its own order, the table once, and both sides are
/// brought to a count and a sum of a keyed digest of each entry (the index's columns and the row's
/// key, as the index stores them; the key drawn at random for each check, so no entry can be
/// made to match another's). An index that lacks an entry, holds one too many, or holds one with
/// other values than its row differs in its count or, as good as always, its sum.
enum IndexCheck {
    /// An index as `PRAGMA index_xinfo` gives it: the values each entry holds (its columns, then the
    /// row's key), read by the same expressions from the index and from the table.
    struct Index: Sendable {
        var name: String
        var table: String
        var values: [String]
        /// The expressions of the key columns (for a UNIQUE index, the ones that must not repeat).
        var keys: [String]
        /// The condition of a partial index (`… WHERE condition`); nil for a whole one.
        var condition: String?
        var isUnique: Bool
    }

    /// What a check found: a table's indexes, and the tables whose indexes cannot be read through
    /// here (one on an expression) and are checked by `PRAGMA integrity_check(table)` instead.
    struct Plan: Sendable {
        var indexes: [String: [Index]] = [:]
        var checkedWhole: [String] = []
    }

    /// Every index of every table of the main schema.
    static func plan(_ db: Database) throws -> Plan {
        var plan = Plan()
        let rows = try Row.fetchAll(db, sql: """
            SELECT i.name, i.tbl_name, i.sql FROM sqlite_master i JOIN sqlite_master t ON t.name = i.tbl_name AND t.type = 'table'
            WHERE i.type = 'index' ORDER BY i.tbl_name, i.name
            """)
        for row in rows {
            let name: String = row[0]
            let table: String = row[1]
            let sql: String? = row[2]
            let list = try Row.fetchAll(db, sql: "PRAGMA index_list(\(quoted(table)))")
            guard let listed = list.first(where: { ($0["name"] as String?) == name }) else { continue }
            let columns = try Row.fetchAll(db, sql: "PRAGMA index_xinfo(\(quoted(name)))")
            var values: [String] = []
            var keys: [String] = []
            var onExpression = false
            for column in columns {
                let number: Int = column["cid"]
                let expression: String
                if number == -1 {
                    expression = "_rowid_"
                } else if let columnName = column["name"] as String?, number >= 0 {
                    expression = quoted(columnName)
                } else {
                    onExpression = true
                    break
                }
                values.append(expression)
                if (column["key"] as Int?) == 1 { keys.append(expression) }
            }
            let isPartial = (listed["partial"] as Int?) == 1
            let condition = isPartial ? sql.flatMap(partialCondition) : nil
            if onExpression || (isPartial && condition == nil) {
                if !plan.checkedWhole.contains(table) { plan.checkedWhole.append(table) }
                continue
            }
            plan.indexes[table, default: []].append(Index(name: name, table: table, values: values, keys: keys, condition: condition,
                                                          isUnique: (listed["unique"] as Int?) == 1))
        }
        for table in plan.checkedWhole { plan.indexes[table] = nil }
        return plan
    }

    /// The condition after the column list of `CREATE INDEX … ON t (…) WHERE condition`.
    static func partialCondition(_ sql: String) -> String? {
        let characters = Array(sql.utf8)
        var depth = 0
        var quote: UInt8?
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == UInt8(ascii: "'") || character == UInt8(ascii: "\"") || character == UInt8(ascii: "`") {
                quote = character
            } else if character == UInt8(ascii: "(") {
                depth += 1
            } else if character == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { break }
            }
            index += 1
        }
        guard index < characters.count else { return nil }
        let rest = String(decoding: characters[(index + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard rest.prefix(5).uppercased() == "WHERE" else { return nil }
        let condition = rest.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)
        return condition.isEmpty ? nil : condition
    }

    /// A count and a sum of digests: what one side of an index holds.
    struct Tally: Equatable, Sendable {
        var count: Int64 = 0
        var sum: UInt64 = 0
    }

    /// The entries `indexes` (all of one table) should hold, from one pass over the table's rows.
    static func tableTallies(_ db: Database, table: String, indexes: [Index], key: UInt64) throws -> [Tally] {
        var columns: [String] = []
        func position(_ expression: String) -> Int32 {
            if let found = columns.firstIndex(of: expression) { return Int32(found) }
            columns.append(expression)
            return Int32(columns.count - 1)
        }
        let positions = indexes.map { $0.values.map(position) }
        let conditions = indexes.map { index in index.condition.map { position("(\($0)) IS TRUE") } }
        let statement = try db.makeStatement(sql: "SELECT \(columns.joined(separator: ", ")) FROM \(quoted(table)) NOT INDEXED")
        var tallies = [Tally](repeating: Tally(), count: indexes.count)
        try RowStepper.each(statement) { handle in
            for index in indexes.indices {
                if let condition = conditions[index], sqlite3_column_int64(handle, condition) == 0 { continue }
                tallies[index].count += 1
                tallies[index].sum &+= digest(handle, positions[index], key: key)
            }
        }
        return tallies
    }

    /// The entries the index holds, read through in its own order; and for a UNIQUE index the keys
    /// (without a NULL, which UNIQUE lets repeat) that it holds more than once.
    static func indexTally(_ db: Database, _ index: Index, key: UInt64) throws -> (tally: Tally, repeated: Int64) {
        let condition = index.condition.map { " WHERE \($0)" } ?? ""
        let statement = try db.makeStatement(sql: """
            SELECT \(index.values.joined(separator: ", ")) FROM \(quoted(index.table)) INDEXED BY \(quoted(index.name))\(condition) \
            ORDER BY \(index.keys.joined(separator: ", "))
            """)
        let positions = index.values.indices.map { Int32($0) }
        var tally = Tally()
        try RowStepper.each(statement) { handle in
            tally.count += 1
            tally.sum &+= digest(handle, positions, key: key)
        }
        guard index.isUnique else { return (tally, 0) }
        let present = index.keys.map { "\($0) IS NOT NULL" }.joined(separator: " AND ")
        let repeated = try Int64.fetchOne(db, sql: """
            SELECT count(*) FROM (SELECT 1 FROM \(quoted(index.table)) INDEXED BY \(quoted(index.name)) \
            WHERE \(present)\(index.condition.map { " AND (\($0))" } ?? "") GROUP BY \(index.keys.joined(separator: ", ")) HAVING count(*) > 1)
            """) ?? 0
        return (tally, repeated)
    }

    /// The problems of a table's indexes (none when each holds what the table gives), read in one
    /// transaction: the table once, then each index.
    static func problems(_ db: Database, table: String, indexes: [Index]) throws -> [String] {
        let key = UInt64.random(in: .min ... .max)
        let expected = try tableTallies(db, table: table, indexes: indexes, key: key)
        return try zip(indexes, expected).flatMap { index, expected in
            let (stored, repeated) = try indexTally(db, index, key: key)
            return problems(index, table: expected, stored: stored, repeated: repeated)
        }
    }

    /// The problems of one index (none when it holds what its table gives).
    static func problems(_ index: Index, table: Tally, stored: Tally, repeated: Int64) -> [String] {
        var problems: [String] = []
        if stored.count != table.count {
            problems.append("index \(index.name): \(stored.count) entries, but its table \(index.table) gives \(table.count): entries are missing or left over")
        } else if stored.sum != table.sum {
            problems.append("index \(index.name): its entries are not the ones its table \(index.table) gives: an entry holds other values than its row")
        }
        if repeated > 0 {
            problems.append("index \(index.name): \(repeated) \(repeated == 1 ? "key is" : "keys are") held more than once in a UNIQUE index")
        }
        return problems
    }

    /// The lines of the whole check: ["ok"], or the problems without the "ok" of the parts that found none.
    static func integrity(_ parts: [[String]]) -> [String] {
        let problems = parts.flatMap { $0.filter { $0 != "ok" } }
        return problems.isEmpty ? ["ok"] : problems
    }

    /// The digest of the entry in `positions` of the current row: its values (each with its type)
    /// mixed under `key`, so that entries differing in any value differ in the digest.
    private static func digest(_ handle: OpaquePointer, _ positions: [Int32], key: UInt64) -> UInt64 {
        var state = key
        @inline(__always) func mix(_ word: UInt64) {
            state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
            state ^= state >> 31
        }
        for column in positions {
            switch sqlite3_column_type(handle, column) {
            case SQLITE_INTEGER:
                mix(1)
                mix(UInt64(bitPattern: sqlite3_column_int64(handle, column)))
            case SQLITE_FLOAT:
                let value = sqlite3_column_double(handle, column)
                if value.rounded() == value, let whole = Int64(exactly: value) {
                    mix(1)  // a REAL column keeps a whole number as an integer; read either way it is one value
                    mix(UInt64(bitPattern: whole))
                } else {
                    mix(2)
                    mix(value.bitPattern)
                }
            case SQLITE_NULL:
                mix(5)
            default:
                let isText = sqlite3_column_type(handle, column) == SQLITE_TEXT
                let start: UnsafeRawPointer? = isText ? sqlite3_column_text(handle, column).map { UnsafeRawPointer($0) }
                                                      : sqlite3_column_blob(handle, column)
                let length = Int(sqlite3_column_bytes(handle, column))
                mix(isText ? 3 : 4)
                mix(UInt64(length))
                if let start {
                    var offset = 0
                    while offset + 8 <= length {
                        mix(start.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                        offset += 8
                    }
                    var last: UInt64 = 0
                    var shift: UInt64 = 0
                    while offset < length {
                        last |= UInt64(start.load(fromByteOffset: offset, as: UInt8.self)) << shift
                        shift += 8
                        offset += 1
                    }
                    mix(last)
                }
            }
        }
        // The finalizer of MurmurHash3, so that the sum of many digests stays spread.
        state ^= state >> 33
        state = state &* 0xff51_afd7_ed55_8ccd
        state ^= state >> 33
        state = state &* 0xc4ce_b9fe_1a85_ec53
        state ^= state >> 33
        return state
    }

    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
