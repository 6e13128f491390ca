/// What the command line prints and how it exits: 1 when the desk refuses, 2 when the command was
/// written wrong. Never a stack trace.
struct CLIError: Error, CustomStringConvertible {
    enum Kind {
        /// The store or the procedure said no (or something failed while doing it).
        case refused
        /// The arguments cannot be understood.
        case usage
    }

    var kind: Kind
    var message: String

    static func refused(_ message: String) -> CLIError { CLIError(kind: .refused, message: message) }
    static func usage(_ message: String) -> CLIError { CLIError(kind: .usage, message: message) }

    var exitCode: Int32 { kind == .usage ? 2 : 1 }
    var description: String { message }
}
