import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The handover screen: the document in one or two columns, scrolled, the selected case marked.
extension DeskRenderer {
    static func handoverScreen(_ screen: HandoverScreen, state: DeskState, now: Date, into grid: inout Grid, area: Rect) {
        let calendar = state.session.calendar
        var title = "Handover — shift \(screen.shift.name), \(calendar.localDate(of: screen.shift.start).readable)"
        if screen.report != nil { title += screen.readAt(by: state.session.actor.account) == nil ? " · not read by you" : " · read by you" }
        let keys = area.cols >= 100 ? "Tab sections · ←/→ shifts · M mark read · W desk note" : "Tab · ←/→ shifts · M read"
        let inner = Pane(title: title, trailingTitle: keys, isFocused: true)
            .render(into: &grid, area: area)
        let document = DeskUpdate.handoverDocument(screen, state: state, now: now)
        let lines = document.lines(selected: screen.selected)
        drawColumns(main: lines.main, side: lines.side, columns: document.columns,
                    scroll: screen.scroll, into: &grid, area: area, inner: inner)
    }
}
