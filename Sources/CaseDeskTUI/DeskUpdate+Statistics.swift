import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The statistics screen's keys: the range, week or month, scrolling.
extension DeskUpdate {
    static func openStatistics(_ state: inout DeskState, now: Date) -> [DeskEffect] {
        let screen = StatisticsScreen(today: state.session.calendar.localDate(of: now), now: now)
        state.push(screen)
        return [.loadStatistics(screen.query)]
    }

    static func statisticsDocument(_ screen: StatisticsScreen, state: DeskState) -> StatisticsDocument {
        StatisticsDocument(screen: screen, session: state.session, width: DeskRenderer.caseBody(state.size).cols,
                           twoColumns: DeskLayout.isWide(state.size))
    }

    static func performOnStatistics(_ state: inout DeskState, _ command: DeskCommand, now: Date) -> [DeskEffect] {
        guard var screen = state.statistics else { return [] }
        let rows = DeskRenderer.caseBody(state.size).rows
        if scrollView(&state, \.statistics, \.scroll, by: command, page: max(1, rows - 1), clamped: clampedStatisticsScroll) {
            return []
        }
        switch command {
        case .cycleRange:
            screen.range = screen.range.next
        case .togglePeriod:
            screen.period = screen.period == .month ? .week : .month
        case .back:
            state.pop()
            return previewEffects(&state)
        default:
            return []
        }
        // Asked again as of now; the figures shown stay until the new ones arrive.
        screen.query = screen.range.query(today: state.session.calendar.localDate(of: now), by: screen.period)
        screen.asOf = now
        screen.scroll = 0
        state.statistics = screen
        return [.loadStatistics(screen.query)]
    }

    static func clampedStatisticsScroll(_ state: DeskState) -> Int {
        guard let screen = state.statistics else { return 0 }
        let lines = statisticsDocument(screen, state: state).rowCount
        return max(0, min(screen.scroll, lines - DeskRenderer.caseBody(state.size).rows))
    }
}
