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
    /// The queue's saved views (`[[filter]]` in config.toml), cycled with v.
    public var filters: [SavedFilter]
    /// A case taken in on the screen is assigned to whoever took it in (`assign_new_cases_to_me`).
    public var assignsNewCasesToTaker: Bool
    /// What p on a letter pipes it to (`print_command`).
    public var printCommand: [String]

    public init(location: String, actor: Actor, roles: Set<StaffRole>, procedure: Procedure, staff: [StaffMember] = [],
                letterLanguage: LetterLanguage = .english, deskName: String? = nil, filters: [SavedFilter] = [],
                assignsNewCasesToTaker: Bool = true, printCommand: [String] = ["lpr"]) {
        self.printCommand = printCommand
        self.filters = filters
        self.assignsNewCasesToTaker = assignsNewCasesToTaker
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
    /// Cases marked with Space: A, @, n and c act on all of them (`DeskUpdate.startMarkedAction`).
    public var marked: Set<CaseNumber> = []
    /// The saved view shown (an index into `DeskSession.filters`); nil once the filters are changed by hand.
    public var savedFilter: Int?
}

/// Search as you type: the field, and the results (newest first), fetched a page at a time as the
/// selection nears the end of those held, as the queue's window is (`DeskUpdate.moreResults`).
public struct SearchState: Sendable {
    public var field = TextField()
    public var results: [QueueRow] = []
    public var list = ListState()
    /// The field has the keyboard; otherwise j/k move in the results.
    public var isEditing = true
    /// The text the results are for.
    public var searched = ""
    /// Open cases, closed ones, or both (`o` on the results, C-o in the field).
    public var scope: QueueQuery.Scope = .all
    /// How many results the last answer was asked for: fewer means every match is held.
    public var asked = 0
    /// The most results asked for so far (an answer may still be on its way).
    public var requested = 0
    /// G was pressed before every match was held: select the last when the rest arrives.
    public var wantsEnd = false

    /// Every match is held: the store found fewer than it was asked for.
    public var isComplete: Bool { results.count < asked }

    public var selectedRow: QueueRow? { list.selection.flatMap { results.indices.contains($0) ? results[$0] : nil } }

    /// How the search line and its message name a scope.
    static func words(_ scope: QueueQuery.Scope) -> String {
        switch scope {
        case .open: "open"
        case .closed: "closed"
        case .all: "open and closed"
        }
    }

    /// Results fetched at once: three screens, as the queue's first page.
    var pageSize: Int { max(list.visibleRows, 10) * 3 }

    /// The search for the field's text in this scope, `limit` results at most.
    func request(limit: Int) -> SearchRequest { SearchRequest(text: field.text, scope: scope, limit: limit) }
}

/// A search the store is asked for: the text, open or closed cases, and how many results.
public struct SearchRequest: Hashable, Sendable {
    public var text: String
    public var scope: QueueQuery.Scope
    public var limit: Int

    public init(text: String, scope: QueueQuery.Scope, limit: Int) {
        self.text = text
        self.scope = scope
        self.limit = limit
    }
}
