import Foundation
import Testing
@testable import CaseDesk

/// A clock's outcome is fixed when its case closes or moves on (PROCEDURE.md, "Clock outcomes").
@Suite("Clock outcomes that stay true")
struct ClockOutcomeTests {
    /// A formal complaint received Mon 1 Mar 2027 10:00: acknowledgement due Wed 3 Mar, answer due Mon 15 Mar.
    static let received = at("2027-03-01T10:00:00+01:00")

    @Test("closing an overdue case leaves its clocks missed, by how much, whenever they are judged")
    func closingKeepsMissed() throws {
        var trail = try Trail(intake: complaintIntake(received: Self.received, stage: .headOfSupport))
        let closedAt = at("2027-03-19T10:00:00+01:00")
        try trail.record(.closed(.init(reason: .withdrawn)), by: "carol", recorded: closedAt)
        for now in [closedAt, at("2027-06-01T10:00:00+02:00")] {
            let ack = try #require(trail.clock(.acknowledge, now: now))
            #expect(ack.status == .unkept(closedAt))
            #expect(ack.status.name == "missed")
            // Due Wed 3 Mar 23:59:59; closed Fri 19 Mar 10:00: Thu 4 … Thu 18 Mar are 11 business days, plus 10 h.
            #expect(ack.missedBy?.days == 11)
            #expect(ack.missedBy?.hours == 10)
            #expect(ack.left == nil)
            let respond = try #require(trail.clock(.respond, now: now))
            #expect(respond.status == .unkept(closedAt))
            #expect(respond.explanation.text(calendar: saarland).last?.hasPrefix("missed: not done when the case closed") == true)
        }
    }

    @Test("closing before a clock falls due leaves it not due; a clock done stays met")
    func closingBeforeDue() throws {
        var trail = try Trail(intake: complaintIntake(received: Self.received, stage: .headOfSupport))
        try trail.record(.acknowledged(.init(at: at("2027-03-02T09:00:00+01:00"))), by: "carol", recorded: at("2027-03-02T09:00:00+01:00"))
        let closedAt = at("2027-03-05T10:00:00+01:00")
        try trail.record(.closed(.init(reason: .satisfied)), by: "carol", recorded: closedAt)
        let later = at("2027-04-30T10:00:00+02:00")
        #expect(trail.clock(.acknowledge, now: later)?.status == .met(at("2027-03-02T09:00:00+01:00")))
        #expect(trail.clock(.respond, now: later)?.status == .notDue(closedAt))
        #expect(trail.clock(.respond, now: later)?.status.name == "not_due")
        #expect(trail.clock(.respond, now: later)?.missedBy == nil)
    }

