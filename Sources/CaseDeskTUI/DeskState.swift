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
    public var caseView: CaseScreen?
    /// The handover or the statistics, over the queue; a case opened from the handover goes over it.
    public var handover: HandoverScreen?
    public var statistics: StatisticsScreen?
    public var form: FormScreen?
    /// A letter over the form (its move held until sent or skipped) or over the case.
    public var letter: LetterScreen?
    public var overlay: Overlay?
    public var question: Question?
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

/// One case on screen: its state and trail, where the view is scrolled, and the selected clock.
public struct CaseScreen: Sendable {
    public var number: CaseNumber
    public var state: CaseState?
    public var events: [Event] = []
    public var scroll = 0
    public var selectedClock = 0

    public init(number: CaseNumber) {
        self.number = number
    }
}

/// A form over the screens: a move on a case, or a new case.
public struct FormScreen: Sendable {
    public enum Purpose: Hashable, Sendable {
        case action(DeskAction, CaseNumber)
        case intake
    }

    public var purpose: Purpose
    public var title: String
    public var form: Form
    /// What the store said when it refused; the typed text stays.
    public var problem: MessageLine?
    /// The case as it was when the form opened (or after a conflict), for live previews and checks.
    public var caseState: CaseState?
    /// The version the person read: a write against another version is a conflict.
    public var expectedVersion: Int?
    /// The moment the form opened, for its default times.
    public var opened: Date

    public var caseNumber: CaseNumber? {
        if case let .action(_, number) = purpose { return number }
        return nil
    }

    public var action: DeskAction? {
        if case let .action(action, _) = purpose { return action }
        return nil
    }
}

/// Views over the screen that take the keys until closed.
public enum Overlay: Sendable {
    case help(HelpOverlay)
    case explanation(ExplanationOverlay)
    case actionMenu(ActionMenu)
    case staffPicker(StaffPicker)
}

public struct HelpOverlay: Sendable {
    public var title: String
    public var sections: [HelpSection]
    public var scroll = 0
}

public struct ExplanationOverlay: Sendable {
    public var clock: Int
    public var scroll = 0
}

/// Every move on the selected case, with whether it is possible now.
public struct ActionMenu: Sendable {
    public var number: CaseNumber
    public var entries: [(action: DeskAction, availability: ActionAvailability)]
    public var list: ListState
}

/// Assigning a case: the staff, and nobody.
public struct StaffPicker: Sendable {
    public var number: CaseNumber
    public var expectedVersion: Int
    /// nil is "nobody".
    public var accounts: [String?]
    public var list: ListState
}

/// A yes/no question over everything else.
public struct Question: Sendable {
    public enum Outcome: Hashable, Sendable {
        /// Throw away the form's text.
        case discardForm
        /// Quit although a form holds typed text.
        case quit
        /// Write the form's irreversible move.
        case submitForm
    }

    public var text: String
    public var outcome: Outcome
}
