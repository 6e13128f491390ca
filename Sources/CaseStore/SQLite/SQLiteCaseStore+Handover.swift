import CaseDesk
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteCaseStore {
    public func eventsRecorded(from: Date, to: Date, limit: Int) throws(StoreError) -> [Event] {
        try readMapped { db in
            var events: [Event] = []
            let statement = try db.cachedStatement(sql: """
                SELECT case_id, seq, recorded_ms, actor, via, data FROM events
                WHERE recorded_ms >= ? AND recorded_ms < ? ORDER BY recorded_ms, case_id, seq LIMIT ?
                """)
            try statement.setArguments([Millis.from(from), Millis.from(to), limit])
            // Stepped by hand: a shift at ten million cases has tens of thousands of events.
            try RowStepper.each(statement) { handle in
                let number = sqlite3_column_int64(handle, 0)
                let sequence = Int(sqlite3_column_int64(handle, 1))
                // One unreadable event (verify names it) must not take the whole handover with it.
                guard let change = try? EventCoding.decode(RowStepper.text(handle, 5) ?? "", case: number, sequence: sequence) else { return }
                events.append(Event(caseNumber: number, sequence: sequence, recorded: Millis.date(sqlite3_column_int64(handle, 2)),
                                    actor: RowStepper.text(handle, 3) ?? "", via: RowStepper.text(handle, 4), change: change))
            }
            return events
        }
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
