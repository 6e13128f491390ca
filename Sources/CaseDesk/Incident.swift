import Foundation

/// An incident's number: its own series, never reused, so an incident keeps its name whichever of
/// its reports is unlinked (a case number would not: the report it named could leave).
public typealias IncidentNumber = Int64

extension Change {
    /// A report's membership of an incident: many reports about one problem (a phishing domain
    /// reported forty times) are worked together, and each report still records every move.
    public struct IncidentLink: Codable, Sendable, Equatable {
        public var incident: IncidentNumber
        /// Why: "same domain phish.example" on import, or what the person who linked it said (nil: by hand).
        public var reason: String?
        public init(incident: IncidentNumber, reason: String? = nil) {
            self.incident = incident
            self.reason = reason
        }
    }
}

extension Procedure {
    /// The rules of incidents: only abuse reports are grouped, a report is in one incident at a
    /// time (unlink it before it joins another), only an open report joins, and an unlink names the
    /// incident the report is in.
    func checkIncident(_ change: Change, on state: CaseState) throws(TransitionError) {
        let action = Action(change)
        func refuse(_ text: String) -> TransitionError {
            TransitionError(caseNumber: state.number, action: action, problem: .refused(text))
        }
        switch change {
        case let .linked(link):
            guard state.kind == .abuse else { throw refuse("only abuse reports are grouped in incidents") }
            if let closure = state.closure {
                throw TransitionError(caseNumber: state.number, action: action,
                                      problem: .closed(closure.reason, on: calendar.localDate(of: closure.closed.at)))
            }
            guard link.incident > 0 else { throw refuse("incident numbers start at 1") }
            if let current = state.incident {
                throw refuse(current == link.incident ? "it is already in incident \(current)"
                                                      : "it is in incident \(current); unlink it first")
            }
        case let .unlinked(link):
            guard let current = state.incident else { throw refuse("it is not in an incident") }
            if current != link.incident { throw refuse("it is in incident \(current), not in incident \(link.incident)") }
        default:
            break
        }
    }
}
