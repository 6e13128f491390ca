import CaseDesk
import CaseDeskConfig
import Foundation
import Testing
@testable import CaseStore

/// The rows derived from a case (statistics, projection) under a history of rules: what a clock
/// started under stays what counts, whatever came later.
@Suite("Versions of the rules in derived rows")
struct RuleVersionTests {
    /// A formal complaint received Mon 10 May 2027, answered Tue 18 May; a holiday on Fri 14 May is
    /// added from Wed 12 May, after the complaint arrived.
    func answeredComplaint() throws -> CaseState {
        let intake = complaint(received: at("2027-05-10T10:00:00+02:00"), stage: .headOfSupport)
        var state = try CaseState(opening: Event(caseNumber: 1, sequence: 1, recorded: intake.received, actor: "hana", change: .received(intake)))
        state.fold(Event(caseNumber: 1, sequence: 2, recorded: at("2027-05-18T10:00:00+02:00"), actor: "hana",
                         change: .responded(.init(summary: "done", at: at("2027-05-18T10:00:00+02:00")))))
        return state
    }

    func withHoliday() throws -> Procedure {
        let calendar = try CalendarFile.parse(text: "[[holiday]]\nid = \"bridge\"\nname = \"Bridge day\"\nmonth = 5\nday = 14\n", file: "c")
        return Procedure().adding(policy: .standard, calendar: calendar, from: at("2027-05-12T00:00:00+02:00"))
    }

    @Test("business times to answer keep the calendar the clock started under")
    func figuresKeepTheirCalendar() throws {
        let state = try answeredComplaint()
        let history = try withHoliday()
        let before = CaseFigures(state, procedure: Procedure())
        let after = CaseFigures(state, procedure: history)
        #expect(after == before)
        #expect(after.respondSeconds == before.respondSeconds)
        // Counted on the new calendar alone, the holiday would have taken a day off.
        let rewritten = CaseFigures(state, procedure: Procedure(policy: .standard, calendar: history.calendar))
        #expect(rewritten.respondSeconds != before.respondSeconds)
        #expect(CaseProjection(state, procedure: history) == CaseProjection(state, procedure: Procedure()))
    }

    @Test("a clock that starts after the new rules take effect counts under them")
    func laterClocksFollow() throws {
        let history = try withHoliday()
        let intake = complaint(received: at("2027-05-12T10:00:00+02:00"), stage: .headOfSupport)
        let state = try CaseState(opening: Event(caseNumber: 2, sequence: 1, recorded: intake.received, actor: "hana", change: .received(intake)))
        let respond = try #require(history.clocks(state, now: intake.received).first { $0.kind == .respond })
        // Thu 13 (1), Fri 14 the new holiday, Mon 17 Whit Monday, 18–21 (5), 24–26 (8), Thu 27 Corpus Christi,
        // Fri 28 (9), Mon 31 (10); without the holiday it would be Fri 28.
        #expect(iso(respond.due) == "2027-05-31T23:59:59+02:00")
        #expect(iso(respond.due) == iso(Procedure(policy: .standard, calendar: history.calendar).clocks(state, now: intake.received)
            .first { $0.kind == .respond }?.due))
    }
}
