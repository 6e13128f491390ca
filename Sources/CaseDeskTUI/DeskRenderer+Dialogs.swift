import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// Forms, questions, the action menu, the staff picker and the help, drawn over the screen.
extension DeskRenderer {
    /// Rows of the escalation checklist preview.
    static let escalationPreviewRows = 7

    /// Where a form's parts go at this size; `DeskUpdate` sizes text boxes with the same numbers.
    static func formLayout(_ screen: FormScreen, session: DeskSession, size: Size) -> DeskLayout.FormDialog {
        let fieldRows = screen.form.fields.reduce(0) { $0 + $1.controlRows + ($1.error == nil ? 0 : 1) }
        let previewRows = screen.action == .escalate ? escalationPreviewRows : 0
        return DeskLayout.form(size, fieldRows: fieldRows, previewRows: previewRows, wantsWide: screen.action == .escalate,
                               problem: screen.problem?.text)
    }

    static func formDialog(_ screen: FormScreen, state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        let layout = formLayout(screen, session: state.session, size: size)
        grid.fill(layout.box, role: .dialog)
        Pane(title: screen.title, trailingTitle: "C-s save · Esc cancel", isFocused: true).render(into: &grid, area: layout.box)
        grid.cursor = screen.form.render(into: &grid, area: layout.fields)
        if let area = layout.preview, let checklist = ActionForms.escalationPreview(screen, session: state.session) {
            escalationPreview(checklist, calendar: state.session.calendar, now: now, into: &grid, area: area)
        }
        if let problem = screen.problem {
            let area = layout.problem
            let lines = TerminalText.wrap(problem.text, width: max(1, area.cols))
            for (offset, line) in lines.prefix(area.rows).enumerated() {
                let last = offset == area.rows - 1 && lines.count > area.rows
                MessageLine(last ? TerminalText.truncate(line + " …", toWidth: area.cols) : line, kind: problem.kind)
                    .render(into: &grid, area: Rect(row: area.row + offset, col: area.col, rows: 1, cols: area.cols))
            }
        }
    }

    /// The checklist as the escalation would be recorded now: missing items, the written-channel rule,
    /// the marker, and whether it is late.
    static func escalationPreview(_ checklist: EscalationChecklist, calendar: BusinessCalendar, now: Date, into grid: inout Grid,
                                  area: Rect) {
        grid.fill(area)
        var lines: [DocLine] = []
        let missing = checklist.missing.map { ActionForms.itemLabel($0).lowercased() }
        lines.append(DocLine([Span("Checklist: ", .title), checklist.isComplete
            ? Span("complete", .ok) : Span("incomplete — recorded, the missing items can be requested", .warning)]))
        if !missing.isEmpty { lines.append(DocLine([Span("missing: ", .label), Span(missing.joined(separator: ", "), .warning)])) }
        lines.append(DocLine([Span("in writing: ", .label), checklist.writtenChannel
            ? Span("yes (\(checklist.channel.rawValue))", .ok) : Span("NO — a phone call is not an escalation; ask them to write", .error)]))
        lines.append(DocLine([Span("marker (complaint/plainte/Beschwerde): ", .label),
                              checklist.markerFound ? Span("found", .ok) : Span("not found", .warning)]))
        if let end = checklist.windowEnd {
            let window = end > now ? "window open until" : "window closed"
            lines.append(DocLine([Span("\(window) \(calendar.readable(end)): ", .label),
                                  checklist.late ? Span("LATE — the head decides whether to accept it (L)", .warning) : Span("in time", .ok)]))
        }
        var row = area.row
        for line in lines {
            for piece in wrapSpans(line, width: area.cols) where row < area.endRow {
                draw(piece, into: &grid, row: row, area: area)
                row += 1
            }
        }
    }

    /// A line of spans broken into screen lines of `width` at spaces; a word longer than a line is cut.
    /// Continuation lines start `indent` columns in (under the text, past a key or a label).
    static func wrapSpans(_ line: DocLine, width: Int, indent: Int = 0) -> [DocLine] {
        let width = max(1, width)
        let indent = min(indent, width / 2)
        var result: [DocLine] = [DocLine([], background: line.background)]
        var used = 0
        func add(_ piece: String, _ role: ScreenRole) {
            let pieceWidth = TerminalText.displayWidth(piece)
            if used + pieceWidth > width, used > indent {
                result.append(DocLine([Span(String(repeating: " ", count: indent))], background: line.background))
                used = indent
            }
            if used + pieceWidth > width {
                let cut = TerminalText.wrap(piece, width: width - used)
                for (index, part) in cut.enumerated() {
                    if index > 0 { result.append(DocLine([], background: line.background)) }
                    result[result.count - 1].spans.append(Span(part, role))
                }
                used = TerminalText.displayWidth(cut.last ?? "")
                return
            }
            result[result.count - 1].spans.append(Span(piece, role))
            used += pieceWidth
        }
        for span in line.spans {
            let words = span.text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            for (index, word) in words.enumerated() {
                add(index < words.count - 1 ? word + " " : word, span.role)
            }
        }
        return result
    }

