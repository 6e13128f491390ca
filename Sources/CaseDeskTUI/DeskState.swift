import CaseDesk
import CaseStore
import Foundation
import Letters
import TerminalKit

/// Everything the screens show, as one value: `DeskUpdate` changes it, `DeskRenderer` draws it.
/// Nothing here talks to the store or the terminal, so every key can be tested by driving `update`.
public struct DeskState: Sendable {
    public enum Mode: Hashable, Sendable {
        /// There is no store file yet: offer to create one.
        case firstRun
        case desk
    }

    public var mode: Mode
    public var session: DeskSession
    public var size: Size
    /// Header counts; nil until counted.
    public var counts: QueueCounts?
    /// Cases in the store, open or closed; 0 shows the greeting.
    public var totalCases: Int?
    public var queue = QueueScreen()
    /// The screens, the one with the keyboard last: the queue (or the first run) at the bottom, then
    /// what was opened over it. See `Screen`.
    public var stack: [any Screen]
    public var message: MessageLine?
    public var showsPreview = true
    /// The case shown in the queue's preview.
    public var preview: CaseState?
    public var wantsQuit = false
    /// Ticks seen, for the periodic recount.
    public var ticks = 0

    public init(mode: Mode, session: DeskSession, size: Size) {
        self.mode = mode
        self.session = session
        self.size = size
        stack = mode == .firstRun ? [FirstRunScreen()] : [HomeScreen()]
    }

    /// The store has no cases at all: show what to do first.
    public var showsGreeting: Bool { mode == .desk && caseView == nil && totalCases == 0 && queue.search == nil }

    /// Typed text that leaving would lose.
    public var hasUnsavedText: Bool { form?.form.isDirty ?? false }
}

/// Who works on which store, under which procedure.
public struct DeskSession: Sendable {
    public var location: String
    public var actor: Actor
    public var roles: Set<StaffRole>
    public var procedure: Procedure
    public var staff: [StaffMember]
    /// Letters go out in this language when the case gives no clue (`[mail] language`).
    public var letterLanguage: LetterLanguage
    /// The signature of letters (`[mail] desk_name`); nil keeps the template's.
    public var deskName: String?

    public init(location: String, actor: Actor, roles: Set<StaffRole>, procedure: Procedure, staff: [StaffMember] = [],
                letterLanguage: LetterLanguage = .english, deskName: String? = nil) {
        self.location = location
        self.actor = actor
        self.roles = roles
        self.procedure = procedure
        self.staff = staff
        self.letterLanguage = letterLanguage
        self.deskName = deskName
    }

    public var calendar: BusinessCalendar { procedure.calendar }
}

/// The queue: its filters, the window of rows held, and the search when one is under way.
public struct QueueScreen: Sendable {
    public var query = QueueQuery()
    public var window = QueueWindow()
    /// How many cases match the filters; nil until counted (counting a million takes a moment, so it
    /// happens after the frame).
    public var total: Int?
    public var search: SearchState?
}

/// Search as you type: the field, and the results (newest first, at most `DeskUpdate.searchLimit`).
public struct SearchState: Sendable {
    public var field = TextField()
    public var results: [QueueRow] = []
    public var list = ListState()
    /// The field has the keyboard; otherwise j/k move in the results.
    public var isEditing = true
    /// The text the results are for.
    public var searched = ""

    public var selectedRow: QueueRow? { list.selection.flatMap { results.indices.contains($0) ? results[$0] : nil } }
}

