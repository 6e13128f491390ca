import CaseDesk
import Foundation
import GRDB

/// The case writes on SQLite: each one immediate transaction running the write pipeline.
extension SQLiteCaseStore {
    public func open(_ intake: Intake, by actor: Actor, at now: Date) throws(StoreError) -> CaseState {
        let now = Millis.truncate(now)
        return try write { db in
            let pipeline = try pipeline(db)
            return try pipeline.open(intake, roles: try pipeline.staffRoles(actor), by: actor, at: now)
        }
    }

    public func record(_ change: Change, on number: CaseNumber, expectedVersion: Int?, by actor: Actor, at now: Date) throws(StoreError) -> CaseState {
        let now = Millis.truncate(now)
        return try write { db in
            try pipeline(db).record(change, on: number, expectedVersion: expectedVersion, by: actor, at: now)
        }
    }

    public func sweep(by actor: Actor, at now: Date) throws(StoreError) -> [CaseNumber] {
        let now = Millis.truncate(now)
        // Any member of the staff may record the passing of time; nobody else writes to the trail.
        if try self.roles(of: actor.account).isEmpty { throw .notStaff(actor.account) }
        let candidates = try read { db in
            try CaseNumber.fetchAll(db, sql: "SELECT id FROM cases WHERE window_end_ms IS NOT NULL AND window_end_ms < ? ORDER BY id",
                                    arguments: [Millis.from(now)])
        }
        var lapsed: [CaseNumber] = []
        for number in candidates {
            // Each lapse in its own transaction: judged again inside it, so two sweepers write it once.
            if try write({ db in try pipeline(db).lapse(number, by: actor, at: now) }) { lapsed.append(number) }
        }
        return lapsed
    }

    func loadEvents(_ db: Database, _ number: CaseNumber) throws -> [Event] {
        try SQLiteTransaction(db: db).storedTrail(of: number).map { try $0.event() }
    }

    static var projectionColumns: [String] { CaseProjection.columns }

    /// A new row. (INSERT OR REPLACE would delete and re-insert every index entry; twice the work.)
    static let insertProjectionSQL = "INSERT INTO cases (\(projectionColumns.joined(separator: ", "))) VALUES ("
        + Array(repeating: "?", count: projectionColumns.count).joined(separator: ", ") + ")"

    static let saveProjectionSQL = insertProjectionSQL + " ON CONFLICT (id) DO UPDATE SET "
        + projectionColumns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
}
