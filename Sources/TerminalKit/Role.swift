/// What a piece of text means on screen — the theme decides how that looks (htop's idea).
///
/// Screens never name colours: they say `.overdue` or `.selection`, and each theme file gives the
/// role a foreground, background and attributes. To add a role, add a case here with its name in
/// theme files (the raw value) and a snapshot code, then give it a table in every file under
/// `Themes/` and run `scripts/embed-themes`; a test fails until every built-in theme has it.
public enum Role: String, CaseIterable, Hashable, Sendable {
    case normal
    case header
    case title
    case statusBar = "status-bar"
    case keyHint = "key-hint"
    case border
    case borderFocused = "border-focused"
    case selection
    case selectionInactive = "selection-inactive"
    case columnHeader = "column-header"
    case label
    case input
    case inputFocused = "input-focused"
    case muted
    case accent
    case overdue
    case dueSoon = "due-soon"
    case ok
    case met
    case paused
    case error
    case warning
    case info
    case badgeComplaint = "badge-complaint"
    case badgeAbuse = "badge-abuse"
    case badgeFeedback = "badge-feedback"
    case badgeStage = "badge-stage"
    case help
    case dialog
    case match
    /// Bars of charts: one series, and the three kinds of case when bars are stacked by kind.
    case chart
    case chartComplaint = "chart-complaint"
    case chartAbuse = "chart-abuse"
    case chartFeedback = "chart-feedback"

    /// One character per role for style snapshots (`Grid.styleLines`), so a test can show where
    /// colour goes as plainly as it shows the text.
    public var snapshotCode: Character {
        switch self {
        case .normal: "."
        case .header: "H"
        case .title: "T"
        case .statusBar: "="
        case .keyHint: "k"
        case .border: "b"
        case .borderFocused: "B"
        case .selection: "*"
        case .selectionInactive: "+"
        case .columnHeader: "h"
        case .label: "l"
        case .input: "_"
        case .inputFocused: "I"
        case .muted: "m"
        case .accent: "a"
        case .overdue: "O"
        case .dueSoon: "D"
        case .ok: "o"
        case .met: "M"
        case .paused: "p"
        case .error: "E"
        case .warning: "W"
        case .info: "n"
        case .badgeComplaint: "c"
        case .badgeAbuse: "x"
        case .badgeFeedback: "f"
        case .badgeStage: "s"
        case .help: "?"
        case .dialog: "d"
        case .match: "~"
        case .chart: "#"
        case .chartComplaint: "C"
        case .chartAbuse: "X"
        case .chartFeedback: "F"
        }
    }
}
