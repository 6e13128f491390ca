import CaseDesk
import Foundation

/// One abuse report as an ICANN Compliance inquiry asks for it (RAA 3.18): when it was received and
/// from whom, when receipt was confirmed, when it was reviewed and what the evidence was judged,
/// every action and its time, the outcome, and the hours to each. Derived from the trail alone.
public struct AbuseRecord: Sendable, Equatable {
    public struct ActionEntry: Sendable, Equatable {
        public var action: String
        public var at: Date
        public var by: String
        public var evidence: String
        public var deadline: Date?
        public var undone: Date?
        public var undoReason: String?
    }

    public var number: CaseNumber
    public var received: Date
    public var reporter: String
    public var reporterClass: ReporterClass
    public var category: AbuseCategory?
    public var domains: [String]
    public var confirmed: Date?
    /// The first judgement of the evidence: the review.
    public var reviewed: Date?
    /// The standing decision: the last judgement (`actionable`, `not-actionable`), nil before any.
    public var evidenceDecision: String?
    public var evidenceReason: String?
    public var actions: [ActionEntry]
    public var associatedNamesReviewed: Int?
    public var associatedNamesFound: [String]
    public var outcome: CloseReason?
    public var outcomeNote: String?
    public var duplicateOf: CaseNumber?
    public var closed: Date?
    /// The abuse clocks' outcomes (`met`, `missed`, `open`, …) by kind.
    public var clocks: [Clock.Kind: Clock.Status]

    public init(_ state: CaseState, procedure: Procedure, now: Date) {
        number = state.number
        received = state.intake.received
        reporter = state.intake.contact
        reporterClass = state.reporterClass ?? .public
        category = state.intake.category
        domains = state.intake.domains.map(\.unicode)
        confirmed = state.receiptConfirmed?.at
        reviewed = state.evidenceJudgements.first?.judged.at
        evidenceDecision = state.evidenceJudgements.last.map { $0.actionable ? "actionable" : "not-actionable" }
        evidenceReason = state.evidenceJudgements.last?.reason
        actions = state.mitigations.map {
            ActionEntry(action: $0.typed?.rawValue ?? $0.action, at: $0.recorded.at, by: $0.recorded.by, evidence: $0.evidence,
                        deadline: $0.deadline, undone: $0.undone?.at, undoReason: $0.undoReason)
        }
        associatedNamesReviewed = state.associatedNamesReviews.isEmpty ? nil : state.associatedNamesReviews.reduce(0) { $0 + $1.reviewed }
        associatedNamesFound = state.associatedNamesReviews.flatMap(\.found)
        outcome = state.closure?.reason
        outcomeNote = state.closure?.note
        duplicateOf = state.closure?.duplicateOf
        closed = state.closure?.closed.at
        clocks = Dictionary(uniqueKeysWithValues: procedure.clocks(state, now: now, explained: false)
            .filter(\.kind.isHours).map { ($0.kind, $0.status) })
    }

    /// The first mitigation that acts on the name (forwarding is not one).
    public var firstMitigation: Date? {
        actions.filter { MitigationAction(name: $0.action).map { $0 != .forwarded } ?? false }.map(\.at).min()
    }

    /// Elapsed hours from receipt to a moment, to the hundredth.
    public func hours(to moment: Date?) -> Double? {
        moment.map { (($0.timeIntervalSince(received) / 3600) * 100).rounded() / 100 }
    }

    public var hoursToConfirm: Double? { hours(to: confirmed) }
    public var hoursToReview: Double? { hours(to: reviewed) }
    public var hoursToMitigate: Double? { hours(to: firstMitigation) }
    public var hoursToOutcome: Double? { hours(to: closed) }
}

extension CaseStore {
    /// The compliance record of every abuse report received in [from, to), oldest first.
    public func abuseRecords(receivedFrom from: Date?, to: Date?, procedure: Procedure, now: Date) throws(StoreError) -> [AbuseRecord] {
        var numbers: [CaseNumber] = []
        try exportCases(receivedFrom: from, to: to) { batch in
            numbers += batch.filter { $0.row.kind == .abuse }.map(\.row.number)
        }
        var records: [AbuseRecord] = []
        records.reserveCapacity(numbers.count)
        for number in numbers {
            records.append(AbuseRecord(try caseState(number), procedure: procedure, now: now))
        }
        return records
    }
}
