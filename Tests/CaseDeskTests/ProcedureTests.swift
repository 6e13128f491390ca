import Foundation
import Testing
@testable import CaseDesk

@Suite("The procedure: every allowed move and every refusal")
struct ProcedureTests {
    /// A complaint received Thu 25 Mar 2027, formal complaint Wed 31 Mar, answered, escalated, finished.
    @Test("a complaint goes through every stage and each clock says the truth")
    func wholeJourney() throws {
        var trail = try Trail(intake: complaintIntake(received: at("2027-03-18T09:00:00+01:00")))
        let supervisorTarget = try #require(trail.clock(.supervisorTarget, now: at("2027-03-19T09:00:00+01:00")))
        #expect(supervisorTarget.status == .open)
        // Thu 18 Mar + 10 business days, Good Friday and Easter Monday skipped.
        #expect(saarland.iso8601(supervisorTarget.due) == "2027-04-05T23:59:59+02:00")

        try trail.record(.assigned(.init(to: "bob")), recorded: at("2027-03-18T09:30:00+01:00"))
        try trail.record(.responded(.init(summary: "Explained the transfer lock", at: at("2027-03-22T10:00:00+01:00"))),
                         by: "bob", recorded: at("2027-03-22T10:05:00+01:00"))
        #expect(trail.clock(.supervisorTarget, now: at("2027-03-23T09:00:00+01:00"))?.status == .met(at("2027-03-22T10:00:00+01:00")))

        // Stage 2: the formal complaint arrives Thursday before Easter.
        try trail.record(.formalComplaintFiled(.init(received: at("2027-03-25T10:00:00+01:00"), channel: .email)),
                         recorded: at("2027-03-25T10:10:00+01:00"))
        #expect(trail.current.stage == .headOfSupport)
        let ack = try #require(trail.clock(.acknowledge, now: at("2027-03-25T11:00:00+01:00")))
        #expect(saarland.iso8601(ack.due) == "2027-03-31T23:59:59+02:00")
        #expect(ack.explanation.text(calendar: saarland).contains("  Fri 26 Mar 2027  skipped: Good Friday"))
        let respond = try #require(trail.clock(.respond, now: at("2027-03-25T11:00:00+01:00")))
        #expect(saarland.iso8601(respond.due) == "2027-04-12T23:59:59+02:00")

        try trail.record(.acknowledged(.init(at: at("2027-03-30T09:00:00+02:00"))), by: "carol",
                         recorded: at("2027-03-30T09:00:00+02:00"))
        #expect(trail.clock(.acknowledge, now: at("2027-03-30T10:00:00+02:00"))?.status == .met(at("2027-03-30T09:00:00+02:00")))
        #expect(trail.refusal(.acknowledged(.init(at: at("2027-03-30T10:00:00+02:00"))), at: at("2027-03-30T10:00:00+02:00"))
                == "cannot acknowledge case 12: already acknowledged on Tue 30 Mar 2027 by carol")

        // Extension: before the due date, to a later business day.
        try trail.record(.extensionNotified(.init(promised: day("2027-04-20"), at: at("2027-04-08T12:00:00+02:00"))), by: "carol",
                         recorded: at("2027-04-08T12:00:00+02:00"))
        let extended = try #require(trail.clock(.respond, now: at("2027-04-13T12:00:00+02:00")))
        #expect(saarland.iso8601(extended.due) == "2027-04-20T23:59:59+02:00")
        #expect(extended.status == .open)

        try trail.record(.responded(.init(summary: "Lock removed, apology", at: at("2027-04-19T16:00:00+02:00"))), by: "carol",
                         recorded: at("2027-04-19T16:00:00+02:00"))
        #expect(trail.clock(.respond, now: at("2027-04-19T17:00:00+02:00"))?.status == .met(at("2027-04-19T16:00:00+02:00")))
        let window = try #require(trail.clock(.window, now: at("2027-04-20T10:00:00+02:00")))
        #expect(window.status == .open)
        // 20 business days after Mon 19 Apr 2027, Ascension (6 May) and Whit Monday (17 May) skipped.
        #expect(saarland.iso8601(window.due) == "2027-05-19T23:59:59+02:00")

