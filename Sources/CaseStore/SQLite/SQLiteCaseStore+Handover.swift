import CaseDesk
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteCaseStore {
    public func eventsRecorded(from: Date, to: Date, latest: Int) throws(StoreError) -> [Event] {
        let range = (from: Millis.from(from), to: Millis.from(to))
        guard latest > 0 else { return [] }
        // The first event shown: the `latest`-th counted back from the end of the range (none when
        // the range holds fewer). A busy shift (tens of thousands of events at ten million cases) is
        // then read in two halves at once, one per core: the first half of its events by (time,
        // case, number), and the rest.
        let (count, first, middle) = try read { db -> (Int, EventPlace?, EventPlace?) in
            let first = try Row.fetchOne(db, sql: """
                SELECT recorded_ms, case_id, seq FROM events WHERE recorded_ms >= ? AND recorded_ms < ?
                ORDER BY recorded_ms DESC, case_id DESC, seq DESC LIMIT 1 OFFSET ?
                """, arguments: [range.from, range.to, latest - 1]).map(EventPlace.init)
            let count = first == nil ? try Int.fetchOne(db, sql: """
                SELECT count(*) FROM events WHERE recorded_ms >= ? AND recorded_ms < ?
                """, arguments: [range.from, range.to]) ?? 0 : latest
            guard count >= 2_000 else { return (count, first, nil) }
            let (conditions, arguments) = Self.placeConditions(range, after: first, before: nil)
            let middle = try Row.fetchOne(db, sql: "SELECT recorded_ms, case_id, seq FROM events WHERE \(conditions) ORDER BY recorded_ms, case_id, seq LIMIT 1 OFFSET ?",
                                          arguments: StatementArguments(arguments + [count / 2])).map(EventPlace.init)
            return (count, first, middle)
        }
        guard let middle else { return try events(range, after: first, before: nil, limit: count) }
        let (lower, upper) = try Handoff.both({ () throws(StoreError) in try events(range, after: first, before: middle, limit: count / 2) },
                                              { [self] () throws(StoreError) in try events(range, after: middle, before: nil, limit: count - count / 2) })
        return lower + upper
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

    /// An event's place in the order a handover reads them.
    private struct EventPlace: Sendable {
        var recordedMs: Int64
        var caseNumber: CaseNumber
        var sequence: Int

        init(recordedMs: Int64, caseNumber: CaseNumber, sequence: Int) {
            self.recordedMs = recordedMs
            self.caseNumber = caseNumber
            self.sequence = sequence
        }

        /// From a row of (recorded_ms, case_id, seq).
        init(_ row: Row) {
            self.init(recordedMs: row[0], caseNumber: row[1], sequence: row[2])
        }
    }

    /// The conditions on events recorded in `range`, from `after` (inclusive) to before `before`.
    /// The places bound the time range too: SQLite does not range the index by a row value, and
    /// read every row of the range from its start, table page and all (225 ms for the latest 2,500
    /// events of a shift at ten million cases, 15 ms bounded).
    private static func placeConditions(_ range: (from: Int64, to: Int64), after: EventPlace?, before: EventPlace?)
        -> (String, [DatabaseValueConvertible]) {
        var sql = "recorded_ms >= ? AND recorded_ms < ?"
        var arguments: [DatabaseValueConvertible] = [max(range.from, after?.recordedMs ?? range.from), range.to]
        if let after {
            sql += " AND (recorded_ms, case_id, seq) >= (?, ?, ?)"
            arguments += [after.recordedMs, after.caseNumber, after.sequence]
        }
        if let before {
            sql += " AND recorded_ms <= ? AND (recorded_ms, case_id, seq) < (?, ?, ?)"
            arguments += [before.recordedMs, before.recordedMs, before.caseNumber, before.sequence]
        }
        return (sql, arguments)
    }

    /// The events recorded in `range`, from `after` (inclusive) to before `before`, in order.
    private func events(_ range: (from: Int64, to: Int64), after: EventPlace?, before: EventPlace?, limit: Int) throws(StoreError) -> [Event] {
        try read { db in
            var events: [Event] = []
            let (conditions, arguments) = Self.placeConditions(range, after: after, before: before)
            let statement = try db.cachedStatement(sql: "SELECT case_id, seq, recorded_ms, actor, via, data FROM events WHERE \(conditions) ORDER BY recorded_ms, case_id, seq LIMIT ?")
            try statement.setArguments(StatementArguments(arguments + [limit]))
            // Stepped by hand: a shift at ten million cases has tens of thousands of events.
            try RowStepper.each(statement) { handle in
                if let event = Self.storedEvent(handle) { events.append(event) }
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
