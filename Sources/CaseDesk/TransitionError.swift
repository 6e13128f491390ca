/// A move the procedure does not allow, with a message a desk worker understands:
/// "cannot acknowledge case 12: already acknowledged on Tue 30 Mar 2027 by alice".
public struct TransitionError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        case noSuchCase
        /// Done before: what, on which desk date, by whom.
        case alreadyDone(String, on: LocalDate, by: String)
        case closed(CloseReason, on: LocalDate)
        case notClosed
        /// The case is at another stage; the text says where this move belongs.
        case wrongStage(Stage, hint: String)
        case noProcedure(CaseKind)
        /// A date or time that cannot be: in the future, before the message arrived, not after the due date.
        case impossibleDate(String)
        /// A required field left empty (or blank): the field, and the rule when it says more than "is empty".
        /// The command line treats it as a command written wrong, not a refusal.
        case missing(String, rule: String? = nil)
        /// Anything else the procedure forbids, said in full.
        case refused(String)
    }

    public var caseNumber: CaseNumber
    public var action: Action
    public var problem: Problem

    public init(caseNumber: CaseNumber, action: Action, problem: Problem) {
        self.caseNumber = caseNumber
        self.action = action
        self.problem = problem
    }

    /// Whether a required field was left empty.
    public var isMissingField: Bool {
        if case .missing = problem { true } else { false }
    }

    public var reason: String {
        switch problem {
        case .noSuchCase:
            "there is no such case"
        case let .alreadyDone(what, day, by):
            "already \(what) on \(day.readable) by \(by)"
        case let .closed(reason, day):
            "it was closed (\(reason.title)) on \(day.readable)"
        case .notClosed:
            "it is open"
        case let .wrongStage(stage, hint):
            "it is at the \(stage.title) stage; \(hint)"
        case let .noProcedure(kind):
            "a \(kind.rawValue) case has no procedure stages (it is routed, answered and closed)"
        case let .missing(field, rule):
            rule ?? "\(field) is empty"
        case let .impossibleDate(text), let .refused(text):
            text
        }
    }

    public var description: String {
        "cannot \(action.verb) case \(caseNumber): \(reason)"
    }
}
