import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// `render(state, now, size) -> Grid`: every screen as a pure function of the state and the time, so
/// a countdown moves by drawing again and a test compares the grid's lines.
public enum DeskRenderer {
    public static func render(_ state: DeskState, now: Date, size: Size) -> Grid {
        var grid = Grid(size: size)
        guard size.fits(DeskLayout.minimum) else {
            TooSmallNotice(minimum: DeskLayout.minimum, advice: "Enlarge the window; q goes back, C-c quits.").render(into: &grid)
            return grid
        }
        let frame = DeskLayout.frame(size)
        header(state, now: now, into: &grid, area: frame.header)
        // From the topmost screen that covers the body, each over the one below; a dialog under a
        // screen that hides dialogs (a form under its letter) is left out. The cursor is the top's.
        let stack = state.stack
        let bottom = stack.lastIndex { $0.coversBody } ?? 0
        for index in bottom..<stack.count {
            let screen = stack[index]
            if !screen.coversBody, stack[(index + 1)...].contains(where: { $0.hidesDialogsBelow }) { continue }
            grid.cursor = nil
            screen.render(state, now: now, into: &grid, size: size)
        }
        // A form shows its own problem; under a letter the form is hidden, so the message line speaks.
        let message = state.form?.problem == nil || state.letter != nil ? state.message : nil
        // A message too long for its line takes the body's last row as well, rather than losing its end.
        let shown = message ?? MessageLine("")
        let rows = shown.rows(width: frame.message.cols, limit: messageRows)
        shown.render(into: &grid, area: Rect(row: frame.message.row - rows + 1, col: frame.message.col, rows: rows,
                                             cols: frame.message.cols), maxRows: rows)
        statusBar(state, now: now, into: &grid, area: frame.status)
        return grid
    }

    /// Rows a long message (a refusal) may take, the body's last rows above the message line.
    static let messageRows = 4

    // MARK: Header and status bar

    /// The store, its counts, who is working and the desk's time; the right side is kept whole and the
    /// left side is shortened first.
    static func header(_ state: DeskState, now: Date, into grid: inout Grid, area: Rect) {
        grid.fill(area, role: .header)
        let session = state.session
        var essential = " casedesk"
        if let counts = state.counts {
            essential += area.cols >= 100
                ? " │ \(counts.open) open · \(counts.overdue) overdue · \(counts.dueToday) due today"
                : " │ \(counts.open) open · \(counts.overdue) overdue · \(counts.dueToday) today"
        }
        let left = essential + " │ " + URL(fileURLWithPath: session.location).lastPathComponent
        let held = StaffRole.allCases.filter(session.roles.contains)
        let user = session.actor.via.map { "\(session.actor.account) via \($0)" } ?? session.actor.account
        let long = DeskTime.headerText(now, calendar: session.calendar, short: false)
        let short = DeskTime.headerText(now, calendar: session.calendar, short: true)
        let roles = held.isEmpty ? "not on staff" : held.map(\.rawValue).joined(separator: ", ")
        let initials = held.isEmpty ? "not on staff" : held.map(shortName).joined(separator: " ")
        let candidates = ["\(user) (\(roles)) │ \(long) ", "\(user) (\(roles)) │ \(short) ", "\(user) (\(initials)) │ \(short) ",
                          "\(user) │ \(short) "]
        let budget = area.cols - TerminalText.displayWidth(essential) - 1
        let right = candidates.first { TerminalText.displayWidth($0) <= budget } ?? candidates[candidates.count - 1]
        let rightWidth = min(area.cols, TerminalText.displayWidth(right))
        let room = area.cols - rightWidth - 1
        // The file name goes first when room is short, then the counts are shortened.
        let shown = [left, essential].first { TerminalText.displayWidth($0) <= room } ?? TerminalText.truncate(essential, toWidth: room)
        grid.put(shown, row: area.row, col: area.col, role: .header, clip: area)
        grid.put(right, row: area.row, col: area.endCol - rightWidth, role: held.isEmpty ? .warning : .header, clip: area)
    }

    static func shortName(_ role: StaffRole) -> String {
        switch role {
        case .supervisor: "sup"
        case .abuse: "abuse"
        case .head: "head"
        case .viewer: "view"
        case .admin: "admin"
        }
    }

    static func statusBar(_ state: DeskState, now: Date, into grid: inout Grid, area: Rect) {
        let top = state.top
        StatusBar(left: [.init(top.title(in: state).uppercased(), role: .keyHint)],
                  right: top.position(in: state).map { [StatusBar.Segment($0)] } ?? [],
                  hints: top.keymap(in: state).statusHints { DeskUpdate.applies($0, state, now: now) }).render(into: &grid, area: area)
    }

    /// "12/3571" — where the selection is in the queue, the results or the handover's cases.
    static func position(_ state: DeskState) -> String {
        state.top.position(in: state) ?? ""
    }

