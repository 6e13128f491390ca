import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The bottom of the stack on a store: the queue with its search, or, while the store holds no case
/// at all, the greeting. What it shows lives in `DeskState.queue`, which the preview and the
/// refreshes after a write read too.
public struct HomeScreen: Screen {
    static let queueKeymap = Keymap<DeskCommand>([
        KeyBinding([.enter], .open, label: "open", help: "open the selected case", group: "Moving", showsInStatusBar: true),
    ] + DeskKeymaps.moving.map { binding in
        // Space marks cases on the queue (as in mutt and lazygit), so it does not page here.
        var binding = binding
        binding.keys.removeAll { $0 == .character(" ") }
        return binding
    } + [
        KeyBinding([.character(" ")], .toggleMark, label: "mark",
                   help: "mark or unmark the selected case and go to the next; A, @, n and c then act on every marked case "
                       + "(Esc unmarks them all)", group: "The queue"),
        KeyBinding([.character("/")], .search, label: "search",
                   help: "search every case as you type (names, subjects, domains, notes; accents optional)",
                   group: "The queue", showsInStatusBar: true),
        KeyBinding([.character("1")], .due(.overdue), label: "overdue", help: "only cases with an overdue clock", group: "The queue"),
        KeyBinding([.character("2")], .due(.today), label: "today", help: "only cases due today", group: "The queue"),
        KeyBinding([.character("3")], .due(.tomorrow), label: "tomorrow", help: "only cases due on the next business day", group: "The queue"),
        KeyBinding([.character("4")], .due(.week), label: "week", help: "only cases due this week (overdue included)", group: "The queue"),
        // Esc on the queue clears, it never quits: only q does (an Esc too many must not end the session).
        KeyBinding([.character("0"), .escape], .clearFilters, label: "all", help: "every open case: clear all filters", group: "The queue"),
        KeyBinding([.character("t")], .cycleKind, label: "kind", help: "kind: any, complaint, abuse, feedback", group: "The queue"),
        KeyBinding([.character("s")], .cycleStage, label: "stage",
                   help: "stage: any, supervisor, head of customer support, escalation, final", group: "The queue"),
        KeyBinding([.character("u")], .toggleMine, label: "mine", help: "only cases assigned to me", group: "The queue"),
        KeyBinding([.character("U")], .toggleUnassigned, label: "unassigned", help: "only cases nobody has", group: "The queue"),
        KeyBinding([.character("b")], .cycleCategory, label: "category",
                   help: "abuse category: any, then each (malware, botnet, phishing, …); only abuse reports of it", group: "The queue"),
        KeyBinding([.character("B")], .cycleReporterClass, label: "reporter",
                   help: "reporter class: law enforcement, trusted notifiers, the public, then any; only abuse reports from them",
                   group: "The queue"),
        KeyBinding([.character("I")], .toggleIncidents, label: "incidents",
                   help: "each incident as one row (its count and earliest clock; Enter opens the incident), or every report on its own",
                   group: "The queue"),
        KeyBinding([.character("o")], .cycleScope, label: "open/closed", help: "show open, closed or all cases (in search results: search them)",
                   group: "The queue"),
        KeyBinding([.character("O")], .cycleOrder, label: "sort",
                   help: "sort by: deadline (overdue first), received (oldest first), customer, assignee (unassigned first), kind",
                   group: "The queue"),
        KeyBinding([.character("v")], .nextSavedFilter, label: "view",
                   help: "the next saved filter named in config.toml ([[filter]]), then every open case", group: "The queue"),
        KeyBinding([.character("p")], .togglePreview, label: "preview", help: "show or hide the preview of the selected case",
                   group: "The queue"),
        KeyBinding([.character("N")], .newCase, label: "new", help: "take in a new case", group: "The queue", showsInStatusBar: true),
    ] + DeskKeymaps.screens + DeskKeymaps.actions).layered(over: DeskKeymaps.global)

