import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The desk's behaviour: `update(state, input) -> effects`. Pure — it reads nothing but its
/// arguments and writes nothing but the state, so every key on every screen is tested by calling it.
/// Writes and reads of the store go out as `DeskEffect`s and come back as `DeskInput`s.
public enum DeskUpdate {
    /// Search shows at most this many cases, newest first.
    public static let searchLimit = 200
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

    public static func update(_ state: inout DeskState, _ input: DeskInput, now: Date) -> [DeskEffect] {
        switch input {
        case let .key(key):
            return handleKey(&state, key, now: now)
        case .tick:
            state.ticks += 1
            layOutHandover(&state, now: now)
            guard state.mode == .desk, state.ticks % recountTicks == 0 else { return [] }
            return refreshQueue(&state) + [.countCases]
        case .storeChanged:
            guard state.mode == .desk else { return [] }
            var effects = refreshQueue(&state) + [.countCases, .loadStaff]
            if let number = state.caseView?.number { effects.append(.loadCase(number)) }
            if let number = state.preview?.number { effects.append(.loadPreview(number)) }
            if let shift = state.handover?.shift { effects.append(.loadHandover(shift)) }
            return effects
        case let .storeOpened(session):
            state.mode = .desk
            state.session = session
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
        case let .searched(text, rows):
            guard var search = state.queue.search, search.field.text == text else { return [] }
            let keep = search.selectedRow?.number
            search.results = rows
            search.searched = text
            search.list = ListState(count: rows.count, visibleRows: DeskLayout.listRows(state.size, showsPreview: state.showsPreview),
                                    selected: rows.firstIndex { $0.number == keep } ?? 0)
            state.queue.search = search
            return previewEffects(&state)
        case let .caseLoaded(caseState, events):
            if var screen = state.caseView, screen.number == caseState.number {
                if screen.state == nil { screen.selectedClock = nextClockIndex(caseState, session: state.session, now: now) }
                screen.state = caseState
                screen.events = events
                state.caseView = screen
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
            if case var .staffPicker(picker) = state.overlay {
                picker.accounts = [nil] + staff.map(\.account)
                picker.list.setCount(picker.accounts.count)
                state.overlay = .staffPicker(picker)
            }
            return []
        case let .recorded(caseState, change):
            if state.form?.caseNumber == caseState.number { state.form = nil }
            state.message = MessageLine("Case \(caseState.number): \(state.session.actor.account) \(EventText.pastTense(change)).")
            return afterWrite(&state, caseState)
        case let .opened(caseState):
            state.form = nil
            state.message = MessageLine("Case \(caseState.number) opened: \(caseState.kind.withArticle) at the \(caseState.stage.title) stage.")
            state.caseView = CaseScreen(number: caseState.number)
            state.overlay = nil
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
        var effects = refreshQueue(&state, followingCase: false) + [.countCases]
        if state.caseView?.number == caseState.number { effects.append(.loadCase(caseState.number)) }
        if let shift = state.handover?.shift { effects.append(.loadHandover(shift)) }
        return effects
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
            if case .noSuchCase = error, state.caseView?.number == number { state.caseView = nil }
        default:
            state.message = MessageLine(error.description, kind: .error)
        }
        return []
    }

    // MARK: Keys

    /// The keymap that has the keyboard now: what dispatches, what help lists, what the status bar hints.
    public static func keymap(for state: DeskState) -> Keymap<DeskCommand> {
        if state.mode == .firstRun { return DeskKeymaps.firstRun }
        if state.question != nil { return DeskKeymaps.confirm }
        switch state.overlay {
        case .help: return DeskKeymaps.help
        case .explanation: return DeskKeymaps.explanation
        case .actionMenu, .staffPicker: return DeskKeymaps.picker
        case nil: break
        }
        if let letter = state.letter { return letter.isOffer ? DeskKeymaps.letterOffer : DeskKeymaps.letterPreview }
        if state.form != nil { return DeskKeymaps.form }
        if state.caseView != nil { return DeskKeymaps.caseScreen }
        if state.handover != nil { return DeskKeymaps.handoverScreen }
        if state.statistics != nil { return DeskKeymaps.statisticsScreen }
        if state.showsGreeting { return DeskKeymaps.greeting }
        if state.queue.search?.isEditing == true { return DeskKeymaps.searchField }
        return DeskKeymaps.queue
    }

    /// What the help and the status bar call the place the keys go to.
    public static func contextName(_ state: DeskState) -> String {
        if state.mode == .firstRun { return "first run" }
        if state.question != nil { return "question" }
        switch state.overlay {
        case .help: return "help"
        case .explanation: return "explanation"
        case .actionMenu: return "moves"
        case .staffPicker: return "assign"
        case nil: break
        }
        if let letter = state.letter { return "letter, case \(letter.number)" }
        if let form = state.form { return form.purpose == .intake ? "new case" : "form" }
        if let number = state.caseView?.number { return "case \(number)" }
        if state.handover != nil { return "handover" }
        if state.statistics != nil { return "statistics" }
        if state.showsGreeting { return "welcome" }
        if state.queue.search != nil { return "search" }
        return "queue"
    }

    static func handleKey(_ state: inout DeskState, _ key: KeyEvent, now: Date) -> [DeskEffect] {
        if case let .resize(size) = key {
            state.size = size
            return relayout(&state)
        }
        if keymap(for: state).command(for: key) == .quit { return requestQuit(&state) }
        if state.question != nil { return handleQuestion(&state, key, now: now) }
        if state.overlay != nil { return handleOverlay(&state, key, now: now) }
        if state.letter != nil { return handleLetterKey(&state, key, now: now) }
        if state.form != nil { return handleFormKey(&state, key, now: now) }
        if state.mode == .desk, state.caseView == nil, state.handover == nil, state.statistics == nil,
           state.queue.search?.isEditing == true,
           DeskKeymaps.searchField.command(for: key) == nil {
            return editSearch(&state, key)
        }
        guard let command = keymap(for: state).command(for: key) else {
            if case .character = key, state.mode == .desk {
                state.message = MessageLine("\(key.name) does nothing here; ? lists every key", kind: .warning)
            }
            return []
        }
        state.message = nil
        return perform(&state, command, now: now)
    }

    /// Quitting, from wherever the key came: asks first when typed text would be lost (a second quit
    /// key on that question quits).
    static func requestQuit(_ state: inout DeskState) -> [DeskEffect] {
        if state.question?.outcome != .quit, state.hasUnsavedText, let form = state.form {
            state.question = Question(text: "Quit casedesk? What you typed in “\(form.title)” is not saved.", outcome: .quit)
        } else {
            state.wantsQuit = true
        }
        return []
    }

    /// A command outside forms, overlays and questions.
    static func perform(_ state: inout DeskState, _ command: DeskCommand, now: Date) -> [DeskEffect] {
        switch command {
        case .help:
            state.overlay = .help(HelpOverlay(title: "Keys: \(contextName(state))", sections: keymap(for: state).helpSections))
            return []
        case .redraw:
            return [.redraw]
        case .createStore:
            return [.createStore]
        case .loadDemo:
            return [.loadDemo(count: demoCount)]
        case .newCase:
            return openIntake(&state, now: now)
        case .act(let action):
            guard let number = selectedNumber(state) else {
                state.message = MessageLine("No case selected.", kind: .warning)
                return []
            }
            return startAction(&state, action, on: number, now: now)
        case .actionMenu:
            return openActionMenu(&state, now: now)
        case .handover:
            return openHandover(&state, now: now)
        case .statistics:
            return openStatistics(&state, now: now)
        default:
            break
        }
        if state.caseView != nil { return performOnCase(&state, command, now: now) }
        if state.handover != nil { return performOnHandover(&state, command, now: now) }
        if state.statistics != nil { return performOnStatistics(&state, command, now: now) }
        return performOnQueue(&state, command, now: now)
    }

    // MARK: Search

    static func editSearch(_ state: inout DeskState, _ key: KeyEvent) -> [DeskEffect] {
        guard var search = state.queue.search else { return [] }
        let before = search.field.text
        _ = search.field.handle(key)
        state.queue.search = search
        let text = search.field.text
        guard text != before else { return [] }
        if text.trimmingCharacters(in: .whitespaces).isEmpty {
            state.queue.search?.results = []
            state.queue.search?.searched = text
            state.queue.search?.list = ListState()
            return []
        }
        return [.search(text)]
    }

    // MARK: Helpers shared by the screens

    /// The case the keys act on: the open case, else the selected line of the handover, else the
    /// selected row of the search or the queue.
    static func selectedNumber(_ state: DeskState) -> CaseNumber? {
        if let number = state.caseView?.number { return number }
        if state.handover != nil { return selectedHandoverNumber(state) }
        if let search = state.queue.search { return search.selectedRow?.number }
        return state.queue.window.selectedRow?.number
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
        if var form = state.form {
            form.form.layout(width: DeskRenderer.formLayout(form, session: state.session, size: state.size).fields.cols)
            state.form = form
        }
        layOutHandover(&state)
        if var handover = state.handover {
            handover.scroll = clampedHandoverScroll(handover, state: state)
            state.handover = handover
        }
        let statisticsScroll = clampedStatisticsScroll(state)
        state.statistics?.scroll = statisticsScroll
        let letterScroll = clampedLetterScroll(state)
        state.letter?.scroll = letterScroll
        return effects
    }

    /// Fetches the queue's window again where it stands (the store changed, time moved).
    static func refreshQueue(_ state: inout DeskState, followingCase: Bool = true) -> [DeskEffect] {
        var effects: [DeskEffect] = [.fetchQueue(state.queue.query, state.queue.window.refresh(followingCase: followingCase)),
                                     .countQueue(state.queue.query)]
        if let search = state.queue.search, !search.searched.trimmingCharacters(in: .whitespaces).isEmpty {
            effects.append(.search(search.field.text))
        }
        return effects
    }

    /// A new filter: the queue from its top.
    static func reloadQueue(_ state: inout DeskState) -> [DeskEffect] {
        state.queue.total = nil
        return [.fetchQueue(state.queue.query, state.queue.window.reload()), .countQueue(state.queue.query)]
    }
}
