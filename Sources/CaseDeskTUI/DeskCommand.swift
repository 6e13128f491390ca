import CaseStore
import TerminalKit

/// What a key asks the desk to do. Keys map to these through the keymaps (`DeskKeymaps`), never
/// through a switch on keys, so the help screen and the status bar say exactly what dispatch does.
public enum DeskCommand: Hashable, Sendable {
    // Moving
    case down
    case up
    case pageDown
    case pageUp
    case top
    case bottom
    case open
    case back
    case quit
    case help
    case redraw

    // The queue
    case search
    case due(QueueQuery.Due?)
    case cycleKind
    case cycleStage
    case cycleScope
    case toggleMine
    case toggleUnassigned
    /// Abuse reports of one category, the next in turn (then any).
    case cycleCategory
    /// Abuse reports from one class of reporter: law enforcement, trusted, public, then any.
    case cycleReporterClass
    /// Each incident as one row, or every report on its own.
    case toggleIncidents
    case clearFilters
    /// The queue's next order: deadline, received, customer, assignee, kind.
    case cycleOrder
    case togglePreview
    /// Marks or unmarks the selected case, for a move on every marked case.
    case toggleMark
    /// The next saved view of the queue (`[[filter]]` in config.toml), then every open case again.
    case nextSavedFilter
    /// Opens a screen (`OpenableScreen`).
    case show(ScreenOpener)

    // The case
    case previousClock
    case nextClock
    case explain
    case letters
    case nextCase
    case previousCase

    // The handover and the statistics
    case markRead
    /// The handover's next / previous section (overdue, due, unassigned, notes, what happened).
    case nextSection
    case previousSection
    case previousShift
    case nextShift
    case cycleRange
    case togglePeriod

    // A letter
    case sendLetter
    case skipLetter
    case cycleLanguage
    case cycleLetterKind
    /// Pipe the letter on screen to the print command (for post and fax contacts).
    case printLetter

    // Moves on a case, from the queue or the case
    case act(DeskAction)
    case actionMenu
    case newCase

    // Forms and dialogs
    case submit
    case nextField
    case confirm
    case deny

    // The empty store and the first run
    case loadDemo
    case createStore

    /// The handover of the ending shift.
    public static var handover: DeskCommand { HandoverScreen.binding.command }
    public static var statistics: DeskCommand { StatisticsScreen.binding.command }
}
