import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The desk's behaviour: `update(state, input) -> effects`. Pure — it reads nothing but its
/// arguments and writes nothing but the state, so every key on every screen is tested by calling it.
/// Writes and reads of the store go out as `DeskEffect`s and come back as `DeskInput`s.
public enum DeskUpdate {
    /// Demo cases the greeting loads.
    public static let demoCount = 200
    /// Ticks between counting the whole store again (time moves cases into "overdue" and "today").
    static let recountTicks = 30

    /// The effects that fill a freshly opened desk.
    public static func start(_ state: inout DeskState) -> [DeskEffect] {
        guard state.mode == .desk else { return [] }
        var effects = relayout(&state)
        effects.append(.fetchQueue(state.queue.query, state.queue.window.reload()))
        effects += [.countQueue(state.queue.query), .countCases, .loadStaff]
        return effects
    }

    /// The status line after the store's connection was lost and made again.
    static func reconnectedMessage(_ location: String) -> String {
        "Lost the connection to \(location) and made it again; everything on screen was read again."
    }

    public static func update(_ state: inout DeskState, _ input: DeskInput, now: Date) -> [DeskEffect] {
        switch input {
        case let .key(key):
            return handleKey(&state, key, now: now)
        case .tick:
            state.ticks += 1
            let ticking = state
            state.stack = state.stack.map { $0.ticked(in: ticking, now: now) }
            guard state.mode == .desk, state.ticks % recountTicks == 0 else { return [] }
            // A saved view's "today" moves on at midnight.
            if let index = state.queue.savedFilter, state.session.filters.indices.contains(index) {
                var query = state.session.filters[index].query(actor: state.session.actor.account, now: now, calendar: state.session.calendar)
                query.order = state.queue.query.order
                if query != state.queue.query {
                    state.queue.query = query
                    return reloadQueue(&state) + [.countCases]
                }
            }
            return refreshQueue(&state) + [.countCases]
        case .storeReconnected:
            guard state.mode == .desk else { return [] }
            state.message = MessageLine(Self.reconnectedMessage(state.session.location), kind: .warning)
            return update(&state, .storeChanged, now: now)
        case .storeChanged:
            guard state.mode == .desk else { return [] }
            var effects = refreshQueue(&state) + [.countCases, .loadStaff]
            effects += state.stack.flatMap { $0.reloadEffects(in: state) }
            if let number = state.preview?.number { effects.append(.loadPreview(number)) }
            return effects
        case let .storeOpened(session):
            state.mode = .desk
            state.session = session
            state.stack = [HomeScreen()]
            state.message = MessageLine("Created the store \(session.location). Hand out roles to the desk with: casedesk staff add NAME --role …")
            return start(&state)
        case let .queueLoaded(query, rows, placement):
            guard query == state.queue.query else { return [] }
            var effects: [DeskEffect] = []
            if let fetch = state.queue.window.receive(rows, as: placement) { effects.append(.fetchQueue(query, fetch)) }
            return effects + previewEffects(&state)
        case let .queueCounted(query, total):
            if query == state.queue.query { state.queue.total = total }
            return []
        case let .casesCounted(counts, total):
            state.counts = counts
            state.totalCases = total
            return []
        case let .searched(request, rows):
            guard var search = state.queue.search, search.field.text == request.text, search.scope == request.scope else { return [] }
            let keep = search.selectedRow?.number
            let isSameSearch = search.searched == request.text && search.asked > 0
            search.results = rows
            search.searched = request.text
            search.asked = request.limit
            search.requested = max(search.requested, request.limit)
            if isSameSearch {
                // A further page, or the same results again after a write: the view stays where it is,
                // the selection on its case.
                search.list.setCount(rows.count)
                if let index = rows.firstIndex(where: { $0.number == keep }) { search.list.select(index) }
            } else {
                search.list = ListState(count: rows.count, visibleRows: DeskLayout.listRows(state.size, showsPreview: state.showsPreview),
                                        selected: rows.firstIndex { $0.number == keep } ?? 0)
            }
            if search.wantsEnd, search.isComplete {
                search.wantsEnd = false
                search.list.select(rows.count - 1)
            }
            state.queue.search = search
            return moreResults(&state) + previewEffects(&state)
        case let .caseLoaded(caseState, events):
            // Every screen of this case on the stack (one may lie under another case, opened by number).
            for index in state.stack.indices {
                guard var screen = state.stack[index] as? CaseScreen, screen.number == caseState.number else { continue }
                if screen.state == nil { screen.selectedClock = nextClockIndex(caseState, session: state.session, now: now) }
                screen.state = caseState
                screen.events = events
                state.stack[index] = screen
            }
            if state.preview?.number == caseState.number { state.preview = caseState }
            if var form = state.form, form.caseNumber == caseState.number {
                if let read = form.expectedVersion, caseState.version > read, let last = events.last {
                    // Told now, while typing, rather than refused at C-s; the text stays either way.
                    let changed = "Case \(caseState.number) changed while this form was open: \(last.actor) "
                        + "\(EventText.pastTense(last.change)) (\(state.session.calendar.readable(last.recorded))). "
                    form.problem = MessageLine(changed + "Your text is kept; C-s records it on the case as it is now.", kind: .warning)
                    form.expectedVersion = caseState.version
                    // The letter over the form goes out on the case as it now is: say so there too.
                    if state.letter?.number == caseState.number {
                        state.letter?.problem = MessageLine(changed + "s sends the letter on the case as it is now.", kind: .warning)
                    }
                }
                form.caseState = caseState
                state.form = form
            }
            // The letter is written again from the case as it now stands (dates, version).
            return state.letter?.number == caseState.number ? letterEffects(state) : []
        case let .previewLoaded(caseState):
            if selectedNumber(state) == caseState.number || state.preview?.number == caseState.number { state.preview = caseState }
            return []
        case let .staffLoaded(staff, roles):
            state.session.staff = staff
            state.session.roles = roles
            if var picker = state[StaffPicker.self] {
                picker.accounts = [nil] + staff.map(\.account)
                picker.list.setCount(picker.accounts.count)
                state[StaffPicker.self] = picker
            }
            return []
        case let .recorded(caseState, change):
            if state.form?.caseNumber == caseState.number { state.close(FormScreen.self) }
            state.message = MessageLine("Case \(caseState.number): \(state.session.actor.account) \(EventText.pastTense(change)).")
            return afterWrite(&state, caseState)
        case let .opened(caseState, refusal):
            state.close(FormScreen.self)
            var text = "Case \(caseState.number) opened: \(caseState.kind.withArticle) at the \(caseState.stage.title) stage"
            if let assignee = caseState.assignee { text += ", assigned to \(assignee)" }
            if let refusal { text += "; not assigned to you: \(refusal.description)" }
            state.message = MessageLine(text + ".", kind: refusal == nil ? .info : .warning)
            state.push(CaseScreen(number: caseState.number))
            return afterWrite(&state, caseState)
        case let .demoLoaded(range):
            state.message = MessageLine(range.map { "Loaded \($0.count) demo cases (\($0.lowerBound)–\($0.upperBound))." } ?? "No demo cases loaded.")
            return reloadQueue(&state) + [.countCases, .loadStaff]
        case let .failed(error, effect):
            return failed(&state, error, effect)
        case let .letterRendered(preview):
            return letterRendered(&state, preview)
        case let .letterSent(sent, change, request):
            return letterSent(&state, sent, change: change, request: request)
        case let .letterNotSent(number, failure):
            return letterNotSent(&state, number, failure)
        case let .recordedEach(change, outcome):
            return recordedEach(&state, change, outcome)
        case let .fileSaved(path, what, note, failure):
            state.message = failure.map { MessageLine("Not saved to \(path): \($0). w tries again.", kind: .error) }
                ?? MessageLine("Saved \(what) to \(path)" + (note.map { "; " + $0 } ?? "") + ".")
            return []
        case let .printed(command, failure):
            state.message = failure.map { MessageLine("Not printed: \($0).", kind: .error) }
                ?? MessageLine("Sent the letter to the printer (\(command)).")
            return []
        case let .answered(answer):
            return answer.apply(&state, now)
        case let .handoverLoaded(shift, report):
            return handoverLoaded(&state, shift, report)
        case let .handoverMarked(shift):
            return handoverMarked(&state, shift)
        case let .statisticsLoaded(query, statistics):
            guard state.statistics?.query == query else { return [] }
            state.statistics?.statistics = statistics
            let clamped = clampedStatisticsScroll(state)
            state.statistics?.scroll = clamped
            return []
        }
    }

