import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The bottom of the stack on a store: the queue with its search, or, while the store holds no case
/// at all, the greeting. What it shows lives in `DeskState.queue`, which the preview and the
/// refreshes after a write read too.
public struct HomeScreen: Screen {
    public init() {}

    public func title(in state: DeskState) -> String {
        if state.showsGreeting { return "welcome" }
        return state.queue.search == nil ? "queue" : "search"
    }

    public func keymap(in state: DeskState) -> Keymap<DeskCommand> {
        if state.showsGreeting { return DeskKeymaps.greeting }
        if state.queue.search?.isEditing == true { return DeskKeymaps.searchField }
        return DeskKeymaps.queue
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
            return search.results.isEmpty ? "" : "\(search.list.selected + 1)/\(search.results.count)"
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
    public init() {}

    public func title(in state: DeskState) -> String { "first run" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { DeskKeymaps.firstRun }
    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] { [] }
    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.firstRun(state, into: &grid, area: DeskLayout.frame(size).body)
    }
    public var coversBody: Bool { true }
    public var isDialog: Bool { false }
}
