import Testing
import TerminalKit

@Suite("Grid and drawing")
struct GridTests {
    @Test func putWritesTextAndReportsColumns() {
        var grid = Grid(size: Size(rows: 2, cols: 10))
        let used = grid.put("héllo", row: 0, col: 1, role: .title)
        #expect(used == 5)
        #expect(grid.lines == [" héllo", ""])
        #expect(grid.styleLines == [".TTTTT", ""])
    }

    @Test func wideCharactersTakeTwoCellsWithAContinuation() {
        var grid = Grid(size: Size(rows: 1, cols: 6))
        grid.put("漢字", row: 0, col: 0)
        #expect(grid[0, 0].character == "漢")
        #expect(grid[0, 1].isContinuation)
        #expect(grid[0, 2].character == "字")
        #expect(grid.lines == ["漢字"])
    }

    @Test func aWideCharacterNeverLandsInTheLastColumn() {
        var grid = Grid(size: Size(rows: 1, cols: 5))
        grid.put("ab漢字", row: 0, col: 0, role: .accent)
        #expect(grid.lines == ["ab漢"])
        #expect(!grid[0, 4].isContinuation)
        #expect(grid[0, 4].character == " ")
        #expect(grid.styleLines == ["aaaaa"])
    }

    @Test func clippingOnTheLeftBlanksAStraddlingWideCharacter() {
        var grid = Grid(size: Size(rows: 1, cols: 6))
        grid.put("漢字x", row: 0, col: -1, clip: Rect(row: 0, col: 0, rows: 1, cols: 3))
        #expect(grid.lines == [" 字"])
        #expect(grid[0, 2].isContinuation)
    }

    @Test func overwritingHalfAWideCharacterMendsTheOtherHalf() {
        var grid = Grid(size: Size(rows: 1, cols: 4))
        grid.put("漢字", row: 0, col: 0)
        grid.put("x", row: 0, col: 1)
        #expect(grid.lines == [" x字"])
        grid.put("y", row: 0, col: 2)
        #expect(grid.lines == [" xy"])
        #expect(!grid[0, 3].isContinuation)
    }

    @Test func putSanitizesAndSkipsZeroWidth() {
        var grid = Grid(size: Size(rows: 1, cols: 12))
        grid.put("a\u{1B}[31mb\u{200B}c\nd", row: 0, col: 0)
        #expect(grid.lines == ["a␛bc␤d"])
    }

    @Test func textOutsideTheGridIsIgnored() {
        var grid = Grid(size: Size(rows: 1, cols: 3))
        grid.put("abc", row: 5, col: 0)
        grid.put("abc", row: -1, col: 0)
        grid.put("abcdef", row: 0, col: 1)
        #expect(grid.lines == [" ab"])
    }

    @Test func boxesAndRules() {
        var grid = Grid(size: Size(rows: 4, cols: 6))
        grid.drawBox(grid.bounds)
        grid.drawRule(row: 2, across: grid.bounds, joiningBorder: true)
        #expect(grid.lines == ["┌────┐", "│    │", "├────┤", "└────┘"])
        var ascii = Grid(size: Size(rows: 3, cols: 4))
        ascii.drawBox(ascii.bounds, style: .ascii)
        #expect(ascii.lines == ["+--+", "|  |", "+--+"])
        #expect(ascii.styleLines == ["bbbb", "b..b", "bbbb"])
    }

    @Test func fillSetsRoleAcrossTheRectangle() {
        var grid = Grid(size: Size(rows: 2, cols: 4))
        grid.fill(Rect(row: 1, col: 1, rows: 5, cols: 2), with: "x", role: .selection)
        #expect(grid.lines == ["", " xx"])
        #expect(grid.styleLines == ["", ".**"])
    }

    @Test func rectSplitsAndCentres() {
        let rect = Rect(row: 1, col: 2, rows: 10, cols: 20)
        #expect(rect.splitRows(at: 3).top == Rect(row: 1, col: 2, rows: 3, cols: 20))
        #expect(rect.splitRows(at: -1).bottom == Rect(row: 10, col: 2, rows: 1, cols: 20))
        #expect(rect.splitCols(at: 5).right == Rect(row: 1, col: 7, rows: 10, cols: 15))
        #expect(rect.centered(rows: 4, cols: 10) == Rect(row: 4, col: 7, rows: 4, cols: 10))
        #expect(rect.inset(by: 1) == Rect(row: 2, col: 3, rows: 8, cols: 18))
        #expect(rect.inset(by: 6).isEmpty)
    }
}

@Suite("Grid diff")
struct GridDiffTests {
    @Test func firstFrameIsAFullRepaint() {
        let grid = Grid(size: Size(rows: 2, cols: 3))
        let diff = GridDiff(from: nil, to: grid)
        #expect(diff.isFullRepaint)
        #expect(diff.runs.map(\.row) == [0, 1])
        #expect(diff.runs.allSatisfy { $0.cells.count == 3 })
    }

    @Test func sizeChangeIsAFullRepaint() {
        let diff = GridDiff(from: Grid(size: Size(rows: 2, cols: 3)), to: Grid(size: Size(rows: 3, cols: 3)))
        #expect(diff.isFullRepaint)
        #expect(diff.runs.count == 3)
    }

    @Test func identicalFramesPaintNothing() {
        var grid = Grid(size: Size(rows: 3, cols: 10))
        grid.put("same", row: 1, col: 2)
        #expect(GridDiff(from: grid, to: grid).runs.isEmpty)
    }

    @Test func onlyChangedRunsArePainted() {
        var old = Grid(size: Size(rows: 2, cols: 10))
        old.put("0123456789", row: 0, col: 0)
        var new = old
        new.put("ab", row: 0, col: 2)
        new.put("z", row: 0, col: 8)
        new.put("x", row: 1, col: 0, role: .error)
        let runs = GridDiff(from: old, to: new).runs
        #expect(runs.map(\.row) == [0, 0, 1])
        #expect(runs.map(\.col) == [2, 8, 0])
        #expect(runs.map { String($0.cells.map(\.character)) } == ["ab", "z", "x"])
    }

    @Test func aRoleChangeAloneIsRepainted() {
        var old = Grid(size: Size(rows: 1, cols: 4))
        old.put("abcd", row: 0, col: 0)
        var new = Grid(size: Size(rows: 1, cols: 4))
        new.put("abcd", row: 0, col: 0)
        new.put("c", row: 0, col: 2, role: .selection)
        #expect(GridDiff(from: old, to: new).runs.map(\.col) == [2])
    }

    @Test func wideCharactersArePaintedWhole() {
        var old = Grid(size: Size(rows: 1, cols: 6))
        old.put("a漢b", row: 0, col: 0)
        var new = old
        new.put("字", row: 0, col: 1)
        let runs = GridDiff(from: old, to: new).runs
        #expect(runs.count == 1)
        #expect(runs[0].col == 1)
        #expect(runs[0].cells.count == 2)
        #expect(runs[0].cells[1].isContinuation)

        var narrowed = old
        narrowed.put("xy", row: 0, col: 1)
        let mended = GridDiff(from: old, to: narrowed).runs
        #expect(mended.map(\.col) == [1])
        #expect(String(mended[0].cells.map(\.character)) == "xy")
    }
}
