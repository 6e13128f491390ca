import CLibPQ
import Foundation

extension PostgresConnection {
    /// Sends rows in COPY's text format (`PostgresCopyText`) through `COPY … FROM STDIN`: one round
    /// trip for a whole table's rows, where an INSERT per row made a large load wait on the network.
    func copy(into table: String, columns: [String], _ rows: PostgresCopyText) throws(PostgresFailure) {
        guard !rows.bytes.isEmpty else { return }
        try copy(into: table, columns: columns, bytes: rows.bytes, format: "text")
    }

    /// Sends rows in COPY's binary format (`PostgresCopyBinary`).
    func copy(into table: String, columns: [String], _ rows: PostgresCopyBinary) throws(PostgresFailure) {
        guard rows.rows > 0 else { return }
        try copy(into: table, columns: columns, bytes: rows.complete, format: "binary")
    }

    private func copy(into table: String, columns: [String], bytes: [UInt8], format: String) throws(PostgresFailure) {
        guard let connection else { throw PostgresFailure(sqlState: "08003", message: "no connection") }
        let start = PQexec(connection, "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN (FORMAT \(format))")
        let started = PQresultStatus(start) == PGRES_COPY_IN
        if !started {
            let failure = Self.failure(start, connection)
            PQclear(start)
            throw failure
        }
        PQclear(start)
        var sent = true
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            // Pieces well below libpq's Int32 length.
            while offset < buffer.count, sent {
                let size = min(1 << 24, buffer.count - offset)
                sent = base.advanced(by: offset).withMemoryRebound(to: CChar.self, capacity: size) {
                    PQputCopyData(connection, $0, Int32(size)) == 1
                }
                offset += size
            }
        }
        _ = PQputCopyEnd(connection, sent ? nil : "casedesk could not send the rows")
        var failure: PostgresFailure?
        while let result = PQgetResult(connection) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, failure == nil { failure = Self.failure(result, connection) }
            PQclear(result)
        }
        if let failure { throw failure }
    }

    private static func failure(_ result: OpaquePointer?, _ connection: OpaquePointer) -> PostgresFailure {
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? "08006"
        let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            ?? String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
        return PostgresFailure(sqlState: state, message: message)
    }
}

/// Rows in the text format of `COPY … FROM STDIN`: values separated by tabs, rows by newlines, NULL
/// as `\N`, and backslash, tab, newline and carriage return escaped in text.
struct PostgresCopyText: ColumnWriter, Sendable {
    private(set) var bytes: [UInt8] = []
    private var atRowStart = true

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func integer(_ value: Int64?) {
        separate()
        guard let value else { return bytes.append(contentsOf: [92, 78]) }  // \N
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func text(_ value: String?) {
        separate()
        guard var value else { return bytes.append(contentsOf: [92, 78]) }
        value.withUTF8 { escape($0) }
    }

    /// A text value given as UTF-8 bytes.
    mutating func text(bytes value: [UInt8]) {
        value.withUnsafeBufferPointer { text(bytes: $0) }
    }

    mutating func text(bytes value: UnsafeBufferPointer<UInt8>) {
        separate()
        escape(value)
    }

    /// A `bytea` value in hex form (its backslash escaped for COPY).
    mutating func bytea(_ value: some ContiguousBytes) {
        separate()
        bytes.append(contentsOf: [92, 92, 120])  // \\x
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        value.withUnsafeBytes { value in
            for byte in value {
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 15)])
            }
        }
    }

    mutating func endRow() {
        bytes.append(10)
        atRowStart = true
    }

    /// Rows written elsewhere, appended whole.
    mutating func append(rows other: ArraySlice<UInt8>) {
        bytes.append(contentsOf: other)
        atRowStart = true
    }

    private mutating func separate() {
        if !atRowStart { bytes.append(9) }
        atRowStart = false
    }

    /// The bytes between those escaped are copied in runs.
    private mutating func escape(_ value: UnsafeBufferPointer<UInt8>) {
        var run = 0
        for index in value.indices {
            let escaped: UInt8
            switch value[index] {
            case 92: escaped = 92
            case 10: escaped = 110
            case 13: escaped = 114
            case 9: escaped = 116
            default: continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: value[run..<index]))
            bytes.append(92)
            bytes.append(escaped)
            run = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: value[run...]))
    }
}
