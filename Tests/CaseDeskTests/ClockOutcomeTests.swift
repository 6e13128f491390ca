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

    @Test("a supervisor target overdue when the formal complaint arrives stays missed")
    func movingOnKeepsMissed() throws {
        var trail = try Trail(intake: complaintIntake(received: Self.received))
        let formal = at("2027-03-22T10:00:00+01:00")
        try trail.record(.formalComplaintFiled(.init(received: formal, channel: .email)), recorded: formal)
        // Target: 10 business days after Mon 1 Mar, Mon 15 Mar; the case moved on a week later.
        #expect(trail.clock(.supervisorTarget, now: at("2027-05-01T10:00:00+02:00"))?.status == .unkept(formal))
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
}
