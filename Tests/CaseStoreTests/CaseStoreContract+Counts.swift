import CaseDesk
import CaseStore
import Foundation
import Testing

/// The header's counts and the queue's totals are kept by the store, not counted: these checks
/// count again from the queue's own rows (every page of a filter) and compare.
extension CaseStoreContract {
    /// The filters whose totals the screen shows: the quick filters (scope, kind, stage, mine,
    /// unassigned, the due buckets) and what saved filters combine (overdue and due today as one
    /// view, teams, types), alone and together.
    static func countedQueries(now: Date, calendar: BusinessCalendar, policy: Policy) -> [QueueQuery] {
        let people: [(assignee: String?, unassigned: Bool)] = [(nil, false), (nil, true), ("sam", false), (People.head.account, false)]
        let overdueOrToday = Date.distantPast...calendar.endOfDay(calendar.localDate(of: now))
        var queries: [QueueQuery] = []
        for kind in [nil] + CaseKind.allCases.map(Optional.some) {
            for stage in [nil] + Stage.allCases.map(Optional.some) {
                for person in people {
                    queries.append(QueueQuery(kind: kind, stage: stage, assignee: person.assignee, unassigned: person.unassigned))
                }
            }
        }
        for scope in QueueQuery.Scope.allCases {
            for person in people {
                queries.append(QueueQuery(scope: scope, assignee: person.assignee, unassigned: person.unassigned))
                for due in QueueQuery.Due.allCases {
                    queries.append(QueueQuery(scope: scope, assignee: person.assignee, unassigned: person.unassigned, due: due))
                }
                queries.append(QueueQuery(scope: scope, assignee: person.assignee, unassigned: person.unassigned, dueBetween: overdueOrToday))
            }
            for kind in CaseKind.allCases {
                for due in QueueQuery.Due.allCases { queries.append(QueueQuery(scope: scope, kind: kind, due: due)) }
                queries.append(QueueQuery(scope: scope, kind: kind, dueBetween: overdueOrToday))
            }
            // Reporter classes and abuse categories (the screen's `B` and `b`), kept by the counters too.
            for category in AbuseCategory.allCases {
                for due in [nil] + QueueQuery.Due.allCases.map(Optional.some) {
                    var query = QueueQuery(scope: scope, due: due)
                    query.category = category
                    queries.append(query)
                    query.reporterClass = .public
                    queries.append(query)
                }
            }
            for reporterClass in ReporterClass.allCases {
                for due in [nil] + QueueQuery.Due.allCases.map(Optional.some) {
                    var query = QueueQuery(scope: scope, due: due)
                    query.reporterClass = reporterClass
                    queries.append(query)
                    query.unassigned = true
                    queries.append(query)
                }
            }
            for team in policy.feedbackTeams + ["no such team"] { queries.append(QueueQuery(scope: scope, team: team)) }
            for type in policy.complaintTypes + ["no such type"] {
                queries.append(QueueQuery(scope: scope, complaintType: type))
                queries.append(QueueQuery(scope: scope, dueBetween: overdueOrToday, complaintType: type))
            }
        }
        return queries
    }

