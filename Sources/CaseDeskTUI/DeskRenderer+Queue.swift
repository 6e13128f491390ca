import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The queue: the filter or search line, the cases with their countdowns, and the preview.
extension DeskRenderer {
    static func queueScreen(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        let layout = DeskLayout.queue(size, showsPreview: state.showsPreview)
        let calendar = state.session.calendar
        let table = queueTable(width: layout.list.cols)
        if let search = state.queue.search {
            searchLine(search, state: state, into: &grid, area: layout.filters)
            var table = table
            table.emptyText = search.searched.trimmingCharacters(in: .whitespaces).isEmpty
                ? "Type to search every case: customer, subject, domains, description, notes."
                : "Nothing found for “\(search.searched)”."
            table.render(into: &grid, area: layout.list, state: search.list) { range in
                range.map { queueRow(search.results[$0], width: layout.list.cols, calendar: calendar, now: now,
                                     isMarked: state.queue.marked.contains(search.results[$0].number)) }
            }
        } else {
            filterLine(state, into: &grid, area: layout.filters)
            let window = state.queue.window
            var table = table
            table.emptyText = window.isLoaded ? "No cases match these filters; 0 shows every open case." : "Loading…"
            let slice = Array(window.visibleSlice)
            let list = ListState(count: slice.count, visibleRows: max(1, layout.list.rows - 1), selected: window.selected - window.top)
            table.render(into: &grid, area: layout.list, state: list) { range in
                range.map { queueRow(slice[$0], width: layout.list.cols, calendar: calendar, now: now,
                                     isMarked: state.queue.marked.contains(slice[$0].number)) }
            }
        }
        if let area = layout.preview {
            preview(state, now: now, into: &grid, area: area)
        }
    }

    /// The columns for a list `width` wide: fewer and shorter on narrow screens.
    static func queueTable(width: Int) -> Table {
        var columns = [TableColumn("#", width: .fixed(width >= 100 ? 7 : 6), alignment: .right),
                       TableColumn("Kind", width: .fixed(width >= 100 ? 9 : 5)),
                       TableColumn("Stage", width: .fixed(6)),
                       TableColumn("Customer · subject", width: .flexible(min: 14, weight: 3))]
        if width >= 70 { columns.append(TableColumn("Domains", width: .flexible(min: 8, weight: 1))) }
        if width >= 84 { columns.append(TableColumn("Category", width: .fixed(9))) }
        if width >= 100 { columns.append(TableColumn("Reporter", width: .fixed(8))) }
        if width >= 70 { columns.append(TableColumn("Next", width: .fixed(7))) }
        columns += [TableColumn("Left", width: .fixed(7), alignment: .right), TableColumn("Who", width: .fixed(width >= 100 ? 8 : 7))]
        return Table(columns: columns)
    }

    static func queueRow(_ row: QueueRow, width: Int, calendar: BusinessCalendar, now: Date, isMarked: Bool = false) -> TableRow {
        let wide = width >= 100
        let kind = wide ? row.kind.rawValue : String(row.kind.rawValue.prefix(5))
        var (left, leftRole) = ClockWords.countdown(kind: row.nextClock, due: row.nextDue, calendar: calendar, now: now)
        var rowRole: ScreenRole?
        if !row.isOpen {
            left = row.closeReason?.rawValue ?? "closed"
            leftRole = .met
            rowRole = .muted
        } else if leftRole == .overdue {
            rowRole = .overdue
        } else if leftRole == .dueSoon {
            rowRole = .dueSoon
        }
        // A report of an incident says which; an incident's row on a collapsed queue, how many reports it stands for.
        let incident = row.incident.map { "I\($0)" + (row.incidentReports.map { " ×\($0)" } ?? "") + " · " } ?? ""
        var cells = [(isMarked ? "* " : "") + "\(row.number)", kind, row.stage.shortTitle, incident + row.customer + " · " + row.subject]
        var roles: [ScreenRole?] = [isMarked ? .accent : nil, CaseDocument.kindRole(row.kind), .badgeStage, nil]
        if width >= 70 {
            cells.append(row.domains.joined(separator: " "))
            roles.append(rowRole ?? .muted)
        }
        if width >= 84 {
            cells.append(row.category?.rawValue ?? "")
            roles.append(row.category?.isDNSAbuse == true ? .accent : .muted)
        }
        if width >= 100 {
            cells.append(row.reporterClass.map(reporterWords) ?? "")
            // Law enforcement is reviewed within 24 hours: it stands out.
            roles.append(row.reporterClass == .lawEnforcement ? .accent : .muted)
        }
        if width >= 70 {
            cells.append(row.nextClock?.shortTitle ?? "")
            roles.append(nil)
        }
        cells += [left, row.assignee ?? "—"]
        roles += [leftRole, row.assignee == nil ? .muted : nil]
        return TableRow(cells, role: rowRole, cellRoles: roles)
    }

    /// A reporter class in the queue's column (eight cells).
    static func reporterWords(_ reporterClass: ReporterClass) -> String {
        switch reporterClass {
        case .lawEnforcement: "law enf."
        case .trusted: "trusted"
        case .public: "public"
        }
    }

