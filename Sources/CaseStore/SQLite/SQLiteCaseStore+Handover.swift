import CaseDesk
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteCaseStore {
    public func eventsRecorded(from: Date, to: Date, latest: Int) throws(StoreError) -> [Event] {
        guard latest > 0 else { return [] }
        // Newest first, down the index as far as asked, then turned round. No row values: SQLite
        // does not range an index by one, and a condition such as `(recorded_ms, case_id, seq) >=
        // (…)` read the table row of every event at the same instant first (a sweep's lapses share
        // one: 34,000 rows for 5,000 events at ten million cases).
        return try read { db in
            var events: [Event] = []
            let statement = try db.cachedStatement(sql: """
                SELECT case_id, seq, recorded_ms, actor, via, data FROM events WHERE recorded_ms >= ? AND recorded_ms < ?
                ORDER BY recorded_ms DESC, case_id DESC, seq DESC LIMIT ?
                """)
            try statement.setArguments([Millis.from(from), Millis.from(to), latest])
            try RowStepper.each(statement) { handle in
                if let event = Self.storedEvent(handle) { events.append(event) }
            }
            return Array(events.reversed())
        }
    }

    public func eventCount(from: Date, to: Date) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM events WHERE recorded_ms >= ? AND recorded_ms < ?",
                             arguments: [Millis.from(from), Millis.from(to)]) ?? 0
        }
    }

    public func handoverCaseNotes(from: Date, to: Date) throws(StoreError) -> [Event] {
        // Through the index of notes alone (`events_notes`): the period's other events are not read.
        try read { db in
            var notes: [Event] = []
            let statement = try db.cachedStatement(sql: """
                SELECT case_id, seq, recorded_ms, actor, via, data FROM events
                WHERE type = 'note' AND recorded_ms >= ? AND recorded_ms < ? ORDER BY recorded_ms, case_id, seq
                """)
            try statement.setArguments([Millis.from(from), Millis.from(to)])
            try RowStepper.each(statement) { handle in
                if let event = Self.storedEvent(handle), case let .noted(note) = event.change, note.handover { notes.append(event) }
            }
            return notes
        }
    }

    /// The event of a row of (case_id, seq, recorded_ms, actor, via, data); nil when its data
    /// cannot be read: one unreadable event (verify names it) must not take a whole handover with it.
    private static func storedEvent(_ handle: OpaquePointer) -> Event? {
        let number = sqlite3_column_int64(handle, 0)
        let sequence = Int(sqlite3_column_int64(handle, 1))
        guard let change = try? EventCoding.decode(RowStepper.text(handle, 5) ?? "", case: number, sequence: sequence) else { return nil }
        return Event(caseNumber: number, sequence: sequence, recorded: Millis.date(sqlite3_column_int64(handle, 2)),
                     actor: RowStepper.text(handle, 3) ?? "", via: RowStepper.text(handle, 4), change: change)
    }

    public func markHandoverRead(shiftStart: Date, shiftEnd: Date, by actor: Actor, at now: Date) throws(StoreError) {
        try write { db in
            _ = try staffRoles(db, actor)
            // The head the reader saw: the record up to it is what they acknowledged.
            let head = try SQLiteTransaction(db: db).trailHead()
            try deskEvent(db, type: "handover_read",
                          data: ["shift_start": String(Millis.from(shiftStart)), "shift_end": String(Millis.from(shiftEnd)),
                                 "trail_head": head.description],
                          by: actor, at: Millis.truncate(now))
        }
    }

    public func handoverReads(shiftStart: Date) throws(StoreError) -> [(account: String, at: Date)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT actor, recorded_ms FROM desk_events
                WHERE type = 'handover_read' AND json_extract(data, '$.shift_start') = ? ORDER BY recorded_ms
                """, arguments: [String(Millis.from(shiftStart))]).map { ($0["actor"], Millis.date($0["recorded_ms"])) }
        }
    }

    public func addHandoverNote(_ text: String, by actor: Actor, at now: Date) throws(StoreError) {
        try write { db in try deskPipeline(db).handoverNote(text, by: actor, at: Millis.truncate(now)) }
    }

    public func handoverNotes(from: Date, to: Date) throws(StoreError) -> [HandoverReport.DeskNote] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT actor, recorded_ms, json_extract(data, '$.text') AS text FROM desk_events
                WHERE type = 'handover_note' AND recorded_ms >= ? AND recorded_ms < ? ORDER BY recorded_ms, id
                """, arguments: [Millis.from(from), Millis.from(to)]).map { row in
                    HandoverReport.DeskNote(at: Millis.date(row["recorded_ms"]), by: row["actor"], text: row["text"] ?? "")
                }
        }
    }
}
