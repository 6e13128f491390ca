import CaseDesk

/// What a move made on several reports did: each report judged on its own, in one transaction;
/// a refused report writes nothing and stops none of the others.
public struct BatchOutcome: Sendable, Equatable {
    /// The reports written to, as they now stand, in the order asked.
    public var done: [CaseState]
    /// The reports refused, each with the store's reason.
    public var refused: [Refusal]

    public struct Refusal: Sendable, Equatable {
        public var number: CaseNumber
        public var error: StoreError
        public init(number: CaseNumber, error: StoreError) {
            self.number = number
            self.error = error
        }
    }

    public init(done: [CaseState] = [], refused: [Refusal] = []) {
        self.done = done
        self.refused = refused
    }
}

/// What `link` did: the incident the reports are in (nil when every one was refused and no
/// incident was made), and each report's outcome.
public struct LinkOutcome: Sendable, Equatable {
    public var incident: IncidentNumber?
    public var reports: BatchOutcome
    /// Reports named that were in the incident already: nothing written, nothing refused.
    public var alreadyIn: [CaseNumber]
    public init(incident: IncidentNumber?, reports: BatchOutcome, alreadyIn: [CaseNumber] = []) {
        self.incident = incident
        self.reports = reports
        self.alreadyIn = alreadyIn
    }
}

/// An abuse report that arrived naming a domain an open report (or an incident) already names:
/// the link import made, or only suggests.
public struct IncidentGrouping: Sendable, Equatable {
    /// The domain both name.
    public var domain: String
    /// The report it matched (the incident's first, when the match is an incident's).
    public var report: CaseNumber
    /// The incident it joined, or that the matched report is in; nil when it would start one.
    public var incident: IncidentNumber?
    /// Whether import linked it; when not, why (the importer may not link, or linking was turned off).
    public var linked: Bool
    public var notLinkedBecause: String?

    public init(domain: String, report: CaseNumber, incident: IncidentNumber?, linked: Bool, notLinkedBecause: String? = nil) {
        self.domain = domain
        self.report = report
        self.incident = incident
        self.linked = linked
        self.notLinkedBecause = notLinkedBecause
    }

    /// In words, for import's report on the report `number`: "linked to incident 3 (same domain
    /// phish.example as case 12)", or the command that would link it.
    public func summary(for number: CaseNumber) -> String {
        let same = "same domain \(domain) as case \(report)"
        if linked { return "linked to incident \(incident.map(String.init) ?? "?") (\(same))" }
        let command = "casedesk link \(report) \(number)"
        return "\(same)\(incident.map { ", in incident \($0)" } ?? ""); not linked (\(notLinkedBecause ?? "by choice")): \(command)"
    }
}

/// A report found naming a domain (the transaction's answer to the pipeline).
struct IncidentCandidate: Sendable, Equatable {
    var number: CaseNumber
    var incident: IncidentNumber?
    var domain: String
}
