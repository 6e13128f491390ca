import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The statistics on screen: the range and grouping asked for, the figures once the store
/// answered, and where the view is scrolled.
public struct StatisticsScreen: OpenableScreen {
    static let keymap = Keymap<DeskCommand>([
        KeyBinding([.character("r")], .cycleRange, label: "range", help: "the range: the last 3, 6 or 12 months, or every case",
                   group: "Statistics", showsInStatusBar: true),
        KeyBinding([.character("w")], .togglePeriod, label: "week/month", help: "bars per week or per month", group: "Statistics",
                   showsInStatusBar: true),
    ] + DeskKeymaps.moving.map { binding in
        var binding = binding
        binding.help = binding.help.replacingOccurrences(of: "move", with: "scroll")
        return binding
    }).layered(over: DeskKeymaps.global)

    public var range: StatisticsRange
    public var period: Statistics.Period
    /// What was asked of the store, and when (the figures are as of that moment).
    public var query: Statistics.Query
    public var asOf: Date
    public var statistics: Statistics?
    public var scroll = 0

    public init(range: StatisticsRange = .sixMonths, period: Statistics.Period = .month, today: LocalDate, now: Date) {
        self.range = range
        self.period = period
        query = range.query(today: today, by: period)
        asOf = now
    }

    public static let binding = KeyBinding<DeskCommand>(
        [.character("S")], .show(ScreenOpener("statistics", open: DeskUpdate.openStatistics)), label: "stats",
        help: "statistics: cases per month or week by kind, categories, channels, outcomes, clocks met, escalation rate",
        group: "Screens", showsInStatusBar: true)

    public func title(in state: DeskState) -> String { "statistics" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { Self.keymap }
    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        DeskUpdate.performOnStatistics(&state, command, now: now)
    }
    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.statisticsScreen(self, state: state, into: &grid, area: DeskLayout.frame(size).body)
    }
    public func relaidOut(in state: DeskState) -> StatisticsScreen {
        var screen = self
        screen.scroll = DeskUpdate.clampedStatisticsScroll(state)
        return screen
    }
    public var coversBody: Bool { true }
    public var isDialog: Bool { false }
}
