import CaseDesk
import Foundation

/// Mail in and letters out on PostgreSQL: the archive row and the events that name it are one
/// transaction; which case a message joins is the write pipeline's rule (`WritePipeline+Mail`).
extension PostgresCaseStore {
    public func importMessage(_ message: IncomingMessage, by actor: Actor, at now: Date) throws(StoreError) -> ImportOutcome {
        let actor = try acting(actor)
        let now = Millis.truncate(now)
        return try write { transaction in try pipeline(transaction).fileIncoming(message, by: actor, at: now) }
    }

    public func recordLetter(_ message: OutgoingMessage, with change: Change?, on number: CaseNumber, expectedVersion: Int?,
                             by actor: Actor, at now: Date) throws(StoreError) -> CaseState {
        let actor = try acting(actor)
        let now = Millis.truncate(now)
        return try write { transaction in
            try pipeline(transaction).recordLetter(message, with: change, on: number, expectedVersion: expectedVersion, by: actor, at: now)
        }
    }

    public func recordLetters(_ letters: [CaseLetter], by actor: Actor, at now: Date) throws(StoreError) -> BatchOutcome {
        let actor = try acting(actor)
        let now = Millis.truncate(now)
        return try write { transaction in try pipeline(transaction).recordLetters(letters, by: actor, at: now) }
    }

    public func storedMessage(_ key: String) throws(StoreError) -> StoredMessage {
        let trimmed = key.trimmingCharacters(in: .whitespaces)
        let digest = trimmed.lowercased()
        let isDigestPrefix = digest.count >= 8 && digest.count <= 64 && digest.allSatisfy(\.isHexDigit)
        let messageID = trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
        let columns = "SELECT case_id, seq, direction, sha256, message_id, at_ms, origin, raw FROM messages"
        let rows = try read { connection in
            var rows: [PostgresRow] = []
            if isDigestPrefix {
                rows = try connection.execute("\(columns) WHERE sha256 >= $1 AND sha256 < $2 LIMIT 2",
                                              [.text(digest), .text(digest + "g")]).rows
            }
            if rows.isEmpty, !messageID.isEmpty {
                rows = try connection.execute("\(columns) WHERE message_id = $1 LIMIT 2", [.text(SQLiteCaseStore.comparable(messageID))]).rows
            }
            return rows
        }
        guard let row = rows.first else { throw .noSuchMessage(key) }
        if rows.count > 1 {
            throw .invalid("\(key) names more than one message in the archive; give more digits of the SHA-256")
        }
        return StoredMessage(caseNumber: row.integer(0) ?? 0, sequence: Int(row.integer(1) ?? 0),
                             direction: row.text(2).flatMap(CaseState.MessageRecord.Direction.init(rawValue:)) ?? .incoming,
                             sha256: row.text(3) ?? "", messageID: row.text(4), at: Millis.date(row.integer(5) ?? 0),
                             origin: row.text(6) ?? "", raw: row.bytes(7) ?? Data())
    }
}
