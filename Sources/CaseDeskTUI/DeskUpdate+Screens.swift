import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The keys of the queue (and its search results) and of the case screen.
extension DeskUpdate {
    static func performOnQueue(_ state: inout DeskState, _ command: DeskCommand, now: Date) -> [DeskEffect] {
        if state.queue.search != nil, let effects = performOnSearch(&state, command, now: now) { return effects }
        var queue = state.queue
        var effects: [DeskEffect] = []
        func fetch(_ request: QueueWindow.Fetch?) {
            if let request { effects.append(.fetchQueue(queue.query, request)) }
        }
        switch command {
        case .down: fetch(queue.window.move(by: 1))
        case .up: fetch(queue.window.move(by: -1))
        case .pageDown: fetch(queue.window.page(by: 1))
        case .pageUp: fetch(queue.window.page(by: -1))
        case .top:
            if queue.window.atStart { fetch(queue.window.move(by: -queue.window.rows.count)) } else { fetch(queue.window.reload()) }
        case .bottom:
            if queue.window.atEnd { fetch(queue.window.move(by: queue.window.rows.count)) } else { fetch(queue.window.jumpToEnd(total: queue.total)) }
        case .open:
            guard let row = queue.window.selectedRow else { return [] }
            if queue.query.collapseIncidents, let incident = row.incident { return IncidentScreen.open(incident, &state) }
            return openCase(&state, row.number, now: now)
        case .back:
            state.wantsQuit = true
            return []
        case .search:
            var search = SearchState()
            search.list.setVisibleRows(DeskLayout.listRows(state.size, showsPreview: state.showsPreview))
            state.queue.search = search
            return []
        case let .due(due):
            queue.query.due = queue.query.due == due ? nil : due
            if queue.query.due != nil { queue.query.scope = .open }
        case .cycleKind:
            queue.query.kind = cycle(queue.query.kind, through: CaseKind.allCases)
        case .cycleStage:
            queue.query.stage = cycle(queue.query.stage, through: Stage.allCases)
        case .cycleScope:
            let scopes = QueueQuery.Scope.allCases
            queue.query.scope = scopes[(scopes.firstIndex(of: queue.query.scope)! + 1) % scopes.count]
            if queue.query.scope != .open { queue.query.due = nil }
        case .toggleMine:
            let me = state.session.actor.account
            queue.query.assignee = queue.query.assignee == me ? nil : me
            queue.query.unassigned = false
        case .toggleUnassigned:
            queue.query.unassigned.toggle()
            queue.query.assignee = nil
        case .cycleCategory:
            queue.query.category = cycle(queue.query.category, through: AbuseCategory.allCases)
        case .cycleReporterClass:
            queue.query.reporterClass = cycle(queue.query.reporterClass, through: ReporterClass.allCases)
        case .toggleIncidents:
            queue.query.collapseIncidents.toggle()
            state.message = MessageLine(queue.query.collapseIncidents
                ? "Each incident is one row: its count and earliest clock; Enter opens it. I shows every report again."
                : "Every report on its own row; I shows each incident as one row.")
        case .cycleOrder:
            queue.query.order = queue.query.order.next
            state.message = MessageLine("Sorted by \(orderWords(queue.query.order)); O for the next order.")
        case .toggleMark:
            return toggleMark(&state, now: now)
        case .clearFilters where !queue.marked.isEmpty:
            // Esc first lets go of the marks (as lazygit's Esc ends a selection); again, it clears the filters.
            state.message = MessageLine("Unmarked \(queue.marked.count) case\(queue.marked.count == 1 ? "" : "s"); Esc again clears the filters.")
            state.queue.marked = []
            return []
        case .clearFilters:
            // Filters go; the order chosen stays (O changes it).
            let cleared = QueueQuery(order: queue.query.order)
            if queue.query == cleared { state.message = MessageLine("No filter to clear: every open case is shown.") }
            queue.query = cleared
        case .nextSavedFilter:
            let filters = state.session.filters
            guard !filters.isEmpty else {
                state.message = MessageLine("No saved filters: name some in ~/.config/casedesk/config.toml ([[filter]], see the README).",
                                            kind: .warning)
                return []
            }
            let next = queue.savedFilter.map { $0 + 1 } ?? 0
            if filters.indices.contains(next) {
                queue.query = filters[next].query(actor: state.session.actor.account, now: now, calendar: state.session.calendar)
                queue.query.order = state.queue.query.order
                state.message = MessageLine("Filter “\(filters[next].name)” (\(next + 1)/\(filters.count)); v for the next.")
                queue.savedFilter = next
            } else {
                queue.query = QueueQuery(order: queue.query.order)
                queue.savedFilter = nil
                state.message = MessageLine("Every open case (v again for “\(filters[0].name)”).")
            }
        case .togglePreview:
            state.showsPreview.toggle()
            state.message = MessageLine(state.showsPreview ? "Preview on." : "Preview off (p shows it again).")
            return relayout(&state) + previewEffects(&state)
        default:
            return []
        }
        let filterChanged = queue.query != state.queue.query
        // A filter changed by hand is no longer the saved view (sorting it still is).
        if filterChanged, command != .nextSavedFilter, command != .cycleOrder { queue.savedFilter = nil }
        state.queue = queue
        if filterChanged { return reloadQueue(&state) }
        return effects + previewEffects(&state)
    }

