import CaseDesk
import Foundation

/// Incidents for every backend: linking reports into one, the same move made on each report of a
/// group (each judged on its own, one transaction), and the link an arriving report is given.
extension WritePipeline {
    /// Runs `body` in a savepoint: what it wrote is rolled back if it throws, and so is what this
    /// pipeline remembers of the trail's heads.
    func attempt<T>(_ body: () throws -> T) throws -> T {
        let heads = caseHeads
        var result: T?
        do {
            try transaction.inSavepoint { result = try body() }
        } catch {
            caseHeads = heads
            throw error
        }
        return result!
    }

    /// The change recorded on each case, in order, each in its own savepoint: a refusal is listed
    /// and writes nothing; the others go on.
    func recordEach(_ change: Change, on numbers: [CaseNumber], by actor: Actor, at now: Date) throws -> BatchOutcome {
        try each(numbers, case: \.self, by: actor) { number in
            try record(change, on: number, expectedVersion: nil, by: actor, at: now)
        }
    }

    /// `write` on each item's case, in order, each in its own savepoint: a refusal (any
    /// `StoreError`) is listed and writes nothing; the others go on. Any other failure (the disk,
    /// the database) ends the whole transaction, so nothing of the batch is written.
    func each<Item>(_ items: [Item], case number: KeyPath<Item, CaseNumber>, by actor: Actor,
                    _ write: (Item) throws -> CaseState) throws -> BatchOutcome {
        _ = try staffRoles(actor)
        var outcome = BatchOutcome()
        for item in items {
            do {
                outcome.done.append(try attempt { try write(item) })
            } catch let error as StoreError {
                outcome.refused.append(.init(number: item[keyPath: number], error: error))
            }
        }
        return outcome
    }

    /// Puts the reports in one incident: the one some of them are in already (the lowest number if
    /// several are: the others are refused, as a report is in one incident at a time), else a new
    /// one. Each `linked` event judged on its own; a new incident needs two reports.
    func link(_ numbers: [CaseNumber], reason: String?, by actor: Actor, at now: Date) throws -> LinkOutcome {
        let numbers = numbers.reduce(into: [CaseNumber]()) { if !$0.contains($1) { $0.append($1) } }
        _ = try staffRoles(actor)
        var current: [CaseNumber: IncidentNumber] = [:]
        for number in numbers {
            if let state = try? currentState(number, expectedVersion: nil), let incident = state.incident { current[number] = incident }
        }
        let existing = Array(current.values)
        let incident: IncidentNumber
        if let lowest = existing.min() {
            incident = lowest
        } else {
            guard numbers.count >= 2 else {
                throw StoreError.invalid("an incident groups two or more reports: name at least two (or one and a report of the incident)")
            }
            incident = try transaction.newIncidentNumber(openedMs: Millis.from(now))
        }
        // A report named that is in the incident already is how a person says which incident: left as it is.
        let alreadyIn = numbers.filter { current[$0] == incident }
        let outcome = try recordEach(.linked(.init(incident: incident, reason: reason)), on: numbers.filter { current[$0] != incident },
                                     by: actor, at: now)
        if existing.isEmpty, outcome.done.count < 2, let first = outcome.refused.first {
            // A lone report is no incident: nothing is written, and each refusal is said.
            let reasons = outcome.refused.map(\.error.description).joined(separator: "; ")
            throw StoreError.refused(TransitionError(caseNumber: first.number, action: .link, problem: .refused(
                "no incident was made, as it would hold fewer than two reports: \(reasons)")))
        }
        return LinkOutcome(incident: incident, reports: outcome, alreadyIn: alreadyIn)
    }

    /// For a report just opened from a message: the open reports naming one of its domains, and the
    /// link to them when `link` says so and the actor may link (one savepoint: both reports, or none).
    func group(_ state: CaseState, roles: Set<Role>, link: Bool, by actor: Actor, at now: Date) throws -> (CaseState, IncidentGrouping?) {
        guard state.kind == .abuse, !state.intake.domains.isEmpty else { return (state, nil) }
        let matches = try transaction.reportsNaming(state.intake.domains.map(\.unicode), except: state.number)
        // The lists found it (rows any process of the desk writes); its trail must say the same: an
        // abuse report naming the domain, in the incident the row gives. A row added or changed
        // outside casedesk does not decide which incident a report joins.
        guard let match = try matches.first(where: { candidate in
            let found = try currentState(candidate.number, expectedVersion: nil)
            return found.kind == .abuse && found.incident == candidate.incident
                && found.intake.domains.contains { $0.unicode == candidate.domain }
        }) else { return (state, nil) }
        var grouping = IncidentGrouping(domain: match.domain, report: match.number, incident: match.incident, linked: false)
        guard link else {
            grouping.notLinkedBecause = "import --no-link"
            return (state, grouping)
        }
        guard Permissions.allows(roles, .link, kind: .abuse, stage: state.stage) else {
            grouping.notLinkedBecause = "\(actor.account) may not link reports: that takes the role abuse or head"
            return (state, grouping)
        }
        let reason = "same domain \(match.domain)"
        do {
            let linked = try attempt {
                let incident = try match.incident ?? transaction.newIncidentNumber(openedMs: Millis.from(now))
                if match.incident == nil {
                    _ = try record(.linked(.init(incident: incident, reason: reason)), on: match.number, expectedVersion: nil, by: actor, at: now)
                }
                // The report was just opened in this transaction: judged on the state in hand, not read again.
                let change = Change.linked(.init(incident: incident, reason: reason))
                try permit(change, on: state, roles: roles, actor: actor)
                return try appendJudged(change, to: state, by: actor, at: now)
            }
            grouping.incident = linked.incident
            grouping.linked = true
            return (linked, grouping)
        } catch let error as StoreError {
            grouping.notLinkedBecause = error.description
            return (state, grouping)
        }
    }
}

