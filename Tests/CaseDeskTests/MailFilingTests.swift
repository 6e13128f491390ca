import Foundation
import Testing
@testable import CaseDesk

@Suite("Mail on a case: filed messages, and what a customer's reply files")
struct MailFilingTests {
    static let digest = String(repeating: "a1", count: 32)

    func reply(_ received: String, marker: Bool = true, items: Set<ChecklistItem> = [], heading: String = "Plainte: transfert",
               channel: Channel = .email) -> CustomerReply {
        CustomerReply(received: at(received), channel: channel, heading: heading, text: "Je ne suis pas satisfait.",
                      hasComplaintMarker: marker, items: items)
    }

    /// A complaint received Mon 22 Mar 2027 and answered Tue 23 Mar.
    func answeredAtStageOne() throws -> Trail {
        var trail = try Trail(intake: complaintIntake(received: at("2027-03-22T09:00:00+01:00")))
        try trail.record(.responded(.init(summary: "Explained the lock", at: at("2027-03-23T10:00:00+01:00"))),
                         recorded: at("2027-03-23T10:00:00+01:00"))
        return trail
    }

    @Test("a reply with the marker after the first answer is the formal complaint; without it, or before the answer, nothing")
    func formalComplaint() throws {
        let trail = try answeredAtStageOne()
        let filing = trail.procedure.filing(for: reply("2027-03-25T10:00:00+01:00"), on: trail.current)
        #expect(filing == .formalComplaintFiled(.init(received: at("2027-03-25T10:00:00+01:00"), channel: .email,
                                                      text: "Je ne suis pas satisfait.")))
        #expect(trail.procedure.filing(for: reply("2027-03-25T10:00:00+01:00", marker: false), on: trail.current) == nil)
        #expect(trail.procedure.filing(for: reply("2027-03-23T09:00:00+01:00"), on: trail.current) == nil,
                "sent before the answer: it cannot be unhappy with it")
        let unanswered = try Trail(intake: complaintIntake(received: at("2027-03-22T09:00:00+01:00")))
        #expect(unanswered.procedure.filing(for: reply("2027-03-25T10:00:00+01:00"), on: unanswered.current) == nil)
    }

    @Test("a reply with the marker after the head of support's answer is the escalation, with its items and lateness")
    func escalation() throws {
        var trail = try answeredAtStageOne()
        try trail.record(.formalComplaintFiled(.init(received: at("2027-03-25T10:00:00+01:00"), channel: .email)),
                         recorded: at("2027-03-25T10:00:00+01:00"))
        #expect(trail.procedure.filing(for: reply("2027-03-26T10:00:00+01:00"), on: trail.current) == nil, "not answered yet")
        try trail.record(.responded(.init(summary: "Lock removed", at: at("2027-04-14T10:00:00+02:00"))), by: "hana",
                         recorded: at("2027-04-14T10:00:00+02:00"))
        let inTime = trail.procedure.filing(for: reply("2027-05-03T09:00:00+02:00", items: [.name, .description],
                                                       heading: "Beschwerde"), on: trail.current)
        guard case let .escalationReceived(filing) = inTime else {
            Issue.record("expected an escalation, got \(String(describing: inTime))")
            return
        }
        #expect(filing.items == [.name, .description, .marker])
        #expect(!filing.late)
        #expect(filing.heading == "Beschwerde")
        // The window (20 business days from Wed 14 Apr, Ascension skipped) ended Thu 13 May.
        let late = trail.procedure.filing(for: reply("2027-05-14T09:00:00+02:00"), on: trail.current)
        guard case let .escalationReceived(lateFiling) = late else {
            Issue.record("expected a late escalation, got \(String(describing: late))")
            return
        }
        #expect(lateFiling.late)
        #expect(trail.procedure.filing(for: reply("2027-05-03T09:00:00+02:00", channel: .phone), on: trail.current) == nil,
                "an escalation must be in writing")
    }

    @Test("filed messages fold into the case; the same bytes twice, a bad digest, a future time are refused")
    func correspondence() throws {
        var trail = try answeredAtStageOne()
        let message = Change.Correspondence(sha256: Self.digest, messageID: "abc@example.fr", at: at("2027-03-24T08:00:00+01:00"),
                                            from: "elodie@example.fr", subject: "Re: Transfert")
        try trail.record(.messageReceived(message), recorded: at("2027-03-24T09:00:00+01:00"))
        #expect(trail.current.messages.count == 1)
        #expect(trail.current.lastIncomingMessage?.message == message)
        #expect(trail.refusal(.messageReceived(message), at: at("2027-03-24T10:00:00+01:00"))
                == "cannot file a message with case 12: already filed this message (sha256 a1a1a1a1a1a1) on Wed 24 Mar 2027 by alice")
        var bad = message
        bad.sha256 = "ABC"
        #expect(trail.refusal(.messageReceived(bad), at: at("2027-03-24T10:00:00+01:00"))?
            .contains("is not a SHA-256 digest") == true)
        var future = message
        future.sha256 = String(repeating: "b", count: 64)
        future.at = at("2027-03-25T10:00:00+01:00")
        #expect(trail.refusal(.messageReceived(future), at: at("2027-03-24T10:00:00+01:00"))?.contains("is in the future") == true)
        var letter = future
        letter.at = at("2027-03-21T10:00:00+01:00")
        #expect(trail.refusal(.messageSent(letter), at: at("2027-03-24T10:00:00+01:00"))?
            .contains("cannot come before the case's first message") == true)
    }

    @Test("staff who work cases may file messages and send letters; viewers may not")
    func permissions() {
        for role in [Role.supervisor, .abuse, .head] {
            #expect(Permissions.allows([role], .fileMessage, kind: .feedback, stage: .finalResponse))
            #expect(Permissions.allows([role], .sendLetter, kind: .abuse, stage: .escalation))
        }
        #expect(!Permissions.allows([.viewer], .fileMessage, kind: .complaint, stage: .supervisor))
        #expect(!Permissions.allows([.admin], .sendLetter, kind: .complaint, stage: .supervisor))
    }
}