    /// How the filter line and the messages name an order.
    static func orderWords(_ order: QueueQuery.Order) -> String {
        switch order {
        case .deadline: "deadline (overdue first)"
        case .received: "received (oldest first)"
        case .customer: "customer (A–Z)"
        case .assignee: "assignee (unassigned first)"
        case .kind: "kind"
        }
    }

    /// Keys on search results; nil for those the queue handles the same way (filters leave the search).
    static func performOnSearch(_ state: inout DeskState, _ command: DeskCommand, now: Date) -> [DeskEffect]? {
        guard var search = state.queue.search else { return nil }
        if command == .bottom, search.asked > 0, !search.isComplete {
            // The end of the results is not held yet: ask for the rest and go there when it comes.
            search.wantsEnd = true
            search.requested = Int(Int32.max)
            state.queue.search = search
            return [.search(search.request(limit: search.requested))]
        }
        if move(&search.list, by: command) {
            state.queue.search = search
            return moreResults(&state) + previewEffects(&state)
        }
        switch command {
        case .toggleMark:
            return toggleMark(&state, now: now)
        case .cycleScope:
            let scopes = QueueQuery.Scope.allCases
            search.scope = scopes[(scopes.firstIndex(of: search.scope)! + 1) % scopes.count]
            state.queue.search = search
            state.message = MessageLine("Searching \(SearchState.words(search.scope)) cases.")
            return searchAgain(&state)
        case .nextField: search.isEditing = false
        case .search: search.isEditing = true
        case .back, .clearFilters:
            // Esc on the results closes the search, as Esc in its field does; the filters stay.
            state.queue.search = nil
            return previewEffects(&state)
        case .open:
            guard let row = search.selectedRow else { return [] }
            state.queue.search = search
            return openCase(&state, row.number, now: now)
        case .due, .cycleKind, .cycleStage, .toggleMine, .toggleUnassigned, .cycleOrder, .cycleCategory, .cycleReporterClass,
             .toggleIncidents:
            state.queue.search = nil
            return nil
        default:
            return nil
        }
        state.queue.search = search
        return previewEffects(&state)
    }

    static func openCase(_ state: inout DeskState, _ number: CaseNumber, now: Date) -> [DeskEffect] {
        var screen = CaseScreen(number: number)
        if let preview = state.preview, preview.number == number {
            screen.state = preview
            screen.selectedClock = nextClockIndex(preview, session: state.session, now: now)
        }
        state.push(screen)
        return [.loadCase(number)]
    }

    /// A scroll position after a moving key (nil for other keys); the caller clamps it.
    static func scrolled(_ scroll: Int, by command: DeskCommand, page: Int) -> Int? {
        switch command {
        case .down: scroll + 1
        case .up: max(0, scroll - 1)
        case .pageDown: scroll + page
        case .pageUp: max(0, scroll - page)
        case .top: 0
        case .bottom: Int.max / 2
        default: nil
        }
    }

    /// Scrolls a view for a moving key, then clamps it to what the view holds; false for other keys
    /// (or when the view is not open).
    static func scrollView<View>(_ state: inout DeskState, _ screen: WritableKeyPath<DeskState, View?>,
                                 _ scroll: WritableKeyPath<View, Int>, by command: DeskCommand, page: Int,
                                   clamped: (DeskState) -> Int) -> Bool {
        guard var view = state[keyPath: screen], let moved = scrolled(view[keyPath: scroll], by: command, page: page) else {
            return false
        }
        view[keyPath: scroll] = moved
        state[keyPath: screen] = view
        view[keyPath: scroll] = clamped(state)
        state[keyPath: screen] = view
        return true
    }

