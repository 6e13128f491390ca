import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The case screen and the explanation of a clock.
extension DeskRenderer {
    /// The area the case's document is drawn in (inside the body's border).
    public static func caseBody(_ size: Size) -> Rect {
        DeskLayout.frame(size).body.inset(by: 1)
    }

    static func caseScreen(_ screen: CaseScreen, state: DeskState, now: Date, into grid: inout Grid, area: Rect) {
        let inner = Pane(title: "Case \(screen.number)", trailingTitle: "q back · . moves · ? help", isFocused: true)
            .render(into: &grid, area: area)
        guard let caseState = screen.state else {
            grid.put("Loading case \(screen.number)…", row: inner.row, col: inner.col, role: .muted, clip: inner)
            return
        }
        let document = CaseDocument(state: caseState, events: screen.events, session: state.session, now: now,
                                    width: inner.cols, twoColumns: DeskLayout.isWide(state.size), selectedClock: screen.selectedClock)
        drawColumns(main: document.main, side: document.side, columns: document.columns, scroll: screen.scroll,
                    into: &grid, area: area, inner: inner)
    }

    /// "Why is respond due Mon 12 Apr 2027 23:59?": every day counted or skipped, extensions, pauses.
    static func explanationOverlay(_ overlay: ExplanationOverlay, state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        let area = DeskLayout.frame(size).body
        guard let explanation = explanation(overlay, state: state, now: now, width: area.cols - 2) else { return }
        let inner = Pane(title: explanation.title, trailingTitle: explanation.position, isFocused: true).render(into: &grid, area: area)
        let scroll = max(0, min(overlay.scroll, explanation.lines.count - inner.rows))
        for (offset, line) in explanation.lines.dropFirst(scroll).prefix(inner.rows).enumerated() {
            draw(line, into: &grid, row: inner.row + offset, area: inner)
        }
    }

    /// The explanation's title, its place among the case's clocks, and its lines `width` wide.
    static func explanation(_ overlay: ExplanationOverlay, state: DeskState, now: Date, width: Int)
        -> (title: String, position: String, lines: [DocLine])? {
        guard let caseState = state.caseView?.state else { return nil }
        let clocks = state.session.procedure.clocks(caseState, now: now)
        guard !clocks.isEmpty else { return nil }
        let index = min(overlay.clock, clocks.count - 1)
        let clock = clocks[index]
        let calendar = state.session.calendar
        let title = "Case \(caseState.number) — Why is “\(ClockWords.title(clock.kind))” due \(calendar.readable(clock.due))?"
        var lines: [DocLine] = [DocLine([Span("Now: "), Span(ClockWords.status(clock, calendar: calendar, now: now), ClockWords.role(clock))]), .blank]
        for (line, text) in zip(clock.explanation.lines, clock.explanation.text(calendar: calendar)) {
            let role: ScreenRole = switch line {
            case .day(let entry):
                switch entry.kind {
                case .skipped: .muted
                case .receipt: .label
                case .counted, .credited: .normal
                }
            case .due: .title
            case .outcome: ClockWords.role(clock)
            case .extensionMoved, .pause: .accent
            case .extensionIgnored: .warning
            case .start, .startHours: .label
            case .deskHours: .normal
            case let .rules(_, _, moved): moved == nil ? .label : .accent
            }
            lines += TerminalText.wrap(text, width: max(1, width - 2)).map { DocLine($0, role) }
        }
        return (title, "clock \(index + 1)/\(clocks.count) ←/→", lines)
    }
}
