import Foundation
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
    /// The connection to the store was lost and made again: what changed meanwhile is unknown.
    case storeReconnected
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
    /// Text was saved to a file (the full path), or why not; `what` and `note` say what and how to use it.
    case fileSaved(path: String, what: String, note: String?, failure: String?)
    /// A letter went to the print command (its name), or why not.
    case printed(command: String, failure: String?)
    /// A screen's own call of the store answered (`StoreCall`): what to do with the answer.
    case answered(StoreAnswer)
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
    /// The search for what the field holds after a key: put off until the keyboard rests, like the
    /// counts, and dropped when a newer key has changed the text meanwhile (typing fast runs only
    /// the last word's search, never one per key).
    case searchAsTyped(SearchRequest)
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
    /// Send the letter on every report of the incident, each to its reporter, in one transaction
    /// (`LetterPost.sendOnIncident`, as `casedesk letter N TYPE --incident --send`).
    case sendIncidentLetters(IncidentNumber, LetterKind)
    /// Write text (a letter for post or fax, a message of the thread) to a file, never over an
    /// existing one; `what` ("the letter") and `note` (what to do with the file) go into the message.
    case saveFile(String, path: String, what: String, note: String?)
    /// Pipe a letter's text to the print command (`print_command` in config.toml, `lpr` by default).
    case printText(String, command: [String])
    /// A call of the store a screen declares beside itself, so a new screen needs no new effect, input or driver case.
    case call(StoreCall)
    /// The handover of a shift (the lists of what is due, overdue and unassigned are as of now).
    case loadHandover(Shifts.Period)
    case markHandoverRead(Shifts.Period)
    case loadStatistics(Statistics.Query)
    /// Paint the whole screen again.
    case redraw

    /// Searches as typed, run after the frame once no key is waiting. (The counts are not: the store
    /// keeps them, and reading them takes a fraction of a millisecond, so every frame shows them
    /// exact and none is drawn twice for them.)
    public var isDeferred: Bool {
        switch self {
        case .searchAsTyped: true
        default: false
        }
    }
}

/// A call of the store that a screen makes (a read, or a write of its own such as a desk-wide
/// note), with what to do with the answer: declared in the screen's own file, run by the driver
/// like any effect (a refusal comes back as `.failed`). Compared by `name`, which says what is
/// asked ("message 3f2a…").
public struct StoreCall: Equatable, Sendable {
    public let name: String
    let run: @Sendable (any CaseStore, Date) throws(StoreError) -> StoreAnswer

    public init(_ name: String, run: @escaping @Sendable (any CaseStore, Date) throws(StoreError) -> StoreAnswer) {
        self.name = name
        self.run = run
    }

    public static func == (lhs: StoreCall, rhs: StoreCall) -> Bool { lhs.name == rhs.name }
}

/// What a screen does with the answer to its `StoreCall`: a change of the state, and further effects.
public struct StoreAnswer: Sendable {
    let apply: @Sendable (inout DeskState, Date) -> [DeskEffect]

    public init(_ apply: @escaping @Sendable (inout DeskState, Date) -> [DeskEffect]) {
        self.apply = apply
    }
}