    /// Moves a list's selection for a moving key; false for other keys.
    static func move(_ list: inout ListState, by command: DeskCommand) -> Bool {
        switch command {
        case .down: list.moveSelection(by: 1)
        case .up: list.moveSelection(by: -1)
        case .pageDown: list.pageDown()
        case .pageUp: list.pageUp()
        case .top: list.selectFirst()
        case .bottom: list.selectLast()
        default: return false
        }
        return true
    }

    /// The next or previous clock, round the case's clocks.
    static func cycled(_ clock: Int, by command: DeskCommand, count: Int) -> Int {
        (clock + (command == .nextClock ? 1 : count - 1)) % count
    }

    static func cycle<T: Equatable>(_ value: T?, through all: [T]) -> T? {
        guard let value, let index = all.firstIndex(of: value) else { return all.first }
        return index + 1 < all.count ? all[index + 1] : nil
    }

    // MARK: The case screen

    static func performOnCase(_ state: inout DeskState, _ command: DeskCommand, now: Date) -> [DeskEffect] {
        guard var screen = state.caseView else { return [] }
        let page = max(1, DeskLayout.frame(state.size).body.rows - 1)
        if scrollView(&state, \.caseView, \.scroll, by: command, page: page,
                      clamped: { state in state.caseView.map { clampedScroll($0, state: state) } ?? 0 }) { return [] }
        switch command {
        case .previousClock, .nextClock:
            let count = clockCount(state, screen)
            guard count > 0 else {
                state.message = MessageLine("This case has no clocks.", kind: .warning)
                return []
            }
            screen.selectedClock = cycled(screen.selectedClock, by: command, count: count)
            screen.scroll = scrollShowing(clock: screen.selectedClock, in: screen, state: state)
        case .explain:
            guard clockCount(state, screen) > 0 else {
                state.message = MessageLine(screen.state?.kind.followsProcedure == false
                    ? "Feedback is routed, not timed: it has no clocks to explain." : "No clock runs on this case.", kind: .warning)
                return []
            }
            state.push(ExplanationOverlay(clock: screen.selectedClock))
        case .letters:
            return openLetterPreview(&state, now: now)
        case .nextCase, .previousCase:
            return stepCase(&state, by: command == .nextCase ? .down : .up, now: now)
        case .back:
            state.pop()
            return previewEffects(&state)
        default:
            return []
        }
        screen.scroll = clampedScroll(screen, state: state)
        state.caseView = screen
        return []
    }

    /// J and K: the case after or before this one in the list it was opened from. The list below
    /// moves its selection as j and k would move it there, and the case screen follows.
    static func stepCase(_ state: inout DeskState, by move: DeskCommand, now: Date) -> [DeskEffect] {
        guard let shown = state.top as? CaseScreen else { return [] }
        state.pop()
        guard state.top.showsCases, selectedNumber(state) == shown.number else {
            state.push(shown)
            state.message = MessageLine("Case \(shown.number) was not opened from a list: J and K step through the list a case was "
                + "opened from.", kind: .warning)
            return []
        }
        let effects = state.top.update(move, &state, now: now)
        guard let number = selectedNumber(state), number != shown.number else {
            state.push(shown)
            state.message = MessageLine(move == .down ? "This is the last case of the list." : "This is the first case of the list.",
                                        kind: .warning)
            return effects
        }
        return effects + openCase(&state, number, now: now)
    }

    static func clockCount(_ state: DeskState, _ screen: CaseScreen) -> Int {
        guard let caseState = screen.state else { return 0 }
        return state.session.procedure.clocks(caseState, now: caseState.updated.at, explained: false).count
    }

    static func document(_ screen: CaseScreen, state: DeskState, now: Date? = nil) -> CaseDocument? {
        guard let caseState = screen.state else { return nil }
        return CaseDocument(state: caseState, events: screen.events, session: state.session, now: now ?? caseState.updated.at,
                            width: DeskRenderer.caseBody(state.size).cols, twoColumns: DeskLayout.isWide(state.size),
                            selectedClock: screen.selectedClock)
    }

    static func clampedScroll(_ screen: CaseScreen, state: DeskState) -> Int {
        let lines = document(screen, state: state)?.rowCount ?? 0
        return max(0, min(screen.scroll, lines - DeskRenderer.caseBody(state.size).rows))
    }

    static func scrollShowing(clock: Int, in screen: CaseScreen, state: DeskState) -> Int {
        guard let line = document(screen, state: state)?.clockLines.dropFirst(clock).first else { return screen.scroll }
        let rows = DeskRenderer.caseBody(state.size).rows
        if line < screen.scroll { return line }
        if line >= screen.scroll + rows { return line - rows + 1 }
        return screen.scroll
    }
}