    // MARK: First run and greeting

    static func firstRun(_ state: DeskState, into grid: inout Grid, area: Rect) {
        let account = state.session.actor.account
        let lines: [DocLine] = [
            DocLine("There is no case store yet.", .title),
            .blank,
            DocLine([Span("Store file ", .label), Span(state.session.location)]),
            .blank,
            DocLine([Span("  c  ", .keyHint), Span(" create it: you (\(account)) become its admin, head, supervisor and abuse specialist")]),
            DocLine([Span("  q  ", .keyHint), Span(" quit without creating anything")]),
            .blank,
            DocLine("The rest of the desk gets roles later with: casedesk staff add NAME --role …", .muted),
        ]
        centredBlock(lines, into: &grid, area: area)
    }

    static func greeting(_ state: DeskState, into grid: inout Grid, area: Rect) {
        let hints = HomeScreen.greetingKeymap.bindings.filter { $0.group == HomeScreen.greetingGroup }.map { binding in
            DocLine([Span("  \(binding.keys[0].name)  ", .keyHint), Span(" " + binding.help)])
        }
        let lines: [DocLine] = [DocLine("Welcome to casedesk: this store has no cases yet.", .title), .blank] + hints
            + [.blank, DocLine("Other desk workers see new cases within two seconds.", .muted)]
        centredBlock(lines, into: &grid, area: area)
    }

    /// Lines centred as a block (left-aligned among themselves), wrapped when the screen is narrow.
    static func centredBlock(_ lines: [DocLine], into grid: inout Grid, area: Rect) {
        grid.fill(area)
        let lines = lines.flatMap { line in
            let hanging = line.spans.count > 1 && line.spans[0].role == .keyHint || line.spans.first?.role == .label
            return wrapSpans(line, width: area.cols - 2, indent: hanging ? TerminalText.displayWidth(line.spans[0].text) + 1 : 0)
        }
        let width = min(area.cols - 2, lines.map { TerminalText.displayWidth($0.spans.map(\.text).joined()) }.max() ?? 0)
        let top = area.row + max(0, (area.rows - lines.count) / 2)
        let col = area.col + max(1, (area.cols - width) / 2)
        let box = Rect(row: area.row, col: col, rows: area.rows, cols: area.endCol - col)
        for (offset, line) in lines.enumerated() where top + offset < area.endRow {
            draw(line, into: &grid, row: top + offset, area: box)
        }
    }

    /// Draws a document line's spans from the left of `area`, clipped to it.
    static func draw(_ line: DocLine, into grid: inout Grid, row: Int, area: Rect) {
        if let background = line.background {
            grid.fill(Rect(row: row, col: area.col, rows: 1, cols: area.cols), role: background)
        }
        // A line wider than its area ends in "…" where it is cut, never in half a word at the border.
        var col = area.col
        for span in line.spans {
            let role = line.background != nil && span.role == .normal ? line.background! : span.role
            let room = area.endCol - col
            guard room > 0 else { break }
            col += grid.put(TerminalText.truncate(span.text, toWidth: room), row: row, col: col, role: role, clip: area)
        }
    }

    /// A document of one or two columns (the case screen's shape), scrolled together, with the
    /// position on the bottom edge when it does not fit.
    static func drawColumns(main: [DocLine], side: [DocLine], columns: (main: Int, side: Int)?, scroll: Int,
                            into grid: inout Grid, area: Rect, inner: Rect) {
        let rowCount = columns == nil ? main.count + side.count : max(main.count, side.count)
        let scroll = max(0, min(scroll, rowCount - inner.rows))
        if let columns {
            let left = Rect(row: inner.row, col: inner.col, rows: inner.rows, cols: columns.main)
            let right = Rect(row: inner.row, col: inner.endCol - columns.side, rows: inner.rows, cols: columns.side)
            for offset in 0..<inner.rows {
                let index = scroll + offset
                if index < main.count { draw(main[index], into: &grid, row: inner.row + offset, area: left) }
                if index < side.count { draw(side[index], into: &grid, row: inner.row + offset, area: right) }
                grid.put("│", row: inner.row + offset, col: left.endCol + 1, role: .border)
            }
        } else {
            for (offset, line) in (main + side).dropFirst(scroll).prefix(inner.rows).enumerated() {
                draw(line, into: &grid, row: inner.row + offset, area: inner)
            }
        }
        if rowCount > inner.rows {
            let shown = "\(scroll + 1)–\(min(rowCount, scroll + inner.rows))/\(rowCount)"
            let edge = Rect(row: area.endRow - 1, col: area.col + 2, rows: 1, cols: area.cols - 4)
            grid.put(" \(shown) ", row: edge.row, col: edge.endCol - TerminalText.displayWidth(shown) - 2, role: .muted, clip: edge)
        }
    }
}
