import Foundation
import GRDB
import GRDBSQLite

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
            switch rows.columns[start + offset] {
            case .null:
                sqlite3_bind_null(handle, index)
            case let .integer(number):
                sqlite3_bind_int64(handle, index, number)
            case let .text(from, length):
                if let base = bytes.baseAddress {
                    sqlite3_bind_text(handle, index, UnsafeRawPointer(base + Int(from)).assumingMemoryBound(to: CChar.self), length, FastInsert.staticText)
                } else {
                    sqlite3_bind_text(handle, index, "", 0, FastInsert.staticText)
                }
            }
        }
        if let trailing { sqlite3_bind_int64(handle, Int32(parameters), trailing) }
        try step()
        return start + packed
    }

    /// Runs a two-parameter statement with an integer and a blob (the trail's position and link).
    func run(_ integer: Int64, _ blob: some ContiguousBytes) throws {
        sqlite3_reset(handle)
        sqlite3_bind_int64(handle, 1, integer)
        blob.withUnsafeBytes { sqlite3_bind_blob(handle, 2, $0.baseAddress, Int32($0.count), FastInsert.transient) }
        try step()
    }

    /// Runs a two-parameter statement with a text and an integer (a domain and a case).
    func run(_ text: String, _ integer: Int64) throws {
        sqlite3_reset(handle)
        sqlite3_bind_text(handle, 1, text, -1, FastInsert.transient)
        sqlite3_bind_int64(handle, 2, integer)
        try step()
    }

    private func step() throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    private static let staticText = unsafeBitCast(0, to: sqlite3_destructor_type.self)
}

/// Rows' values packed for binding: integers inline, text as a span of one shared UTF-8 buffer.
/// Built on a generating thread, so the writing thread only points SQLite at the bytes.
struct PackedRows: Sendable, ColumnWriter {
    enum Column: Sendable {
        case null
        case integer(Int64)
        case text(offset: Int32, count: Int32)
    }

    private(set) var bytes: [UInt8] = []
    private(set) var columns: [Column] = []

    init(columns: Int, bytes: Int) {
        self.columns.reserveCapacity(columns)
        self.bytes.reserveCapacity(bytes)
    }

    mutating func integer(_ value: Int64?) {
        columns.append(value.map(Column.integer) ?? .null)
    }

    mutating func text(_ value: String?) {
        guard let value else { return columns.append(.null) }
        text { $0.append(contentsOf: value.utf8) }
    }

    /// Text written straight into the buffer by `write`.
    mutating func text(_ write: (inout [UInt8]) -> Void) {
        let start = bytes.count
        write(&bytes)
        columns.append(.text(offset: Int32(start), count: Int32(bytes.count - start)))
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