    /// After a write: the case as it now stands everywhere, the queue and counts again.
    static func afterWrite(_ state: inout DeskState, _ caseState: CaseState) -> [DeskEffect] {
        if state.caseView?.number == caseState.number { state.caseView?.state = caseState }
        if state.preview?.number == caseState.number { state.preview = caseState }
        // The selection follows the case wherever the move sent it: the next key acts on it again.
        return refreshQueue(&state) + [.countCases] + state.stack.flatMap { $0.reloadEffects(in: state) }
    }

    static func failed(_ state: inout DeskState, _ error: StoreError, _ effect: DeskEffect) -> [DeskEffect] {
        switch effect {
        case let .record(_, number, _):
            if case let .conflict(_, _, current, _, _, _) = error, state.form?.caseNumber == number {
                state.form?.expectedVersion = current
                state.form?.problem = MessageLine(error.description + ". Your text is kept: C-s records it on the case as it is now.",
                                                  kind: .error)
                return [.loadCase(number)]
            }
            if state.form?.caseNumber == number {
                state.form?.problem = MessageLine(error.description, kind: .error)
                return []
            }
            state.message = MessageLine(error.description, kind: .error)
            return [.loadCase(number)]
        case .openCase:
            if state.form != nil {
                state.form?.problem = MessageLine(error.description, kind: .error)
            } else {
                state.message = MessageLine(error.description, kind: .error)
            }
        case let .loadCase(number):
            state.message = MessageLine(error.description, kind: .error)
            if case .noSuchCase = error, state.caseView?.number == number { state.close(CaseScreen.self) }
        default:
            state.message = MessageLine(error.description, kind: .error)
        }
        return []
    }

