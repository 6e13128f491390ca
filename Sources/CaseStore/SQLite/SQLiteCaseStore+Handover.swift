import CaseDesk
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteCaseStore {
    public func eventsRecorded(from: Date, to: Date, limit: Int) throws(StoreError) -> [Event] {
        let range = (from: Millis.from(from), to: Millis.from(to))
        // A busy shift (tens of thousands of events at ten million cases) is read in two halves at
        // once, one per core: the first half of its events by (time, case, number), and the rest.
        let (count, middle) = try read { db -> (Int, EventPlace?) in
            let count = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM (SELECT 1 FROM events WHERE recorded_ms >= ? AND recorded_ms < ? LIMIT ?)
                """, arguments: [range.from, range.to, limit]) ?? 0
            guard count >= 2_000 else { return (count, nil) }
            let row = try Row.fetchOne(db, sql: """
                SELECT recorded_ms, case_id, seq FROM events WHERE recorded_ms >= ? AND recorded_ms < ?
                ORDER BY recorded_ms, case_id, seq LIMIT 1 OFFSET ?
                """, arguments: [range.from, range.to, count / 2])
            return (count, row.map { EventPlace(recordedMs: $0[0], caseNumber: $0[1], sequence: $0[2]) })
        }
        guard let middle else { return try events(range, after: nil, before: nil, limit: limit) }
        let (lower, upper) = try Handoff.both({ () throws(StoreError) in try events(range, after: nil, before: middle, limit: count / 2) },
                                              { [self] () throws(StoreError) in try events(range, after: middle, before: nil, limit: limit - count / 2) })
        return lower + upper
    }

    /// An event's place in the order a handover reads them.
    private struct EventPlace: Sendable {
        var recordedMs: Int64
        var caseNumber: CaseNumber
        var sequence: Int
    }

    /// The events recorded in `range`, from `after` (inclusive) to before `before`, in order.
    private func events(_ range: (from: Int64, to: Int64), after: EventPlace?, before: EventPlace?, limit: Int) throws(StoreError) -> [Event] {
        try read { db in
            var events: [Event] = []
            var sql = "SELECT case_id, seq, recorded_ms, actor, via, data FROM events WHERE recorded_ms >= ? AND recorded_ms < ?"
            var arguments: [DatabaseValueConvertible] = [range.from, range.to]
            if let after {
                sql += " AND (recorded_ms, case_id, seq) >= (?, ?, ?)"
                arguments += [after.recordedMs, after.caseNumber, after.sequence]
            }
            if let before {
                sql += " AND (recorded_ms, case_id, seq) < (?, ?, ?)"
                arguments += [before.recordedMs, before.caseNumber, before.sequence]
            }
            let statement = try db.cachedStatement(sql: sql + " ORDER BY recorded_ms, case_id, seq LIMIT ?")
            try statement.setArguments(StatementArguments(arguments + [limit]))
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
