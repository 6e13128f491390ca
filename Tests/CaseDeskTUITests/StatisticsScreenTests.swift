import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// The statistics screen on a store of thirteen cases from November to March whose figures are
/// known by construction: the charts, the range and grouping keys.
@Suite("The statistics screen")
struct StatisticsScreenTests {
    func desk() throws -> TestStore {
        let desk = try TestStore.filled()
        try desk.history()
        return desk
    }

    @Test func snapshots() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.small)
        driver.press(.character("S"))
        Snapshot.check(driver.screen(), "statistics-80x24", styles: true)
        driver.press(.pageDown, .pageDown)
        Snapshot.check(driver.screen(), "statistics-end-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "statistics-132x40", styles: true)
        driver.press(.character("w"))
        Snapshot.check(driver.screen(), "statistics-weeks-132x40")
    }

    @Test func theBarsAreTheStoresFigures() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver(size: ScreenSnapshotTests.wide)
        driver.press(.character("S"))
        let stats = try #require(driver.state.statistics?.statistics)
        #expect(stats.total.cases == 13)
        let lines = driver.screen().lines
        // The chart's column: the text between the pane's border and the column rule.
        let chart = lines.map { $0.split(separator: "│", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? "" }
        func line(_ start: String) -> String? { chart.first { $0.hasPrefix(start) } }
        // March: cases 1, 2, 5 and 7 are complaints, 3 an abuse report, 4 feedback.
        #expect(line("2027-03 ")?.contains("6  4·1·1") == true)
        #expect(line("2026-10 ")?.contains("0  0·0·0") == true, "a month without cases is shown, not skipped")
        #expect(line("2026-11 ")?.contains("█") == true && line("2026-10 ")?.contains("█") == false)
        let acknowledge = try #require(chart.firstIndex { $0.hasPrefix("acknowledge ") })
        // Met: cases 6, 8, 10; missed: 11 (acknowledged on the fourth business day); overdue: 3; open: 2.
        #expect(chart[acknowledge].contains("60%") && chart[acknowledge + 1].contains("met 3 · missed 1 · overdue 1 · open 1"),
                "\(chart[acknowledge]) / \(chart[acknowledge + 1])")
        #expect(lines.contains { $0.contains("1 of 3 formal complaints answered were escalated") })
        #expect(lines.contains { $0.contains("lapsed ") && $0.hasSuffix("2│") })
    }

    @Test func rangeAndGroupingKeysAskTheStoreAgain() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("S"))
        #expect(driver.state.statistics?.query == Statistics.Query(from: LocalDate("2026-10-01"), to: LocalDate("2027-03-30"), by: .month))
        driver.press(.character("r"))
        #expect(driver.state.statistics?.query.from == LocalDate("2026-04-01"))
        driver.press(.character("r"))
        #expect(driver.state.statistics?.query.from == nil && driver.state.statistics?.query.to == nil)
        #expect(driver.screen().lines[1].contains("Statistics — every case, by month"))
        driver.press(.character("r"))
        #expect(driver.state.statistics?.query.from == LocalDate("2027-01-01"))
        #expect(driver.state.statistics?.statistics?.total.cases == 10)
        driver.press(.character("w"))
        #expect(driver.state.statistics?.query.by == .week)
        #expect(driver.state.statistics?.statistics?.groups.last?.label == "2027-W13")
        driver.press(.character("q"))
        #expect(driver.state.statistics == nil)
    }

    @Test func theWeeksOfARangeIncludeTheEmptyOnesAndNewYear() {
        let week = StatisticsDocument.startDate(of: "2027-W01", by: .week)
        #expect(week == LocalDate("2027-01-04"))
        #expect(StatisticsDocument.startDate(of: "2026-W53", by: .week) == LocalDate("2026-12-28"))
        #expect(StatisticsDocument.startDate(of: "2027-02", by: .month) == LocalDate("2027-02-01"))
        let stats = Statistics(query: .init(from: LocalDate("2026-12-21"), to: LocalDate("2027-01-12"), by: .week), groups: [],
                               total: .init(label: "total"))
        #expect(StatisticsDocument.periodLabels(stats, today: LocalDate("2027-03-30")!) == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"])
    }
}