    // MARK: Keys

    /// The keymap that has the keyboard now: what dispatches, what help lists, what the status bar hints.
    public static func keymap(for state: DeskState) -> Keymap<DeskCommand> {
        state.top.keymap(in: state)
    }

    /// What the help and the status bar call the place the keys go to.
    public static func contextName(_ state: DeskState) -> String {
        state.top.title(in: state)
    }

    /// A key goes to the screen on top: first what it takes before its keymap (typed text), then its
    /// keymap's command, else what it does with keys it does not bind.
    static func handleKey(_ state: inout DeskState, _ key: KeyEvent, now: Date) -> [DeskEffect] {
        if case let .resize(size) = key {
            state.size = size
            return relayout(&state)
        }
        let top = state.top
        let keymap = top.keymap(in: state)
        if keymap.command(for: key) == .quit { return requestQuit(&state) }
        if let effects = top.intercept(key, &state, now: now) { return effects }
        guard let command = keymap.command(for: key) else { return top.unbound(key, &state, now: now) }
        // Type-ahead safety: a move's key typed while a message (a refusal) shows only clears it; the
        // next one starts the move, once the person has seen what the desk said.
        if case .act = command, case .character = key, state.message != nil, !top.isDialog {
            state.message = nil
            return []
        }
        if !top.isDialog { state.message = nil }
        return perform(&state, command, on: top, now: now)
    }

    /// Quitting, from wherever the key came: asks first when typed text would be lost (a second quit
    /// key on that question quits).
    static func requestQuit(_ state: inout DeskState) -> [DeskEffect] {
        if state.question?.outcome != .quit, state.hasUnsavedText, let form = state.form {
            state.push(Question(text: "Quit casedesk? What you typed in “\(form.title)” is not saved.", outcome: .quit))
        } else {
            state.wantsQuit = true
        }
        return []
    }

    /// A command: those of the whole desk here, the rest by the screen on top.
    static func perform(_ state: inout DeskState, _ command: DeskCommand, on top: any Screen, now: Date) -> [DeskEffect] {
        switch command {
        case .help:
            state.push(HelpOverlay(title: "Keys: \(top.title(in: state))", sections: top.helpSections(in: state)))
            return []
        case .redraw:
            return [.redraw]
        case .quit:
            return requestQuit(&state)
        case .createStore:
            return [.createStore]
        case .loadDemo:
            return [.loadDemo(count: demoCount)]
        case .newCase:
            return openIntake(&state, now: now)
        case .act(let action) where top is HomeScreen && !state.queue.marked.isEmpty:
            return startMarkedAction(&state, action, now: now)
        case .act(let action):
            guard let number = selectedNumber(state) else {
                state.message = MessageLine("No case selected.", kind: .warning)
                return []
            }
            return startAction(&state, action, on: number, now: now)
        case .actionMenu:
            return openActionMenu(&state, now: now)
        case let .show(opener):
            return opener.open(&state, now)
        default:
            return top.update(command, &state, now: now)
        }
    }

    // MARK: Search

    static func editSearch(_ state: inout DeskState, _ key: KeyEvent) -> [DeskEffect] {
        guard var search = state.queue.search else { return [] }
        let before = search.field.text
        _ = search.field.handle(key)
        state.queue.search = search
        let text = search.field.text
        guard text != before else { return [] }
        return searchAgain(&state).map { effect in
            if case let .search(request) = effect { .searchAsTyped(request) } else { effect }
        }
    }