    @Test("a supervisor target overdue when the case is closed stays missed; closing --at an earlier moment judges it then")
    func targetKeepsMissed() throws {
        var trail = try Trail(intake: complaintIntake(received: Self.received))
        // Target: 10 business days after Mon 1 Mar, Mon 15 Mar.
        #expect(trail.refusal(.closed(.init(reason: .withdrawn, at: at("2027-02-28T10:00:00+01:00"))), at: at("2027-03-22T10:00:00+01:00"))
                == "cannot close case 12: the time of the closure, Sun 28 Feb 2027 10:00, is before the current stage began (Mon 1 Mar 2027 10:00)")
        var early = trail
        try early.record(.closed(.init(reason: .withdrawn, at: at("2027-03-12T10:00:00+01:00"))), recorded: at("2027-03-22T10:00:00+01:00"))
        #expect(early.current.closure?.closed.at == at("2027-03-12T10:00:00+01:00"))
        #expect(early.clock(.supervisorTarget, now: at("2027-05-01T10:00:00+02:00"))?.status == .notDue(at("2027-03-12T10:00:00+01:00")))
        try trail.record(.closed(.init(reason: .withdrawn)), recorded: at("2027-03-22T10:00:00+01:00"))
        #expect(trail.clock(.supervisorTarget, now: at("2027-05-01T10:00:00+02:00"))?.status == .unkept(at("2027-03-22T10:00:00+01:00")))
    }

    @Test("a lapse closes the case at the end of the window, whoever sweeps and whenever")
    func lapseAtWindowEnd() throws {
        for sweptAt in [at("2027-04-07T00:00:01+02:00"), at("2027-05-20T15:00:00+02:00")] {
            var trail = try Trail(intake: complaintIntake(received: Self.received, stage: .headOfSupport))
            try trail.record(.acknowledged(.init(at: at("2027-03-02T09:00:00+01:00"))), by: "carol", recorded: at("2027-03-02T09:00:00+01:00"))
            let answered = at("2027-03-05T10:00:00+01:00")
            try trail.record(.responded(.init(summary: "answer", at: answered)), by: "carol", recorded: answered)
            let lapse = try #require(trail.procedure.lapseDue(trail.current, now: sweptAt))
            try trail.record(lapse, by: "sweeper", recorded: sweptAt)
            let end = trail.procedure.windowEnd(answeredAt: answered)
            #expect(trail.current.closure?.closed.at == end)
            #expect(trail.current.closure?.closed.by == "sweeper")
            #expect(trail.clock(.acknowledge, now: sweptAt)?.status == .met(at("2027-03-02T09:00:00+01:00")))
            #expect(trail.clock(.respond, now: sweptAt)?.status == .met(answered))
            #expect(trail.clock(.window, now: sweptAt)?.status == .ended)
        }
    }

    @Test("the furthest stage reached survives a reopening that sends the case back")
    func furthestStage() throws {
        var trail = try Trail(intake: complaintIntake(received: Self.received, stage: .headOfSupport))
        let answered = at("2027-03-05T10:00:00+01:00")
        try trail.record(.responded(.init(summary: "answer", at: answered)), by: "carol", recorded: answered)
        let filing = trail.procedure.escalationFiling(for: trail.current, received: at("2027-03-08T10:00:00+01:00"), channel: .email,
                                                      heading: "Complaint", items: Set(ChecklistItem.allCases))
        try trail.record(.escalationReceived(filing), recorded: at("2027-03-08T10:00:00+01:00"))
        try trail.record(.finalResponseSent(.init(summary: "final", at: at("2027-03-09T10:00:00+01:00"))), by: "carol",
                         recorded: at("2027-03-09T10:00:00+01:00"))
        #expect(trail.current.furthestStage == .finalResponse)
        try trail.record(.reopened(.init(reason: "new facts")), by: "carol", recorded: at("2027-03-10T10:00:00+01:00"))
        #expect(trail.current.stage == .escalation)
        #expect(trail.current.furthestStage == .finalResponse)
    }

    // MARK: Roles and order (late escalations, partial completion, categories)

    /// Answered Fri 5 Mar 2027 10:00; the window ends Tue 6 Apr 2027 23:59:59 and is swept on 7 Apr.
    func lapsedCase() throws -> Trail {
        var trail = try Trail(intake: complaintIntake(received: Self.received, stage: .headOfSupport))
        try trail.record(.acknowledged(.init(at: at("2027-03-02T09:00:00+01:00"))), by: "carol", recorded: at("2027-03-02T09:00:00+01:00"))
        try trail.record(.responded(.init(summary: "answer", at: at("2027-03-05T10:00:00+01:00"))), by: "carol", recorded: at("2027-03-05T10:00:00+01:00"))
        let lapse = try #require(trail.procedure.lapseDue(trail.current, now: at("2027-04-07T08:00:00+02:00")))
        try trail.record(lapse, by: "sweeper", recorded: at("2027-04-07T08:00:00+02:00"))
        return trail
    }

    @Test("a late escalation on a lapsed case leaves it closed, without clocks, until the head accepts it; then its clocks start")
    func lateEscalationWaitsForTheHead() throws {
        var trail = try lapsedCase()
        let closure = trail.current.closure
        let filing = trail.procedure.escalationFiling(for: trail.current, received: at("2027-04-12T09:00:00+02:00"), channel: .letter,
                                                      heading: "Beschwerde", items: Set(ChecklistItem.allCases))
        #expect(filing.late)
        try trail.record(.escalationReceived(filing), by: "sam", recorded: at("2027-04-12T09:30:00+02:00"))
        #expect(!trail.current.isOpen)
        #expect(trail.current.closure == closure)
        #expect(trail.current.awaitsLateDecision)
        #expect(trail.current.furthestStage == .headOfSupport)
        #expect(trail.clock(.escalationAcknowledge, now: at("2027-04-20T09:00:00+02:00")) == nil)
        #expect(trail.clock(.finalResponse, now: at("2027-04-20T09:00:00+02:00")) == nil)
        #expect(trail.refusal(.finalResponseSent(.init(summary: "x", at: at("2027-04-20T09:00:00+02:00"))), at: at("2027-04-20T09:00:00+02:00"))
                == "cannot record the final response on case 12: the escalation arrived after the window closed; the head of support decides first whether to accept it")
        // Accepted Thu 15 Apr 10:00: the case opens again, its clocks count from the decision.
        try trail.record(.lateEscalationDecided(.init(accepted: true, reason: "letter delayed by the post")), by: "carol",
                         recorded: at("2027-04-15T10:00:00+02:00"))
        #expect(trail.current.isOpen)
        #expect(trail.current.furthestStage == .escalation)
        let ack = try #require(trail.clock(.escalationAcknowledge, now: at("2027-04-15T11:00:00+02:00")))
        #expect(ack.start == at("2027-04-15T10:00:00+02:00"))
        #expect(saarland.iso8601(ack.due) == "2027-04-19T23:59:59+02:00")
        #expect(ack.status == .open)
        #expect(try CaseState.fold(trail.events) == trail.current)
    }

    @Test("a refused late escalation leaves the lapse as it was, and never starts a clock")
    func refusedLateEscalationKeepsTheLapse() throws {
        var trail = try lapsedCase()
        let closure = trail.current.closure
        let filing = trail.procedure.escalationFiling(for: trail.current, received: at("2027-04-12T09:00:00+02:00"), channel: .letter,
                                                      heading: "Beschwerde", items: [])
        try trail.record(.escalationReceived(filing), recorded: at("2027-04-12T09:30:00+02:00"))
        try trail.record(.lateEscalationDecided(.init(accepted: false, reason: "out of time")), by: "carol", recorded: at("2027-04-30T10:00:00+02:00"))
        #expect(trail.current.closure == closure)
        #expect(trail.current.furthestStage == .headOfSupport)
        #expect(trail.clock(.finalResponse, now: at("2027-06-01T10:00:00+02:00")) == nil)
        #expect(trail.clock(.respond, now: at("2027-06-01T10:00:00+02:00"))?.status == .met(at("2027-03-05T10:00:00+01:00")))
    }

    @Test("a formal complaint follows the supervisor's answer, the same rule for every way in")
    func formalAfterAnswerOnly() throws {
        var trail = try Trail(intake: complaintIntake(received: Self.received))
        let early = Change.formalComplaintFiled(.init(received: at("2027-03-02T10:00:00+01:00"), channel: .letter))
        #expect(trail.refusal(early, at: at("2027-03-02T11:00:00+01:00"))?.contains("the supervisor has not answered yet") == true)
        try trail.record(.responded(.init(summary: "answer", at: at("2027-03-03T10:00:00+01:00"))), recorded: at("2027-03-03T10:00:00+01:00"))
        #expect(trail.refusal(early, at: at("2027-03-04T11:00:00+01:00"))
                == "cannot file a formal complaint on case 12: the time the formal complaint arrived, Tue 2 Mar 2027 10:00, is before the supervisor's answer was sent (Wed 3 Mar 2027 10:00)")
        try trail.record(.formalComplaintFiled(.init(received: at("2027-03-04T10:00:00+01:00"), channel: .letter)), recorded: at("2027-03-04T11:00:00+01:00"))
        #expect(trail.current.stage == .headOfSupport)
    }

    @Test("missing items that arrive in part keep the pause running until nothing is missing")
    func partialCompletionKeepsThePause() throws {
        var policy = Policy.standard
        policy.pauseWhileWaitingOnCustomer = true
        var trail = try Trail(procedure: Procedure(policy: policy), intake: complaintIntake(received: Self.received, stage: .headOfSupport))
        try trail.record(.responded(.init(summary: "answer", at: at("2027-03-05T10:00:00+01:00"))), recorded: at("2027-03-05T10:00:00+01:00"))
        let filing = trail.procedure.escalationFiling(for: trail.current, received: at("2027-03-08T09:00:00+01:00"), channel: .email,
                                                      heading: "complaint", items: [.name, .contact])
        try trail.record(.escalationReceived(filing), recorded: at("2027-03-08T09:00:00+01:00"))
        try trail.record(.paused(.init(at: at("2027-03-08T10:00:00+01:00"))), recorded: at("2027-03-08T10:00:00+01:00"))
        try trail.record(.missingItemsReceived(.init(items: [.account, .domains], at: at("2027-03-10T10:00:00+01:00"))),
                         recorded: at("2027-03-10T10:00:00+01:00"))
        #expect(trail.current.escalation?.phase.isPaused == true)
        #expect(trail.clock(.finalResponse, now: at("2027-03-11T10:00:00+01:00"))?.status == .paused(at("2027-03-08T10:00:00+01:00")))
        try trail.record(.missingItemsReceived(.init(items: [.description, .measures, .previousComplaint], at: at("2027-03-12T10:00:00+01:00"))),
                         recorded: at("2027-03-12T10:00:00+01:00"))
        #expect(trail.current.escalation?.phase.isPaused == false)
        #expect(trail.current.escalation?.phase.pauses.last?.until?.at == at("2027-03-12T10:00:00+01:00"))
    }

    @Test("an abuse report always has a category: other when nobody said")
    func abuseCategory() {
        let report = Intake(kind: .abuse, channel: .web, received: Self.received, customer: "CERT", contact: "cert@example.org",
                            subject: "Something bad", description: "")
        #expect(report.category == .other)
        let complaint = complaintIntake(received: Self.received)
        #expect(complaint.category == nil)
    }
}
