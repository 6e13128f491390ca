import CaseDesk
import Foundation
import GRDB

/// Mail in and letters out: the message archive (migration 2) and the writes that file messages
/// with cases. Each message is one transaction: the archive row and the events that name it are
/// written together or not at all.
extension SQLiteCaseStore {
    public func importMessage(_ message: IncomingMessage, by actor: Actor, at now: Date) throws(StoreError) -> ImportOutcome {
        let now = Millis.truncate(now)
        return try write { db in try fileIncoming(db, message, by: actor, at: now) }
    }

    /// The messages in one transaction, each in a savepoint of its own: a refused message is rolled
    /// back alone. Writing each message's pages once per batch instead of once per message (the
    /// cases, their indexes, the trail, the search index's segments) is most of what importing a
    /// large mailbox costs; a batch of 100 holds the lock for a fraction of a second. If the
    /// transaction itself fails, each message is filed again on its own.
    public func importMessages(_ messages: [IncomingMessage], by actor: Actor, at now: Date) -> [Result<ImportOutcome, StoreError>] {
        let now = Millis.truncate(now)
        do throws(StoreError) {
            return try write { db in
                messages.map { message in
                    var outcome: Result<ImportOutcome, StoreError> = .failure(.unavailable("not filed"))
                    do {
                        try db.inSavepoint {
                            outcome = .success(try fileIncoming(db, message, by: actor, at: now))
                            return .commit
                        }
                    } catch let error as StoreError {
                        outcome = .failure(error)
                    } catch {
                        outcome = .failure(SQLiteCaseStore.storeError(error, path: location))
                    }
                    return outcome
                }
            }
        } catch {
            return messages.map { message in
                do throws(StoreError) { return .success(try importMessage(message, by: actor, at: now)) } catch { return .failure(error) }
            }
        }
    }

    private func fileIncoming(_ db: Database, _ message: IncomingMessage, by actor: Actor, at now: Date) throws -> ImportOutcome {
        let pipeline = try pipeline(db)
        let roles = try pipeline.staffRoles(actor)
        if let duplicate = try duplicate(db, of: message) { return .duplicate(duplicate) }

        guard let (number, reason) = try caseOf(db, message) else {
            var intake = message.intake
            // A guessed type stays only if this store's policy counts complaints by it.
            intake.complaintType = intake.complaintType.flatMap(pipeline.procedure.policy.complaintType)
            intake = pipeline.procedure.reporterClassed(intake)
            let opened = try pipeline.open(intake, roles: roles, by: actor, at: now)
            let state = try fileMessage(db, pipeline, message, on: opened, roles: roles, by: actor, at: now)
            let (grouped, grouping) = try pipeline.group(state, roles: roles, link: message.linkIncidents, by: actor, at: now)
            return .opened(grouped, grouping: grouping)
        }
        var state = try pipeline.currentState(number, expectedVersion: nil)
        state = try fileMessage(db, pipeline, message, on: state, roles: roles, by: actor, at: now)
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
        return try write { db in
            let pipeline = try pipeline(db)
            let roles = try pipeline.staffRoles(actor)
            var state = try pipeline.currentState(number, expectedVersion: expectedVersion)
            if let change {
                try pipeline.permit(change, on: state, roles: roles, actor: actor)
                state = try pipeline.appendJudged(change, to: state, by: actor, at: now)
            }
            if try duplicate(db, sha256: message.correspondence.sha256, messageID: message.correspondence.messageID) != nil {
                throw StoreError.invalid("case \(number): the letter's Message-ID or bytes are already in the archive; write it again")
            }
            let sent = Change.messageSent(message.correspondence)
            try pipeline.permit(sent, on: state, roles: roles, actor: actor)
            state = try pipeline.appendJudged(sent, to: state, by: actor, at: now)
            try insertMessage(db, raw: message.raw, correspondence: message.correspondence, direction: .outgoing,
                              origin: message.origin, on: state)
            return state
        }
    }

