/// Why the screen could not be opened. Each message is one line the app prints before exiting
/// with a non-zero status; the terminal is untouched when these are thrown.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// stdin or stdout is not a terminal (output piped to a file, run from cron, …).
    case notATerminal
    /// `TERM` is unset or empty.
    case noTerminalType
    /// terminfo has no entry for `TERM`.
    case unknownTerminalType(String)
    /// terminfo says the terminal cannot move the cursor (`TERM=dumb`, a printing terminal).
    case cannotAddressCursor(String)
    case cannotOpen(path: String, reason: String)
    /// A screen is already open in this process; ncurses keeps global state, so only one may be.
    case alreadyStarted

    public var description: String {
        switch self {
        case .notATerminal:
            "casedesk: the screen needs a terminal on stdin and stdout; run it in a terminal, "
                + "or use a subcommand for scripts"
        case .noTerminalType:
            "casedesk: TERM is not set; set TERM to e.g. xterm-256color"
        case .unknownTerminalType(let type):
            "casedesk: cannot use terminal type \"\(type)\" (TERM); set TERM to e.g. xterm-256color"
        case .cannotAddressCursor(let type):
            "casedesk: terminal type \"\(type)\" (TERM) cannot move the cursor, so the screen cannot be drawn; "
                + "set TERM to e.g. xterm-256color, or use a subcommand"
        case .cannotOpen(let path, let reason):
            "casedesk: cannot open \(path) for the screen: \(reason)"
        case .alreadyStarted:
            "casedesk: the screen is already open"
        }
    }
}
