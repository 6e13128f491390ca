import Foundation
import GRDB
import GRDBSQLite

/// A prepared INSERT bound through SQLite's C API: for loading hundreds of thousands of rows, where
/// building `StatementArguments` for each row costs more than SQLite's own work.
struct FastInsert {
    private let handle: OpaquePointer
    private let database: Database

    init(_ db: Database, sql: String) throws {
        handle = try db.cachedStatement(sql: sql).sqliteStatement
        database = db
    }

    enum Value {
        case text(String?)
        case integer(Int64?)
    }

    func run(_ values: Value...) throws {
        try run(values: values)
    }

    func run(values: [Value]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case var .text(text?):
                // Native strings are contiguous UTF-8: SQLite copies straight from them (SQLITE_TRANSIENT).
                _ = text.withUTF8 { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { chars in
                        if let base = chars.baseAddress {
                            sqlite3_bind_text(handle, index, base, Int32(chars.count), FastInsert.transient)
                        } else {
                            sqlite3_bind_text(handle, index, "", 0, FastInsert.transient)
                        }
                    }
                }
            case let .integer(number?):
                sqlite3_bind_int64(handle, index, number)
            case .text(nil), .integer(nil):
                sqlite3_bind_null(handle, index)
            }
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