    static func questionDialog(_ question: Question, into grid: inout Grid, size: Size) {
        let body = DeskLayout.frame(size).body
        let width = min(body.cols - 4, 64)
        let text = TerminalText.wrap(question.text, width: width - 4)
        let box = body.centered(rows: text.count + 4, cols: width)
        grid.fill(box, role: .dialog)
        let inner = Pane(title: "Are you sure?", isFocused: true).render(into: &grid, area: box)
        for (offset, line) in text.enumerated() {
            grid.put(" " + line, row: inner.row + offset, col: inner.col, role: .dialog, clip: inner)
        }
        let keys = DocLine([Span(" y", .keyHint), Span(" yes   ", .dialog), Span("n", .keyHint), Span(" no", .dialog)])
        draw(keys, into: &grid, row: inner.endRow - 1, area: inner)
    }

    static func actionMenu(_ menu: ActionMenu, into grid: inout Grid, size: Size) {
        // Under the list, the selected move's reason whole (the list cuts it at the edge).
        let selected = menu.entries.indices.contains(menu.list.selected) ? menu.entries[menu.list.selected] : nil
        let why: String? = switch selected?.availability {
        case let .needsRole(_, refusal)?: refusal
        case let .notNow(reason)?: reason
        default: nil
        }
        let width = DeskLayout.dialog(size, rows: 1, cols: 90).cols - 2
        let whyLines = why.map { TerminalText.wrap($0, width: max(1, width - 1)) } ?? []
        let detailRows = whyLines.isEmpty ? 0 : whyLines.count + 1
        let box = DeskLayout.dialog(size, rows: menu.entries.count + 2 + detailRows, cols: 90)
        grid.fill(box, role: .dialog)
        let pane = Pane(title: "Moves on case \(menu.number)", trailingTitle: "key or Enter", isFocused: true).render(into: &grid, area: box)
        // The reason keeps at least two rows of list above it; it gives up its own last rows first.
        let shownWhy = Array(whyLines.prefix(max(0, pane.rows - 3)))
        var inner = pane
        if !shownWhy.isEmpty {
            inner.rows = pane.rows - shownWhy.count - 1
            grid.drawRule(row: inner.endRow, across: box, role: .borderFocused, joiningBorder: true)
            for (offset, line) in shownWhy.enumerated() {
                grid.put(" " + line, row: inner.endRow + 1 + offset, col: pane.col, role: .dialog, clip: pane)
            }
        }
        var list = menu.list
        list.setVisibleRows(inner.rows)
        for (offset, index) in list.visibleRange.enumerated() {
            let entry = menu.entries[index]
            let selected = index == list.selected
            let available = entry.availability.isAvailable
            var spans = [Span(" \(entry.action.key.name) ", available ? .keyHint : .muted),
                         Span(" " + TerminalText.fit(entry.action.title, width: 26), available ? .normal : .muted)]
            if let reason = entry.availability.reason { spans.append(Span(" " + reason, .muted)) }
            draw(DocLine(spans, background: selected ? .selection : nil), into: &grid, row: inner.row + offset, area: inner)
        }
        scrollMark(list, count: menu.entries.count, into: &grid, box: Rect(row: box.row, col: box.col, rows: inner.endRow + 1 - box.row,
                                                                          cols: box.cols))
    }

    /// "1–9/13 ↓" on a list's bottom edge when it holds more lines than show: which ones show, and
    /// which way the rest lie.
    static func scrollMark(_ list: ListState, count: Int, into grid: inout Grid, box: Rect) {
        let range = list.visibleRange
        guard count > range.count, let first = range.first, let last = range.last else { return }
        let arrows = (first > 0 ? "↑" : "") + (last < count - 1 ? "↓" : "")
        let mark = " \(first + 1)–\(last + 1)/\(count) \(arrows) "
        let edge = Rect(row: box.endRow - 1, col: box.col + 2, rows: 1, cols: box.cols - 4)
        grid.put(mark, row: edge.row, col: edge.endCol - TerminalText.displayWidth(mark), role: .title, clip: edge)
    }

    static func staffPicker(_ picker: StaffPicker, state: DeskState, into grid: inout Grid, size: Size) {
        let box = DeskLayout.dialog(size, rows: picker.accounts.count + 2, cols: 60)
        grid.fill(box, role: .dialog)
        let inner = Pane(title: "Assign case \(picker.number) to", isFocused: true).render(into: &grid, area: box)
        var list = picker.list
        list.setVisibleRows(inner.rows)
        for (offset, index) in list.visibleRange.enumerated() {
            let line: DocLine
            if let account = picker.accounts[index] {
                let roles = state.session.staff.first { $0.account == account }
                    .map { StaffRole.allCases.filter($0.roles.contains).map(\.rawValue).joined(separator: ", ") } ?? ""
                line = DocLine([Span(" " + TerminalText.fit(account, width: 16)), Span(" " + roles, .muted)],
                               background: index == list.selected ? .selection : nil)
            } else {
                line = DocLine([Span(" nobody"), Span(" (back to the queue)", .muted)], background: index == list.selected ? .selection : nil)
            }
            draw(line, into: &grid, row: inner.row + offset, area: inner)
        }
    }

    static func helpOverlay(_ help: HelpOverlay, into grid: inout Grid, area: Rect) {
        let inner = Pane(title: help.title, trailingTitle: "q closes", isFocused: true).render(into: &grid, area: area)
        HelpView(sections: help.sections, scroll: help.scroll).render(into: &grid, area: inner)
    }
}
