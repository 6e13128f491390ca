import Foundation
import Testing
@testable import CaseDesk

func abuseIntake(received: Date, reporter: ReporterClass = .public, contact: String = "reporter@example.org") -> Intake {
    Intake(kind: .abuse, channel: .email, received: received, customer: "Reporter", contact: contact,
           domains: [try! DomainName("bad.example")], subject: "Phishing at bad.example", description: "A kit at /login.",
           category: .phishing, reporterClass: reporter)
}

/// The abuse desk's clocks in hours (RAA 3.18): exact elapsed time around the clock, or desk hours.
@Suite("Abuse clocks in hours")
struct AbuseClockTests {
    @Test("a law-enforcement report received at 23:10 shows review 23h 50m ten minutes later and is overdue at 23:10 the next day")
    func lawEnforcementAtNight() throws {
        // A Friday night before a weekend: business days do not matter to an around-the-clock clock.
        let received = at("2027-03-05T23:10:00+01:00")
        let trail = try Trail(intake: abuseIntake(received: received, reporter: .lawEnforcement))
        let review = try #require(trail.clock(.review, now: at("2027-03-05T23:20:00+01:00")))
        #expect(review.hours == 24)
        #expect(review.leftText == "23h 50m")
        #expect(review.due == at("2027-03-06T23:10:00+01:00"))
        #expect(trail.clock(.review, now: at("2027-03-06T23:10:00+01:00"))?.status == .open)
        let late = try #require(trail.clock(.review, now: at("2027-03-06T23:10:00.001+01:00")))
        #expect(late.status == .overdue)
        let later = try #require(trail.clock(.review, now: at("2027-03-07T02:20:00+01:00")))
        #expect(later.leftText == "-3h")
        let confirm = try #require(trail.clock(.confirmReceipt, now: at("2027-03-05T23:20:00+01:00")))
        #expect(confirm.leftText == "50m")
        #expect(confirm.isDueSoon)
        // The hour clock is the case's next clock: it orders the queue.
        #expect(trail.procedure.nextClock(trail.current, now: at("2027-03-05T23:20:00+01:00"))?.kind == .confirmReceipt)
    }

    @Test("around the clock counts exact elapsed hours across both European DST switches and midnight", arguments: [
        // Spring forward (28 Mar 2027, 02:00 → 03:00): 24 h after 23:10 CET is 00:10 CEST.
        ("2027-03-27T23:10:00+01:00", "2027-03-29T00:10:00+02:00"),
        // Fall back (31 Oct 2027, 03:00 → 02:00): 24 h after 23:10 CEST is 22:10 CET.
        ("2027-10-30T23:10:00+02:00", "2027-10-31T22:10:00+01:00"),
        // Across midnight on an ordinary night.
        ("2027-06-15T23:59:00+02:00", "2027-06-16T23:59:00+02:00"),
    ])
    func dstSwitches(received: String, due: String) throws {
        let trail = try Trail(intake: abuseIntake(received: at(received), reporter: .lawEnforcement))
        let review = try #require(trail.clock(.review, now: at(received)))
        #expect(review.due == at(due))
        #expect(review.due.timeIntervalSince(at(received)) == 24 * 3600)
        let tenMinutes = at(received).addingTimeInterval(600)
        #expect(trail.clock(.review, now: tenMinutes)?.leftText == "23h 50m")
        let text = review.explanation.text(calendar: saarland)
        #expect(text.first?.contains("24 hours for a law enforcement report, counted around the clock") == true)
    }