    /// While the search field has the keyboard: letters go to the field.
    static let searchKeymap = Keymap<DeskCommand>([
        KeyBinding([.enter], .open, label: "open", help: "open the selected result", group: "Search", showsInStatusBar: true),
        KeyBinding([.down], .down, label: "down", help: "next result", group: "Search"),
        KeyBinding([.up], .up, label: "up", help: "previous result", group: "Search"),
        KeyBinding([.pageDown], .pageDown, label: "page", help: "a page of results down", group: "Search"),
        KeyBinding([.pageUp], .pageUp, label: "page up", help: "a page of results up", group: "Search"),
        KeyBinding([.tab], .nextField, label: "results", help: "leave the field and move in the results with j/k", group: "Search",
                   showsInStatusBar: true),
        KeyBinding([.ctrl("o")], .cycleScope, label: "open/closed", help: "search open, closed or all cases", group: "Search",
                   showsInStatusBar: true),
        KeyBinding([.escape], .back, label: "clear", help: "clear the search and go back to the queue", group: "Search",
                   showsInStatusBar: true),
        KeyBinding([.ctrl("c")], .quit, label: "quit", help: "quit", group: "Search"),
        KeyBinding([.function(1)], .help, label: "help", help: "this help", group: "Search"),
    ])

    /// The empty store's keys; the greeting lists this group's bindings as its hints.
    static let greetingKeymap = Keymap<DeskCommand>([
        KeyBinding([.character("N")], .newCase, label: "new case", help: "take in a new case (a complaint, an abuse report or feedback)",
                   group: greetingGroup, showsInStatusBar: true),
        KeyBinding([.character("D")], .loadDemo, label: "demo cases",
                   help: "load \(DeskUpdate.demoCount) demo cases to try things on (admin or head)", group: greetingGroup, showsInStatusBar: true),
        KeyBinding([.character("?"), .function(1)], .help, label: "help", help: "help: every key", group: greetingGroup, showsInStatusBar: true),
        KeyBinding([.character("q")], .quit, label: "quit", help: "quit", group: greetingGroup, showsInStatusBar: true),
    ]).layered(over: DeskKeymaps.global)

    static let greetingGroup = "Getting started"

    public init() {}

    public func title(in state: DeskState) -> String {
        if state.showsGreeting { return "welcome" }
        return state.queue.search == nil ? "queue" : "search"
    }

    public func keymap(in state: DeskState) -> Keymap<DeskCommand> {
        if state.showsGreeting { return Self.greetingKeymap }
        if state.queue.search?.isEditing == true { return Self.searchKeymap }
        return Self.queueKeymap
    }

    /// While the search field has the keyboard, what its keymap leaves over is typed into it.
    public func unbound(_ key: KeyEvent, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        if !state.showsGreeting, state.queue.search?.isEditing == true { return DeskUpdate.editSearch(&state, key) }
        if case .character = key {
            state.message = MessageLine("\(key.name) does nothing here; ? lists every key", kind: .warning)
        }
        return []
    }

    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        DeskUpdate.performOnQueue(&state, command, now: now)
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        if state.showsGreeting {
            DeskRenderer.greeting(state, into: &grid, area: DeskLayout.frame(size).body)
        } else {
            DeskRenderer.queueScreen(state, now: now, into: &grid, size: size)
        }
    }

    public var coversBody: Bool { true }
    public var isDialog: Bool { false }

    public func position(in state: DeskState) -> String? {
        if state.showsGreeting { return nil }
        if let search = state.queue.search {
            return search.results.isEmpty ? "" : "\(search.list.selected + 1)/\(search.results.count)\(search.isComplete ? "" : "+")"
        }
        let window = state.queue.window
        guard window.selectedRow != nil else { return "" }
        let place = window.selectedPosition.map(String.init) ?? "?"
        return "\(place)/\(state.queue.total.map(String.init) ?? "…")"
    }

    public var showsCases: Bool { true }
    public func selectedCase(in state: DeskState) -> CaseNumber? {
        if let search = state.queue.search { return search.selectedRow?.number }
        return state.queue.window.selectedRow?.number
    }
}

/// The bottom of the stack before there is a store: offers to create one.
public struct FirstRunScreen: Screen {
    static let keymap = Keymap<DeskCommand>([
        KeyBinding([.character("c")], .createStore, label: "create", help: "create the store", group: "First run", showsInStatusBar: true),
        KeyBinding([.character("q"), .escape, .ctrl("c")], .quit, label: "quit", help: "quit without creating anything",
                   group: "First run", showsInStatusBar: true),
    ])

    public init() {}

    public func title(in state: DeskState) -> String { "first run" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { Self.keymap }
    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] { [] }
    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.firstRun(state, into: &grid, area: DeskLayout.frame(size).body)
    }
    public var coversBody: Bool { true }
    public var isDialog: Bool { false }
}
