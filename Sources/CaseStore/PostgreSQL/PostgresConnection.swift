import CLibPQ
import Foundation

/// One libpq connection: statements with parameters in text form, rows back as text. libpq is
/// synchronous like the store's protocol, so no event loop stands between a key and its write.
/// Not thread-safe: the store hands it to one caller at a time (`PostgresCaseStore.withConnection`).
final class PostgresConnection: @unchecked Sendable {
    private(set) var connection: OpaquePointer?
    let address: PostgresAddress
    /// The statements prepared in this session, by their text: a session's own, gone with it.
    private var prepared: [String: String] = [:]

    init(_ address: PostgresAddress) throws(StoreError) {
        self.address = address
        connection = PQconnectdb(address.uri)
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { Self.trimmed(String(cString: PQerrorMessage($0))) } ?? "out of memory"
            PQfinish(connection)
            self.connection = nil
            throw .unavailable("cannot connect to \(address): \(message)")
        }
        // Messages the desk worker never needs (NOTICEs of IF NOT EXISTS) stay out of the terminal.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        _ = try? execute("SET client_min_messages = warning")
    }

    deinit { PQfinish(connection) }

    /// The server process serving this connection (a notification names the one that sent it).
    var backendPID: Int32 { connection.map(PQbackendPID) ?? 0 }

    var isHealthy: Bool { connection.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// Reconnects after the server or the network dropped the connection.
    func reset() -> Bool {
        guard let connection else { return false }
        PQreset(connection)
        prepared = [:]
        return PQstatus(connection) == CONNECTION_OK
    }

    /// Runs one statement (or, without parameters, several separated by `;`) and returns its rows.
    @discardableResult
    func execute(_ sql: String, _ parameters: [PostgresValue?] = []) throws(PostgresFailure) -> PostgresRows {
        guard let connection else { throw PostgresFailure(sqlState: "08003", message: "no connection") }
        let result: OpaquePointer?
        if parameters.isEmpty {
            result = PQexec(connection, sql)
        } else {
            let texts = parameters.map { $0?.text }
            result = Self.withCStrings(texts) { pointers in
                PQexecParams(connection, sql, Int32(pointers.count), nil, pointers, nil, nil, 0)
            }
        }
        defer { PQclear(result) }
        try Self.check(result, connection)
        return PostgresRows(result)
    }

    /// Runs one statement prepared in this session the first time it runs: for the small reads of
    /// every key (the queue's totals), whose planning took longer than their execution.
    func executePrepared(_ sql: String, _ parameters: [PostgresValue?]) throws(PostgresFailure) -> PostgresRows {
        guard let connection else { throw PostgresFailure(sqlState: "08003", message: "no connection") }
        let name: String
        if let known = prepared[sql] {
            name = known
        } else {
            name = "casedesk_\(prepared.count + 1)"
            let made = PQprepare(connection, name, sql, Int32(parameters.count), nil)
            defer { PQclear(made) }
            try Self.check(made, connection)
            prepared[sql] = name
        }
        let result = Self.withCStrings(parameters.map { $0?.text }) { pointers in
            PQexecPrepared(connection, name, Int32(pointers.count), pointers, nil, nil, 0)
        }
        defer { PQclear(result) }
        try Self.check(result, connection)
        return PostgresRows(result)
    }

    private static func check(_ result: OpaquePointer?, _ connection: OpaquePointer) throws(PostgresFailure) {
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? "08006"
            let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
                ?? trimmed(String(cString: PQerrorMessage(connection)))
            throw PostgresFailure(sqlState: state, message: message)
        }
    }

    /// Notifications committed before this call and not yet taken: (channel, sending process).
    func notifications() throws(PostgresFailure) -> [(channel: String, pid: Int32)] {
        guard let connection else { throw PostgresFailure(sqlState: "08003", message: "no connection") }
        // A notification reaches an idle listener a moment after the sender's commit; a statement
        // run here makes the server hand over every one committed before it (and proves the
        // connection is alive), so a commit the caller has seen end is never missed.
        try execute("SELECT 1")
        var received: [(String, Int32)] = []
        while let notice = PQnotifies(connection) {
            received.append((String(cString: notice.pointee.relname), notice.pointee.be_pid))
            PQfreemem(notice)
        }
        return received
    }

    private static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func withCStrings<T>(_ texts: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        var pointers: [UnsafeMutablePointer<CChar>?] = texts.map { $0.map { strdup($0) } ?? nil }
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeMutableBufferPointer { buffer in
            body(buffer.map { $0.map { UnsafePointer($0) } })
        }
    }
}

/// A statement's failure as the server names it: SQLSTATE and message.
struct PostgresFailure: Error, CustomStringConvertible {
    var sqlState: String
    var message: String

    var description: String { message }
    /// Another transaction got there first; running the whole transaction again is safe.
    var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
    var isConnectionLost: Bool { sqlState.hasPrefix("08") || sqlState == "57P01" }
}

/// A parameter, sent as text (bytes in PostgreSQL's hex form).
enum PostgresValue: Sendable {
    case text(String)
    case integer(Int64)
    case bytes(Data)

    var text: String {
        switch self {
        case let .text(value): value
        case let .integer(value): String(value)
        case let .bytes(value): "\\x" + TrailLink.hex(value)
        }
    }
}

/// Builds parameter lists from Swift values without spelling out each case.
protocol PostgresBindable {
    var postgresValue: PostgresValue { get }
}

extension String: PostgresBindable { var postgresValue: PostgresValue { .text(self) } }
extension Int64: PostgresBindable { var postgresValue: PostgresValue { .integer(self) } }
extension Int: PostgresBindable { var postgresValue: PostgresValue { .integer(Int64(self)) } }
extension Data: PostgresBindable { var postgresValue: PostgresValue { .bytes(self) } }

extension Optional where Wrapped: PostgresBindable {
    var postgresValue: PostgresValue? { map(\.postgresValue) }
}

/// A result's rows, copied out of libpq's buffer as text (nil for NULL).
struct PostgresRows: Sendable {
    let columns: [String]
    let rows: [PostgresRow]

    init(_ result: OpaquePointer?) {
        let columnCount = Int(PQnfields(result))
        columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        let index = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        rows = (0..<Int(PQntuples(result))).map { row in
            PostgresRow(values: (0..<columnCount).map { column in
                PQgetisnull(result, Int32(row), Int32(column)) == 1 ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            }, index: index)
        }
    }

    var first: PostgresRow? { rows.first }
}

/// One row: columns by position or by name.
struct PostgresRow: Sendable {
    let values: [String?]
    let index: [String: Int]

    func text(_ column: Int) -> String? { values[column] }
    func text(_ name: String) -> String? { index[name].flatMap { values[$0] } }
    func integer(_ column: Int) -> Int64? { values[column].flatMap { Int64($0) } }
    func integer(_ name: String) -> Int64? { text(name).flatMap { Int64($0) } }
    /// A `bytea` column in hex output form (`\x…`).
    func bytes(_ column: Int) -> Data? {
        guard let text = values[column], text.hasPrefix("\\x") else { return nil }
        return TrailLink.bytes(hex: String(text.dropFirst(2)))
    }
    func bytes(_ name: String) -> Data? { index[name].flatMap(bytes) }
}
