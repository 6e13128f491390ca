import Testing
import TerminalKit

/// Screens built from the widgets, compared as text and as roles (one code per cell, see
/// `Role.snapshotCode`) at 80×24 and at smaller sizes.
@Suite("Widget snapshots")
struct SnapshotTests {
    /// An empty row inside a pane of `width` columns.
    func inside(_ width: Int, fill: Character = " ", edge: Character = "│") -> String {
        String(edge) + String(repeating: fill, count: width - 2) + String(edge)
    }

    @Test func queueAt80x24() {
        var state = ListState(count: 120, visibleRows: 18)
        state.select(5)
        let grid = SnapshotScreens.queue(size: Size(rows: 24, cols: 80), state: state,
                                         message: MessageLine("Case CD-2027-0042 acknowledged."))
        #expect(grid.lines == [
            " casedesk · queue",
            "┌─ Open cases ───────────────────────────────────────────────────────── 6/120 ─┐",
            "│Case         Kind      Subject                                             Due│",
            "│CD-2027-0001 abuse     Phishing page on shop-example.de             2027-03-10│",
            "│CD-2027-0002 complaint Rechnung falsch – Beschwerde «dringend»      2027-03-11│",
            "│CD-2027-0003 feedback  漢字のドメイン名について                     2027-03-12│",
            "│CD-2027-0004 abuse     Spam from 203.0.113.7 😀 again               2027-03-13│",
            "│CD-2027-0005 complaint Title ␛injection                             2027-03-14│",
            "│CD-2027-0006 feedback  Transfer refused                             2027-03-15│",
            "│CD-2027-0007 abuse     Phishing page on shop-example.de             2027-03-16│",
            "│CD-2027-0008 complaint Rechnung falsch – Beschwerde «dringend»      2027-03-17│",
            "│CD-2027-0009 feedback  漢字のドメイン名について                     2027-03-18│",
            "│CD-2027-0010 abuse     Spam from 203.0.113.7 😀 again               2027-03-19│",
            "│CD-2027-0011 complaint Title ␛injection                             2027-03-20│",
            "│CD-2027-0012 feedback  Transfer refused                             2027-03-21│",
            "│CD-2027-0013 abuse     Phishing page on shop-example.de             2027-03-22│",
            "│CD-2027-0014 complaint Rechnung falsch – Beschwerde «dringend»      2027-03-23│",
            "│CD-2027-0015 feedback  漢字のドメイン名について                     2027-03-24│",
            "│CD-2027-0016 abuse     Spam from 203.0.113.7 😀 again               2027-03-25│",
            "│CD-2027-0017 complaint Title ␛injection                             2027-03-26│",
            "│CD-2027-0018 feedback  Transfer refused                             2027-03-27│",
            "└──────────────────────────────────────────────────────────────────────────────┘",
            "Case CD-2027-0042 acknowledged.",
            "QUEUE  Enter open  a ack  / search  q quit  ? help              ann · supervisor",
        ])
        let plain = "B.............xxxxxxxxx" + String(repeating: ".", count: 56) + "B"
        let overdue = "BOOOOOOOOOOOOOccccccccc" + String(repeating: "O", count: 56) + "B"
        #expect(Array(grid.styleLines[0...5]) == [
            String(repeating: "H", count: 80),
            "BBTTTTTTTTTTTTBB" + String(repeating: "B", count: 55) + "TTTTTTTBB",
            "B" + String(repeating: "h", count: 78) + "B",
            plain,
            overdue,
            plain.replacingOccurrences(of: "x", with: "f"),
        ])
        #expect(grid.styleLines[8] == "B" + String(repeating: "*", count: 78) + "B")
        #expect(Array(grid.styleLines[22...23]) == [
            String(repeating: "n", count: 31),
            "=======kkkkk=======k======k=========k=======k" + String(repeating: "=", count: 35),
        ])
        #expect(grid.cursor == nil)
    }

    @Test func queueAt50x12ScrolledWithAnError() {
        var state = ListState(count: 120, visibleRows: 6)
        state.select(40)
        let grid = SnapshotScreens.queue(size: Size(rows: 12, cols: 50), state: state,
                                         message: MessageLine("Cannot acknowledge: the case changed meanwhile.", kind: .error))
        #expect(grid.lines == [
            " casedesk · queue",
            "┌─ Open cases ────────────────────────── 41/120 ─┐",
            "│Case         Kind      Subject               Due│",
            "│CD-2027-0036 feedback  Transfer refu… 2027-03-25│",
            "│CD-2027-0037 abuse     Phishing page… 2027-03-26│",
            "│CD-2027-0038 complaint Rechnung fals… 2027-03-27│",
            "│CD-2027-0039 feedback  漢字のドメイ…  2027-03-28│",
            "│CD-2027-0040 abuse     Spam from 203… 2027-03-29│",
            "│CD-2027-0041 complaint Title ␛inject… 2027-03-10│",
            "└────────────────────────────────────────────────┘",
            "Cannot acknowledge: the case changed meanwhile.",
            "QUEUE  Enter open  a ack          ann · supervisor",
        ])
        #expect(grid.styleLines == [
            "HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH",
            "BBTTTTTTTTTTTTBBBBBBBBBBBBBBBBBBBBBBBBBBTTTTTTTTBB",
            "BhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhB",
            "B.............fffffffff..........................B",
            "B.............xxxxxxxxx..........................B",
            "BOOOOOOOOOOOOOcccccccccOOOOOOOOOOOOOOOOOOOOOOOOOOB",
            "B.............fffffffff..........................B",
            "B.............xxxxxxxxx..........................B",
            "B************************************************B",
            "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
            "EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE",
            "=======kkkkk=======k==============================",
        ])
    }

    @Test func emptyTableSaysSo() {
        var grid = Grid(size: Size(rows: 4, cols: 40))
        SnapshotScreens.table.render(into: &grid, area: grid.bounds, state: ListState()) { _ in [] }
        #expect(grid.lines == ["Case         Kind      Subject", "No open cases.", "", ""])
        #expect(grid.styleLines == [String(repeating: "h", count: 40), "mmmmmmmmmmmmmm", "", ""])
    }

    @Test func formAt80x24() {
        let grid = SnapshotScreens.formScreen(size: Size(rows: 24, cols: 80))
        #expect(grid.lines == [
            "┌─ Reply to CD-2027-0001 ──────────────────────────────────────────────────────┐",
            "│Subject          Re: Phishing page on shop-example.de                         │",
            "│Channel          ‹ email  ›                                                   │",
            "│Answer by        2027-02-30                                                   │",
            "│                 ! there is no day 2027-02-30                                 │",
            "│Notify customer  [x]                                                          │",
            "│Reply            Dear customer,                                               │",
            inside(80),
            "│                 the page has been taken down. 漢字 too.                      │",
        ] + Array(repeating: inside(80), count: 14) + [
            "└──────────────────────────────────────────────────────────────────────────────┘",
        ])
        #expect(Array(grid.styleLines[1...9]) == [
            "Blllllll.........." + String(repeating: "_", count: 61) + "B",
            "Blllllll..........__________" + String(repeating: ".", count: 51) + "B",
            "Blllllllll........___________" + String(repeating: ".", count: 50) + "B",
            "B................." + String(repeating: "E", count: 28) + String(repeating: ".", count: 33) + "B",
            "Blllllllllllllll..___" + String(repeating: ".", count: 58) + "B",
            "Blllll............" + String(repeating: "I", count: 61) + "B",
            "B................." + String(repeating: "I", count: 61) + "B",
            "B................." + String(repeating: "I", count: 61) + "B",
            "B................." + String(repeating: "I", count: 61) + "B",
        ])
        #expect(grid.cursor == Position(row: 8, col: 57))
    }

    @Test func formAt40x10ScrollsToTheFocusedField() {
        let grid = SnapshotScreens.formScreen(size: Size(rows: 10, cols: 40))
        #expect(grid.lines == [
            "┌─ Reply to CD-2027-0001 ──────────────┐",
            "│Channel       ‹ email  ›              │",
            "│Answer by     2027-02-30              │",
            "│              ! there is no day 2027-…│",
            "│Notify cust…  [x]                     │",
            "│Reply         Dear customer,          │",
            inside(40),
            "│              the page has been taken │",
            "│              down. 漢字 too.         │",
            "└──────────────────────────────────────┘",
        ])
        #expect(grid.styleLines == [
            "BBTTTTTTTTTTTTTTTTTTTTTTTBBBBBBBBBBBBBBB",
            "Blllllll.......__________..............B",
            "Blllllllll.....___________.............B",
            "B..............EEEEEEEEEEEEEEEEEEEEEEEEB",
            "Bllllllllllll..___.....................B",
            "Blllll.........IIIIIIIIIIIIIIIIIIIIIIIIB",
            "B..............IIIIIIIIIIIIIIIIIIIIIIIIB",
            "B..............IIIIIIIIIIIIIIIIIIIIIIIIB",
            "B..............IIIIIIIIIIIIIIIIIIIIIIIIB",
            "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
        ])
        #expect(grid.cursor == Position(row: 8, col: 30))
    }

    @Test func helpAt80x24() {
        let grid = SnapshotScreens.helpScreen(size: Size(rows: 24, cols: 80))
        #expect(grid.lines == [
            "┌─ Help ───────────────────────────────────────────────────────────────────────┐",
            "│Moving                                                                        │",
            "│  j/↓    Next case                                                            │",
            "│  k/↑    Previous case                                                        │",
            "│  /      Search cases                                                         │",
            inside(80),
            "│Case                                                                          │",
            "│  Enter  Open the selected case                                               │",
            "│  a      Acknowledge receipt to the customer                                  │",
            inside(80),
            "│General                                                                       │",
            "│  q      Leave casedesk                                                       │",
            "│  ?/F1   Show this help                                                       │",
            "│  Esc    Go back                                                              │",
        ] + Array(repeating: inside(80), count: 9) + [
            "└──────────────────────────────────────────────────────────────────────────────┘",
        ])
        #expect(Array(grid.styleLines[0...2]) == [
            "bbTTTTTT" + String(repeating: "b", count: 72),
            "bTTTTTT" + String(repeating: "?", count: 72) + "b",
            inside(80, fill: "?", edge: "b"),
        ])
    }

    @Test func helpAt30x8WrapsAndScrolls() {
        let grid = SnapshotScreens.helpScreen(size: Size(rows: 8, cols: 30), scroll: 2)
        #expect(grid.lines == [
            "┌─ Help ─────────────────────┐",
            "│  k/↑    Previous case      │",
            "│  /      Search cases       │",
            inside(30),
            "│Case                        │",
            "│  Enter  Open the selected  │",
            "│         case               │",
            "└────────────────────────────┘",
        ])
        #expect(HelpView(sections: queueKeys.helpSections).lineCount(width: 28) == 15)
    }

    @Test func tooSmallNotice() {
        var grid = Grid(size: Size(rows: 5, cols: 30))
        TooSmallNotice(minimum: Size(rows: 24, cols: 80)).render(into: &grid)
        #expect(grid.lines == [
            "   Terminal too small: need",
            "      80×24, have 30×5.",
            " Enlarge the window or use a",
            "        smaller font.",
            "",
        ])
        #expect(grid.styleLines == ["...WWWWWWWWWWWWWWWWWWWWWWWW", "......WWWWWWWWWWWWWWWWW", "", "", ""])
        var tiny = Grid(size: Size(rows: 1, cols: 1))
        TooSmallNotice(minimum: Size(rows: 24, cols: 80)).render(into: &tiny)
        #expect(tiny.lines == ["T"])
    }
}
