import CaseDesk
import Foundation

/// Mail in and letters out on PostgreSQL: the archive row and the events that name it are one
/// transaction. Which case a message joins is the same rule as on SQLite (`MessageFiling`).
extension PostgresCaseStore {
    public func importMessage(_ message: IncomingMessage, by actor: Actor, at now: Date) throws(StoreError) -> ImportOutcome {
        let now = Millis.truncate(now)
        return try write { transaction in try fileIncoming(transaction, message, by: actor, at: now) }
    }

    private func fileIncoming(_ transaction: PostgresTransaction, _ message: IncomingMessage, by actor: Actor, at now: Date) throws -> ImportOutcome {
        let pipeline = try pipeline(transaction)
        let roles = try pipeline.staffRoles(actor)
        if let duplicate = try duplicate(transaction.connection, sha256: message.sha256, messageID: message.messageID) {
            return .duplicate(duplicate)
        }
        guard let (number, reason) = try caseOf(transaction.connection, message) else {
            var intake = message.intake
            // A guessed type stays only if this store's policy counts complaints by it.
            intake.complaintType = intake.complaintType.flatMap(pipeline.procedure.policy.complaintType)
            let opened = try pipeline.open(intake, roles: roles, by: actor, at: now)
            return .opened(try fileMessage(transaction, pipeline, message, on: opened, roles: roles, by: actor, at: now))
        }
        var state = try pipeline.currentState(number, expectedVersion: nil)
        state = try fileMessage(transaction, pipeline, message, on: state, roles: roles, by: actor, at: now)
        let filing = pipeline.procedure.filing(for: message.reply, on: state)
        if let filing {
            try pipeline.permit(filing, on: state, roles: roles, actor: actor)
            state = try pipeline.appendJudged(filing, to: state, by: actor, at: now)
        }
        return .attached(state, by: reason, filed: filing)
    }

    public func recordLetter(_ message: OutgoingMessage, with change: Change?, on number: CaseNumber, expectedVersion: Int?,
                             by actor: Actor, at now: Date) throws(StoreError) -> CaseState {
        let now = Millis.truncate(now)
        return try write { transaction in
            let pipeline = try pipeline(transaction)
            let roles = try pipeline.staffRoles(actor)
            var state = try pipeline.currentState(number, expectedVersion: expectedVersion)
            if let change {
                try pipeline.permit(change, on: state, roles: roles, actor: actor)
                state = try pipeline.appendJudged(change, to: state, by: actor, at: now)
            }
            if try duplicate(transaction.connection, sha256: message.correspondence.sha256, messageID: message.correspondence.messageID) != nil {
                throw StoreError.invalid("case \(number): the letter's Message-ID or bytes are already in the archive; write it again")
            }
            let sent = Change.messageSent(message.correspondence)
            try pipeline.permit(sent, on: state, roles: roles, actor: actor)
            state = try pipeline.appendJudged(sent, to: state, by: actor, at: now)
            try insertMessage(transaction.connection, raw: message.raw, correspondence: message.correspondence, direction: .outgoing,
                              origin: message.origin, on: state)
            return state
        }
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

    /// Appends `message_received` and keeps the bytes under their digest.
    private func fileMessage(_ transaction: PostgresTransaction, _ pipeline: WritePipeline<PostgresTransaction>, _ message: IncomingMessage,
                             on state: CaseState, roles: Set<Role>, by actor: Actor, at now: Date) throws -> CaseState {
        let change = Change.messageReceived(message.correspondence)
        try pipeline.permit(change, on: state, roles: roles, actor: actor)
        let after = try pipeline.appendJudged(change, to: state, by: actor, at: now)
        try insertMessage(transaction.connection, raw: message.raw, correspondence: message.correspondence, direction: .incoming,
                          origin: message.origin, on: after)
        return after
    }

    func insertMessage(_ connection: PostgresConnection, raw: Data, correspondence: Change.Correspondence,
                       direction: CaseState.MessageRecord.Direction, origin: String, on state: CaseState) throws {
        try connection.execute("""
            INSERT INTO messages (sha256, case_id, seq, direction, message_id, at_ms, origin, size, raw)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, [.text(correspondence.sha256), .integer(state.number), .integer(Int64(state.version)), .text(direction.rawValue),
                  correspondence.messageID.postgresValue, .integer(Millis.from(correspondence.at)), .text(origin),
                  .integer(Int64(raw.count)), .bytes(raw)])
    }

    private func duplicate(_ connection: PostgresConnection, sha256: String, messageID: String?) throws -> DuplicateMessage? {
        if let row = try connection.execute("SELECT case_id, sha256 FROM messages WHERE sha256 = $1", [.text(sha256)]).first {
            return DuplicateMessage(caseNumber: row.integer(0) ?? 0, sha256: row.text(1) ?? "", match: .content)
        }
        if let messageID, let row = try connection.execute("SELECT case_id, sha256 FROM messages WHERE message_id = $1", [.text(messageID)]).first {
            return DuplicateMessage(caseNumber: row.integer(0) ?? 0, sha256: row.text(1) ?? "", match: .messageID)
        }
        return nil
    }

    /// The case a message belongs to: the one holding a message it answers, else the one its tag names.
    private func caseOf(_ connection: PostgresConnection, _ message: IncomingMessage) throws -> (CaseNumber, ImportOutcome.AttachReason)? {
        for id in message.answers {
            if let number = try connection.execute("SELECT case_id FROM messages WHERE message_id = $1", [.text(id)]).first?.integer(0) {
                return (number, .answers(messageID: id))
            }
        }
        if let tag = message.caseTag, try PostgresTransaction(connection: connection).caseExists(tag) {
            return (tag, .caseTag)
        }
        return nil
    }
}
