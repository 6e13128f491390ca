import Foundation

extension Procedure {
    /// What a customer's message files on the case it belongs to, besides the message itself: the
    /// formal complaint when it carries the complaint marker after the first answer, the escalation
    /// when it does so after the head of customer support's answer; nil when it is correspondence
    /// only (no marker, no answer yet, sent before the answer, or a stage where nothing follows).
    public func filing(for reply: CustomerReply, on state: CaseState) -> Change? {
        guard reply.hasComplaintMarker, state.kind.followsProcedure else { return nil }
        switch state.stage {
        case .supervisor:
            guard state.isOpen, let answer = state.supervisor?.lastAnswer, reply.received > answer.sent.at else { return nil }
            return .formalComplaintFiled(.init(received: reply.received, channel: reply.channel, text: reply.text))
        case .headOfSupport:
            // A lapsed case still takes the escalation (flagged late); any other closure does not.
            guard state.escalation == nil, state.isOpen || state.isLapsed, reply.channel.isWritten,
                  let answer = state.head?.lastAnswer, reply.received > answer.sent.at else { return nil }
            return .escalationReceived(escalationFiling(
                for: state, received: reply.received, channel: reply.channel, heading: reply.heading,
                items: reply.items, text: reply.text))
        case .escalation, .finalResponse:
            return nil
        }
    }

    /// A filed message must name its bytes by their digest, once per case, and not come from the future.
    func checkCorrespondence(_ message: Change.Correspondence, change: Change, on state: CaseState, now: Date) throws(TransitionError) {
        func fail(_ problem: TransitionError.Problem) -> TransitionError {
            TransitionError(caseNumber: state.number, action: Action(change), problem: problem)
        }
        func refuse(_ text: String) -> TransitionError { fail(.refused(text)) }
        guard Change.Correspondence.isDigest(message.sha256) else {
            throw refuse("\"\(message.sha256)\" is not a SHA-256 digest (64 lower-case hexadecimal digits)")
        }
        if let filed = state.messages.first(where: { $0.message.sha256 == message.sha256 }) {
            throw fail(.alreadyDone(
                "filed this message (sha256 \(message.sha256.prefix(12)))", on: calendar.localDate(of: filed.filed.at), by: filed.filed.by))
        }
        if message.at > now {
            throw fail(.impossibleDate(
                "the time of the message, \(calendar.readable(message.at)), is in the future"))
        }
        if case .messageSent = change, message.at < state.intake.received {
            throw fail(.impossibleDate(
                "a letter sent \(calendar.readable(message.at)) cannot come before the case's first message (\(calendar.readable(state.intake.received)))"))
        }
    }
}

extension Change.Correspondence {
    /// 64 lower-case hexadecimal digits: the form every digest in the store takes.
    public static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