    @Test("review hours follow the reporter class, and a change of class with its reason moves the clock")
    func reporterClasses() throws {
        let received = at("2027-03-01T10:00:00+01:00")
        for (reporter, hours) in [(ReporterClass.lawEnforcement, 24), (.trusted, 48), (.public, 72)] {
            let trail = try Trail(intake: abuseIntake(received: received, reporter: reporter))
            #expect(trail.clock(.review, now: received)?.hours == hours)
        }
        var trail = try Trail(intake: abuseIntake(received: received, reporter: .public))
        #expect(trail.refusal(.reporterClassified(.init(reporterClass: .trusted, reason: " ")), at: received)
                == "cannot set the reporter class of case 12: the reason for the change is empty")
        try trail.record(.reporterClassified(.init(reporterClass: .lawEnforcement, reason: "BKA letterhead")), recorded: received)
        #expect(trail.clock(.review, now: received)?.due == at("2027-03-02T10:00:00+01:00"))
        #expect(trail.refusal(.reporterClassified(.init(reporterClass: .lawEnforcement, reason: "again")), at: received)
                == "cannot set the reporter class of case 12: the reporter is already classed as law enforcement")
    }

    @Test("desk hours count only the policy's hours on business days")
    func deskHours() throws {
        var policy = Policy()
        policy.abuse.counting = .deskHours
        policy.abuse.deskHours = DeskHours(start: 8 * 60, end: 18 * 60)
        let procedure = Procedure(policy: policy)
        // Friday 17:30: half an hour today, then Monday from 08:00.
        let received = at("2027-03-05T17:30:00+01:00")
        let trail = try Trail(procedure: procedure, intake: abuseIntake(received: received, reporter: .lawEnforcement))
        let confirm = try #require(trail.clock(.confirmReceipt, now: received))
        #expect(confirm.due == at("2027-03-08T08:30:00+01:00"))
        // Saturday: 30 minutes of desk time left, whatever the wall clock says.
        #expect(trail.clock(.confirmReceipt, now: at("2027-03-06T12:00:00+01:00"))?.leftText == "30m")
        // Review, 24 desk hours: 0.5 h Friday, 10 h Monday, 10 h Tuesday, 3.5 h Wednesday.
        let review = try #require(trail.clock(.review, now: received))
        #expect(review.due == at("2027-03-10T11:30:00+01:00"))
        #expect(review.explanation.text(calendar: saarland).contains { $0.contains("counted in desk hours") })
    }

    @Test("judging evidence meets review; actionable starts decide, a mitigation meets it; late is missed by hours")
    func workingAReport() throws {
        let received = at("2027-03-01T10:00:00+01:00")
        var trail = try Trail(intake: abuseIntake(received: received, reporter: .trusted))
        try trail.record(.receiptConfirmed(.init(at: at("2027-03-01T10:20:00+01:00"))), recorded: at("2027-03-01T10:20:00+01:00"))
        #expect(trail.clock(.confirmReceipt, now: at("2027-03-02T10:00:00+01:00"))?.status == .met(at("2027-03-01T10:20:00+01:00")))
        #expect(trail.clock(.decide, now: received) == nil)
        let judged = at("2027-03-03T12:00:00+01:00")
        try trail.record(.evidenceJudged(.init(actionable: true, reason: "kit live", checked: AbusePolicy.standardChecklist)), recorded: judged)
        let review = try #require(trail.clock(.review, now: judged))
        #expect(review.status == .missed(judged))
        #expect(review.missedByText == "2h")
        let decide = try #require(trail.clock(.decide, now: judged))
        #expect(decide.due == at("2027-03-04T12:00:00+01:00"))
        let held = at("2027-03-03T15:00:00+01:00")
        try trail.record(.mitigated(.init(action: "client-hold", evidence: "screenshot")), recorded: held)
        #expect(trail.clock(.decide, now: held)?.status == .met(held))
    }

    @Test("the procedure judges the abuse moves")
    func refusals() throws {
        let received = at("2027-03-01T10:00:00+01:00")
        let now = at("2027-03-01T11:00:00+01:00")
        var trail = try Trail(intake: abuseIntake(received: received))
        #expect(trail.refusal(.mitigated(.init(action: "shout", evidence: "x")), at: now)?.contains("\"shout\" is not a mitigation action") == true)
        #expect(trail.refusal(.mitigated(.init(action: "registrant-notified", evidence: "x")), at: now)
                == "cannot record a mitigation on case 12: a notice to the registrant names the deadline by which to act (--deadline)")
        #expect(trail.refusal(.mitigationUndone(.init(action: "client-hold", reason: "fixed")), at: now)
                == "cannot undo a mitigation on case 12: no client hold is in place on this report")
        #expect(trail.refusal(.closed(.init(reason: .notOurs)), at: now)?.contains("not-ours follows forwarding") == true)
        #expect(trail.refusal(.closed(.init(reason: .mitigated)), at: now)?.contains("no mitigation is recorded") == true)
        #expect(trail.refusal(.closed(.init(reason: .noAction)), at: now) == "cannot close case 12: no-action names its reason (--note)")
        #expect(trail.refusal(.associatedNamesReviewed(.init(reviewed: 3)), at: now)?.contains("after a mitigation") == true)
        #expect(trail.refusal(.evidenceJudged(.init(actionable: true, reason: "x", checked: ["made up"])), at: now)
                == "cannot judge the evidence of case 12: \"made up\" is not an item of the policy's evidence checklist")
        try trail.record(.mitigated(.init(action: "clientHold", evidence: "x")), recorded: now)
        #expect(trail.current.standingMitigations.first?.typed == .clientHold)
        #expect(trail.refusal(.mitigated(.init(action: "client-hold", evidence: "again")), at: now)?.contains("already recorded client hold") == true)
        try trail.record(.mitigationUndone(.init(action: "client-hold", reason: "site cleaned")), recorded: now)
        #expect(trail.current.standingMitigations.isEmpty)
        #expect(trail.current.mitigations.first?.undoReason == "site cleaned")
        try trail.record(.associatedNamesReviewed(.init(reviewed: 4, found: ["bad2.example"])), recorded: now)
        #expect(trail.refusal(.mitigationUndone(.init(action: "registrant-notified", reason: "x")), at: now)?.contains("cannot be undone") == true)
        try trail.record(.closed(.init(reason: .mitigated)), recorded: now)
        #expect(trail.current.closure?.reason == .mitigated)
        // A complaint cannot take an abuse outcome, nor an abuse move.
        let complaint = try Trail(intake: complaintIntake(received: received))
        #expect(complaint.refusal(.closed(.init(reason: .mitigated)), at: now)?.contains("is an outcome of abuse reports") == true)
        #expect(complaint.refusal(.receiptConfirmed(.init(at: now)), at: now) == "cannot confirm receipt of case 12: this move is made on abuse reports")
    }

    @Test("hour durations read as the desk reads them")
    func durations() {
        #expect(HourDuration(seconds: 5 * 3600 + 20 * 60).text == "5h 20m")
        #expect(HourDuration(seconds: 3 * 3600).text == "3h")
        #expect(HourDuration(seconds: 45 * 60).text == "45m")
        #expect(HourDuration(seconds: -3 * 3600 - 59).text == "-3h")
        #expect(HourDuration(seconds: -20 * 60).text == "-20m")
        #expect(HourDuration(seconds: 5 * 3600 + 20 * 60).compactText == "5h")
    }

    @Test("the reporter class comes from the policy's lists of addresses and domains")
    func reporterFromAddress() {
        var policy = AbusePolicy()
        policy.lawEnforcement = ["bka.bund.de", "officer@police.example"]
        policy.trusted = ["netbeacon.org"]
        #expect(policy.reporterClass(of: "Abuse@Reports.NetBeacon.org") == .trusted)
        #expect(policy.reporterClass(of: "x@bka.bund.de") == .lawEnforcement)
        #expect(policy.reporterClass(of: "officer@police.example") == .lawEnforcement)
        #expect(policy.reporterClass(of: "other@police.example") == .public)
        #expect(policy.reporterClass(of: "someone@notnetbeacon.org") == .public)
    }
}
