import Foundation
import GRDB
import GRDBSQLite
import CBulkRows

/// A prepared INSERT bound through SQLite's C API from packed rows: for loading hundreds of
/// thousands of rows, where building `StatementArguments` (and copying each string) for each row
/// costs more than SQLite's own work. The statement is its own, not the connection's cached one,
/// so its bindings into a batch's buffers end with it.
struct FastInsert {
    private let statement: Statement
    private let parameters: Int
    private var handle: OpaquePointer { statement.sqliteStatement }

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        parameters = Int(sqlite3_bind_parameter_count(statement.sqliteStatement))
    }

    /// Binds the statement's parameters from `rows`, starting at column `start`, and runs it once;
    /// returns the column after the last one used. Text is bound in place (`bytes` must be the
    /// rows' buffer, kept alive until the next call): no copy per value.
    func run(_ rows: PackedRows, from start: Int, bytes: UnsafeBufferPointer<UInt8>, then trailing: Int64? = nil) throws -> Int {
        sqlite3_reset(handle)
        let packed = trailing == nil ? parameters : parameters - 1
        for offset in 0..<packed {
            let index = Int32(offset + 1)
            let value = rows.values[start + offset]
            switch value.kind {
            case Int32(CD_INTEGER):
                sqlite3_bind_int64(handle, index, value.value)
            case Int32(CD_TEXT):
                if let base = bytes.baseAddress {
                    sqlite3_bind_text(handle, index, UnsafeRawPointer(base + Int(value.value)).assumingMemoryBound(to: CChar.self), value.count,
                                      FastInsert.staticText)
                } else {
                    sqlite3_bind_text(handle, index, "", 0, FastInsert.staticText)
                }
            default:
                sqlite3_bind_null(handle, index)
            }
        }
        if let trailing { sqlite3_bind_int64(handle, Int32(parameters), trailing) }
        try step()
        return start + packed
    }

    private func step() throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
        }
    }

    private static let staticText = unsafeBitCast(0, to: sqlite3_destructor_type.self)
}

/// Rows' values packed for binding: integers inline, text as a span of one shared UTF-8 buffer.
/// Built on a generating thread, so the writing thread only points SQLite at the bytes. The values
/// are `cd_packed_value`s, which `casedesk_rows(?)` (CBulkRows) reads as they lie.
struct PackedRows: Sendable, ColumnWriter {
    private(set) var bytes: [UInt8] = []
    private(set) var values: [cd_packed_value] = []

    init(columns: Int, bytes: Int) {
        self.values.reserveCapacity(columns)
        self.bytes.reserveCapacity(bytes)
    }

    mutating func integer(_ value: Int64?) {
        guard let value else { return values.append(cd_packed_value(kind: Int32(CD_NULL), count: 0, value: 0)) }
        values.append(cd_packed_value(kind: Int32(CD_INTEGER), count: 0, value: value))
    }

    mutating func text(_ value: String?) {
        guard let value else { return values.append(cd_packed_value(kind: Int32(CD_NULL), count: 0, value: 0)) }
        text { $0.append(contentsOf: value.utf8) }
    }

    /// Text written straight into the buffer by `write`.
    mutating func text(_ write: (inout [UInt8]) -> Void) {
        let start = bytes.count
        write(&bytes)
        values.append(cd_packed_value(kind: Int32(CD_TEXT), count: Int32(bytes.count - start), value: Int64(start)))
    }

    /// The bytes of the last value, which must be text.
    func withLastText<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T? {
        guard let last = values.last, last.kind == Int32(CD_TEXT) else { return nil }
        return bytes.withUnsafeBytes { buffer in body(UnsafeRawBufferPointer(rebasing: buffer[Int(last.value)..<Int(last.value) + Int(last.count)])) }
    }
}

/// Many rows in one statement: `INSERT … SELECT … FROM casedesk_rows(?)` with packed rows bound to
/// its parameter. One statement for a slice's thousands of rows keeps SQLite's cursor on the
/// table's last page from row to row; a statement run per row descends from the root each time.
enum BulkInsert {
    /// Runs `sql` once over `count` rows of `rows` (`columns` values each), each row's `pos` being
    /// `firstPosition` + its index and its `blob` the next `blobSize` bytes of `blobs`.
    static func run(_ db: Database, sql: String, count: Int, rows: PackedRows = PackedRows(columns: 0, bytes: 0), columns: Int = 0,
                    firstPosition: Int64 = 0, blobs: [UInt8] = [], blobSize: Int = 0) throws {
        guard rows.values.count == count * columns, blobs.count == count * blobSize else {
            throw DatabaseError(message: "casedesk_rows: \(count) rows do not match \(rows.values.count) values of \(columns) per row and \(blobs.count) bytes of blobs")
        }
        guard count > 0 else { return }
        // The connection's cached statement: prepared once per table, its bindings cleared after each run.
        let statement = try db.cachedStatement(sql: sql)
        let handle = statement.sqliteStatement
        let code = rows.values.withUnsafeBufferPointer { values in
            rows.bytes.withUnsafeBufferPointer { bytes in
                blobs.withUnsafeBufferPointer { blobs in
                    var described = cd_bulk_rows(values: values.baseAddress, bytes: bytes.baseAddress, row_count: Int64(count),
                                                 column_count: Int32(columns), blob_size: Int32(blobSize), first_position: firstPosition,
                                                 blobs: blobs.baseAddress)
                    return withUnsafePointer(to: &described) { pointer in
                        sqlite3_reset(handle)
                        let bound = cd_bulk_rows_bind(handle, 1, pointer)
                        guard bound == SQLITE_OK else { return bound }
                        let stepped = sqlite3_step(handle)
                        // Nothing may keep pointing at the rows once this returns.
                        sqlite3_reset(handle)
                        sqlite3_clear_bindings(handle)
                        return stepped
                    }
                }
            }
        }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        // Rows the function did not see (a pointer SQLite did not take) would be missing silently.
        let inserted = Int(sqlite3_changes64(db.sqliteConnection))
        guard inserted == count else {
            throw DatabaseError(message: "casedesk_rows: \(inserted) of \(count) rows were inserted")
        }
    }

    /// Makes `casedesk_rows` known to the connection (again is harmless).
    static func register(_ db: Database) throws {
        let code = cd_bulk_rows_register(db.sqliteConnection)
        guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "casedesk_rows could not be registered") }
    }

    /// `c0, c1, …` for a row of `count` values.
    static func columnList(_ count: Int) -> String {
        (0..<count).map { "c\($0)" }.joined(separator: ", ")
    }
}

/// Steps a prepared statement through its rows by the C API, for the scans that read millions of
/// rows (verify, statistics), where building a GRDB row for each was most of their time. `body`
/// reads the current row from the handle.
enum RowStepper {
    static func each(_ statement: Statement, _ body: (OpaquePointer) throws -> Void) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
            }
            try body(handle)
        }
    }

    /// The text of a column of the current row; nil for NULL.
    static func text(_ handle: OpaquePointer, _ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(handle, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }
}
