import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// The handover puts what needs action first (overdue, due by the end of the next shift,
/// unassigned, notes) and what happened after; Tab and S-Tab (or } and {) jump between the
/// sections; W leaves a note for the whole desk; the screen says whether you read it.
@Suite("Handover sections and desk notes")
struct HandoverSectionsTests {
    func desk() throws -> TestStore {
        let desk = try TestStore.filled()
        try desk.morningShift()
        try desk.history()
        try desk.store.addHandoverNote("Registry EPP down until 16:00: promise no transfers today.", by: TestStore.supervisor,
                                       at: try moment("2027-03-30 10:00"))
        return desk
    }

    func headings(_ driver: DeskDriver) throws -> [String] {
        let screen = try #require(driver.state.handover)
        let document = DeskUpdate.handoverDocument(screen, state: driver.state)
        return document.sections.map { section in
            let line = section.side ? document.side[section.row].line : document.main[section.row].line
            return line.spans.map(\.text).joined()
        }
    }

    @Test func tabJumpsBetweenTheSectionsWhatNeedsActionFirst() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.small)
        driver.press(.character("H"))
        let headings = try headings(driver).map { String($0.prefix(while: { $0 != ":" && $0 != "(" })) }
        #expect(headings == ["Overdue", "Due by Tue 30 Mar 23", "Unassigned", "Handover notes", "What happened"], "\(headings)")
        let report = try #require(driver.state.handover?.report)
        #expect(DeskUpdate.selectedHandoverNumber(driver.state) == report.overdue.rows.first?.number, "the first overdue case, at the top")
        driver.press(.tab)
        #expect(driver.state.handover?.section == 1 && driver.screen().lines[2].contains("Due by"), "the section's heading at the top")
        driver.press(.tab)
        #expect(DeskUpdate.selectedHandoverNumber(driver.state) == report.unassigned.rows.first?.number, "the section's first case")
        driver.press(.tab)
        #expect(driver.state.handover?.section == 3 && DeskUpdate.selectedHandoverNumber(driver.state) == report.notes.first?.number)
        #expect(driver.screen().lines.joined().contains("desk  for the whole desk"))
        driver.press(.tab)
        #expect(driver.state.handover?.section == 4 && DeskUpdate.selectedHandoverNumber(driver.state) == report.activity.first?.row.number,
                "What happened comes last")
        Snapshot.check(driver.screen(), "handover-what-happened-80x24")
        driver.press(.tab)
        #expect(driver.state.handover?.section == 0, "round to the first section")
        driver.press(.backTab)
        #expect(driver.state.handover?.section == 4)
        driver.press(.character("{"))
        #expect(driver.state.handover?.section == 3)
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "handover-notes-132x40")
        #expect(HandoverScreen.keymap.command(for: .tab) == .nextSection && HandoverScreen.keymap.command(for: .character("}")) == .nextSection)
    }

    @Test("a busy shift's heading, wider than the side pane, wraps and stays one section")
    func aCutHeadingWrapsInTheSidePane() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.wide)
        driver.press(.character("H"))
        let screen = try #require(driver.state.handover)
        let whole = try #require(screen.report)
        let cut = try HandoverReport.build(store: desk.store, from: whole.from, until: whole.until, shiftName: whole.shiftName,
                                           nextShift: whole.nextShift, now: whole.generated, shownEvents: 2)
        #expect(cut.eventsShown == 2 && cut.eventCount > 2)
        // A pane narrower than this small desk's heading, as 132 columns are for a busy desk's
        // ("What happened: 84796 events, the latest 5000 shown (on 4820 cases)", 67 columns, in 62).
        let document = HandoverDocument(report: cut, shift: screen.shift, session: driver.state.session, now: cut.generated,
                                        width: 100, twoColumns: true)
        let sideWidth = try #require(document.columns?.side)
        #expect(cut.activityHeading.count > sideWidth, "the heading is wider than the pane")
        let texts = document.side.map { $0.line.spans.map(\.text).joined() }
        #expect(texts.allSatisfy { $0.count <= sideWidth }, "\(texts)")
        let start = try #require(texts.firstIndex { $0.hasPrefix("What happened") })
        #expect(texts[start...].joined(separator: " ").hasPrefix(cut.activityHeading))
        #expect(document.sections.filter(\.side).count == 1, "the wrapped heading is one section")
    }

    @Test func wLeavesANoteForTheWholeDeskInTheRunningShift() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.viewer, size: ScreenSnapshotTests.small)
        driver.press(.character("H"), .character("W"))
        #expect(driver.state.top is DeskNoteScreen)
        driver.type("Ticket 4711 with the registry is open.")
        Snapshot.check(driver.screen(), "desk-note-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "desk-note-132x40")
        driver.press(.enter)
        #expect(driver.state.message?.text == "Left a handover note for the whole desk, in the handover of shift 14:00–22:00 (→ goes there).")
        let notes = try desk.store.handoverNotes(from: try moment("2027-03-30 14:00"), to: try moment("2027-03-30 22:00"))
        #expect(notes.map(\.text) == ["Ticket 4711 with the registry is open."] && notes.first?.by == "audit")
        driver.press(.right)
        #expect(driver.screen().lines.joined().contains("Ticket 4711 with the registry is open."))
        #expect(try desk.store.verify().isClean, "the note is a linked desk event verify judges")
    }

    @Test func thoseWhoMayNotLeaveNotesAreToldAndAnEmptyNoteIsNone() throws {
        let desk = try desk()
        defer { desk.remove() }
        let admin = try desk.driver(Actor(account: "root"), size: ScreenSnapshotTests.small)
        admin.press(.character("H"), .character("W"))
        #expect(!(admin.state.top is DeskNoteScreen))
        #expect(admin.state.message?.text == "Your roles do not let you leave handover notes (supervisor, abuse, head or viewer do).")
        let driver = try desk.driver(size: ScreenSnapshotTests.small)
        driver.press(.character("H"), .character("W"), .enter)
        #expect(driver.state.top is DeskNoteScreen && driver.state.message?.text == "Type the note first (Esc leaves none).")
        driver.press(.escape)
        #expect(driver.state.top is HandoverScreen)
    }
}