    /// The first page of results for the field's text in the search's scope (a new text, a new scope).
    static func searchAgain(_ state: inout DeskState) -> [DeskEffect] {
        guard var search = state.queue.search else { return [] }
        let text = search.field.text
        search.asked = 0
        if text.trimmingCharacters(in: .whitespaces).isEmpty {
            search.results = []
            search.searched = text
            search.list = ListState()
            search.requested = 0
            state.queue.search = search
            return []
        }
        search.requested = search.pageSize
        state.queue.search = search
        return [.search(search.request(limit: search.pageSize))]
    }

    /// The next page of results when less than a page is held below the screen and the store may
    /// have more: the results grow as the queue's window does, with no cap.
    static func moreResults(_ state: inout DeskState) -> [DeskEffect] {
        guard var search = state.queue.search, search.asked > 0, !search.isComplete,
              search.results.count - (search.list.offset + search.list.visibleRows) < search.pageSize else { return [] }
        let limit = search.results.count + search.pageSize
        guard limit > search.requested else { return [] }
        search.requested = limit
        state.queue.search = search
        return [.search(search.request(limit: limit))]
    }

    // MARK: Helpers shared by the screens

    /// The case the keys act on: the one the topmost screen that has a case selects.
    static func selectedNumber(_ state: DeskState) -> CaseNumber? {
        state.stack.last { $0.showsCases }?.selectedCase(in: state)
    }

    /// Whether a command is worth a hint on the status line now: a move only when the person may make
    /// it on the selected case and the procedure allows it; a new case only for who may take one in.
    static func applies(_ command: DeskCommand, _ state: DeskState, now: Date) -> Bool {
        let session = state.session
        switch command {
        case let .act(action):
            guard let number = selectedNumber(state), let caseState = loadedState(state, number) else { return false }
            return action.availability(on: caseState, procedure: session.procedure, actor: session.actor.account,
                                       roles: session.roles, now: now).isAvailable
        case .newCase:
            do throws(PermissionError) {
                try Permissions.check(actor: session.actor.account, roles: session.roles, action: .intake)
                return true
            } catch {
                return false
            }
        default:
            return true
        }
    }

    /// The loaded state of a case, from the case screen or the preview.
    static func loadedState(_ state: DeskState, _ number: CaseNumber) -> CaseState? {
        if let shown = state.caseView?.state, shown.number == number { return shown }
        if let preview = state.preview, preview.number == number { return preview }
        return nil
    }

    /// The clock a case opens on: the next one running, else the first.
    static func nextClockIndex(_ caseState: CaseState, session: DeskSession, now: Date) -> Int {
        let clocks = session.procedure.clocks(caseState, now: now, explained: false)
        guard let next = session.procedure.nextClock(among: clocks) else { return 0 }
        return clocks.firstIndex { $0.kind == next.kind } ?? 0
    }

    /// Loads the selected case for the preview (and for moves from the queue) when it changed.
    static func previewEffects(_ state: inout DeskState) -> [DeskEffect] {
        guard state.caseView == nil, let number = selectedNumber(state) else { return [] }
        if state.preview?.number == number { return [] }
        return [.loadPreview(number)]
    }

    /// Sizes what depends on the screen: the queue's page, the search list, text boxes in forms.
    static func relayout(_ state: inout DeskState) -> [DeskEffect] {
        let rows = DeskLayout.listRows(state.size, showsPreview: state.showsPreview)
        var effects: [DeskEffect] = []
        if let fetch = state.queue.window.setVisibleRows(rows) { effects.append(.fetchQueue(state.queue.query, fetch)) }
        state.queue.search?.list.setVisibleRows(rows)
        let laidOut = state
        state.stack = state.stack.map { $0.relaidOut(in: laidOut) }
        return effects
    }

    /// Fetches the queue's window again where it stands (the store changed, time moved).
    static func refreshQueue(_ state: inout DeskState) -> [DeskEffect] {
        var effects: [DeskEffect] = [.fetchQueue(state.queue.query, state.queue.window.refresh()),
                                     .countQueue(state.queue.query)]
        if let search = state.queue.search, !search.searched.trimmingCharacters(in: .whitespaces).isEmpty {
            // The same stretch of results again: what is held stays held.
            effects.append(.search(search.request(limit: max(search.asked, search.pageSize))))
        }
        return effects
    }

    /// A new filter: the queue from its top.
    static func reloadQueue(_ state: inout DeskState) -> [DeskEffect] {
        // The total is read with the key (the store keeps it): the frame shows it exact.
        return [.fetchQueue(state.queue.query, state.queue.window.reload()), .countQueue(state.queue.query)]
    }
}
