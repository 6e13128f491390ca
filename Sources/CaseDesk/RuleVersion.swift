import Foundation

/// One version of the desk's rules — the policy and the calendar together — and the moment from
/// which it is in force. Changing the policy or the calendar adds a version; none is ever changed,
/// so a clock can keep the rules it started under.
public struct RuleVersion: Sendable, Equatable {
    /// 1 for the built-in rules a store starts with, then one more for every change.
    public var number: Int
    /// In force from this moment (the built-in version: `distantPast`).
    public var from: Date
    public var policy: Policy
    public var calendar: BusinessCalendar

    public init(number: Int, from: Date, policy: Policy, calendar: BusinessCalendar) {
        self.number = number
        self.from = from
        self.policy = policy
        self.calendar = calendar
    }

    /// The version's rules alone, without the history around them.
    public var procedure: Procedure { Procedure(policy: policy, calendar: calendar) }
}

extension Procedure {
    /// The number of the newest version (1 when the procedure carries no history).
    public var currentVersion: Int { versions.last?.number ?? 1 }

    /// The rules in force at `moment`: the newest version in force from then or earlier.
    public func rules(inForceAt moment: Date) -> Procedure {
        guard let last = versions.last else { return self }
        if last.from <= moment { return Procedure(policy: policy, calendar: calendar) }
        guard let version = versions.last(where: { $0.from <= moment }) ?? versions.first else { return self }
        return version.procedure
    }

    /// The rules of version `number`, nil when there is none.
    public func rules(version number: Int) -> Procedure? {
        if versions.isEmpty { return number == 1 ? self : nil }
        if number == versions.last?.number { return Procedure(policy: policy, calendar: calendar) }
        return versions.first { $0.number == number }?.procedure
    }

    /// The rules one clock of a case counts under: those in force when it started, unless the
    /// desk moved it to a later version since (a `clockRebased` event after it started).
    public func rules(for kind: Clock.Kind, startedAt start: Date, in state: CaseState) -> Procedure {
        guard !versions.isEmpty else { return self }
        if let rebase = state.rebases.last(where: { $0.clock == kind && $0.recorded.at >= start }),
           let rules = rules(version: rebase.version) {
            return rules
        }
        return rules(inForceAt: start)
    }

    /// The version number a clock counts under (see `rules(for:startedAt:in:)`).
    public func version(for kind: Clock.Kind, startedAt start: Date, in state: CaseState) -> Int {
        guard let last = versions.last else { return 1 }
        if let rebase = state.rebases.last(where: { $0.clock == kind && $0.recorded.at >= start }),
           versions.contains(where: { $0.number == rebase.version }) {
            return rebase.version
        }
        return (versions.last(where: { $0.from <= start }) ?? versions.first ?? last).number
    }

    /// The same procedure with one more version in force from `from`: what a change of the policy
    /// or the calendar makes of it.
    public func adding(policy newPolicy: Policy, calendar newCalendar: BusinessCalendar, from: Date) -> Procedure {
        var history = versions.isEmpty ? [RuleVersion(number: 1, from: .distantPast, policy: policy, calendar: calendar)] : versions
        history.append(RuleVersion(number: (history.last?.number ?? 0) + 1, from: from, policy: newPolicy, calendar: newCalendar))
        return Procedure(policy: newPolicy, calendar: newCalendar, versions: history)
    }
}
