import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// The handover screen on a store whose morning shift (Tue 30 Mar 2027 06:00–14:00, ending at the
/// fixed now) is known: what happened case by case, what comes due, the notes, who read it.
@Suite("The handover screen")
struct HandoverScreenTests {
    static let morning = Shifts.standard.shift(at: BusinessCalendar.saarland.parseMoment("2027-03-30 13:00")!, calendar: .saarland)

    func desk() throws -> TestStore {
        let desk = try TestStore.filled()
        try desk.morningShift()
        try desk.history()
        return desk
    }

    func caseLines(_ driver: DeskDriver) -> [CaseNumber] {
        guard let screen = driver.state.handover else { return [] }
        return DeskUpdate.handoverDocument(screen, state: driver.state).caseLines.map(\.number)
    }

    @Test func snapshots() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.small)
        driver.press(.character("H"))
        #expect(driver.state.handover?.shift == Self.morning, "five minutes into the afternoon shift, the morning's is the one ending")
        Snapshot.check(driver.screen(), "handover-80x24", styles: true)
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "handover-132x40")
    }

    @Test func whatHappenedIsCaseByCaseAndTheListsAreAsOfNow() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.wide)
        driver.press(.character("H"))
        let report = try #require(driver.state.handover?.report)
        #expect(report.activity.map(\.row.number) == [TestStore.Case.hostile, TestStore.Case.german, TestStore.Case.japanese,
                                                      TestStore.Case.french, TestStore.Case.escalated])
        #expect(report.notes.map(\.number) == [TestStore.Case.french, TestStore.Case.escalated])
        let text = driver.screen().lines.joined(separator: "\n")
        #expect(text.contains("What happened: 6 events on 5 cases"))
        #expect(text.contains("Tue 30 Mar 09:15  helene  acknowledged it"))
        #expect(text.contains("Mme Dubois rappelle demain matin ; le code"))
        // Case 6's escalation came late: no clock runs before the head of support accepts it.
        #expect(text.contains("Due by Tue 30 Mar 23:59 (next shift 14:00–22:00): 0"))
        #expect(text.contains("Overdue: 4") && text.contains("Unassigned: 7") && text.contains("Handover notes: 2"))
        #expect(text.contains("Read    not by you yet — M marks it read, by amelie at Tue 30"), "whether you read it, first")
        #expect(text.contains("· not read by you"))
        #expect(!text.contains("\u{1B}"), "the hostile subject's escape sequences never reach the screen")
    }

    /// A clock name as long as its column and a time left as long as its own ("respond", "0bd 11h")
    /// still read as two words.
    @Test func theClockNameAndTheTimeLeftAreApart() throws {
        let desk = try desk()
        defer { desk.remove() }
        let earlier = BusinessCalendar.saarland.parseMoment("2027-03-30 12:05")!
        // The late escalation's clocks start when the head accepts it (after the fixture's last event, Mon 29 Mar).
        try desk.record(.lateEscalationDecided(.init(accepted: true, reason: "postal delay")), on: TestStore.Case.escalated,
                        by: TestStore.head, at: try moment("2027-03-29 18:00"))
        let driver = try desk.driver(size: ScreenSnapshotTests.wide, now: earlier)
        driver.press(.character("H"), now: earlier)
        let text = driver.screen(now: earlier).lines.joined(separator: "\n")
        #expect(text.contains(/esc ack +1bd/), "\(text)")
        #expect(text.firstMatch(of: /(target|ack|respond|window|final)[-0-9]/) == nil, "\(text)")
    }

    @Test func markingReadRecordsAnEventOfTheDeskAndSaysSo() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("H"), .character("M"))
        #expect(driver.state.message?.text == "You marked the handover of shift 06:00–14:00, Tue 30 Mar 2027, read.")
        let reads = try desk.store.handoverReads(shiftStart: Self.morning.start)
        #expect(reads.map(\.account) == ["amelie", "helene"])
        #expect(reads.last?.at == testNow)
        #expect(driver.screen().lines.contains { $0.contains("Read    by you at Tue 30 Mar 14:05, by amelie at Tue 30 Mar 14:02") })
        #expect(driver.screen().lines[1].contains("· read by you"))
        driver.press(.character("M"))
        #expect(driver.state.message?.text == "You marked this handover read at Tue 30 Mar 2027 14:05.")
        #expect(try desk.store.handoverReads(shiftStart: Self.morning.start).count == 2, "read once is enough")
    }

    @Test func enterOpensTheSelectedCaseAndBackReturnsToTheHandover() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("H"))
        // What needs action comes first: the overdue cases.
        let overdue = try #require(driver.state.handover?.report?.overdue.rows.map(\.number))
        #expect(Array(caseLines(driver).prefix(3)) == Array(overdue.prefix(3)))
        driver.press(.character("j"))
        #expect(driver.screen().lines[23].hasSuffix("2/18"))
        driver.press(.enter)
        #expect(driver.state.caseView?.number == overdue[1])
        #expect(driver.screen().lines[1].contains("Case \(overdue[1])"))
        driver.press(.character("q"))
        #expect(driver.state.caseView == nil && driver.state.handover?.selected == 1)
        #expect(driver.screen().lines[1].contains("Handover — shift 06:00–14:00"))
        driver.press(.character("q"))
        #expect(driver.state.handover == nil && DeskUpdate.contextName(driver.state) == "queue")
    }

    @Test func theDocumentIsLaidOutOncePerReportWidthAndMinute() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("H"))
        let laidOut = try #require(driver.state.handover?.document, "kept on the screen once the report came")
        #expect(laidOut.width == DeskRenderer.caseBody(driver.state.size).cols && laidOut.columns == nil)
        driver.press(.character("j"), .character("j"))
        #expect(driver.state.handover?.document?.now == laidOut.now, "moving the selection lays nothing out")
        #expect(driver.screen().lines[23].hasSuffix("3/18"))
        driver.press(.resize(ScreenSnapshotTests.wide))
        let wide = try #require(driver.state.handover?.document)
        #expect(wide.width == DeskRenderer.caseBody(ScreenSnapshotTests.wide).cols && wide.columns != nil)
        driver.tick(now: laidOut.now.addingTimeInterval(30))
        #expect(driver.state.handover?.document?.now == laidOut.now)
        driver.tick(now: laidOut.now.addingTimeInterval(120))
        #expect(driver.state.handover?.document?.now == laidOut.now.addingTimeInterval(120), "the countdowns move on by the minute")
    }

    @Test func movesActOnTheSelectedCase() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("H"), .character("G"))
        let last = try #require(caseLines(driver).last)
        #expect(last == TestStore.Case.escalated, "the last line is the last handover note's case")
        driver.press(.character("h"))
        #expect(driver.state.form?.caseNumber == TestStore.Case.escalated)
        driver.type("Registry hat geantwortet: Sperre aufgehoben.")
        driver.press(.ctrl("s"))
        #expect(driver.state.form == nil && driver.state.handover != nil)
        #expect(try desk.store.caseState(TestStore.Case.escalated).notes.last?.text == "Registry hat geantwortet: Sperre aufgehoben.")
    }

    /// What comes due before the next shift is over is the handover of the shift ending now; an
    /// earlier shift's handover does not show it as if it were its own.
    @Test func onlyTheEndingShiftListsWhatComesDue() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.wide)
        driver.press(.character("H"))
        #expect(driver.screen().lines.joined().contains("Due by Tue 30 Mar 23:59 (next shift 14:00–22:00)"))
        driver.press(.left)
        let earlier = driver.screen().lines.joined(separator: "\n")
        #expect(earlier.contains("Handover — shift 22:00–06:00"))
        #expect(!earlier.contains("Due by"), "\(earlier)")
        driver.press(.right, .right)
        #expect(!driver.screen().lines.joined().contains("Due by"), "the running shift is not the one handed over yet")
    }

    /// A note one writes from the handover is on it at once: written at the very moment the handover
    /// is read again, it still counts as the shift's.
    @Test func onesOwnNoteShowsAtOnce() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.wide)
        driver.press(.character("H"), .left, .right, .right)
        #expect(driver.state.handover?.shift.name == "14:00–22:00")
        driver.press(.character("j"), .character("h"))
        driver.type("Bitte morgen die Registry anrufen.")
        driver.press(.ctrl("s"))
        #expect(driver.state.handover?.report?.notes.map(\.text).contains("Bitte morgen die Registry anrufen.") == true)
        #expect(driver.screen().lines.joined().contains("Bitte morgen die Registry anrufen."))
    }

    @Test func stepsToEarlierShiftsAndUpToTheOneRunning() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.wide)
        driver.press(.character("H"), .left, .character("["))
        #expect(driver.state.handover?.shift.name == "14:00–22:00")
        #expect(driver.screen().lines[1].contains("Handover — shift 14:00–22:00, Mon 29 Mar 2027"))
        #expect(driver.state.handover?.report?.notes.map(\.text) == ["Called the registry; waiting for their answer."])
        driver.press(.right, .character("]"), .right)
        #expect(driver.state.handover?.shift.name == "14:00–22:00")
        let screen = driver.screen().lines.joined(separator: "\n")
        #expect(screen.contains("Tue 30 Mar 2027 14:00 → Tue 30 Mar 2027 14:05") && screen.contains("still running: so far"))
        driver.press(.right)
        #expect(driver.state.message?.text == "Shift 14:00–22:00 is running now; the next one has not started.")
    }
}
