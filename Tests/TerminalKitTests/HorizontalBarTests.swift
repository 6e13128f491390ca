import Testing
import TerminalKit

@Suite("Horizontal bars")
struct HorizontalBarTests {
    func text(_ runs: [HorizontalBar.Run]) -> String { runs.map(\.text).joined() }

    @Test("a bar is measured to the eighth of a cell", arguments: [
        (10.0, 10.0, "██████████"), (5.0, 10.0, "█████"), (1.0, 3.0, "███▍"), (1.0, 8.0, "█▎"),
        (5.0, 80.0, "▋"), (0.0, 10.0, ""), (12.0, 10.0, "██████████"),
    ])
    func eighths(_ value: Double, _ scale: Double, _ expected: String) {
        #expect(text(HorizontalBar(value).runs(scale: scale, width: 10)) == expected)
    }

    @Test func aNonZeroValueAlwaysShows() {
        #expect(text(HorizontalBar(1).runs(scale: 10_000, width: 20)) == "▏")
        #expect(HorizontalBar(0).runs(scale: 10_000, width: 20).isEmpty)
        #expect(HorizontalBar(3).runs(scale: 0, width: 20).isEmpty, "nothing to scale against")
    }

    @Test func stackedSegmentsKeepTheTotalExactAndSplitSharedCells() {
        let bar = HorizontalBar(stacking: [.init(3, role: .chartComplaint), .init(2, role: .chartAbuse), .init(0, role: .chartFeedback)])
        let runs = bar.runs(scale: 10, width: 10)
        #expect(runs == [HorizontalBar.Run("███", .chartComplaint), HorizontalBar.Run("██", .chartAbuse)])
        // 1.3 + 0.5 cells: the second cell is shared, and goes to the segment covering more of it.
        let shared = HorizontalBar(stacking: [.init(13, role: .chartComplaint), .init(5, role: .chartAbuse)]).runs(scale: 100, width: 10)
        #expect(shared == [HorizontalBar.Run("█", .chartComplaint), HorizontalBar.Run("▊", .chartAbuse)])
        #expect(HorizontalBar(stacking: [.init(13, role: .chartComplaint), .init(5, role: .chartAbuse)]).cells(scale: 100, width: 10) == 2)
    }
}
