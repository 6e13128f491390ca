import CaseDesk
import CaseStore
import Foundation
import Testing

/// Statistics and the shift handover on stores whose answers are known by construction.
@Suite("The record: statistics and the handover")
struct RecordTests {
    /// Seven formal complaints received Mon 2 Nov 2026 09:00: five acknowledged the same day (after
    /// 1–5 hours), two late (Thu and Fri); six answered in time, one never; one escalated. Two abuse
    /// reports and one feedback in December.
    static func builtDesk() throws -> (SQLiteCaseStore, TemporaryDirectory) {
        let folder = try TemporaryDirectory("casedesk-record")
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin,
                                               roles: [.admin, .head, .supervisor, .abuse], at: at("2026-11-01T08:00:00+01:00"))
        let head = People.admin
        let received = at("2026-11-02T09:00:00+01:00")
        let acks = ["2026-11-02T10:00:00+01:00", "2026-11-02T11:00:00+01:00", "2026-11-02T12:00:00+01:00",
                    "2026-11-02T13:00:00+01:00", "2026-11-02T14:00:00+01:00", "2026-11-05T10:00:00+01:00",
                    "2026-11-06T10:00:00+01:00"]
        for (index, ack) in acks.enumerated() {
            let state = try store.open(complaint(received: received, stage: .headOfSupport, customer: "Kunde \(index + 1)"),
                                       by: head, at: received)
            _ = try store.record(.acknowledged(.init(at: at(ack))), on: state.number, expectedVersion: nil, by: head, at: at(ack))
            if index < 6 {
                let answered = at("2026-11-06T12:00:00+01:00")
                _ = try store.record(.responded(.init(summary: "answer", at: answered)), on: state.number, expectedVersion: nil, by: head, at: answered)
            }
            if index == 0 {
                let escalated = at("2026-11-10T09:00:00+01:00")
                let current = try store.caseState(state.number)
                let filing = try store.procedure().escalationFiling(for: current, received: escalated, channel: .letter,
                                                                      heading: "Beschwerde", items: Set(ChecklistItem.allCases))
                _ = try store.record(.escalationReceived(filing), on: state.number, expectedVersion: nil, by: head, at: escalated)
            }
        }
        let december = at("2026-12-01T09:00:00+01:00")
        _ = try store.open(abuseReport(received: december, category: .phishing), by: head, at: december)
        _ = try store.open(abuseReport(received: december, category: .malware), by: head, at: december)
        _ = try store.open(feedback(received: december), by: head, at: december)
        return (store, folder)
    }

    @Test("counts, clock outcomes, business times and the escalation rate, by month")
    func statistics() throws {
        let (store, folder) = try Self.builtDesk()
        defer { folder.remove() }
        let stats = try store.statistics(.init(by: .month), now: at("2026-12-15T10:00:00+01:00"))
        #expect(stats.groups.map(\.label) == ["2026-11", "2026-12"])
        let total = stats.total
        #expect(total.cases == 10)
        #expect(total.byKind == [.complaint: 7, .abuse: 2, .feedback: 1])
        #expect(total.byCategory == [.phishing: 1, .malware: 1])
        #expect(total.byStage[.headOfSupport] == 6)
        #expect(total.byStage[.escalation] == 1)
        #expect(total.byOutcome["open"] == 10)
        #expect(total.clocks[.acknowledge] == Statistics.ClockTally(met: 5, missed: 2, overdue: 0, open: 0))
        // The seventh answer never came: due Mon 16 Nov, overdue on 15 Dec.
        #expect(total.clocks[.respond] == Statistics.ClockTally(met: 6, missed: 0, overdue: 1, open: 0))
        #expect(total.answeredAtHead == 6)
        #expect(total.escalated == 1)
        #expect(total.escalationRate == 1.0 / 6.0)
        // Acknowledgement after 1, 2, 3, 4, 5 hours, 73 and 97 hours of business time: median 4 h, p90 97 h.
        let acknowledge = try #require(total.acknowledge)
        #expect(acknowledge.count == 7)
        #expect(acknowledge.median == 4.0 / 24)
        #expect(acknowledge.p90 == 97.0 / 24)
        let respond = try #require(total.respond)
        #expect(respond.count == 6)
        // Mon 09:00 → Fri 12:00: 15 + 24 + 24 + 24 + 12 hours.
        #expect(respond.median == 99.0 / 24)
        let november = stats.groups[0]
        #expect(november.cases == 7)
        #expect(stats.groups[1].byKind == [.abuse: 2, .feedback: 1])
        #expect(stats.groups[1].acknowledge == nil)
    }

    /// Five formal complaints received Mon 2 Nov 2026 09:00 (acknowledgement due Wed 4 Nov, answer
    /// due Mon 16 Nov), each ended differently; counted by hand below.
    @Test("statistics count outcomes fixed at closing: closing, lapsing and reopening never turn missed into met")
    func outcomesByHand() throws {
        let folder = try TemporaryDirectory("casedesk-outcomes")
        defer { folder.remove() }
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin,
                                               roles: [.admin, .head, .supervisor], at: at("2026-11-01T08:00:00+01:00"))
        let head = People.admin
        let received = at("2026-11-02T09:00:00+01:00")
        func record(_ change: Change, _ number: CaseNumber, _ when: String) throws {
            _ = try store.record(change, on: number, expectedVersion: nil, by: head, at: at(when))
        }
        var numbers: [CaseNumber] = []
        for index in 1...5 {
            numbers.append(try store.open(complaint(received: received, stage: .headOfSupport, customer: "Kunde \(index)"), by: head, at: received).number)
        }
        // 1: acknowledged and answered in time, then the window lapses (swept long after).
        try record(.acknowledged(.init(at: at("2026-11-02T10:00:00+01:00"))), numbers[0], "2026-11-02T10:00:00+01:00")
        try record(.responded(.init(summary: "answer", at: at("2026-11-06T12:00:00+01:00"))), numbers[0], "2026-11-06T12:00:00+01:00")
        // 2: nothing done, withdrawn Fri 20 Nov: both clocks missed.
        try record(.closed(.init(reason: .withdrawn)), numbers[1], "2026-11-20T10:00:00+01:00")
        // 3: satisfied Tue 3 Nov, before anything fell due: both not due.
        try record(.closed(.init(reason: .satisfied)), numbers[2], "2026-11-03T10:00:00+01:00")
        // 4: acknowledged late, never answered, still open: acknowledgement missed, answer overdue.
        try record(.acknowledged(.init(at: at("2026-11-05T10:00:00+01:00"))), numbers[3], "2026-11-05T10:00:00+01:00")
        // 5: escalated, answered finally, reopened: every clock met, the final response the furthest stage.
        try record(.acknowledged(.init(at: at("2026-11-02T10:00:00+01:00"))), numbers[4], "2026-11-02T10:00:00+01:00")
        try record(.responded(.init(summary: "answer", at: at("2026-11-06T12:00:00+01:00"))), numbers[4], "2026-11-06T12:00:00+01:00")
        let filing = try store.procedure().escalationFiling(for: try store.caseState(numbers[4]), received: at("2026-11-10T09:00:00+01:00"),
                                                              channel: .letter, heading: "Complaint", items: Set(ChecklistItem.allCases))
        try record(.escalationReceived(filing), numbers[4], "2026-11-10T09:00:00+01:00")
        try record(.finalResponseSent(.init(summary: "final", at: at("2026-11-11T09:00:00+01:00"))), numbers[4], "2026-11-11T09:00:00+01:00")
        try record(.reopened(.init(reason: "new facts")), numbers[4], "2026-11-12T09:00:00+01:00")

        let sweptAt = at("2027-01-15T10:00:00+01:00")
        #expect(try store.sweep(by: head, at: sweptAt) == [numbers[0]])
        let lapsed = try store.caseState(numbers[0])
        // Answered Fri 6 Nov: 20 business days end Fri 4 Dec 2026.
        let windowEnd = try store.procedure().windowEnd(answeredAt: at("2026-11-06T12:00:00+01:00"))
        #expect(saarland.iso8601(windowEnd) == "2026-12-04T23:59:59+01:00")
        // The store keeps milliseconds.
        #expect(abs(try #require(lapsed.closure?.closed.at).timeIntervalSince(windowEnd)) < 0.001)
        #expect(abs(try #require(try store.rows([numbers[0]]).first?.closed).timeIntervalSince(windowEnd)) < 0.001)

        let stats = try store.statistics(.init(by: .month), now: at("2027-01-20T10:00:00+01:00"))
        let total = stats.total
        #expect(total.cases == 5)
        #expect(total.clocks[.acknowledge] == Statistics.ClockTally(met: 2, missed: 2, overdue: 0, open: 0))
        #expect(total.clocks[.respond] == Statistics.ClockTally(met: 2, missed: 1, overdue: 1, open: 0))
        #expect(total.clocks[.acknowledge]?.metShare == 0.5)
        #expect(total.clocks[.escalationAcknowledge] == Statistics.ClockTally(met: 1))
        #expect(total.clocks[.finalResponse] == Statistics.ClockTally(met: 1))
        #expect(total.byStage == [.headOfSupport: 4, .finalResponse: 1])
        #expect(total.byOutcome == ["open": 2, "lapsed": 1, "withdrawn": 1, "satisfied": 1])
        #expect(try store.verify().differences.isEmpty)
    }

    @Test("complaints by type and feedback by team, the list filtered by team, and verify agrees")
    func typesAndTeams() throws {
        let folder = try TemporaryDirectory("casedesk-types")
        defer { folder.remove() }
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin,
                                               roles: [.admin, .head, .supervisor], at: at("2026-11-01T08:00:00+01:00"))
        let me = People.admin
        let when = at("2026-11-02T09:00:00+01:00")
        var billing = complaint(received: when)
        billing.complaintType = "billing"
        _ = try store.open(billing, by: me, at: when)
        _ = try store.open(billing, by: me, at: when)
        let later = try store.open(complaint(received: when), by: me, at: when)
        _ = try store.record(.categorized(.init(type: "dns")), on: later.number, expectedVersion: nil, by: me, at: when)
        let routed = try store.open(feedback(received: when), by: me, at: when)
        _ = try store.record(.routed(.init(team: "product")), on: routed.number, expectedVersion: nil, by: me, at: when)
        _ = try store.open(feedback(received: when), by: me, at: when)

        let total = try store.statistics(.init(), now: at("2026-11-10T09:00:00+01:00")).total
        #expect(total.byType == ["billing": 2, "dns": 1])
        #expect(total.byTeam == ["product": 1])
        #expect(total.byOutcome["routed"] == 1)
        let product = try store.queue(QueueQuery(scope: .all, team: "product"), page: .offset(0, 10), now: when)
        #expect(product.map(\.number) == [routed.number])
        let dns = try store.queue(QueueQuery(scope: .all, complaintType: "dns"), page: .offset(0, 10), now: when)
        #expect(dns.map(\.number) == [later.number])
        #expect(try store.verify().differences.isEmpty)
    }

    @Test("a date range and weeks")
    func rangeAndWeeks() throws {
        let (store, folder) = try Self.builtDesk()
        defer { folder.remove() }
        let december = try store.statistics(.init(from: day("2026-12-01"), to: day("2026-12-31"), by: .week),
                                            now: at("2026-12-15T10:00:00+01:00"))
        #expect(december.total.cases == 3)
        #expect(december.groups.map(\.label) == ["2026-W49"])
        let none = try store.statistics(.init(from: day("2027-01-01"), by: .month), now: at("2026-12-15T10:00:00+01:00"))
        #expect(none.total.cases == 0)
        #expect(none.groups.isEmpty)
    }

    @Test("the handover of a shift: what happened in it and nothing outside it, due, overdue, unassigned, notes, read marks")
    func handover() throws {
        let folder = try TemporaryDirectory("casedesk-handover")
        defer { folder.remove() }
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin,
                                               roles: [.admin, .head, .supervisor], at: at("2026-11-20T08:00:00+01:00"))
        let me = People.admin
        // Case 1: opened before the shift, a handover note inside it.
        let first = try store.open(complaint(received: at("2026-11-25T05:40:00+01:00"), customer: "Früh, vor der Schicht"),
                                   by: me, at: at("2026-11-25T05:50:00+01:00"))
        _ = try store.record(.noted(.init(text: "Kundin ruft um 15 Uhr zurück", handover: true)), on: first.number, expectedVersion: nil, by: me,
                             at: at("2026-11-25T13:50:00+01:00"))
        // Case 2: a formal complaint received Mon 23 Nov: acknowledgement due Wed 25 Nov 23:59 — the next shift's.
        let second = try store.open(complaint(received: at("2026-11-23T10:00:00+01:00"), stage: .headOfSupport),
                                    by: me, at: at("2026-11-25T09:00:00+01:00"))
        _ = try store.record(.assigned(.init(to: me.account)), on: second.number, expectedVersion: nil, by: me, at: at("2026-11-25T09:05:00+01:00"))
        // Case 3: received Wed 18 Nov at stage 2: acknowledgement overdue since Fri 20 Nov.
        let third = try store.open(complaint(received: at("2026-11-18T10:00:00+01:00"), stage: .headOfSupport),
                                   by: me, at: at("2026-11-18T10:05:00+01:00"))
        // After the shift: not in it.
        _ = try store.record(.noted(.init(text: "after the shift")), on: third.number, expectedVersion: nil, by: me, at: at("2026-11-25T14:05:00+01:00"))

        let now = at("2026-11-25T14:20:00+01:00")
        let shifts = Shifts.standard
        let ending = shifts.endingShift(at: now, calendar: saarland)
        #expect(ending.name == "06:00–14:00")
        let next = shifts.next(after: shifts.shift(at: now, calendar: saarland), calendar: saarland)
        try store.markHandoverRead(shiftStart: ending.start, shiftEnd: ending.end, by: me, at: now)
        let report = try HandoverReport.build(store: store, from: ending.start, until: ending.end, shiftName: ending.name,
                                              nextShift: next, now: now)
        // Cases in the order they first moved in the shift.
        #expect(report.activity.map(\.row.number) == [second.number, first.number])
        #expect(report.activity[0].entries.map(\.text) == ["opened it", "assigned it to \(me.account)"])
        #expect(report.activity[1].entries.map(\.text) == ["added a handover note"])
        #expect(report.eventCount == 3)
        #expect(report.notes.map(\.text) == ["Kundin ruft um 15 Uhr zurück"])
        #expect(report.dueNextShift.rows.map(\.number) == [second.number])
        #expect(report.overdue.rows.map(\.number) == [third.number])
        #expect(report.overdue.total == 1)
        #expect(report.unassigned.total == 2)
        #expect(Set(report.unassigned.rows.map(\.number)) == [first.number, third.number])
        #expect(report.reads.map(\.account) == [me.account])
        #expect(try store.handoverReads(shiftStart: next.start).isEmpty)
    }

    @Test("a busy shift shows its latest events, counts every one and lists every note left for the next shift")
    func busyShiftHandover() throws {
        let folder = try TemporaryDirectory("casedesk-handover-busy")
        defer { folder.remove() }
        let start = at("2026-11-25T06:00:00+01:00")
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin,
                                               roles: [.admin, .head, .supervisor], at: at("2026-11-20T08:00:00+01:00"))
        func minute(_ count: Double) -> Date { start.addingTimeInterval(60 * count) }
        let first = try store.open(complaint(received: minute(1)), by: People.admin, at: minute(1))
        _ = try store.record(.noted(.init(text: "Rückruf um 15 Uhr", handover: true)), on: first.number, expectedVersion: nil,
                             by: People.admin, at: minute(2))
        let second = try store.open(complaint(received: minute(3)), by: People.admin, at: minute(3))
        let third = try store.open(complaint(received: minute(4)), by: People.admin, at: minute(4))
        _ = try store.record(.noted(.init(text: "nur für mich")), on: second.number, expectedVersion: nil, by: People.admin, at: minute(5))
        func report(showing shown: Int) throws -> HandoverReport {
            try HandoverReport.build(store: store, from: start, until: minute(60), shiftName: nil,
                                     nextShift: Shifts.standard.next(after: Shifts.standard.shift(at: minute(60), calendar: saarland), calendar: saarland),
                                     now: minute(60), shownEvents: shown)
        }
        let cut = try report(showing: 2)
        #expect(cut.activity.map(\.row.number) == [third.number, second.number])
        #expect(cut.eventCount == 5)
        #expect(cut.eventsShown == 2)
        #expect(cut.activityHeading == "What happened: 5 events, the latest 2 shown (on 2 cases)")
        // The note for the next shift is listed though its event is not among those shown; the plain note is not.
        #expect(cut.notes.map(\.text) == ["Rückruf um 15 Uhr"])
        #expect(cut.notes.first?.customer == first.intake.customer)
        let whole = try report(showing: .max)
        #expect(whole.activity.map(\.row.number) == [first.number, second.number, third.number])
        #expect(whole.activityHeading == "What happened: 5 events on 3 cases")
        #expect(whole.notes.map(\.text) == ["Rückruf um 15 Uhr"])
    }

    @Test("a night shift over the autumn clock change holds both 02:30s")
    func handoverAcrossDaylightSaving() throws {
        let folder = try TemporaryDirectory("casedesk-handover-dst")
        defer { folder.remove() }
        let store = try SQLiteCaseStore.create(path: folder.file("cases.sqlite"), creator: People.admin,
                                               roles: [.admin, .supervisor], at: at("2026-10-20T08:00:00+02:00"))
        let moments = ["2026-10-24T21:59:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00", "2026-10-25T06:00:00+01:00"]
        for moment in moments {
            _ = try store.open(feedback(received: at(moment)), by: People.admin, at: at(moment))
        }
        let night = Shifts.standard.shift(at: at("2026-10-25T03:00:00+01:00"), calendar: saarland)
        let report = try HandoverReport.build(store: store, from: night.start, until: night.end, shiftName: night.name,
                                              nextShift: Shifts.standard.next(after: night, calendar: saarland),
                                              now: at("2026-10-25T06:30:00+01:00"))
        #expect(report.activity.map(\.row.number) == [2, 3])
    }
}
