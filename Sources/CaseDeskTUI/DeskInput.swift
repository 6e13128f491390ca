import CaseDesk
import CaseStore
import Letters
import MailDesk
import TerminalKit

/// What reaches `DeskUpdate`: a key, the passing of time, and the answers of the store to the effects.
public enum DeskInput: Sendable {
    case key(KeyEvent)
    /// About a second passed: countdowns move, and the header's counts are due again now and then.
    case tick
    /// Another process wrote to the store.
    case storeChanged
    /// The store was created on the first-run screen and opened.
    case storeOpened(DeskSession)
    case queueLoaded(QueueQuery, [QueueRow], QueueWindow.Placement)
    case queueCounted(QueueQuery, Int)
    case casesCounted(QueueCounts, total: Int)
    case searched(SearchRequest, [QueueRow])
    case caseLoaded(CaseState, [Event])
    case previewLoaded(CaseState)
    case staffLoaded([StaffMember], roles: Set<StaffRole>)
    /// A move was written; the case as it now stands.
    case recorded(CaseState, Change)
    /// The same move was made on several cases: which the store recorded, which it refused and why.
    case recordedEach(Change, MarkedOutcome)
    /// A new case was opened; when it was to be assigned to whoever took it in and the store refused
    /// that, why.
    case opened(CaseState, assignmentRefused: StoreError?)
    case demoLoaded(ClosedRange<CaseNumber>?)
    /// A letter written for the screen (or why it cannot be).
    case letterRendered(LetterPreview)
    /// A letter went out and its move (if any) was recorded with it.
    case letterSent(LetterPost.Sent, Change?, LetterRequest)
    /// The letter was saved to a file (the full path), or why not.
    case letterSaved(path: String, failure: String?)
    /// The letter could not be written, or the outbox or the store refused it; nothing was written.
    case letterNotSent(CaseNumber, LetterDesk.Failure)
    case handoverLoaded(Shifts.Period, HandoverReport)
    /// The person's reading of this shift's handover was recorded.
    case handoverMarked(Shifts.Period)
    case statisticsLoaded(Statistics.Query, Statistics)
    /// The store refused or failed an effect; the effect says what was being done.
    case failed(StoreError, DeskEffect)
}

/// What `DeskUpdate` asks the driver to do with the store (or the terminal). Effects that only count
/// are deferred: the driver runs them after the frame, so a key never waits for a count.
public enum DeskEffect: Equatable, Sendable {
    case fetchQueue(QueueQuery, QueueWindow.Fetch)
    case countQueue(QueueQuery)
    case countCases
    case search(SearchRequest)
    case loadCase(CaseNumber)
    case loadPreview(CaseNumber)
    case loadStaff
    case record(Change, on: CaseNumber, expectedVersion: Int?)
    /// The same move on each case, each judged by the store on its own (the marked cases).
    case recordEach(Change, on: [CaseNumber])
    /// Open a case, then assign it to `assignTo` (the person who took it in), if given.
    case openCase(Intake, assignTo: String?)
    case loadDemo(count: Int)
    case createStore
    /// Write the letter for the screen on the case as given.
    case renderLetter(LetterRequest, CaseState)
    /// Send the letter, recording `change` with it, on the case at the version given.
    case sendLetter(LetterRequest, change: Change?, on: CaseState)
    /// Write a letter's text to a file (for post or fax), never over an existing one.
    case saveLetter(String, path: String)
    /// The handover of a shift (the lists of what is due, overdue and unassigned are as of now).
    case loadHandover(Shifts.Period)
    case markHandoverRead(Shifts.Period)
    case loadStatistics(Statistics.Query)
    /// Paint the whole screen again.
    case redraw

    /// Counts over the whole store, run after the frame.
    public var isDeferred: Bool {
        switch self {
        case .countQueue, .countCases: true
        default: false
        }
    }
}
