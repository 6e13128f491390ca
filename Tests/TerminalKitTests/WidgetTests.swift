import Testing
import TerminalKit

@Suite("List state and columns")
struct ListStateTests {
    @Test func selectionKeepsTheWindowAround() {
        var state = ListState(count: 100, visibleRows: 10)
        #expect(state.visibleRange == 0..<10)
        state.moveSelection(by: 12)
        #expect(state.selected == 12 && state.offset == 3)
        state.moveSelection(by: -1)
        #expect(state.offset == 3)
        state.pageDown()
        #expect(state.selected == 21 && state.offset == 13)
        state.selectLast()
        #expect(state.selected == 99 && state.visibleRange == 90..<100)
        state.pageUp()
        #expect(state.selected == 89 && state.offset == 80)
        state.selectFirst()
        #expect(state.visibleRange == 0..<10)
    }

    @Test func shrinkingListsAndWindowsStayValid() {
        var state = ListState(count: 50, visibleRows: 10, selected: 45)
        state.setCount(20)
        #expect(state.selected == 19 && state.visibleRange == 10..<20)
        state.setVisibleRows(4)
        #expect(state.visibleRange == 16..<20)
        state.setCount(0)
        #expect(state.selection == nil && state.visibleRange.isEmpty)
        state.moveSelection(by: 1)
        #expect(state.selected == 0)
    }

    @Test func columnWidthsShareTheRoom() {
        let columns = [
            TableColumn("ID", width: .fixed(4)),
            TableColumn("Subject", width: .flexible(min: 5, weight: 2)),
            TableColumn("Customer", width: .flexible(min: 3, weight: 1)),
        ]
        #expect(TableColumn.widths(of: columns, total: 30, spacing: 1) == [4, 16, 8])
        #expect(TableColumn.widths(of: columns, total: 21, spacing: 1) == [4, 10, 5])
        #expect(TableColumn.widths(of: columns, total: 10, spacing: 1) == [4, 5, 3])
        #expect(TableColumn.widths(of: [], total: 10, spacing: 1) == [])
    }
}

@Suite("Form")
struct FormTests {
    func makeForm() -> Form {
        Form([
            .text("subject", label: "Subject", isRequired: true),
            .choice("kind", label: "Kind", options: ["complaint", "abuse", "feedback"]),
            .date("due", label: "Promised date"),
            .checkbox("notify", label: "Notify customer", isChecked: true),
            .multiline("note", label: "Note", rows: 3),
        ])
    }

    func typed(_ text: String) -> [KeyEvent] { text.map { .character($0) } }

    @Test func tabMovesFocusAndKeysGoToTheFocusedField() {
        var form = makeForm()
        for key in typed("Spam") + [.tab, .right, .tab] + typed("2027-03-25") + [.tab, .character(" "), .tab]
            + typed("first") + [.enter] + typed("second") {
            _ = form.handle(key)
        }
        #expect(form.text("subject") == "Spam")
        #expect(form.choice("kind") == 1)
        #expect(form.text("due") == "2027-03-25")
        #expect(form.isChecked("notify") == false)
        #expect(form.text("note") == "first\nsecond")
        _ = form.handle(.tab)
        #expect(form.focusedField?.id == "subject")
        _ = form.handle(.backTab)
        #expect(form.focusedField?.id == "note")
    }

    @Test func enterIsLeftToTheScreenOutsideTheEditor() {
        var form = makeForm()
        let used = form.handle(.enter)
        #expect(!used)
    }

    @Test func leavingAFieldShowsItsErrorAndTypingClearsIt() {
        var form = makeForm()
        _ = form.handle(.tab)
        #expect(form.fields[0].error == "required")
        form.focus("due")
        for key in typed("2027-02-30") + [.tab] { _ = form.handle(key) }
        #expect(form.fields[2].error == "there is no day 2027-02-30")
        form.focus("due")
        _ = form.handle(.backspace)
        #expect(form.fields[2].error == nil)
    }

    @Test func validateFocusesTheFirstProblem() {
        var form = makeForm()
        form.focus("note")
        let incomplete = form.validate()
        #expect(!incomplete)
        #expect(form.focusedField?.id == "subject")
        form.focus("subject")
        form.insert("Phishing site")
        let complete = form.validate()
        #expect(complete)
        form.setError("the case changed meanwhile; your text is kept", for: "subject")
        #expect(form.fields[0].error != nil)
    }

    @Test func dirtyTracksUnsavedTyping() {
        var form = makeForm()
        #expect(!form.isDirty)
        _ = form.handle(.character("x"))
        #expect(form.isDirty)
        _ = form.handle(.backspace)
        #expect(!form.isDirty)
        form.focus("notify")
        _ = form.handle(.character(" "))
        #expect(form.isDirty)
        form.markSaved()
        #expect(!form.isDirty)
    }

    @Test func calendarDates() {
        #expect(FormField.calendarDateProblem("2028-02-29") == nil)
        #expect(FormField.calendarDateProblem("2027-02-29") == "there is no day 2027-02-29")
        #expect(FormField.calendarDateProblem("2027-13-01") != nil)
        #expect(FormField.calendarDateProblem("27-03-25") == "write the date as YYYY-MM-DD, e.g. 2027-03-25")
        #expect(FormField.calendarDateProblem("2027-+3-25") != nil)
    }
}

@Suite("Tiny terminals")
struct TinySizeTests {
    @Test("every widget draws into tiny areas without trapping", arguments: [
        Size(rows: 0, cols: 0), Size(rows: 1, cols: 1), Size(rows: 2, cols: 3), Size(rows: 3, cols: 1), Size(rows: 1, cols: 40),
    ])
    func tiny(size: Size) {
        var grid = Grid(size: size)
        let area = grid.bounds
        let inner = Pane(title: "Open cases", trailingTitle: "1/3", isFocused: true).render(into: &grid, area: area)
        SnapshotScreens.table.render(into: &grid, area: inner, state: ListState(count: 3, visibleRows: 2)) {
            $0.map(SnapshotScreens.row)
        }
        StatusBar(left: [.init("QUEUE")], right: [.init("ann · supervisor")], hints: queueKeys.statusHints)
            .render(into: &grid, area: area)
        MessageLine("Saved.").render(into: &grid, area: area)
        HelpView(sections: queueKeys.helpSections).render(into: &grid, area: area)
        TooSmallNotice(minimum: Size(rows: 24, cols: 80)).render(into: &grid)
        var form = SnapshotScreens.replyForm()
        form.layout(width: size.cols)
        form.render(into: &grid, area: area)
        grid.drawBox(area)
        grid.drawRule(row: 0, across: area)
        #expect(grid.size == size)
        #expect(grid.lines.count == size.rows)
    }
}