    public func storedMessage(_ key: String) throws(StoreError) -> StoredMessage {
        let trimmed = key.trimmingCharacters(in: .whitespaces)
        let digest = trimmed.lowercased()
        let isDigestPrefix = digest.count >= 8 && digest.count <= 64 && digest.allSatisfy(\.isHexDigit)
        let messageID = trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
        let rows = try read { db in
            var rows: [Row] = []
            if isDigestPrefix {
                // Digests are lower-case hex, so a prefix is a range: [prefix, prefix + "g").
                rows = try Row.fetchAll(db, sql: "\(Self.messageColumns) WHERE sha256 >= ? AND sha256 < ? LIMIT 2",
                                        arguments: [digest, digest + "g"])
            }
            if rows.isEmpty, !messageID.isEmpty {
                rows = try Row.fetchAll(db, sql: "\(Self.messageColumns) WHERE message_id = ? LIMIT 2", arguments: [Self.comparable(messageID)])
            }
            return rows
        }
        guard let row = rows.first else { throw .noSuchMessage(key) }
        if rows.count > 1 {
            throw .invalid("\(key) names more than one message in the archive; give more digits of the SHA-256")
        }
        return StoredMessage(
            caseNumber: row["case_id"], sequence: row["seq"],
            direction: CaseState.MessageRecord.Direction(rawValue: row["direction"]) ?? .incoming,
            sha256: row["sha256"], messageID: row["message_id"], at: Millis.date(row["at_ms"]), origin: row["origin"],
            raw: row["raw"])
    }

    private static let messageColumns = "SELECT case_id, seq, direction, sha256, message_id, at_ms, origin, raw FROM messages"

    /// A Message-ID as the archive keeps it: what MailIntake's comparison form gives (the part
    /// after `@` in lower case), so `<A@Example.ORG>` finds `A@example.org`.
    static func comparable(_ messageID: String) -> String {
        guard let at = messageID.lastIndex(of: "@") else { return messageID }
        return String(messageID[..<at]) + "@" + messageID[messageID.index(after: at)...].lowercased()
    }

    // MARK: Inside the transaction

    /// Appends `message_received` and keeps the bytes under their digest.
    private func fileMessage(_ db: Database, _ pipeline: WritePipeline<SQLiteTransaction>, _ message: IncomingMessage,
                             on state: CaseState, roles: Set<Role>, by actor: Actor, at now: Date) throws -> CaseState {
        let change = Change.messageReceived(message.correspondence)
        try pipeline.permit(change, on: state, roles: roles, actor: actor)
        let after = try pipeline.appendJudged(change, to: state, by: actor, at: now)
        try insertMessage(db, raw: message.raw, correspondence: message.correspondence, direction: .incoming,
                          origin: message.origin, on: after)
        return after
    }

    private func insertMessage(_ db: Database, raw: Data, correspondence: Change.Correspondence,
                               direction: CaseState.MessageRecord.Direction, origin: String, on state: CaseState) throws {
        try db.cachedStatement(sql: """
            INSERT INTO messages (sha256, case_id, seq, direction, message_id, at_ms, origin, size, raw)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                correspondence.sha256, state.number, state.version, direction.rawValue, correspondence.messageID,
                Millis.from(correspondence.at), origin, raw.count, raw,
            ])
    }

    private func duplicate(_ db: Database, of message: IncomingMessage) throws -> DuplicateMessage? {
        try duplicate(db, sha256: message.sha256, messageID: message.messageID)
    }

    private func duplicate(_ db: Database, sha256: String, messageID: String?) throws -> DuplicateMessage? {
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT case_id, sha256 FROM messages WHERE sha256 = ?"),
                                      arguments: [sha256]) {
            return DuplicateMessage(caseNumber: row["case_id"], sha256: row["sha256"], match: .content)
        }
        if let messageID,
           let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT case_id, sha256 FROM messages WHERE message_id = ?"),
                                      arguments: [messageID]) {
            return DuplicateMessage(caseNumber: row["case_id"], sha256: row["sha256"], match: .messageID)
        }
        return nil
    }

    /// The case a message belongs to: the one holding a message it answers, else the one its tag
    /// names (a tag naming no case here is ignored: it may come from another desk's casedesk).
    private func caseOf(_ db: Database, _ message: IncomingMessage) throws -> (CaseNumber, ImportOutcome.AttachReason)? {
        let statement = try db.cachedStatement(sql: "SELECT case_id FROM messages WHERE message_id = ?")
        for id in message.answers {
            if let number = try CaseNumber.fetchOne(statement, arguments: [id]) { return (number, .answers(messageID: id)) }
        }
        if let tag = message.caseTag,
           try CaseNumber.fetchOne(db.cachedStatement(sql: "SELECT id FROM cases WHERE id = ?"), arguments: [tag]) != nil {
            return (tag, .caseTag)
        }
        return nil
    }
}
