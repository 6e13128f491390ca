import CaseDesk
import Foundation
import GRDB

extension SQLiteCaseStore {
    /// The record's rows as stored, in one read transaction (see `StoredRecord`).
    func storedRecord() throws(StoreError) -> StoredRecord {
        try read { db in
            var record = StoredRecord()
            record.staff = try Row.fetchAll(db, sql: "SELECT account, roles, added_ms, added_by FROM staff ORDER BY account").map {
                .init(account: $0["account"], roles: $0["roles"], addedMs: $0["added_ms"], addedBy: $0["added_by"])
            }
            record.settings = try Row.fetchAll(db, sql: "SELECT key, value, updated_ms, updated_by FROM settings ORDER BY key").map {
                .init(key: $0["key"], value: $0["value"], updatedMs: $0["updated_ms"], updatedBy: $0["updated_by"])
            }
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM meta") { record.meta[row["key"]] = row["value"] }
            record.deskEvents = try Row.fetchAll(db, sql: "SELECT id, pos, recorded_ms, actor, via, type, data FROM desk_events ORDER BY pos").map {
                StoredDeskEvent(id: $0["id"], position: $0["pos"] ?? 0, recordedMs: $0["recorded_ms"], actor: $0["actor"], via: $0["via"],
                                type: $0["type"], data: $0["data"])
            }
            record.events = try Row.fetchAll(db, sql: "SELECT \(SQLiteTransaction.storedEventColumns) FROM events ORDER BY case_id, seq")
                .map(SQLiteTransaction.storedEvent)
            record.links = try Row.fetchAll(db, sql: "SELECT pos, link FROM trail ORDER BY pos").map { ($0["pos"], $0["link"]) }
            record.incidents = try Row.fetchAll(db, sql: "SELECT id, opened_ms FROM incidents ORDER BY id").map { ($0["id"], $0["opened_ms"]) }
            record.messages = try Row.fetchAll(db, sql: """
                SELECT sha256, case_id, seq, direction, message_id, at_ms, origin, size, raw FROM messages ORDER BY id
                """).map {
                .init(sha256: $0["sha256"], caseNumber: $0["case_id"], sequence: $0["seq"], direction: $0["direction"], messageID: $0["message_id"],
                      atMs: $0["at_ms"], origin: $0["origin"], size: $0["size"], raw: $0["raw"])
            }
            return record
        }
    }
}
