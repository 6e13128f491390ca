import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The handover screen's keys: moving between its cases (the moves act on the selected one, Enter
/// opens it), marking the handover read, stepping to the shift before or after.
extension DeskUpdate {
    /// The handover of the ending shift (in the first hour of a shift, the one that just ended).
    static func openHandover(_ state: inout DeskState, now: Date) -> [DeskEffect] {
        let shift = state.session.procedure.policy.shifts.endingShift(at: now, calendar: state.session.calendar)
        state.push(HandoverScreen(shift: shift))
        return [.loadHandover(shift)]
    }

    /// The screen's document: the one it keeps when it fits the width, else laid out afresh.
    static func handoverDocument(_ screen: HandoverScreen, state: DeskState, now: Date? = nil) -> HandoverDocument {
        let width = DeskRenderer.caseBody(state.size).cols
        if let document = screen.document, document.width == width { return document }
        return HandoverDocument(report: screen.report, shift: screen.shift, session: state.session,
                                now: now ?? screen.report?.generated ?? screen.shift.end, width: width,
                                twoColumns: DeskLayout.isWide(state.size))
    }

    /// The handover laid out once for what it shows now (a new report, another width), or again when
    /// its countdowns are a minute old.
    static func laidOut(_ screen: HandoverScreen, state: DeskState, now: Date?) -> HandoverScreen {
        var screen = screen
        if let document = screen.document, let now, now.timeIntervalSince(document.now) >= 60 { screen.document = nil }
        screen.document = handoverDocument(screen, state: state, now: now)
        return screen
    }

    static func selectedHandoverNumber(_ state: DeskState) -> CaseNumber? {
        guard let screen = state.handover, screen.report != nil else { return nil }
        let lines = handoverDocument(screen, state: state).caseLines
        return lines.indices.contains(screen.selected) ? lines[screen.selected].number : nil
    }

    static func performOnHandover(_ state: inout DeskState, _ command: DeskCommand, now: Date) -> [DeskEffect] {
        guard var screen = state.handover else { return [] }
        let calendar = state.session.calendar
        let shifts = state.session.procedure.policy.shifts
        let lines = handoverDocument(screen, state: state).caseLines
        let rows = DeskRenderer.caseBody(state.size).rows
        if command != .nextSection, command != .previousSection { screen.section = nil }
        switch command {
        case .nextSection, .previousSection:
            let document = handoverDocument(screen, state: state)
            let sections = document.sections
            guard !sections.isEmpty else { return [] }
            // Where the reader is: the section Tab last went to, else the one holding the selected case.
            func before(_ a: HandoverDocument.CaseLine, _ b: HandoverDocument.CaseLine) -> Bool { (a.side ? 1 : 0, a.row) <= (b.side ? 1 : 0, b.row) }
            let current = screen.section ?? (lines.indices.contains(screen.selected)
                ? sections.lastIndex { before($0, lines[screen.selected]) } : nil) ?? -1
            let next = command == .nextSection ? (current + 1) % sections.count : (current - 1 + sections.count) % sections.count
            let heading = sections[next]
            screen.section = next
            screen.scroll = heading.row
            screen.scroll = clampedHandoverScroll(screen, state: state)
            // The moves act on the section's first case, if it has one.
            let end = sections.dropFirst(next + 1).first { $0.side == heading.side }?.row ?? Int.max
            if let index = lines.firstIndex(where: { $0.side == heading.side && $0.row > heading.row && $0.row < end }) {
                screen.selected = index
            }
        case .down, .up:
            guard !lines.isEmpty else { return scrollHandover(&state, by: command) }
            screen.selected = max(0, min(lines.count - 1, screen.selected + (command == .down ? 1 : -1)))
            screen.scroll = scrollShowing(lines[screen.selected].row, from: screen.scroll, rows: rows)
        case .pageDown, .pageUp, .top, .bottom:
            guard let scroll = scrolled(screen.scroll, by: command, page: max(1, rows - 1)) else { return [] }
            screen.scroll = scroll
            screen.scroll = clampedHandoverScroll(screen, state: state)
            // The selection comes along: the first case line in view (the last one at the bottom).
            let inView = lines.indices.filter { (screen.scroll..<screen.scroll + rows).contains(lines[$0].row) }
            if let index = command == .bottom ? inView.last : inView.first { screen.selected = index }
        case .open:
            guard lines.indices.contains(screen.selected) else {
                state.message = MessageLine("No case on this handover to open.", kind: .warning)
                return []
            }
            return openCase(&state, lines[screen.selected].number, now: now)
        case .markRead:
            guard screen.report != nil else { return [] }
            if let at = screen.readAt(by: state.session.actor.account) {
                state.message = MessageLine("You marked this handover read at \(calendar.readable(at)).")
                return []
            }
            return [.markHandoverRead(screen.shift)]
        case .previousShift, .nextShift:
            let shift = command == .previousShift ? shifts.previous(before: screen.shift, calendar: calendar)
                                                  : shifts.next(after: screen.shift, calendar: calendar)
            guard shift.start <= now else {
                state.message = MessageLine("Shift \(screen.shift.name) is running now; the next one has not started.", kind: .warning)
                return []
            }
            state.handover = HandoverScreen(shift: shift)
            return [.loadHandover(shift)]
        case .back:
            state.pop()
            return previewEffects(&state)
        default:
            return []
        }
        state.handover = screen
        return previewEffects(&state)
    }

    /// A handover without case lines still scrolls.
    private static func scrollHandover(_ state: inout DeskState, by command: DeskCommand) -> [DeskEffect] {
        _ = scrollView(&state, \.handover, \.scroll, by: command, page: 1,
                       clamped: { state in state.handover.map { clampedHandoverScroll($0, state: state) } ?? 0 })
        return []
    }

    /// The scroll that keeps `row` in a view of `rows` rows, moving as little as possible.
    static func scrollShowing(_ row: Int, from scroll: Int, rows: Int) -> Int {
        if row < scroll { return row }
        if row >= scroll + rows { return row - rows + 1 }
        return scroll
    }

    static func clampedHandoverScroll(_ screen: HandoverScreen, state: DeskState) -> Int {
        let lines = handoverDocument(screen, state: state).rowCount
        return max(0, min(screen.scroll, lines - DeskRenderer.caseBody(state.size).rows))
    }

    /// The report arrived: the selection stays on its case where it still appears.
    static func handoverLoaded(_ state: inout DeskState, _ shift: Shifts.Period, _ report: HandoverReport) -> [DeskEffect] {
        guard var screen = state.handover, screen.shift == shift else { return [] }
        let kept = screen.report == nil ? nil : selectedHandoverNumber(state)
        screen.report = report
        screen = laidOut(screen, state: state, now: nil)
        let lines = handoverDocument(screen, state: state).caseLines
        if let kept, let index = lines.firstIndex(where: { $0.number == kept }) {
            screen.selected = index
        } else {
            screen.selected = min(screen.selected, max(0, lines.count - 1))
        }
        screen.scroll = clampedHandoverScroll(screen, state: state)
        state.handover = screen
        return previewEffects(&state)
    }

    static func handoverMarked(_ state: inout DeskState, _ shift: Shifts.Period) -> [DeskEffect] {
        let calendar = state.session.calendar
        state.message = MessageLine("You marked the handover of shift \(shift.name), \(calendar.localDate(of: shift.start).readable), read.")
        return state.handover?.shift == shift ? [.loadHandover(shift)] : []
    }
}
