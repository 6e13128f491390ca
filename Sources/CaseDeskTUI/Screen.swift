import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// One screen on the desk's stack (lazygit's context with its controller): it owns its keymap, its
/// title, what its commands do and how it is drawn. The top of the stack answers the keys; opening a
/// screen pushes it and leaving pops it, so nothing asks "which screen is open?" to find the one on
/// top.
///
/// A new screen is one file with a type conforming to this protocol, plus one line where a key
/// opens it (an `OpenableScreen`'s `binding` in the list of `DeskKeymaps.screens`).
public protocol Screen: Sendable {
    /// What the help's title and the status bar call it.
    func title(in state: DeskState) -> String
    /// The bindings that have the keyboard while it is on top: dispatch, the help and the status
    /// bar all read this one map.
    func keymap(in state: DeskState) -> Keymap<DeskCommand>
    /// What the help lists; the keymap, and whatever else the screen takes (a form's typing keys).
    func helpSections(in state: DeskState) -> [HelpSection]
    /// A key before the keymap sees it (typed text in a form); nil leaves it to the keymap.
    func intercept(_ key: KeyEvent, _ state: inout DeskState, now: Date) -> [DeskEffect]?
    /// A key the keymap does not bind (typed text in the search field, or a key that does nothing).
    func unbound(_ key: KeyEvent, _ state: inout DeskState, now: Date) -> [DeskEffect]
    /// What a bound command does here. `self` is the screen as it is on the stack; changes are
    /// written back through `state[Self.self]`.
    func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect]
    /// Draws the screen over what lies below it.
    func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size)
    /// It covers the whole body: the screens below it are not drawn.
    var coversBody: Bool { get }
    /// The dialogs below it are hidden (a letter hides its form).
    var hidesDialogsBelow: Bool { get }
    /// A dialog keeps the message line as it is when a key is pressed, and ignores keys it does not bind.
    var isDialog: Bool { get }
    /// Where the selection is ("12/3571"), for the right of the status bar; nil shows nothing.
    func position(in state: DeskState) -> String?
    /// It shows cases, one of them selected (maybe none): the moves act on the selection of the
    /// topmost screen that shows cases.
    var showsCases: Bool { get }
    /// The case the moves act on.
    func selectedCase(in state: DeskState) -> CaseNumber?
    /// What to read again when the store changed.
    func reloadEffects(in state: DeskState) -> [DeskEffect]
    /// The screen fitted to the terminal's size now (text boxes, scroll positions).
    func relaidOut(in state: DeskState) -> Self
    /// The screen about a second later (countdowns laid out again now and then).
    func ticked(in state: DeskState, now: Date) -> Self
}

extension Screen {
    public func helpSections(in state: DeskState) -> [HelpSection] { keymap(in: state).helpSections }
    public func intercept(_ key: KeyEvent, _ state: inout DeskState, now: Date) -> [DeskEffect]? { nil }
    public func unbound(_ key: KeyEvent, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        if !isDialog, case .character = key, state.mode == .desk {
            state.message = MessageLine("\(key.name) does nothing here; ? lists every key", kind: .warning)
        }
        return []
    }
    public var coversBody: Bool { false }
    public var hidesDialogsBelow: Bool { false }
    public var isDialog: Bool { true }
    public func position(in state: DeskState) -> String? { nil }
    public var showsCases: Bool { false }
    public func selectedCase(in state: DeskState) -> CaseNumber? { nil }
    public func reloadEffects(in state: DeskState) -> [DeskEffect] { [] }
    public func relaidOut(in state: DeskState) -> Self { self }
    public func ticked(in state: DeskState, now: Date) -> Self { self }
}

/// A screen a key opens from the queue: the binding that opens it, declared beside the screen.
public protocol OpenableScreen: Screen {
    /// The key, its help, and (through `DeskCommand.show`) how the screen opens.
    static var binding: KeyBinding<DeskCommand> { get }
}

/// How a key opens a screen: pushes it and asks the store for what it shows. Compared by name, so a
/// keymap can say which screen a key opens.
public struct ScreenOpener: Hashable, Sendable {
    public let name: String
    let open: @Sendable (inout DeskState, Date) -> [DeskEffect]

    public init(_ name: String, open: @escaping @Sendable (inout DeskState, Date) -> [DeskEffect]) {
        self.name = name
        self.open = open
    }

    public static func == (lhs: ScreenOpener, rhs: ScreenOpener) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

// MARK: The stack

extension DeskState {
    /// The screen that has the keyboard.
    public var top: any Screen { stack[stack.count - 1] }

    /// Opens a screen over the others.
    public mutating func push(_ screen: any Screen) {
        stack.append(screen)
    }

    /// Leaves the top screen; the bottom one (the queue, the first run) stays.
    public mutating func pop() {
        if stack.count > 1 { stack.removeLast() }
    }

    /// Leaves the topmost screen of this type and those over it.
    public mutating func close<S: Screen>(_ type: S.Type) {
        guard let index = stack.lastIndex(where: { $0 is S }), index > 0 else { return }
        stack.removeSubrange(index...)
    }

    /// The topmost screen of a type on the stack; setting it changes that screen in place (it
    /// never opens or closes one: that is `push`, `pop` and `close`).
    public subscript<S: Screen>(_ type: S.Type) -> S? {
        get { stack.last { $0 is S } as? S }
        set {
            guard let newValue, let index = stack.lastIndex(where: { $0 is S }) else { return }
            stack[index] = newValue
        }
    }

    public var caseView: CaseScreen? {
        get { self[CaseScreen.self] }
        set { self[CaseScreen.self] = newValue }
    }

    public var handover: HandoverScreen? {
        get { self[HandoverScreen.self] }
        set { self[HandoverScreen.self] = newValue }
    }

    public var statistics: StatisticsScreen? {
        get { self[StatisticsScreen.self] }
        set { self[StatisticsScreen.self] = newValue }
    }

    public var form: FormScreen? {
        get { self[FormScreen.self] }
        set { self[FormScreen.self] = newValue }
    }

    public var letter: LetterScreen? {
        get { self[LetterScreen.self] }
        set { self[LetterScreen.self] = newValue }
    }

    public var question: Question? { self[Question.self] }

    /// The view over the screen that has the keys, if the top is one.
    public var overlay: Overlay? {
        switch top {
        case let help as HelpOverlay: .help(help)
        case let explanation as ExplanationOverlay: .explanation(explanation)
        case let menu as ActionMenu: .actionMenu(menu)
        case let picker as StaffPicker: .staffPicker(picker)
        default: nil
        }
    }
}

/// The views over a screen that take the keys until closed, for a look at what is on top.
public enum Overlay: Sendable {
    case help(HelpOverlay)
    case explanation(ExplanationOverlay)
    case actionMenu(ActionMenu)
    case staffPicker(StaffPicker)
}

/// A list over the screen that picks one line (the moves menu, the staff picker): the moving keys
/// move its selection, Enter chooses the line and closes the list, q or Esc closes it.
public protocol ListDialog: Screen {
    var list: ListState { get set }
    /// What choosing the line at `index` does, the list already closed.
    func choose(_ index: Int, _ state: inout DeskState, now: Date) -> [DeskEffect]
}

extension ListDialog {
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { DeskKeymaps.picker }

    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        var dialog = self
        if DeskUpdate.move(&dialog.list, by: command) {
            state[Self.self] = dialog
            return []
        }
        switch command {
        case .open:
            state.pop()
            return choose(list.selected, &state, now: now)
        case .back:
            state.pop()
        default:
            break
        }
        return []
    }
}