    /// Every kept total equals the number of rows the queue lists for it, at `now` and later
    /// (time moves cases from due today to overdue without a write).
    func expectKeptTotalsEqualRecount(_ store: any CaseStore, now: Date, _ note: String,
                                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let procedure = try store.procedure()
        // On the hour, within an hour, a moment before the clocks due at the end of the desk's day
        // (23:59:59 desk time) and just after them, the next day, and nine days on.
        for hours: Double in [0, 0.5, 13.99, 14, 26, 216] {
            let at = now.addingTimeInterval(hours * 3600)
            func recount(_ query: QueueQuery) throws -> Int { try store.queue(query, page: .first(100_000), now: at).count }
            let counted = QueueCounts(open: try recount(QueueQuery()), overdue: try recount(QueueQuery(due: .overdue)),
                                      dueToday: try recount(QueueQuery(due: .today)))
            #expect(try store.counts(now: at) == counted, "\(note), \(hours) h later: the header", sourceLocation: sourceLocation)
            for query in Self.countedQueries(now: at, calendar: procedure.calendar, policy: procedure.policy) {
                let kept = try store.count(query, now: at)
                let listed = try recount(query)
                #expect(kept == listed, "\(note), \(hours) h later: \(query)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Cases opened, assigned, given back, acknowledged, answered, moved through every stage,
    /// categorized, routed, closed, reopened, lapsed, and rebuilt under a new policy: after each
    /// write the kept totals are what the queue's rows count.
    func keptTotalsAfterEveryWrite() throws {
        try withDesk { store in
            let now = Self.queueNow
            let names = try queueFixture(store)
            try expectKeptTotalsEqualRecount(store, now: now, "after the fixture")
            var step = 0
            func write(_ change: Change, on number: CaseNumber, by actor: Actor, at moment: Date = now) throws {
                _ = try store.record(change, on: number, expectedVersion: nil, by: actor, at: moment)
                step += 1
                try expectKeptTotalsEqualRecount(store, now: moment, "step \(step): \(change.type) on \(number)")
            }
            try write(.assigned(.init(to: People.head.account)), on: names["today"]!, by: People.supervisor)
            try write(.assigned(.init(to: nil)), on: names["target"]!, by: People.supervisor)
            try write(.acknowledged(.init(at: now)), on: names["today"]!, by: People.head)
            try write(.noted(.init(text: "called the registrant")), on: names["overdue"]!, by: People.head)
            try write(.categorized(.init(type: "transfer")), on: names["overdue"]!, by: People.head)
            try write(.categorized(.init(type: "billing")), on: names["tomorrow"]!, by: People.head)
            try write(.routed(.init(team: "product")), on: names["feedback"]!, by: People.supervisor)
            try write(.reporterClassified(.init(reporterClass: .lawEnforcement, reason: "a police request")), on: names["abuse"]!, by: People.abuse)
            try write(.closed(.init(reason: .invalid)), on: names["abuse"]!, by: People.abuse)
            try write(.reopened(.init(reason: "the abuse goes on")), on: names["abuse"]!, by: People.head)
            try write(.responded(.init(summary: "answered", at: now)), on: names["week"]!, by: People.head)

            // One complaint through every stage to the final response.
            let procedure = try store.procedure()
            var state = try store.open(complaint(received: at("2027-03-09T09:00:00+01:00")), by: People.supervisor, at: now)
            try expectKeptTotalsEqualRecount(store, now: now, "a case opened")
            try write(.responded(.init(summary: "first answer", at: now)), on: state.number, by: People.supervisor)
            try write(.formalComplaintFiled(.init(received: now, channel: .email)), on: state.number, by: People.supervisor)
            try write(.acknowledged(.init(at: now)), on: state.number, by: People.head)
            let answered = now.addingTimeInterval(86_400)
            try write(.responded(.init(summary: "head's answer", at: answered)), on: state.number, by: People.head, at: answered)
            state = try store.caseState(state.number)
            let filing = procedure.escalationFiling(for: state, received: answered.addingTimeInterval(3600), channel: .email,
                                                    heading: "Beschwerde", items: [.name, .contact, .account, .domains, .description,
                                                                                   .measures, .previousComplaint])
            let escalated = answered.addingTimeInterval(7200)
            try write(.escalationReceived(filing), on: state.number, by: People.head, at: escalated)
            try write(.finalResponseSent(.init(summary: "final", at: escalated)), on: state.number, by: People.head, at: escalated)

            // Time runs out on the customer's window: the sweep writes the lapse.
            let later = at("2027-06-30T10:00:00+02:00")
            #expect(!(try store.sweep(by: People.supervisor, at: later)).isEmpty, "a window ran out")
            try expectKeptTotalsEqualRecount(store, now: later, "after the sweep")

            // A new policy reorders the lists: every case's type and team codes are rebuilt.
            _ = try store.changeRules(RuleChange(setting: .policy, text: """
                [complaints]
                types = ["transfer", "billing", "other"]
                [feedback]
                teams = ["product", "technical"]
                """, file: "policy.toml"), by: People.admin, at: later)
            try store.finishReprojection()
            try expectKeptTotalsEqualRecount(store, now: later, "after a new policy")
        }
    }
}
