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
        try pipeline(db).fileIncoming(message, by: actor, at: now)
    }

    public func recordLetter(_ message: OutgoingMessage, with change: Change?, on number: CaseNumber, expectedVersion: Int?,
                             by actor: Actor, at now: Date) throws(StoreError) -> CaseState {
        let now = Millis.truncate(now)
        return try write { db in
            try pipeline(db).recordLetter(message, with: change, on: number, expectedVersion: expectedVersion, by: actor, at: now)
        }
    }

    public func recordLetters(_ letters: [CaseLetter], by actor: Actor, at now: Date) throws(StoreError) -> BatchOutcome {
        let now = Millis.truncate(now)
        return try write { db in try pipeline(db).recordLetters(letters, by: actor, at: now) }
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
}
