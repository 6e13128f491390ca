import CaseDesk
import Foundation
import GRDB

/// The write pipeline's SQL on SQLite: one connection inside one immediate transaction.
struct SQLiteTransaction: StoreTransaction {
    let db: Database

    func roles(of account: String) throws -> Set<Role> {
        let text = try String.fetchOne(db.cachedStatement(sql: "SELECT roles FROM staff WHERE account = ?"), arguments: [account])
        return text.map(SQLiteCaseStore.decodeRoles) ?? []
    }

    func storedTrail(of number: CaseNumber) throws -> [StoredEvent] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(Self.storedEventColumns) FROM events WHERE case_id = ? ORDER BY seq
            """), arguments: [number]).map(SQLiteTransaction.storedEvent)
    }

    /// The columns `storedEvent` reads, in its order.
    static let storedEventColumns = "case_id, seq, pos, recorded_ms, actor, via, type, data, changes"

    /// A row that selected `storedEventColumns`, read by position: looking each column up by name
    /// was a twentieth of `verify`'s time.
    static func storedEvent(_ row: Row) -> StoredEvent {
        StoredEvent(caseNumber: row[0], sequence: row[1], position: row[2] ?? 0, recordedMs: row[3],
                    actor: row[4], via: row[5], type: row[6], data: row[7], changes: row[8])
    }

    func lastCaseNumber() throws -> CaseNumber {
        try CaseNumber.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM cases")) ?? 0
    }

    func caseExists(_ number: CaseNumber) throws -> Bool {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM cases WHERE id = ?"), arguments: [number]) != 0
    }

    func openCaseNumbers() throws -> [CaseNumber] {
        try CaseNumber.fetchAll(db.cachedStatement(sql: "SELECT id FROM cases WHERE is_open = 1 ORDER BY id"))
    }

    func openCaseVersions() throws -> [CaseNumber: Int] {
        var versions: [CaseNumber: Int] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, version FROM cases WHERE is_open = 1"))
        while let row = try rows.next() { versions[row[0]] = row[1] }
        return versions
    }

    func trailHead() throws -> TrailHead {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT pos, link FROM trail ORDER BY pos DESC LIMIT 1")) else {
            return .empty
        }
        return TrailHead(count: row["pos"], link: row["link"])
    }

    func nextDeskEventID() throws -> Int64 {
        (try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM desk_events")) ?? 0) + 1
    }

    func insert(_ event: StoredEvent) throws {
        try db.cachedStatement(sql: """
            INSERT INTO events (case_id, seq, pos, recorded_ms, actor, via, type, data, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [event.caseNumber, event.sequence, event.position, event.recordedMs, event.actor, event.via,
                                     event.type, event.data, event.changes])
    }

    func insert(_ event: StoredDeskEvent) throws {
        try db.cachedStatement(sql: """
            INSERT INTO desk_events (id, pos, recorded_ms, actor, via, type, data) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [event.id, event.position, event.recordedMs, event.actor, event.via, event.type, event.data])
    }

    func insertLink(position: Int64, link: Data) throws {
        try db.cachedStatement(sql: "INSERT INTO trail (pos, link) VALUES (?, ?)").execute(arguments: [position, link])
    }

    func saveProjection(_ row: CaseProjection) throws {
        var arguments = ArgumentWriter()
        row.write(into: &arguments)
        try db.cachedStatement(sql: SQLiteCaseStore.saveProjectionSQL).execute(arguments: StatementArguments(arguments.values))
    }

    func saveFigures(_ figures: CaseFigures) throws {
        try db.cachedStatement(sql: CaseFigures.upsertSQL)
            .execute(arguments: StatementArguments(figures.values.map { $0.databaseValue }))
    }

    func storedBucket(of number: CaseNumber) throws -> QueueBucket? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: QueueBucket.storedSQL(number: "?")), arguments: [number]) else { return nil }
        return QueueBucket(tier: row[0], sortKey: row[1], kind: row[2], stage: row[3], assignee: row[4], team: row[5], complaintType: row[6],
                           category: row[7], reporterClass: row[8])
    }

    static let addToCountsSQL = QueueBucket.addSQL(byHour: true) { _ in "?" }
    static let addToTotalsSQL = QueueBucket.addSQL(byHour: false) { _ in "?" }

    func addToCount(_ bucket: QueueBucket, _ delta: Int) throws {
        for byHour in [true, false] {
            let values = bucket.values(byHour: byHour).map(\.sqliteValue)
            try db.cachedStatement(sql: byHour ? Self.addToCountsSQL : Self.addToTotalsSQL).execute(arguments: StatementArguments(values + [delta]))
        }
    }

    func storedFigures(of number: CaseNumber) throws -> CaseFigures? {
        try Row.fetchOne(db.cachedStatement(sql: SQLiteCaseStore.storedFiguresSQL), arguments: [number]).map(CaseFigures.init(row:))
    }

    func addToStatistics(_ counts: StatisticsAggregate) throws {
        let add = try db.cachedStatement(sql: """
            INSERT INTO statistics_kept (day, dimension, key, n) VALUES (?, ?, ?, ?)
            ON CONFLICT (day, dimension, key) DO UPDATE SET n = n + excluded.n
            """)
        let dropEmpty = try db.cachedStatement(sql: "DELETE FROM statistics_kept WHERE day = ? AND dimension = ? AND key = ? AND n = 0")
        for (key, count) in counts.sorted {
            try add.execute(arguments: [key.day, key.dimension, key.key, count])
            if count < 0 { try dropEmpty.execute(arguments: [key.day, key.dimension, key.key]) }
        }
    }

    /// A contentless index forgets a row only when given the exact text it indexed.
    func replaceSearchText(number: CaseNumber, old: SearchText?, new: SearchText) throws {
        if let old {
            try db.cachedStatement(sql: """
                INSERT INTO case_text (case_text, rowid, subject, description, customer, domains, notes) VALUES ('delete', ?, ?, ?, ?, ?, ?)
                """).execute(arguments: StatementArguments([number] + old.values.map { $0 as DatabaseValueConvertible }))
        }
        try db.cachedStatement(sql: """
            INSERT INTO case_text (rowid, subject, description, customer, domains, notes) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: StatementArguments([number] + new.values.map { $0 as DatabaseValueConvertible }))
    }

    func archivedMessage(sha256: String, messageID: String?) throws -> DuplicateMessage? {
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT case_id, sha256 FROM messages WHERE sha256 = ?"), arguments: [sha256]) {
            return DuplicateMessage(caseNumber: row["case_id"], sha256: row["sha256"], match: .content)
        }
        if let messageID,
           let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT case_id, sha256 FROM messages WHERE message_id = ?"), arguments: [messageID]) {
            return DuplicateMessage(caseNumber: row["case_id"], sha256: row["sha256"], match: .messageID)
        }
        return nil
    }

    func caseHolding(messageID: String) throws -> CaseNumber? {
        try CaseNumber.fetchOne(db.cachedStatement(sql: "SELECT case_id FROM messages WHERE message_id = ?"), arguments: [messageID])
    }

    func insertMessage(raw: Data, correspondence: Change.Correspondence, direction: CaseState.MessageRecord.Direction, origin: String,
                       on state: CaseState) throws {
        try db.cachedStatement(sql: """
            INSERT INTO messages (sha256, case_id, seq, direction, message_id, at_ms, origin, size, raw)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                correspondence.sha256, state.number, state.version, direction.rawValue, correspondence.messageID,
                Millis.from(correspondence.at), origin, raw.count, raw,
            ])
    }

    /// A row's values as a statement's arguments.
    private struct ArgumentWriter: ColumnWriter {
        var values: [DatabaseValue] = []
        mutating func integer(_ value: Int64?) { values.append(value.databaseValue) }
        mutating func text(_ value: String?) { values.append(value.databaseValue) }
    }
}

extension SQLiteCaseStore {
    /// The write pipeline on this transaction, with the store's procedure.
    func pipeline(_ db: Database) throws -> WritePipeline<SQLiteTransaction> {
        WritePipeline(SQLiteTransaction(db: db), procedure: try procedure(db))
    }
}
