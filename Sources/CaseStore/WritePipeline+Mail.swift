import CaseDesk
import Foundation

/// Mail in and letters out, once for every backend: which case a message joins, what it files
/// there, and that a letter and its stage's event are judged and written together.
extension WritePipeline {
    /// Files one received message: a duplicate changes nothing; an answer to a filed message or a
    /// message carrying a case's tag joins that case (and files the formal complaint or escalation
    /// the procedure sees in it); any other opens a case.
    func fileIncoming(_ message: IncomingMessage, by actor: Actor, at now: Date) throws -> ImportOutcome {
        let roles = try staffRoles(actor)
        if let duplicate = try transaction.archivedMessage(sha256: message.sha256, messageID: message.messageID) {
            return .duplicate(duplicate)
        }
        guard let (number, reason) = try caseOf(message) else {
            var intake = message.intake
            // A guessed type stays only if this store's policy counts complaints by it.
            intake.complaintType = intake.complaintType.flatMap(procedure.policy.complaintType)
            intake = procedure.reporterClassed(intake)
            let opened = try open(intake, roles: roles, by: actor, at: now)
            let state = try fileMessage(message, on: opened, roles: roles, by: actor, at: now)
            let (grouped, grouping) = try group(state, roles: roles, link: message.linkIncidents, by: actor, at: now)
            return .opened(grouped, grouping: grouping)
        }
        var state = try currentState(number, expectedVersion: nil)
        state = try fileMessage(message, on: state, roles: roles, by: actor, at: now)
        let filing = procedure.filing(for: message.reply, on: state)
        if let filing {
            try permit(filing, on: state, roles: roles, actor: actor)
            state = try appendJudged(filing, to: state, by: actor, at: now)
        }
        return .attached(state, by: reason, filed: filing)
    }

    /// A letter sent from a case with the stage's event it goes with: both judged, both written.
    func recordLetter(_ message: OutgoingMessage, with change: Change?, on number: CaseNumber, expectedVersion: Int?,
                      by actor: Actor, at now: Date) throws -> CaseState {
        let roles = try staffRoles(actor)
        var state = try currentState(number, expectedVersion: expectedVersion)
        if let change {
            try permit(change, on: state, roles: roles, actor: actor)
            state = try appendJudged(change, to: state, by: actor, at: now)
        }
        if try transaction.archivedMessage(sha256: message.correspondence.sha256, messageID: message.correspondence.messageID) != nil {
            throw StoreError.invalid("case \(number): the letter's Message-ID or bytes are already in the archive; write it again")
        }
        let sent = Change.messageSent(message.correspondence)
        try permit(sent, on: state, roles: roles, actor: actor)
        state = try appendJudged(sent, to: state, by: actor, at: now)
        try transaction.insertMessage(raw: message.raw, correspondence: message.correspondence, direction: .outgoing, origin: message.origin,
                                      on: state)
        return state
    }

    /// Letters sent from several cases at once (an incident's outcome letters), in the caller's one
    /// transaction: each with its event judged and written on its own case, as `recordLetter` does
    /// for one; a refused letter is listed and writes nothing, the others go on.
    func recordLetters(_ letters: [CaseLetter], by actor: Actor, at now: Date) throws -> BatchOutcome {
        try each(letters, case: \.number, by: actor) { letter in
            try recordLetter(letter.message, with: letter.change, on: letter.number, expectedVersion: letter.expectedVersion, by: actor, at: now)
        }
    }

    /// Appends `message_received` and keeps the bytes under their digest.
    private func fileMessage(_ message: IncomingMessage, on state: CaseState, roles: Set<Role>, by actor: Actor, at now: Date) throws -> CaseState {
        let change = Change.messageReceived(message.correspondence)
        try permit(change, on: state, roles: roles, actor: actor)
        let after = try appendJudged(change, to: state, by: actor, at: now)
        try transaction.insertMessage(raw: message.raw, correspondence: message.correspondence, direction: .incoming, origin: message.origin,
                                      on: after)
        return after
    }

    /// The case a message belongs to: the one holding a message it answers, else the one its tag
    /// names (a tag naming no case here is ignored: it may come from another desk's casedesk).
    private func caseOf(_ message: IncomingMessage) throws -> (CaseNumber, ImportOutcome.AttachReason)? {
        for id in message.answers {
            if let number = try transaction.caseHolding(messageID: id) { return (number, .answers(messageID: id)) }
        }
        if let tag = message.caseTag, try transaction.caseExists(tag) { return (tag, .caseTag) }
        return nil
    }
}
