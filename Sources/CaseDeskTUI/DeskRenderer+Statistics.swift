import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The statistics screen: the charts in one or two columns, scrolled.
extension DeskRenderer {
    static func statisticsScreen(_ screen: StatisticsScreen, state: DeskState, into grid: inout Grid, area: Rect) {
        let inner = Pane(title: "Statistics — \(screen.range.title), by \(screen.period.rawValue)",
                         trailingTitle: "r range · w week/month · q back", isFocused: true).render(into: &grid, area: area)
        let document = DeskUpdate.statisticsDocument(screen, state: state)
        drawColumns(main: document.main, side: document.side, columns: document.columns, scroll: screen.scroll,
                    into: &grid, area: area, inner: inner)
    }
}
