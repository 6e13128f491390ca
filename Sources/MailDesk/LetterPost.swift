import CaseDesk
import CaseStore
import Foundation
import Letters
import MailIntake

/// Letters out: writes a rendered letter as a mail message into the outbox and records it with the
/// stage's event in the store, all or nothing. The letter waits in the outbox's `tmp/` while the
/// store judges the event; only when the store has recorded it does it move to `new/`, where the
/// mail system picks it up. A refusal leaves neither a letter nor an event.
public struct LetterPost: Sendable {
    public let store: any CaseStore
    public let outbox: Outbox
    public let settings: MailSettings
    public let calendar: BusinessCalendar

    public init(store: any CaseStore, outbox: Outbox, settings: MailSettings, calendar: BusinessCalendar) {
        self.store = store
        self.outbox = outbox
        self.settings = settings
        self.calendar = calendar
    }

    /// A letter that went out.
    public struct Sent: Sendable, Equatable {
        /// The case after the letter's events.
        public var state: CaseState
        /// The file in the outbox's `new/`.
        public var path: String
        public var message: LetterMessage
        public var sha256: String
    }

    /// The event a letter goes with, at the moment it is sent: acknowledged, extension notified,
    /// responded, final response; nil for the notice that the matter is resolved, which moves nothing.
    public static func change(for request: LetterRequest, at now: Date) throws(LetterError) -> Change? {
        switch request.kind {
        case .acknowledgement, .escalationAcknowledgement:
            return .acknowledged(.init(at: now))
        case .extensionNotice:
            guard let promised = request.promised else { throw .missingDetail(request.kind, "the promised date") }
            return .extensionNotified(.init(promised: promised, at: now))
        case .response, .finalResponse:
            guard let answer = request.answer, !answer.isBlank else { throw .missingDetail(request.kind, "the answer's text") }
            return request.kind == .response ? .responded(.init(summary: answer, at: now)) : .finalResponseSent(.init(summary: answer, at: now))
        case .abuseConfirmation:
            return .receiptConfirmed(.init(at: now))
        case .resolved, .lateRefusal, .abuseOutcome:
            return nil
        }
    }

    /// Judges a letter that is only printed as sending would judge its event (an extension date that
    /// is not a business day, or not after the current due date, is refused either way). A letter
    /// about what is already on record (a reprint) passes: only its new facts are judged.
    public static func checkPrinting(_ request: LetterRequest, state: CaseState, procedure: Procedure) throws(TransitionError) {
        let change: Change?
        do throws(LetterError) {
            change = try Self.change(for: request, at: request.sentAt)
        } catch {
            return  // nothing new to judge: the letter states what is recorded
        }
        guard let change else { return }
        do throws(TransitionError) {
            try procedure.check(change, on: state, now: request.sentAt)
        } catch {
            if case .alreadyDone = error.problem { return }
            throw error
        }
    }

    /// Who a letter on this case is addressed to: the case's contact when it is one mail address
    /// (named after the customer when it carries no name); nil for a telephone number or a postal
    /// address, which get their letters printed, and for an address that cannot be written whole.
    public static func recipient(of state: CaseState) -> MailAddress? {
        let recipients = MailAddress.list(from: state.intake.contact)
        guard recipients.count == 1, let address = recipients.first, address.unwritableReason == nil else { return nil }
        return MailAddress(displayName: address.displayName ?? state.intake.customer, address: address.address)
    }

    /// Sends `letter` on the case as it was read (`state`), recording `change` with it. The store
    /// checks `expectedVersion` (nil: `state`'s version). `now` is the event's moment; the letter's
    /// Date header shows it to the second.
    public func send(_ letter: Letter, on state: CaseState, expectedVersion: Int? = nil, change: Change?, by actor: Actor,
                     at now: Date) throws(LetterPostError) -> Sent {
        let staged = try stage(letter, on: state, at: now)
        let after: CaseState
        do throws(StoreError) {
            after = try store.recordLetter(staged.outgoing, with: change, on: state.number, expectedVersion: expectedVersion ?? state.version,
                                           by: actor, at: now)
        } catch {
            // A write whose outcome is unknown may have recorded the letter: its file stays in tmp/,
            // where the outbox's recovery (at the next start, or mail command) settles it by the trail.
            if case .outcomeUnknown = error {} else { outbox.discard(staged.file) }
            throw .refused(error)
        }
        return try deliver(staged, after: after)
    }

    /// A letter written as a message and waiting in the outbox's `tmp/` for the store's judgement.
    struct StagedMessage: Sendable {
        var message: LetterMessage
        var sha256: String
        var file: Outbox.StagedLetter
        var outgoing: OutgoingMessage
    }

    /// The letter as a mail message to the case's contact, written into the outbox's `tmp/`.
    func stage(_ letter: Letter, on state: CaseState, at now: Date) throws(LetterPostError) -> StagedMessage {
        guard let from = settings.sender(abuse: state.kind == .abuse) else { throw .noSender(in: settings) }
        guard let to = Self.recipient(of: state) else {
            let written = MailAddress.list(from: state.intake.contact)
            if written.count == 1, let address = written.first, address.address.contains("@"), let reason = address.unwritableReason {
                throw .unwritableAddress(state.number, address: address.address, reason: reason)
            }
            throw .noMailAddress(state.number, contact: state.intake.contact)
        }
        let ids = state.messages.compactMap(\.message.messageID)
        let message = LetterMessage(
            letter: letter, caseNumber: state.number, from: from, to: to, date: now, calendar: calendar,
            inReplyTo: state.lastIncomingMessage?.message.messageID, references: Array(ids.suffix(10)),
            uniqueness: String(UInt64.random(in: 0...UInt64.max), radix: 36))
        let sha256 = SHA256.hex(of: message.bytes)
        let staged: Outbox.StagedLetter
        do throws(OutboxError) {
            staged = try outbox.stage(message.bytes, at: now)
        } catch {
            throw .outbox(error)
        }
        let correspondence = Change.Correspondence(
            sha256: sha256, messageID: message.messageID, at: now, from: from.address, to: to.address, subject: message.subject,
            letter: letter.kind.rawValue, language: letter.language.rawValue)
        return StagedMessage(message: message, sha256: sha256, file: staged,
                             outgoing: OutgoingMessage(raw: message.bytes, origin: "\(outbox.path)/new/\(staged.name)", correspondence: correspondence))
    }

    /// Moves a recorded letter from `tmp/` to `new/`, where the mail system picks it up.
    func deliver(_ staged: StagedMessage, after: CaseState) throws(LetterPostError) -> Sent {
        do throws(OutboxError) {
            return Sent(state: after, path: try outbox.deliver(staged.file), message: staged.message, sha256: staged.sha256)
        } catch {
            throw .recordedButNotDelivered(after.number, staged.file.temporaryPath, error)
        }
    }
}