    /// What the queue shows, in words, and the keys that change it.
    static func filterLine(_ state: DeskState, into grid: inout Grid, area: Rect) {
        grid.fill(area)
        let query = state.queue.query
        var parts: [Span] = [Span(query.scope.rawValue + " cases", query.scope == .open ? .label : .accent)]
        if let index = state.queue.savedFilter, state.session.filters.indices.contains(index) {
            parts.insert(Span("“\(state.session.filters[index].name)”", .title), at: 0)
        }
        if query.dueBetween != nil, query.due == nil { parts.append(Span("overdue or due today", .accent)) }
        if let due = query.due {
            let word = switch due {
            case .overdue: "overdue"
            case .today: "due today"
            case .tomorrow: "due tomorrow"
            case .week: "due this week"
            }
            parts.append(Span(word, .accent))
        }
        if let kind = query.kind { parts.append(Span(kind.rawValue, .accent)) }
        if let stage = query.stage { parts.append(Span("at " + stage.title, .accent)) }
        if let category = query.category { parts.append(Span(category.rawValue, .accent)) }
        if let reporterClass = query.reporterClass { parts.append(Span("from " + reporterClass.title, .accent)) }
        if query.collapseIncidents { parts.append(Span("incidents as one row", .accent)) }
        if query.unassigned { parts.append(Span("unassigned", .accent)) }
        if query.assignee != nil { parts.append(Span("mine", .accent)) }
        if query.order != .deadline { parts.append(Span("sorted by " + DeskUpdate.orderWords(query.order), .title)) }
        var spans = [Span(" ")]
        for (index, part) in parts.enumerated() {
            if index > 0 { spans.append(Span(" · ", .muted)) }
            spans.append(part)
        }
        if let total = state.queue.total { spans.append(Span("  (\(total))", .muted)) }
        if !state.queue.marked.isEmpty { spans.append(Span("  \(state.queue.marked.count) marked: A @ n c", .accent)) }
        draw(DocLine(spans), into: &grid, row: area.row, area: area)
        let used = TerminalText.displayWidth(spans.map(\.text).joined())
        let keys = "1 overdue 2 today 3 tomorrow 4 week · t kind · s stage · u mine · 0 all "
        let short = "1-4 due · t s u · 0 all "
        for hint in [keys, short] where used + TerminalText.displayWidth(hint) + 2 <= area.cols {
            grid.put(hint, row: area.row, col: area.endCol - TerminalText.displayWidth(hint), role: .muted, clip: area)
            break
        }
    }

    static func searchLine(_ search: SearchState, state: DeskState, into grid: inout Grid, area: Rect) {
        grid.fill(area)
        let label = " Search: "
        let labelWidth = grid.put(label, row: area.row, col: area.col, role: .label, clip: area)
        let found = search.searched.isEmpty ? "" : "\(search.results.count)\(search.isComplete ? "" : "+") found · "
        let marked = state.queue.marked.isEmpty ? "" : "\(state.queue.marked.count) marked · "
        let count = " \(marked)\(found)\(SearchState.words(search.scope)) "
        let countWidth = TerminalText.displayWidth(count)
        let field = Rect(row: area.row, col: area.col + labelWidth, rows: 1, cols: max(1, area.cols - labelWidth - countWidth - 1))
        let cursor = search.field.render(into: &grid, area: field, isFocused: search.isEditing)
        if search.isEditing { grid.cursor = cursor }
        grid.put(count, row: area.row, col: area.endCol - countWidth, role: .muted, clip: area)
    }

    /// The selected case at a glance: who, what, the clocks, the first lines of the message.
    static func preview(_ state: DeskState, now: Date, into grid: inout Grid, area: Rect) {
        let number = DeskUpdate.selectedNumber(state)
        let shown = state.preview.flatMap { $0.number == number ? $0 : nil }
        let title = shown.map { "Case \($0.number) · \($0.kind.rawValue) · \($0.stage.title)" } ?? (number.map { "Case \($0)" } ?? "Preview")
        let inner = Pane(title: title, trailingTitle: "Enter opens").render(into: &grid, area: area)
        guard let caseState = shown else {
            if number != nil { grid.put("Loading…", row: inner.row, col: inner.col, role: .muted, clip: inner) }
            return
        }
        let calendar = state.session.calendar
        let intake = caseState.intake
        var lines: [DocLine] = []
        func add(_ text: String, _ role: ScreenRole = .normal) {
            lines += TerminalText.wrap(text, width: max(1, inner.cols)).map { DocLine($0, role) }
        }
        add(intake.customer + " <" + intake.contact + ">" + (intake.account.map { " · " + $0 } ?? ""))
        if !intake.domains.isEmpty { add(intake.domains.map(\.unicode).joined(separator: ", "), .accent) }
        add("\(intake.channel.rawValue) · \(calendar.readable(intake.received)) · \(caseState.assignee ?? "unassigned")", .muted)
        add(intake.subject, .title)
        for clock in state.session.procedure.clocks(caseState, now: now, explained: false) {
            lines.append(DocLine([Span(ClockWords.title(clock.kind) + ": ", .label),
                                  Span(ClockWords.status(clock, calendar: calendar, now: now), ClockWords.role(clock))]))
        }
        if let closure = caseState.closure { add("closed: \(closure.reason.title)", .met) }
        if !intake.description.isEmpty, lines.count + 1 < inner.rows {
            lines.append(.blank)
            lines += TerminalText.wrap(intake.description, width: max(1, inner.cols), limit: inner.rows - lines.count).lines
                .map { DocLine($0) }
        }
        for (offset, line) in lines.prefix(inner.rows).enumerated() {
            draw(line, into: &grid, row: inner.row + offset, area: inner)
        }
    }
}