        // Stage 3: a written escalation with the marker in the subject, in time.
        let filing = trail.procedure.escalationFiling(
            for: trail.current, received: at("2027-05-03T09:00:00+02:00"), channel: .email,
            heading: "Beschwerde: Transfer immer noch blockiert",
            items: [.name, .contact, .account, .domains, .description, .measures, .previousComplaint])
        #expect(filing.items.contains(.marker))
        #expect(!filing.late)
        try trail.record(.escalationReceived(filing), recorded: at("2027-05-03T09:05:00+02:00"))
        let checklist = try #require(trail.procedure.checklist(trail.current))
        #expect(checklist.isComplete)
        #expect(trail.clock(.window, now: at("2027-05-03T10:00:00+02:00"))?.status == .met(at("2027-05-03T09:00:00+02:00")))
        let finalClock = try #require(trail.clock(.finalResponse, now: at("2027-05-03T10:00:00+02:00")))
        // Mon 3 May + 10 business days, Ascension (Thu 6 May) and Whit Monday (17 May) skipped.
        #expect(saarland.iso8601(finalClock.due) == "2027-05-19T23:59:59+02:00")

        try trail.record(.acknowledged(.init(at: at("2027-05-04T09:00:00+02:00"))), by: "carol", recorded: at("2027-05-04T09:00:00+02:00"))
        try trail.record(.finalResponseSent(.init(summary: "Final answer", at: at("2027-05-12T09:00:00+02:00"))), by: "carol",
                         recorded: at("2027-05-12T09:00:00+02:00"))
        #expect(trail.current.stage == .finalResponse)
        #expect(trail.current.status == .closed)
        #expect(trail.current.closure?.reason == .finalResponse)
        let all = trail.procedure.clocks(trail.current, now: at("2027-06-01T09:00:00+02:00"))
        #expect(all.map(\.kind) == [.supervisorTarget, .acknowledge, .respond, .window, .escalationAcknowledge, .finalResponse])
        #expect(all.allSatisfy { if case .met = $0.status { true } else { false } })
        #expect(trail.procedure.nextClock(trail.current, now: at("2027-06-01T09:00:00+02:00")) == nil)

        // The fold of the trail is the state the checks built.
        #expect(try CaseState.fold(trail.events) == trail.current)
    }

    @Test("an extension sent after the due moment does not rescue the clock")
    func lateExtension() throws {
        var trail = try Trail(intake: complaintIntake(received: at("2027-03-25T10:00:00+01:00"), stage: .headOfSupport))
        // The store refuses a late extension outright…
        #expect(trail.refusal(.extensionNotified(.init(promised: day("2027-04-30"), at: at("2027-04-13T09:00:00+02:00"))),
                              at: at("2027-04-13T09:00:00+02:00"))
                == "cannot send an extension notice on case 12: the answer was due Mon 12 Apr 2027 23:59; an extension notice sent after that cannot rescue the clock (record the answer instead)")
        // …and a trail that holds one (an older record) still judges the clock missed.
        let late = Event(caseNumber: 12, sequence: 2, recorded: at("2027-04-13T09:00:00+02:00"), actor: "carol",
                         change: .extensionNotified(.init(promised: day("2027-04-30"), at: at("2027-04-13T09:00:00+02:00"))))
        var state = trail.current
        state.fold(late)
        let respond = try #require(trail.procedure.clocks(state, now: at("2027-04-14T09:00:00+02:00")).first { $0.kind == .respond })
        #expect(saarland.iso8601(respond.due) == "2027-04-12T23:59:59+02:00")
        #expect(respond.status == .overdue)
        #expect(respond.left?.text == "-1bd 9h")
        #expect(respond.explanation.text(calendar: saarland).contains { $0.contains("was sent after the answer was due") })
        try trail.record(.responded(.init(summary: "late", at: at("2027-04-14T09:00:00+02:00"))), by: "carol",
                         recorded: at("2027-04-14T09:00:00+02:00"))
        #expect(trail.clock(.respond, now: at("2027-04-15T09:00:00+02:00"))?.status == .missed(at("2027-04-14T09:00:00+02:00")))
    }

    @Test("extension dates that cannot be")
    func impossibleExtensions() throws {
        let trail = try Trail(intake: complaintIntake(received: at("2027-03-25T10:00:00+01:00"), stage: .headOfSupport))
        let now = at("2027-04-01T09:00:00+02:00")
        #expect(trail.refusal(.extensionNotified(.init(promised: day("2027-04-12"), at: now)), at: now)
                == "cannot send an extension notice on case 12: the promised date Mon 12 Apr 2027 is not after the current due date Mon 12 Apr 2027")
        #expect(trail.refusal(.extensionNotified(.init(promised: day("2027-04-17"), at: now)), at: now)
                == "cannot send an extension notice on case 12: Sat 17 Apr 2027 is not a business day (weekend)")
        #expect(trail.refusal(.extensionNotified(.init(promised: day("2027-05-06"), at: now)), at: now)
                == "cannot send an extension notice on case 12: Thu 6 May 2027 is not a business day (Ascension Day)")
        #expect(trail.refusal(.extensionNotified(.init(promised: day("2027-05-07"), at: at("2027-04-02T09:00:00+02:00"))), at: now)
                == "cannot send an extension notice on case 12: the time of the extension notice, Fri 2 Apr 2027 09:00, is in the future")
    }

    @Test("refusals at the supervisor stage", arguments: [
        (Change.acknowledged(.init(at: at("2027-03-26T09:00:00+01:00"))),
         "cannot acknowledge case 12: it is at the supervisor stage; the procedure promises an acknowledgement and an answer date only for a formal complaint (stage 2) and an escalation (stage 3)"),
        (Change.finalResponseSent(.init(summary: "x", at: at("2027-03-26T09:00:00+01:00"))),
         "cannot record the final response on case 12: it is at the supervisor stage; the final response answers an escalation; at this stage record the response (respond)"),
        (Change.escalationReceived(.init(received: at("2027-03-26T09:00:00+01:00"), channel: .email, heading: nil, items: [], late: false)),
         "cannot record an escalation on case 12: it is at the supervisor stage; an escalation follows the head of customer support's answer; a customer unhappy with the first answer files a formal complaint (formal)"),
        (Change.closed(.init(reason: .lapsed)),
         "cannot close case 12: a case lapses by itself when the customer's window runs out; choose satisfied, withdrawn, duplicate or invalid"),
        (Change.closed(.init(reason: .duplicate)), "cannot close case 12: a duplicate closure names the case it duplicates"),
        (Change.closed(.init(reason: .duplicate, duplicateOf: 12)), "cannot close case 12: a case cannot be a duplicate of itself"),
        (Change.reopened(.init(reason: "why not")), "cannot reopen case 12: it is open"),
        (Change.assigned(.init(to: nil)), "cannot assign case 12: it is not assigned to anyone"),
        (Change.noted(.init(text: "  ")), "cannot add a note to case 12: the note is empty"),
        (Change.responded(.init(summary: "x", at: at("2027-03-24T09:00:00+01:00"))),
         "cannot record the response on case 12: the time of the response, Wed 24 Mar 2027 09:00, is before the message arrived (Thu 25 Mar 2027 10:00)"),
        (Change.formalComplaintFiled(.init(received: at("2027-03-27T09:00:00+01:00"), channel: .email)),
         "cannot file a formal complaint on case 12: the supervisor has not answered yet; a formal complaint follows the first answer (one that arrives first-hand opens its own case at the head of customer support stage)"),
        (Change.lapsed(.init(windowEnded: at("2027-03-26T09:00:00+01:00"))),
         "cannot lapse case 12: it is at the supervisor stage; only a case waiting on the customer after the head of support's answer can lapse"),
        (Change.paused(.init(at: at("2027-03-26T09:00:00+01:00"))),
         "cannot pause the clock of case 12: the policy does not allow pausing a clock (pause_while_waiting_on_customer is off)"),
        (Change.mitigated(.init(action: "clientHold", evidence: "x")), "cannot record a mitigation on case 12: mitigations are recorded on abuse reports"),
    ])
    func supervisorStageRefusals(change: Change, message: String) throws {
        let trail = try Trail(intake: complaintIntake(received: at("2027-03-25T10:00:00+01:00")))
        #expect(trail.refusal(change, at: at("2027-03-26T10:00:00+01:00")) == message)
    }

    @Test("an empty required field is a missing field, not a refusal")
    func missingFields() throws {
        let trail = try Trail(intake: complaintIntake(received: at("2027-03-25T10:00:00+01:00")))
        let now = at("2027-03-26T10:00:00+01:00")
        func problem(_ change: Change) -> TransitionError.Problem? {
            do {
                try trail.procedure.check(change, on: trail.state!, now: now)
                return nil
            } catch {
                return error.problem
            }
        }
        #expect(problem(.noted(.init(text: " \n "))) == .missing("the note"))
        #expect(problem(.responded(.init(summary: " ", at: now))) == .missing("the summary of the response"))
        #expect(problem(.closed(.init(reason: .duplicate)))
                == .missing("the case it duplicates", rule: "a duplicate closure names the case it duplicates"))
        #expect(problem(.closed(.init(reason: .duplicate, duplicateOf: 12))) == .refused("a case cannot be a duplicate of itself"))
    }

    @Test("a closed case refuses work and reopens only with a reason")
    func closedCase() throws {
        var trail = try Trail(intake: complaintIntake(received: at("2027-03-25T10:00:00+01:00")))
        try trail.record(.closed(.init(reason: .satisfied)), recorded: at("2027-03-26T10:00:00+01:00"))
        #expect(trail.refusal(.responded(.init(summary: "x", at: at("2027-03-29T09:00:00+02:00"))), at: at("2027-03-29T10:00:00+02:00"))
                == "cannot record the response on case 12: it was closed (customer satisfied) on Fri 26 Mar 2027")
        #expect(trail.refusal(.closed(.init(reason: .withdrawn)), at: at("2027-03-29T10:00:00+02:00"))
                == "cannot close case 12: it was closed (customer satisfied) on Fri 26 Mar 2027")
        #expect(trail.refusal(.reopened(.init(reason: "")), at: at("2027-03-29T10:00:00+02:00"))
                == "cannot reopen case 12: the reason for reopening is empty")
        #expect(trail.clock(.supervisorTarget, now: at("2027-03-29T10:00:00+02:00"))?.status == .notDue(at("2027-03-26T10:00:00+01:00")))
        // Notes stay possible on a closed case.
        try trail.record(.noted(.init(text: "customer called to thank us")), recorded: at("2027-03-29T10:00:00+02:00"))
        try trail.record(.reopened(.init(reason: "customer wrote again")), recorded: at("2027-03-30T10:00:00+02:00"))
        #expect(trail.current.isOpen)
        #expect(trail.current.reopenings.count == 1)
        #expect(trail.clock(.supervisorTarget, now: at("2027-03-30T11:00:00+02:00"))?.status == .open)
    }

    @Test("the customer's window lapses once, and a late escalation needs a decision")
    func lapseAndLateEscalation() throws {
        var trail = try Trail(intake: complaintIntake(received: at("2027-03-01T10:00:00+01:00"), stage: .headOfSupport))
        try trail.record(.responded(.init(summary: "answer", at: at("2027-03-05T10:00:00+01:00"))), by: "carol",
                         recorded: at("2027-03-05T10:00:00+01:00"))
        let end = trail.procedure.windowEnd(answeredAt: at("2027-03-05T10:00:00+01:00"))
        // 20 business days after Fri 5 Mar 2027, Good Friday and Easter Monday skipped.
        #expect(saarland.iso8601(end) == "2027-04-06T23:59:59+02:00")
        #expect(trail.procedure.lapseDue(trail.current, now: at("2027-04-06T20:00:00+02:00")) == nil)
        let lapse = try #require(trail.procedure.lapseDue(trail.current, now: at("2027-04-07T08:00:00+02:00")))
        #expect(trail.refusal(lapse, at: at("2027-04-06T20:00:00+02:00"))
                == "cannot lapse case 12: the customer's window is open until Tue 6 Apr 2027 23:59")
        try trail.record(lapse, by: "sweeper", recorded: at("2027-04-07T08:00:00+02:00"))
        #expect(trail.current.closure?.reason == .lapsed)
        #expect(trail.procedure.lapseDue(trail.current, now: at("2027-04-08T08:00:00+02:00")) == nil)
        #expect(trail.refusal(lapse, at: at("2027-04-08T08:00:00+02:00")) == "cannot lapse case 12: it was closed (lapsed (escalation window ran out)) on Tue 6 Apr 2027")
        #expect(trail.clock(.window, now: at("2027-04-08T08:00:00+02:00"))?.status == .ended)

        // A letter arrives after the window: recorded as late, the case opens again at stage 3.
        let phone = Change.escalationReceived(trail.procedure.escalationFiling(
            for: trail.current, received: at("2027-04-09T09:00:00+02:00"), channel: .phone, heading: nil, items: []))
        #expect(trail.refusal(phone, at: at("2027-04-09T10:00:00+02:00"))
                == "cannot record an escalation on case 12: an escalation must be in writing (email, fax, letter or web), not by phone; ask the customer to write")
        let filing = trail.procedure.escalationFiling(
            for: trail.current, received: at("2027-04-09T09:00:00+02:00"), channel: .letter, heading: "PLAINTE", items: [.name, .contact])
        #expect(filing.late)
        try trail.record(.escalationReceived(filing), recorded: at("2027-04-09T10:00:00+02:00"))
        // Late on a lapsed case: it stays closed until the head of support decides.
        #expect(!trail.current.isOpen)
        #expect(trail.current.stage == .escalation)
        let checklist = try #require(trail.procedure.checklist(trail.current))
        #expect(checklist.late)
        #expect(checklist.markerFound)
        #expect(checklist.missing == [.account, .domains, .description, .measures, .previousComplaint])
        #expect(checklist.summary.hasPrefix("incomplete: missing account information; domain name(s) concerned;"))
        #expect(trail.clock(.window, now: at("2027-04-09T10:00:00+02:00"))?.status == .missed(at("2027-04-09T09:00:00+02:00")))
        #expect(trail.refusal(.finalResponseSent(.init(summary: "x", at: at("2027-04-12T09:00:00+02:00"))), at: at("2027-04-12T10:00:00+02:00"))
                == "cannot record the final response on case 12: the escalation arrived after the window closed; the head of support decides first whether to accept it")
        try trail.record(.lateEscalationDecided(.init(accepted: true, reason: "postal delay")), by: "carol",
                         recorded: at("2027-04-12T09:00:00+02:00"))
        #expect(trail.refusal(.lateEscalationDecided(.init(accepted: false, reason: "x")), at: at("2027-04-12T10:00:00+02:00"))
                == "cannot decide on the late escalation of case 12: already accepted on Mon 12 Apr 2027 by carol")
        try trail.record(.missingItemsReceived(.init(items: [.account, .domains, .description, .measures, .previousComplaint],
                                                     at: at("2027-04-13T09:00:00+02:00"))),
                         recorded: at("2027-04-13T09:00:00+02:00"))
        #expect(trail.procedure.checklist(trail.current)?.isComplete == true)
        #expect(trail.refusal(.missingItemsReceived(.init(items: [.measures], at: at("2027-04-13T09:00:00+02:00"))), at: at("2027-04-13T10:00:00+02:00"))
                == "cannot record missing items on case 12: the escalation is complete; nothing is missing")
    }

    @Test("a final response reopened by the head puts the escalation back on the desk")
    func reopenAfterFinal() throws {
        var trail = try Trail(intake: complaintIntake(received: at("2027-03-01T10:00:00+01:00"), stage: .headOfSupport))
        try trail.record(.responded(.init(summary: "answer", at: at("2027-03-05T10:00:00+01:00"))), recorded: at("2027-03-05T10:00:00+01:00"))
        let filing = trail.procedure.escalationFiling(for: trail.current, received: at("2027-03-08T09:00:00+01:00"), channel: .email,
                                                      heading: "complaint", items: Set(ChecklistItem.allCases))
        try trail.record(.escalationReceived(filing), recorded: at("2027-03-08T09:00:00+01:00"))
        try trail.record(.finalResponseSent(.init(summary: "final", at: at("2027-03-10T09:00:00+01:00"))), recorded: at("2027-03-10T09:00:00+01:00"))
        try trail.record(.reopened(.init(reason: "the customer proved us wrong")), recorded: at("2027-03-15T09:00:00+01:00"))
        #expect(trail.current.stage == .escalation)
        #expect(trail.current.isOpen)
        #expect(trail.refusal(.responded(.init(summary: "x", at: at("2027-03-15T10:00:00+01:00"))), at: at("2027-03-15T10:00:00+01:00"))
                == "cannot record the response on case 12: it is at the escalation stage; the answer to an escalation is the final response (final)")
        try trail.record(.finalResponseSent(.init(summary: "corrected final answer", at: at("2027-03-16T09:00:00+01:00"))),
                         recorded: at("2027-03-16T09:00:00+01:00"))
        #expect(trail.current.closure?.reason == .finalResponse)
        // The promise was judged on the first final response, in time.
        #expect(trail.clock(.finalResponse, now: at("2027-03-17T09:00:00+01:00"))?.status == .met(at("2027-03-10T09:00:00+01:00")))
        #expect(try CaseState.fold(trail.events) == trail.current)
    }

    @Test("a refused late escalation closes the case again")
    func refusedLateEscalation() throws {
        var trail = try Trail(intake: complaintIntake(received: at("2027-03-01T10:00:00+01:00"), stage: .headOfSupport))
        try trail.record(.responded(.init(summary: "answer", at: at("2027-03-05T10:00:00+01:00"))), recorded: at("2027-03-05T10:00:00+01:00"))
        let filing = trail.procedure.escalationFiling(for: trail.current, received: at("2027-05-03T09:00:00+02:00"), channel: .email,
                                                      heading: "complaint", items: [])
        try trail.record(.escalationReceived(filing), recorded: at("2027-05-03T09:00:00+02:00"))
        try trail.record(.lateEscalationDecided(.init(accepted: false, reason: "two months late")), recorded: at("2027-05-04T09:00:00+02:00"))
        #expect(trail.current.status == .closed)
        #expect(trail.current.closure?.reason == .lapsed)
        #expect(trail.current.closure?.note == "two months late")
    }

    @Test("the escalation must say whether it is late, truthfully")
    func lateFlagIsChecked() throws {
        var trail = try Trail(intake: complaintIntake(received: at("2027-03-01T10:00:00+01:00"), stage: .headOfSupport))
        try trail.record(.responded(.init(summary: "answer", at: at("2027-03-05T10:00:00+01:00"))), recorded: at("2027-03-05T10:00:00+01:00"))
        let lie = Change.escalationReceived(.init(received: at("2027-03-08T09:00:00+01:00"), channel: .email, heading: nil, items: [], late: true))
        #expect(trail.refusal(lie, at: at("2027-03-08T10:00:00+01:00"))
                == "cannot record an escalation on case 12: the escalation arrived within the window and cannot be recorded as late")
    }

    /// A complaint answered Fri 5 Mar 2027 and escalated Mon 8 Mar with only name and contact, on a
    /// policy that lets the clock pause while the desk waits for the rest.
    static func incompleteEscalationWithPausing() throws -> Trail {
        var policy = Policy()
        policy.pauseWhileWaitingOnCustomer = true
        var trail = try Trail(procedure: Procedure(policy: policy),
                              intake: complaintIntake(received: at("2027-03-01T10:00:00+01:00"), stage: .headOfSupport))
        try trail.record(.responded(.init(summary: "answer", at: at("2027-03-05T10:00:00+01:00"))), recorded: at("2027-03-05T10:00:00+01:00"))
        let filing = trail.procedure.escalationFiling(for: trail.current, received: at("2027-03-08T09:00:00+01:00"), channel: .email,
                                                      heading: "Complaint", items: [.name, .contact])
        try trail.record(.escalationReceived(filing), recorded: at("2027-03-08T09:00:00+01:00"))
        return trail
    }

    @Test("pausing while waiting for missing items credits the business days back")
    func pauseCredit() throws {
        var trail = try Self.incompleteEscalationWithPausing()
        let before = try #require(trail.clock(.finalResponse, now: at("2027-03-08T10:00:00+01:00")))
        #expect(saarland.iso8601(before.due) == "2027-03-22T23:59:59+01:00")
        try trail.record(.paused(.init(at: at("2027-03-09T09:00:00+01:00"))), recorded: at("2027-03-09T09:00:00+01:00"))
        let paused = try #require(trail.clock(.finalResponse, now: at("2027-03-10T10:00:00+01:00")))
        #expect(paused.status == .paused(at("2027-03-09T09:00:00+01:00")))
        #expect(paused.left == nil)
        #expect(trail.refusal(.paused(.init(at: at("2027-03-10T09:00:00+01:00"))), at: at("2027-03-10T10:00:00+01:00"))
                == "cannot pause the clock of case 12: already paused on Tue 9 Mar 2027 by alice")
        // Items arrive Friday: Wed, Thu, Fri (3 business days) are credited back.
        try trail.record(.missingItemsReceived(.init(items: [.account, .domains, .description, .measures, .previousComplaint],
                                                     at: at("2027-03-12T09:00:00+01:00"))),
                         recorded: at("2027-03-12T09:00:00+01:00"))
        let resumed = try #require(trail.clock(.finalResponse, now: at("2027-03-12T10:00:00+01:00")))
        #expect(resumed.status == .open)
        #expect(saarland.iso8601(resumed.due) == "2027-03-25T23:59:59+01:00")
        let text = resumed.explanation.text(calendar: saarland)
        #expect(text.contains("paused Tue 9 Mar 2027 09:00 until Fri 12 Mar 2027 09:00: 3 business days credited back"))
        #expect(text.contains("  Thu 25 Mar 2027  day 13 (credited back for the pause)"))
    }

    @Test("an extension notice sent after a pause is judged with the pause's credit, as the check judged it")
    func extensionAfterPause() throws {
        var trail = try Self.incompleteEscalationWithPausing()
        try trail.record(.paused(.init(at: at("2027-03-09T09:00:00+01:00"))), recorded: at("2027-03-09T09:00:00+01:00"))
        try trail.record(.missingItemsReceived(.init(items: [.account, .domains, .description, .measures, .previousComplaint],
                                                     at: at("2027-03-16T09:00:00+01:00"))), recorded: at("2027-03-16T09:00:00+01:00"))
        // Due Mon 22 Mar, plus 5 business days credited (Good Friday and Easter Monday skipped): Wed 31 Mar.
        // A notice on Wed 24 Mar is in time, judged against that.
        let resumed = try #require(trail.clock(.finalResponse, now: at("2027-03-17T09:00:00+01:00")))
        #expect(saarland.iso8601(resumed.due) == "2027-03-31T23:59:59+02:00")
        try trail.record(.extensionNotified(.init(promised: day("2027-04-09"), at: at("2027-03-24T09:00:00+01:00"))),
                         recorded: at("2027-03-24T09:00:00+01:00"))
        let final = try #require(trail.clock(.finalResponse, now: at("2027-03-25T09:00:00+01:00")))
        #expect(saarland.iso8601(final.due) == "2027-04-09T23:59:59+02:00")
        #expect(final.explanation.text(calendar: saarland).contains { $0.contains("the clock runs to that date") })
    }

    @Test("the fold: a resumption ends the escalation's open pause; status follows the closure through close and reopen")
    func foldPauseAndStatus() throws {
        var trail = try Self.incompleteEscalationWithPausing()
        try trail.record(.paused(.init(at: at("2027-03-09T09:00:00+01:00"))), recorded: at("2027-03-09T09:00:00+01:00"))
        #expect(trail.current.escalation?.phase.isPaused == true)
        try trail.record(.resumed(.init(at: at("2027-03-10T09:00:00+01:00"))), recorded: at("2027-03-10T09:00:00+01:00"))
        let phase = try #require(trail.current.currentPhase)
        #expect(phase == trail.current.escalation?.phase)
        #expect(!phase.isPaused)
        #expect(phase.pauses.map(\.until?.at) == [at("2027-03-10T09:00:00+01:00")])
        #expect(trail.current.status == .open)
        try trail.record(.closed(.init(reason: .withdrawn)), recorded: at("2027-03-10T10:00:00+01:00"))
        #expect(trail.current.status == .closed)
        #expect(!trail.current.isOpen)
        try trail.record(.reopened(.init(reason: "customer wrote again")), recorded: at("2027-03-10T11:00:00+01:00"))
        #expect(trail.current.status == .open)
        #expect(trail.current.closure == nil)
        #expect(trail.current.reopenings.map(\.reason) == ["customer wrote again"])
    }

    @Test("a pause credited across Easter: the explanation skips the holidays and numbers the credited days; unexplained clocks agree")
    func pauseCreditAcrossEaster() throws {
        var trail = try Self.incompleteEscalationWithPausing()
        try trail.record(.paused(.init(at: at("2027-03-09T09:00:00+01:00"))), recorded: at("2027-03-09T09:00:00+01:00"))
        try trail.record(.missingItemsReceived(.init(items: [.account, .domains, .description, .measures, .previousComplaint],
                                                     at: at("2027-03-16T09:00:00+01:00"))), recorded: at("2027-03-16T09:00:00+01:00"))
        let now = at("2027-03-17T09:00:00+01:00")
        let resumed = try #require(trail.clock(.finalResponse, now: now))
        let text = resumed.explanation.text(calendar: saarland)
        let credit = [
            "  Tue 23 Mar 2027  day 11 (credited back for the pause)",
            "  Wed 24 Mar 2027  day 12 (credited back for the pause)",
            "  Thu 25 Mar 2027  day 13 (credited back for the pause)",
            "  Fri 26 Mar 2027  skipped: Good Friday",
            "  Sat 27 Mar 2027  skipped: weekend",
            "  Sun 28 Mar 2027  skipped: weekend",
            "  Mon 29 Mar 2027  skipped: Easter Monday",
            "  Tue 30 Mar 2027  day 14 (credited back for the pause)",
            "  Wed 31 Mar 2027  day 15 (credited back for the pause)",
        ]
        let first = try #require(text.firstIndex(of: credit[0]), "\(text)")
        #expect(Array(text[first..<min(text.count, first + credit.count)]) == credit)
        let quick = trail.procedure.clocks(trail.current, now: now, explained: false).first { $0.kind == .finalResponse }
        #expect(quick?.due == resumed.due)
    }

    @Test("a formal complaint that arrives first-hand starts at stage 2; feedback has no procedure")
    func openings() throws {
        let now = at("2027-03-26T10:00:00+01:00")
        let procedure = Procedure()
        var feedback = complaintIntake(received: at("2027-03-25T10:00:00+01:00"), stage: .headOfSupport)
        feedback.kind = .feedback
        #expect(throws: TransitionError(caseNumber: 3, action: .intake, problem: .noProcedure(.feedback))) {
            try procedure.checkOpening(feedback, number: 3, now: now)
        }
        var empty = complaintIntake(received: at("2027-03-25T10:00:00+01:00"))
        empty.customer = " "
        #expect(throws: TransitionError(caseNumber: 3, action: .intake, problem: .refused("the customer's name is empty"))) {
            try procedure.checkOpening(empty, number: 3, now: now)
        }
        let future = complaintIntake(received: at("2027-03-27T10:00:00+01:00"))
        #expect(throws: TransitionError.self) { try procedure.checkOpening(future, number: 3, now: now) }

        feedback.stage = .supervisor
        var trail = try Trail(intake: feedback)
        #expect(trail.procedure.clocks(trail.current, now: now).isEmpty)
        #expect(trail.refusal(.formalComplaintFiled(.init(received: now, channel: .email)), at: now)
                == "cannot file a formal complaint on case 12: a feedback case has no procedure stages (it is routed, answered and closed)")
        try trail.record(.responded(.init(summary: "routed to the DNS team", at: now)), recorded: now)
        try trail.record(.closed(.init(reason: .satisfied)), recorded: now)
        #expect(trail.current.status == .closed)
    }

    @Test("an escalation cannot come twice; a stage-2 answer cannot be given twice")
    func noDoubles() throws {
        var trail = try Trail(intake: complaintIntake(received: at("2027-03-01T10:00:00+01:00"), stage: .headOfSupport))
        try trail.record(.responded(.init(summary: "answer", at: at("2027-03-05T10:00:00+01:00"))), by: "carol", recorded: at("2027-03-05T10:00:00+01:00"))
        #expect(trail.refusal(.responded(.init(summary: "again", at: at("2027-03-08T10:00:00+01:00"))), at: at("2027-03-08T10:00:00+01:00"))
                == "cannot record the response on case 12: already answered on Fri 5 Mar 2027 by carol")
        #expect(trail.refusal(.acknowledged(.init(at: at("2027-03-08T10:00:00+01:00"))), at: at("2027-03-08T10:00:00+01:00"))
                == "cannot acknowledge case 12: already answered (which acknowledges it) on Fri 5 Mar 2027 by carol")
        // The answer stops the acknowledgement clock too, here two days after it was due (Wed 3 Mar).
        #expect(trail.clock(.acknowledge, now: at("2027-03-08T10:00:00+01:00"))?.status == .missed(at("2027-03-05T10:00:00+01:00")))
        let filing = trail.procedure.escalationFiling(for: trail.current, received: at("2027-03-08T09:00:00+01:00"), channel: .fax, heading: "complaint", items: [])
        try trail.record(.escalationReceived(filing), recorded: at("2027-03-08T09:00:00+01:00"))
        #expect(trail.refusal(.escalationReceived(filing), at: at("2027-03-09T09:00:00+01:00"))
                == "cannot record an escalation on case 12: already escalated (received) on Mon 8 Mar 2027 by the customer")
        #expect(trail.refusal(.responded(.init(summary: "x", at: at("2027-03-09T09:00:00+01:00"))), at: at("2027-03-09T09:00:00+01:00"))
                == "cannot record the response on case 12: it is at the escalation stage; the answer to an escalation is the final response (final)")
    }

    @Test("the queue's next clock: overdue desk clocks first, the customer's window last")
    func nextClock() throws {
        var trail = try Trail(intake: complaintIntake(received: at("2027-03-01T10:00:00+01:00"), stage: .headOfSupport))
        let next = try #require(trail.procedure.nextClock(trail.current, now: at("2027-03-02T10:00:00+01:00")))
        #expect(next.kind == .acknowledge)
        let overdue = try #require(trail.procedure.nextClock(trail.current, now: at("2027-03-04T10:00:00+01:00")))
        #expect(overdue.kind == .acknowledge)
        #expect(overdue.status == .overdue)
        try trail.record(.responded(.init(summary: "answer", at: at("2027-03-05T10:00:00+01:00"))), recorded: at("2027-03-05T10:00:00+01:00"))
        #expect(trail.procedure.nextClock(trail.current, now: at("2027-03-08T10:00:00+01:00"))?.kind == .window)
    }
}
