import CaseDesk
import CaseStore
import Foundation
import Testing

/// A store backend under test: how to make a new empty store, reach the same store through another
/// connection (what a second process sees), and throw it away. The SQLite backend is instantiated in
/// `SQLiteCaseStoreTests.swift`; a second backend (PostgreSQL) adds one line like it.
struct CaseStoreBackend: Sendable {
    var name: String
    /// A new, empty store; `creator` is on its staff with `roles`.
    var create: @Sendable (_ creator: Actor, _ roles: Set<Role>, _ now: Date) throws -> any CaseStore
    /// Another connection to the same store.
    var connectAgain: @Sendable (_ store: any CaseStore) throws -> any CaseStore
    /// Removes the store and everything it kept.
    var destroy: @Sendable (_ store: any CaseStore) -> Void
}

/// One check of the contract, run once per backend.
struct ContractCheck: Sendable, CustomTestStringConvertible {
    let name: String
    let body: @Sendable (CaseStoreContract) throws -> Void

    init(_ name: String, _ body: @escaping @Sendable (CaseStoreContract) throws -> Void) {
        self.name = name
        self.body = body
    }

    var testDescription: String { name }
}

/// What every `CaseStore` promises, written against the protocol only.
struct CaseStoreContract: Sendable {
    let backend: CaseStoreBackend

    static let checks: [ContractCheck] = [
        ContractCheck("a case reads back exactly as opened (every field, IDN, French, German, CJK)") { try $0.openAndReadBack() },
        ContractCheck("case numbers increase, across connections too") { try $0.caseNumbersIncrease() },
        ContractCheck("a complaint goes supervisor → head → escalation → final response, the state true at each step") { try $0.complaintJourney() },
        ContractCheck("a stale version is a conflict naming who changed the case; nothing is written") { try $0.staleVersionConflict() },
        ContractCheck("a viewer is refused every write but handover notes") { try $0.viewerRefusedEveryWrite() },
        ContractCheck("an account not on the staff is refused as not staff") { try $0.notStaff() },
        ContractCheck("a supervisor cannot acknowledge at stage 2; the refusal names the role that can") { try $0.supervisorCannotAcknowledgeAtStageTwo() },
        ContractCheck("procedure refusals come back with the domain's message and write nothing") { try $0.procedureRefusalsWriteNothing() },
        ContractCheck("assigning needs a staff member") { try $0.assignment() },
        ContractCheck("a case that does not exist") { try $0.noSuchCase() },
        ContractCheck("queue order: overdue first, by next clock, window-only after desk clocks, closed newest first") { try $0.queueOrder() },
        ContractCheck("queue filters: kind, stage, assignee, unassigned, due buckets") { try $0.queueFilters() },
        ContractCheck("counts on a fixed now") { try $0.counts() },
        ContractCheck("keyset paging gives the same sequence as one big page") { try $0.keysetPaging() },
        ContractCheck("search: accents, prefixes, notes, IDN forms, scope, newest first") { try $0.search() },
        ContractCheck("the lapse sweep writes one lapsed event, once; a reopened case does not lapse again") { try $0.lapseSweep() },
        ContractCheck("a write after the window ran out does not keep the case from lapsing") { try $0.writeAfterWindowStillLapses() },
        ContractCheck("staff: admins only, roles round-trip, the last admin stays") { try $0.staffManagement() },
        ContractCheck("policy and calendar are stored as versions; running clocks keep theirs, new cases follow the new ones") { try $0.policyAndCalendar() },
        ContractCheck("the what-if of a holiday added then removed names exactly the open clocks that move; closed cases never change") { try $0.ruleChangeWhatIf() },
        ContractCheck("new rules take effect from now or later, never earlier; a later --from leaves clocks started before it alone") { try $0.ruleChangeFrom() },
        ContractCheck("the change feed reports another connection's writes, not its own") { try $0.changeFeed() },
        ContractCheck("text with NUL is refused and nothing is written") { try $0.nulRefused() },
        ContractCheck("hostile and very long text is kept exactly") { try $0.hostileText() },
        ContractCheck("queue orders: received, customer, assignee, kind; keyset paging in each gives one big page") { try $0.queueOrders() },
        ContractCheck("desk-wide handover notes: any who may note, linked in the trail, judged by verify") { try $0.deskHandoverNotes() },
        ContractCheck("counts kept up to date through own writes, passing time and others' writes equal a fresh count") { try $0.countsKeptUpToDate() },
        ContractCheck("an abuse report worked under the contract: hour clocks, every move judged and permitted, the compliance record") { try $0.abuseJourney() },
        ContractCheck("kept totals of every filter the screen offers equal a recount after every kind of write, and as time passes") {
            try $0.keptTotalsAfterEveryWrite()
        },
    ] + incidentChecks + reporterClassChecks + recordChecks + scenarioChecks

    /// When the test desk was set up.
    static let setUp = at("2027-01-04T09:00:00+01:00")

    /// A store with an admin and one person of each role; verified clean after `body`.
    func withDesk(_ body: (any CaseStore) throws -> Void) throws {
        let store = try backend.create(People.admin, [.admin], Self.setUp)
        defer { backend.destroy(store) }
        for (person, roles) in People.roles {
            try store.setStaff(person.account, roles: roles, by: People.admin, at: Self.setUp)
        }
        try body(store)
        let report = try store.verify()
        #expect(report.isClean, "verify after the check: \(report.integrity) \(report.differences)")
    }

    /// Asserts that a refused write left the case as it was.
    func expectUnchanged(_ store: any CaseStore, _ number: CaseNumber, version: Int,
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try store.caseState(number).version == version, sourceLocation: sourceLocation)
        #expect(try store.events(of: number).count == version, sourceLocation: sourceLocation)
        #expect(try store.rows([number]).first?.version == version, sourceLocation: sourceLocation)
    }

    /// What the store says to a change it refuses; nil when it records it.
    func refusal(_ store: any CaseStore, _ change: Change, on number: CaseNumber, expectedVersion: Int? = nil,
                 by actor: Actor, at now: Date) -> StoreError? {
        do {
            _ = try store.record(change, on: number, expectedVersion: expectedVersion, by: actor, at: now)
            return nil
        } catch {
            return error
        }
    }

    /// The queue row of a case.
    func row(_ store: any CaseStore, _ number: CaseNumber) throws -> QueueRow {
        guard let row = try store.rows([number]).first else { throw StoreError.noSuchCase(number) }
        return row
    }

    func clock(_ store: any CaseStore, _ state: CaseState, _ kind: Clock.Kind, now: Date) throws -> Clock? {
        try store.procedure().clocks(state, now: now).first { $0.kind == kind }
    }

    // MARK: Cases

    func openAndReadBack() throws {
        try withDesk { store in
            let received = at("2027-03-18T09:00:00+01:00")
            let now = at("2027-03-18T09:30:00+01:00")
            let intake = Intake(
                kind: .complaint, channel: .letter, received: received, customer: "Jürgen Groß / 王小明 / Hélène Lefèvre",
                contact: "Hauptstraße 1, 66386 St. Ingbert", account: "K-ÄÖÜ-1",
                domains: [domain("müller.de"), domain("xn--bcher-kva.example"), domain("例え.jp")],
                subject: "Plainte : transfert bloqué — 域名转移被阻止",
                description: "Sehr geehrte Damen und Herren,\nder Transfer ist blockiert. « Ça suffit ! »\n日本語のテキスト。\n",
                stage: .supervisor)
            let opened = try store.open(intake, by: Actor(account: "sam", via: "root"), at: now)
            #expect(opened.number == 1)
            #expect(opened.version == 1)

            let state = try store.caseState(1)
            #expect(state == opened)
            #expect(state.intake == intake)
            #expect(state.intake.domains.map(\.unicode) == ["müller.de", "bücher.example", "例え.jp"])
            #expect(state.intake.domains.map(\.ascii) == ["xn--mller-kva.de", "xn--bcher-kva.example", "xn--r8jz45g.jp"])
            #expect(state.opened == CaseState.Stamp(at: now, by: "sam"))
            #expect(state.updated == CaseState.Stamp(at: now, by: "sam"))
            #expect(state.stage == .supervisor)
            #expect(state.isOpen)
            #expect(state.assignee == nil)
            #expect(try store.events(of: 1) == [
                Event(caseNumber: 1, sequence: 1, recorded: now, actor: "sam", via: "root", change: .received(intake)),
            ])

            let row = try #require(try store.rows([1]).first)
            #expect(row.number == 1)
            #expect(row.kind == .complaint)
            #expect(row.channel == .letter)
            #expect(row.stage == .supervisor)
            #expect(row.isOpen)
            #expect(row.received == received)
            #expect(row.customer == intake.customer)
            #expect(row.subject == intake.subject)
            #expect(row.domains == ["müller.de", "bücher.example", "例え.jp"])
            #expect(row.category == nil)
            #expect(row.assignee == nil)
            #expect(row.nextClock == .supervisorTarget)
            #expect(iso(row.nextDue) == "2027-04-05T23:59:59+02:00")
            #expect(row.version == 1)
            #expect(row.updated == now)
            #expect(row.updatedBy == "sam")

            let abuse = abuseReport(received: received, category: .malware, domains: ["xn--mller-kva.de"])
            let second = try store.open(abuse, by: People.abuse, at: now)
            #expect(second.intake == abuse)
            #expect(try store.caseState(second.number).intake.domains.map(\.unicode) == ["müller.de"])
            let abuseRow = try #require(try store.rows([second.number]).first)
            #expect(abuseRow.kind == .abuse)
            #expect(abuseRow.category == .malware)
            #expect(abuseRow.channel == .web)
            // Rows come back in the order asked for.
            #expect(try store.rows([2, 1, 99]).map(\.number) == [2, 1])
        }
    }

    func caseNumbersIncrease() throws {
        try withDesk { store in
            let now = at("2027-03-18T10:00:00+01:00")
            var numbers: [CaseNumber] = []
            for _ in 0..<3 {
                numbers.append(try store.open(complaint(received: now), by: People.supervisor, at: now).number)
            }
            let other = try backend.connectAgain(store)
            numbers.append(try other.open(feedback(received: now), by: People.supervisor, at: now).number)
            numbers.append(try store.open(abuseReport(received: now), by: People.abuse, at: now).number)
            #expect(numbers == [1, 2, 3, 4, 5])
            #expect(try store.caseState(4).kind == .feedback)
        }
    }

    func complaintJourney() throws {
        try withDesk { store in
            let procedure = try store.procedure()

            // Stage 1: the supervisor takes it in, assigns it, answers it.
            var state = try store.open(complaint(received: at("2027-03-18T09:00:00+01:00")), by: People.supervisor,
                                       at: at("2027-03-18T09:05:00+01:00"))
            var now = at("2027-03-18T10:00:00+01:00")
            #expect(procedure.clocks(state, now: now).map(\.kind) == [.supervisorTarget])
            #expect(try clock(store, state, .supervisorTarget, now: now)?.status == .open)
            #expect(try row(store, 1).nextClock == .supervisorTarget)
            #expect(iso(try row(store, 1).nextDue) == "2027-04-05T23:59:59+02:00")

            state = try store.record(.assigned(.init(to: "sam")), on: 1, expectedVersion: 1, by: People.supervisor,
                                     at: at("2027-03-18T09:30:00+01:00"))
            #expect(state.assignee == "sam")
            #expect(try row(store, 1).assignee == "sam")

            state = try store.record(.responded(.init(summary: "Explained the transfer lock", at: at("2027-03-22T10:00:00+01:00"))),
                                     on: 1, expectedVersion: 2, by: People.supervisor, at: at("2027-03-22T10:05:00+01:00"))
            now = at("2027-03-23T09:00:00+01:00")
            #expect(try clock(store, state, .supervisorTarget, now: now)?.status == .met(at("2027-03-22T10:00:00+01:00")))
            #expect(try row(store, 1).nextClock == nil)
            #expect(try store.caseState(1) == state)

            // Stage 2: the formal complaint arrives; the head acknowledges, extends and answers.
            state = try store.record(.formalComplaintFiled(.init(received: at("2027-03-25T10:00:00+01:00"), channel: .email)),
                                     on: 1, expectedVersion: 3, by: People.supervisor, at: at("2027-03-25T10:10:00+01:00"))
            now = at("2027-03-25T11:00:00+01:00")
            #expect(state.stage == .headOfSupport)
            #expect(state.version == 4)
            let ack = try #require(try clock(store, state, .acknowledge, now: now))
            #expect(ack.status == .open)
            #expect(iso(ack.due) == "2027-03-31T23:59:59+02:00")
            #expect(iso(try clock(store, state, .respond, now: now)?.due) == "2027-04-12T23:59:59+02:00")
            #expect(try row(store, 1).stage == .headOfSupport)
            #expect(try row(store, 1).nextClock == .acknowledge)
            #expect(iso(try row(store, 1).nextDue) == "2027-03-31T23:59:59+02:00")

            state = try store.record(.acknowledged(.init(at: at("2027-03-30T09:00:00+02:00"))), on: 1, expectedVersion: 4,
                                     by: People.head, at: at("2027-03-30T09:00:00+02:00"))
            now = at("2027-03-30T10:00:00+02:00")
            #expect(try clock(store, state, .acknowledge, now: now)?.status == .met(at("2027-03-30T09:00:00+02:00")))
            #expect(try row(store, 1).nextClock == .respond)
            #expect(iso(try row(store, 1).nextDue) == "2027-04-12T23:59:59+02:00")

            state = try store.record(.extensionNotified(.init(promised: day("2027-04-20"), at: at("2027-04-08T12:00:00+02:00"))),
                                     on: 1, expectedVersion: 5, by: People.head, at: at("2027-04-08T12:00:00+02:00"))
            now = at("2027-04-13T12:00:00+02:00")
            let extended = try #require(try clock(store, state, .respond, now: now))
            #expect(iso(extended.due) == "2027-04-20T23:59:59+02:00")
            #expect(extended.status == .open)
            #expect(iso(try row(store, 1).nextDue) == "2027-04-20T23:59:59+02:00")

            state = try store.record(.responded(.init(summary: "Lock removed, apology", at: at("2027-04-19T16:00:00+02:00"))),
                                     on: 1, expectedVersion: 6, by: People.head, at: at("2027-04-19T16:00:00+02:00"))
            now = at("2027-04-20T10:00:00+02:00")
            #expect(try clock(store, state, .respond, now: now)?.status == .met(at("2027-04-19T16:00:00+02:00")))
            let window = try #require(try clock(store, state, .window, now: now))
            #expect(window.status == .open)
            #expect(iso(window.due) == "2027-05-19T23:59:59+02:00")
            #expect(try row(store, 1).nextClock == .window)
            #expect(iso(try row(store, 1).nextDue) == "2027-05-19T23:59:59+02:00")
            #expect(try row(store, 1).position.tier == 1, "waiting on the customer: after every desk clock")

            // Stage 3: a written escalation within the window, every item present.
            let filing = procedure.escalationFiling(
                for: state, received: at("2027-05-03T09:00:00+02:00"), channel: .email,
                heading: "Beschwerde: Transfer immer noch blockiert",
                items: [.name, .contact, .account, .domains, .description, .measures, .previousComplaint])
            state = try store.record(.escalationReceived(filing), on: 1, expectedVersion: 7, by: People.head,
                                     at: at("2027-05-03T09:05:00+02:00"))
            now = at("2027-05-03T10:00:00+02:00")
            #expect(state.stage == .escalation)
            let checklist = try #require(procedure.checklist(state))
            #expect(checklist.isComplete)
            #expect(checklist.markerFound)
            #expect(!checklist.late)
            #expect(try clock(store, state, .window, now: now)?.status == .met(at("2027-05-03T09:00:00+02:00")))
            #expect(iso(try clock(store, state, .escalationAcknowledge, now: now)?.due) == "2027-05-05T23:59:59+02:00")
            #expect(iso(try clock(store, state, .finalResponse, now: now)?.due) == "2027-05-19T23:59:59+02:00")
            #expect(try row(store, 1).stage == .escalation)
            #expect(try row(store, 1).nextClock == .escalationAcknowledge)

            state = try store.record(.acknowledged(.init(at: at("2027-05-04T09:00:00+02:00"))), on: 1, expectedVersion: 8,
                                     by: People.head, at: at("2027-05-04T09:00:00+02:00"))
            #expect(try row(store, 1).nextClock == .finalResponse)
            #expect(iso(try row(store, 1).nextDue) == "2027-05-19T23:59:59+02:00")

            // Stage 4: the final response closes the case.
            state = try store.record(.finalResponseSent(.init(summary: "Final answer", at: at("2027-05-12T09:00:00+02:00"))),
                                     on: 1, expectedVersion: 9, by: People.head, at: at("2027-05-12T09:00:00+02:00"))
            now = at("2027-06-01T09:00:00+02:00")
            #expect(state.stage == .finalResponse)
            #expect(state.status == .closed)
            #expect(state.closure?.reason == .finalResponse)
            #expect(state.version == 10)
            let all = procedure.clocks(state, now: now)
            #expect(all.map(\.kind) == [.supervisorTarget, .acknowledge, .respond, .window, .escalationAcknowledge, .finalResponse])
            #expect(all.allSatisfy { if case .met = $0.status { true } else { false } })
            #expect(procedure.nextClock(state, now: now) == nil)
            let closed = try row(store, 1)
            #expect(!closed.isOpen)
            #expect(closed.stage == .finalResponse)
            #expect(closed.closeReason == .finalResponse)
            #expect(closed.closed == at("2027-05-12T09:00:00+02:00"))
            #expect(closed.nextClock == nil)
            #expect(try store.caseState(1) == state)
            #expect(try store.events(of: 1).map(\.change.type) == [
                "received", "assigned", "responded", "formal_complaint", "acknowledged", "extension_notified", "responded",
                "escalation_received", "acknowledged", "final_response",
            ])
            #expect(try store.events(of: 1).map(\.actor) == ["sam", "sam", "sam", "sam", "hana", "hana", "hana", "hana", "hana", "hana"])
            #expect(try store.queue(QueueQuery(scope: .closed), page: .first(10), now: now).map(\.number) == [1])
            #expect(try store.queue(QueueQuery(), page: .first(10), now: now).isEmpty)
        }
    }

    func staleVersionConflict() throws {
        try withDesk { store in
            let opened = try store.open(complaint(received: at("2027-03-18T09:00:00+01:00")), by: People.supervisor,
                                        at: at("2027-03-18T09:00:00+01:00"))
            // Sam reads version 1; meanwhile Hana adds a note.
            let read = try store.caseState(opened.number)
            let other = try backend.connectAgain(store)
            _ = try other.record(.noted(.init(text: "Called the customer back")), on: 1, expectedVersion: 1, by: People.head,
                                 at: at("2027-03-18T10:15:00+01:00"))
            let error = storeError {
                try store.record(.noted(.init(text: "Sam's careful note")), on: 1, expectedVersion: read.version,
                                 by: People.supervisor, at: at("2027-03-18T10:20:00+01:00"))
            }
            #expect(error == .conflict(1, expected: 1, current: 2, by: "hana", when: "Thu 18 Mar 2027 10:15", what: "added a note"))
            #expect(error?.isRefusal == true)
            #expect(error?.description.contains("hana") == true)
            try expectUnchanged(store, 1, version: 2)
            #expect(try store.caseState(1).notes.map(\.text) == ["Called the customer back"])
            // With the version it now reads, the same note goes in.
            #expect(try store.record(.noted(.init(text: "Sam's careful note")), on: 1, expectedVersion: 2, by: People.supervisor,
                                     at: at("2027-03-18T10:21:00+01:00")).version == 3)
            // A version from the future is a conflict too.
            #expect(storeError {
                try store.record(.noted(.init(text: "x")), on: 1, expectedVersion: 7, by: People.supervisor, at: at("2027-03-18T10:22:00+01:00"))
            } == .conflict(1, expected: 7, current: 3, by: "sam", when: "Thu 18 Mar 2027 10:21", what: "added a note"))
            try expectUnchanged(store, 1, version: 3)
        }
    }

    // MARK: Permissions

    func viewerRefusedEveryWrite() throws {
        try withDesk { store in
            let now = at("2027-03-18T12:00:00+01:00")
            let received = at("2027-03-18T09:00:00+01:00")
            let first = try store.open(complaint(received: received), by: People.supervisor, at: now).number
            let second = try store.open(complaint(received: received, stage: .headOfSupport), by: People.head, at: now).number
            let third = try store.open(complaint(received: received), by: People.supervisor, at: now).number
            _ = try store.record(.closed(.init(reason: .satisfied)), on: third, expectedVersion: nil, by: People.supervisor, at: now)

            let atStageTwo: [Change] = [
                .assigned(.init(to: "vic")),
                .noted(.init(text: "not a handover note")),
                .acknowledged(.init(at: now)),
                .extensionNotified(.init(promised: day("2027-04-30"), at: now)),
                .responded(.init(summary: "answer", at: now)),
                .escalationReceived(.init(received: now, channel: .email, heading: "complaint", items: [], late: false)),
                .missingItemsReceived(.init(items: [.measures], at: now)),
                .lateEscalationDecided(.init(accepted: true, reason: "why not")),
                .finalResponseSent(.init(summary: "final", at: now)),
                .closed(.init(reason: .withdrawn)),
                .paused(.init(at: now)),
                .resumed(.init(at: now)),
                .mitigated(.init(action: "clientHold", evidence: "screenshot")),
            ]
            let attempts: [(CaseNumber, Change)] = atStageTwo.map { (second, $0) } + [
                (first, .formalComplaintFiled(.init(received: now, channel: .email))),
                (first, .responded(.init(summary: "answer", at: now))),
                (third, .reopened(.init(reason: "look again"))),
            ]
            for (number, change) in attempts {
                let version = try store.caseState(number).version
                let error = storeError {
                    try store.record(change, on: number, expectedVersion: nil, by: People.viewer, at: now)
                }
                guard case let .forbidden(permission)? = error else {
                    Issue.record("a viewer's \(change.type) on case \(number) gave \(String(describing: error)), not a permission refusal")
                    continue
                }
                #expect(permission.actor == "vic")
                #expect(!permission.rolesThatCould.isEmpty && !permission.rolesThatCould.contains(.viewer), "\(change.type)")
                #expect(permission.description.contains("that takes the role"))
                try expectUnchanged(store, number, version: version)
            }

            if case .forbidden? = storeError({ try store.open(complaint(received: received), by: People.viewer, at: now) }) {
            } else {
                Issue.record("a viewer opened a case")
            }
            #expect(try store.queue(QueueQuery(scope: .all), page: .first(10), now: now).count == 3)
            for attempt in [
                { try store.setStaff("vic", roles: [.admin], by: People.viewer, at: now) },
                { try store.removeStaff("sam", by: People.viewer, at: now) },
                { try store.setPolicy(text: "[clocks]\nrespond = 30\n", by: People.viewer, at: now) },
                { try store.setCalendar(text: "base = \"none\"\n", by: People.viewer, at: now) },
            ] {
                guard case let .forbidden(permission)? = storeError(attempt) else {
                    Issue.record("a viewer changed the desk")
                    continue
                }
                #expect(permission.rolesThatCould == [.admin])
            }
            #expect(try store.roles(of: "vic") == [.viewer])
            #expect(try store.roles(of: "sam") == [.supervisor])
            #expect(try store.settings() == StoreSettings())

            // The one thing a viewer writes: a handover note.
            let noted = try store.record(.noted(.init(text: "Customer calls back at 15:00", handover: true)), on: second,
                                         expectedVersion: nil, by: People.viewer, at: now)
            #expect(noted.notes.last?.handover == true)
            #expect(noted.notes.last?.written.by == "vic")
        }
    }

    func notStaff() throws {
        try withDesk { store in
            let now = at("2027-03-18T12:00:00+01:00")
            #expect(storeError { try store.open(complaint(received: now), by: People.stranger, at: now) }
                    == .notStaff("mallory"))
            let number = try store.open(complaint(received: now), by: People.supervisor, at: now).number
            for change in [Change.noted(.init(text: "hi")), .noted(.init(text: "hi", handover: true)), .assigned(.init(to: "sam"))] {
                let error = refusal(store, change, on: number, by: People.stranger, at: now)
                #expect(error == .notStaff("mallory"))
                #expect(error?.description.contains("not on this desk's staff") == true)
            }
            #expect(storeError { try store.setStaff("mallory", roles: [.admin], by: People.stranger, at: now) }
                    == .notStaff("mallory"))
            #expect(storeError { try store.setPolicy(text: nil, by: People.stranger, at: now) } == .notStaff("mallory"))
            try expectUnchanged(store, number, version: 1)
            #expect(try store.roles(of: "mallory").isEmpty)
        }
    }

    func supervisorCannotAcknowledgeAtStageTwo() throws {
        try withDesk { store in
            let now = at("2027-03-18T12:00:00+01:00")
            let number = try store.open(complaint(received: now, stage: .headOfSupport), by: People.supervisor, at: now).number
            let error = storeError {
                try store.record(.acknowledged(.init(at: now)), on: number, expectedVersion: nil, by: People.supervisor, at: now)
            }
            guard case let .forbidden(permission)? = error else {
                Issue.record("expected a permission refusal, got \(String(describing: error))")
                return
            }
            #expect(permission.rolesThatCould == [.head])
            #expect(permission.description
                    == "sam (supervisor) may not acknowledge case 1 (complaint at the head of customer support stage): that takes the role head")
            try expectUnchanged(store, number, version: 1)
            // On an abuse report at stage 2 the abuse specialist could, too.
            let abuse = try store.open(Intake(kind: .abuse, channel: .email, received: now, customer: "CERT", contact: "c@example.org",
                                              subject: "Phishing", description: "", category: .phishing, stage: .headOfSupport),
                                       by: People.abuse, at: now).number
            guard case let .forbidden(other)? = storeError({
                try store.record(.acknowledged(.init(at: now)), on: abuse, expectedVersion: nil, by: People.supervisor, at: now)
            }) else {
                Issue.record("a supervisor acknowledged an abuse report at stage 2")
                return
            }
            #expect(other.rolesThatCould == [.abuse, .head])
            #expect(other.description.hasSuffix("that takes the role abuse or head"))
            #expect(try store.record(.acknowledged(.init(at: now)), on: abuse, expectedVersion: nil, by: People.abuse, at: now).version == 2)
            #expect(try store.record(.acknowledged(.init(at: now)), on: number, expectedVersion: nil, by: People.head, at: now).version == 2)
        }
    }

    func procedureRefusalsWriteNothing() throws {
        try withDesk { store in
            let received = at("2027-03-25T10:00:00+01:00")
            let now = at("2027-03-26T10:00:00+01:00")
            let first = try store.open(complaint(received: received), by: People.supervisor, at: received).number
            let refusals: [(Actor, Change, String)] = [
                (People.head, .acknowledged(.init(at: now)),
                 "cannot acknowledge case 1: it is at the supervisor stage; the procedure promises an acknowledgement and an answer date only for a formal complaint (stage 2) and an escalation (stage 3)"),
                (People.supervisor, .noted(.init(text: "  ")), "cannot add a note to case 1: the note is empty"),
                (People.supervisor, .closed(.init(reason: .lapsed)),
                 "cannot close case 1: a case lapses by itself when the customer's window runs out; choose satisfied, withdrawn, duplicate or invalid"),
                (People.supervisor, .closed(.init(reason: .duplicate, duplicateOf: 1)), "cannot close case 1: a case cannot be a duplicate of itself"),
                (People.supervisor, .responded(.init(summary: "x", at: at("2027-03-24T09:00:00+01:00"))),
                 "cannot record the response on case 1: the time of the response, Wed 24 Mar 2027 09:00, is before the message arrived (Thu 25 Mar 2027 10:00)"),
                (People.supervisor, .formalComplaintFiled(.init(received: at("2027-03-27T09:00:00+01:00"), channel: .email)),
                 "cannot file a formal complaint on case 1: the supervisor has not answered yet; a formal complaint follows the first answer (one that arrives first-hand opens its own case at the head of customer support stage)"),
                (People.head, .reopened(.init(reason: "why not")), "cannot reopen case 1: it is open"),
                (People.head, .finalResponseSent(.init(summary: "x", at: now)),
                 "cannot record the final response on case 1: it is at the supervisor stage; the final response answers an escalation; at this stage record the response (respond)"),
            ]
            for (actor, change, message) in refusals {
                let error = storeError { try store.record(change, on: first, expectedVersion: nil, by: actor, at: now) }
                guard case let .refused(transition)? = error else {
                    Issue.record("\(change.type) gave \(String(describing: error)), not a procedure refusal")
                    continue
                }
                #expect(transition.description == message)
                #expect(error?.description == message)
                try expectUnchanged(store, first, version: 1)
            }
            // Done twice: the second acknowledgement names the first.
            let second = try store.open(complaint(received: received, stage: .headOfSupport), by: People.head, at: received).number
            _ = try store.record(.acknowledged(.init(at: at("2027-03-25T11:00:00+01:00"))), on: second, expectedVersion: nil, by: People.head, at: now)
            #expect(storeError {
                try store.record(.acknowledged(.init(at: now)), on: second, expectedVersion: nil, by: People.head, at: now)
            }?.description == "cannot acknowledge case 2: already acknowledged on Thu 25 Mar 2027 by hana")
            try expectUnchanged(store, second, version: 2)
            // Opening: a receipt in the future, a blank customer.
            #expect(storeError {
                try store.open(complaint(received: at("2027-03-27T09:00:00+01:00")), by: People.supervisor, at: now)
            }?.description == "cannot take in case 3: the receipt time Sat 27 Mar 2027 09:00 is in the future")
            if case .refused? = storeError({
                try store.open(complaint(received: received, customer: " "), by: People.supervisor, at: now)
            }) {} else {
                Issue.record("a case without a customer was opened")
            }
            #expect(try store.queue(QueueQuery(scope: .all), page: .first(10), now: now).map(\.number) == [1, 2])
            // The next case still gets the next number.
            #expect(try store.open(complaint(received: received), by: People.supervisor, at: now).number == 3)
        }
    }

    func assignment() throws {
        try withDesk { store in
            let now = at("2027-03-18T12:00:00+01:00")
            let number = try store.open(complaint(received: now), by: People.supervisor, at: now).number
            #expect(storeError {
                try store.record(.assigned(.init(to: "nobody-here")), on: number, expectedVersion: nil, by: People.supervisor, at: now)
            } == .unknownStaff("nobody-here"))
            try expectUnchanged(store, number, version: 1)
            #expect(try store.record(.assigned(.init(to: "hana")), on: number, expectedVersion: nil, by: People.supervisor, at: now).assignee == "hana")
            #expect(try store.rows([number]).first?.assignee == "hana")
            #expect(try store.record(.assigned(.init(to: nil)), on: number, expectedVersion: nil, by: People.supervisor, at: now).assignee == nil)
            #expect(try store.rows([number]).first?.assignee == nil)
            try store.setStaff("temp", roles: [.supervisor], by: People.admin, at: now)
            try store.removeStaff("temp", by: People.admin, at: now)
            #expect(storeError {
                try store.record(.assigned(.init(to: "temp")), on: number, expectedVersion: nil, by: People.supervisor, at: now)
            } == .unknownStaff("temp"))
            try expectUnchanged(store, number, version: 3)
        }
    }

    func noSuchCase() throws {
        try withDesk { store in
            let now = at("2027-03-18T12:00:00+01:00")
            #expect(storeError { try store.caseState(42) } == .noSuchCase(42))
            #expect(storeError { try store.events(of: 42) } == .noSuchCase(42))
            #expect(storeError {
                try store.record(.noted(.init(text: "hello")), on: 42, expectedVersion: nil, by: People.supervisor, at: now)
            } == .noSuchCase(42))
            let rows = try store.rows([42])
            #expect(rows.isEmpty)
        }
    }

    // MARK: The queue

    /// Wed 10 Mar 2027, 10:00 desk time: the fixed now of the queue checks.
    static let queueNow = at("2027-03-10T10:00:00+01:00")

    /// Cases whose next clocks fall in every bucket around `queueNow`, by name.
    func queueFixture(_ store: any CaseStore) throws -> [String: CaseNumber] {
        let now = Self.queueNow
        var names: [String: CaseNumber] = [:]
        func open(_ name: String, _ intake: Intake, by actor: Actor = People.supervisor) throws {
            names[name] = try store.open(intake, by: actor, at: now).number
        }
        // Opened in an order unlike the queue's, so the order cannot come from case numbers.
        try open("feedback", feedback(received: at("2027-03-08T09:00:00+01:00")))
        try open("window", complaint(received: at("2027-03-01T09:00:00+01:00"), stage: .headOfSupport), by: People.head)
        _ = try store.record(.responded(.init(summary: "answered", at: at("2027-03-05T10:00:00+01:00"))), on: names["window"]!,
                             expectedVersion: nil, by: People.head, at: now)
        try open("target", complaint(received: at("2027-03-10T08:00:00+01:00")))
        try open("tomorrow", complaint(received: at("2027-03-09T10:00:00+01:00"), stage: .headOfSupport))
        try open("closedFirst", complaint(received: at("2027-03-02T10:00:00+01:00")))
        _ = try store.record(.closed(.init(reason: .satisfied)), on: names["closedFirst"]!, expectedVersion: nil, by: People.supervisor,
                             at: at("2027-03-10T10:00:00+01:00"))
        try open("overdue", complaint(received: at("2027-03-01T10:00:00+01:00"), stage: .headOfSupport))
        try open("today", complaint(received: at("2027-03-08T10:00:00+01:00"), stage: .headOfSupport))
        try open("week", complaint(received: at("2027-03-10T09:00:00+01:00"), stage: .headOfSupport))
        try open("abuse", abuseReport(received: at("2027-03-10T09:30:00+01:00")), by: People.abuse)
        try open("closedLater", complaint(received: at("2027-03-03T10:00:00+01:00")))
        _ = try store.record(.closed(.init(reason: .withdrawn)), on: names["closedLater"]!, expectedVersion: nil, by: People.supervisor,
                             at: at("2027-03-10T10:05:00+01:00"))
        _ = try store.record(.assigned(.init(to: "sam")), on: names["target"]!, expectedVersion: nil, by: People.supervisor, at: now)
        _ = try store.record(.assigned(.init(to: "sam")), on: names["tomorrow"]!, expectedVersion: nil, by: People.supervisor, at: now)
        _ = try store.record(.assigned(.init(to: "abe")), on: names["abuse"]!, expectedVersion: nil, by: People.abuse, at: now)
        // The abuse report's hour clocks met (confirmed, reviewed): its business-day target orders it.
        _ = try store.record(.receiptConfirmed(.init(at: at("2027-03-10T09:40:00+01:00"))), on: names["abuse"]!, expectedVersion: nil,
                             by: People.abuse, at: now)
        _ = try store.record(.evidenceJudged(.init(actionable: false, reason: "no evidence attached")), on: names["abuse"]!,
                             expectedVersion: nil, by: People.abuse, at: now)
        return names
    }

    func queueOrder() throws {
        try withDesk { store in
            let n = try queueFixture(store)
            let now = Self.queueNow
            func numbers(_ query: QueueQuery) throws -> [CaseNumber] {
                try store.queue(query, page: .first(100), now: now).map(\.number)
            }
            // Abuse target: 10 business days after Wed 10 Mar, like the complaint's, but received later the same day:
            // same due moment, so the case number decides.
            let open = [n["overdue"]!, n["today"]!, n["tomorrow"]!, n["week"]!, n["target"]!, n["abuse"]!, n["window"]!, n["feedback"]!]
            #expect(try numbers(QueueQuery()) == open)
            #expect(try numbers(QueueQuery(scope: .closed)) == [n["closedLater"]!, n["closedFirst"]!])
            #expect(try numbers(QueueQuery(scope: .all)) == open + [n["closedLater"]!, n["closedFirst"]!])

            let rows = try store.queue(QueueQuery(), page: .first(100), now: now)
            #expect(rows.map(\.nextClock) == [.acknowledge, .acknowledge, .acknowledge, .acknowledge, .supervisorTarget,
                                              .supervisorTarget, .window, nil])
            #expect(iso(rows[0].nextDue) == "2027-03-03T23:59:59+01:00")
            #expect(rows[0].nextDue! < now)
            #expect(iso(rows[1].nextDue) == "2027-03-10T23:59:59+01:00")
            #expect(iso(rows[2].nextDue) == "2027-03-11T23:59:59+01:00")
            #expect(iso(rows[3].nextDue) == "2027-03-12T23:59:59+01:00")
            #expect(iso(rows[4].nextDue) == "2027-03-24T23:59:59+01:00")
            // The customer's window (6 Apr) comes after every desk clock, even later ones.
            #expect(iso(rows[6].nextDue) == "2027-04-06T23:59:59+02:00")
            #expect(rows == rows.sorted { $0.position < $1.position })
        }
    }

    func queueFilters() throws {
        try withDesk { store in
            let n = try queueFixture(store)
            let now = Self.queueNow
            func numbers(_ query: QueueQuery) throws -> Set<CaseNumber> {
                let rows = try store.queue(query, page: .first(100), now: now)
                #expect(try store.count(query, now: now) == rows.count)
                return Set(rows.map(\.number))
            }
            func named(_ names: String...) -> Set<CaseNumber> { Set(names.map { n[$0]! }) }

            #expect(try numbers(QueueQuery(kind: .abuse)) == named("abuse"))
            #expect(try numbers(QueueQuery(kind: .feedback)) == named("feedback"))
            #expect(try numbers(QueueQuery(scope: .all, kind: .complaint))
                    == named("overdue", "today", "tomorrow", "week", "target", "window", "closedFirst", "closedLater"))
            #expect(try numbers(QueueQuery(stage: .headOfSupport)) == named("overdue", "today", "tomorrow", "week", "window"))
            #expect(try numbers(QueueQuery(stage: .supervisor)) == named("target", "abuse", "feedback"))
            #expect(try numbers(QueueQuery(scope: .closed, stage: .supervisor)) == named("closedFirst", "closedLater"))
            #expect(try numbers(QueueQuery(stage: .escalation)).isEmpty)
            #expect(try numbers(QueueQuery(assignee: "sam")) == named("target", "tomorrow"))
            #expect(try numbers(QueueQuery(assignee: "abe")) == named("abuse"))
            #expect(try numbers(QueueQuery(unassigned: true)) == named("overdue", "today", "week", "window", "feedback"))
            #expect(try numbers(QueueQuery(kind: .complaint, stage: .headOfSupport, unassigned: true))
                    == named("overdue", "today", "week", "window"))

            #expect(try numbers(QueueQuery(due: .overdue)) == named("overdue"))
            #expect(try numbers(QueueQuery(due: .today)) == named("today"))
            #expect(try numbers(QueueQuery(due: .tomorrow)) == named("tomorrow"))
            #expect(try numbers(QueueQuery(due: .week)) == named("overdue", "today", "tomorrow", "week"))
            #expect(try numbers(QueueQuery(assignee: "sam", due: .week)) == named("tomorrow"))
            // On Friday, "tomorrow" is the next business day, Monday, and Monday is not this week.
            let friday = at("2027-03-12T10:00:00+01:00")
            let mondayDue = try store.open(complaint(received: at("2027-03-11T11:00:00+01:00"), stage: .headOfSupport),
                                           by: People.supervisor, at: friday).number
            func onFriday(_ due: QueueQuery.Due) throws -> [CaseNumber] {
                try store.queue(QueueQuery(due: due), page: .first(100), now: friday).map(\.number)
            }
            #expect(try onFriday(.tomorrow) == [mondayDue])
            #expect(try onFriday(.today) == [n["week"]!])
            #expect(try onFriday(.overdue) == [n["overdue"]!, n["today"]!, n["tomorrow"]!])
            #expect(try onFriday(.week) == [n["overdue"]!, n["today"]!, n["tomorrow"]!, n["week"]!])
        }
    }

    func counts() throws {
        try withDesk { store in
            _ = try queueFixture(store)
            #expect(try store.counts(now: Self.queueNow) == QueueCounts(open: 8, overdue: 1, dueToday: 1))
            // A day later "today" has become overdue and "tomorrow" is today.
            #expect(try store.counts(now: at("2027-03-11T10:00:00+01:00")) == QueueCounts(open: 8, overdue: 2, dueToday: 1))
            #expect(try store.count(QueueQuery(scope: .all), now: Self.queueNow) == 10)
            #expect(try store.count(QueueQuery(scope: .closed), now: Self.queueNow) == 2)
        }
    }

    func keysetPaging() throws {
        try withDesk { store in
            let now = Self.queueNow
            _ = try queueFixture(store)
            // Ties on purpose: cases sharing a due moment, cases with no clock, closures at the same moment.
            for index in 0..<9 {
                let received = at("2027-03-0\(1 + index % 5)T10:00:00+01:00")
                let atSupervisor = index % 3 == 0
                let number = try store.open(complaint(received: received, stage: atSupervisor ? .supervisor : .headOfSupport),
                                            by: People.supervisor, at: now).number
                if index % 4 == 0 {
                    _ = try store.record(.closed(.init(reason: .invalid)), on: number, expectedVersion: nil,
                                         by: atSupervisor ? People.supervisor : People.head, at: now)
                }
            }
            for _ in 0..<3 { _ = try store.open(feedback(received: at("2027-03-08T09:00:00+01:00")), by: People.supervisor, at: now) }

            for query in [QueueQuery(scope: .all), QueueQuery(), QueueQuery(scope: .closed), QueueQuery(kind: .complaint),
                          QueueQuery(stage: .headOfSupport), QueueQuery(due: .week)] {
                let whole = try store.queue(query, page: .first(1000), now: now)
                #expect(whole.count == (try store.count(query, now: now)))
                for size in [1, 3, 4] {
                    var forward: [QueueRow] = []
                    var page = try store.queue(query, page: .first(size), now: now)
                    while !page.isEmpty {
                        #expect(page.count <= size)
                        forward += page
                        page = try store.queue(query, page: .after(page.last!.position, size), now: now)
                    }
                    #expect(forward.map(\.number) == whole.map(\.number), "forward pages of \(size), \(query)")

                    var backward: [QueueRow] = []
                    page = try store.queue(query, page: .last(size), now: now)
                    while !page.isEmpty {
                        #expect(page.count <= size)
                        backward = page + backward
                        page = try store.queue(query, page: .before(page.first!.position, size), now: now)
                    }
                    #expect(backward.map(\.number) == whole.map(\.number), "backward pages of \(size), \(query)")

                    var offsetPages: [QueueRow] = []
                    var offset = 0
                    while true {
                        let rows = try store.queue(query, page: .offset(offset, size), now: now)
                        if rows.isEmpty { break }
                        offsetPages += rows
                        offset += size
                    }
                    #expect(offsetPages.map(\.number) == whole.map(\.number), "offset pages of \(size), \(query)")
                }
                // Paging from the middle in both directions meets up.
                if whole.count > 4 {
                    let middle = whole[whole.count / 2].position
                    let after = try store.queue(query, page: .after(middle, 1000), now: now)
                    let before = try store.queue(query, page: .before(middle, 1000), now: now)
                    #expect((before + [whole[whole.count / 2]] + after).map(\.number) == whole.map(\.number))
                }
            }
        }
    }

    // MARK: Search

    func search() throws {
        try withDesk { store in
            let now = at("2027-03-18T12:00:00+01:00")
            let cafe = try store.open(complaint(received: now, customer: "Jean Dupont", subject: "Café fermé",
                                                description: "Le site du café ne répond plus."),
                                      by: People.supervisor, at: now).number
            let muller = try store.open(complaint(received: now, customer: "Hans Müller", domains: ["müller.de"],
                                                  subject: "Rechnung", description: "Doppelt abgebucht."),
                                        by: People.supervisor, at: now).number
            let transfer = try store.open(complaint(received: now, customer: "王小明", domains: ["例え.jp"], subject: "Transfert bloqué",
                                                    description: "域名转移被阻止"),
                                          by: People.supervisor, at: now).number
            func found(_ text: String, _ scope: QueueQuery.Scope = .open) throws -> [CaseNumber] {
                try store.search(text, scope: scope, limit: 50).map(\.number)
            }
            #expect(try found("cafe") == [cafe])
            #expect(try found("CAFÉ") == [cafe])
            #expect(try found("muller") == [muller])
            #expect(try found("Müller") == [muller])
            #expect(try found("transf") == [transfer])
            #expect(try found("transfert blo") == [transfer])
            #expect(try found("xn--mller-kva.de") == [muller])
            #expect(try found("xn--mller") == [muller])
            #expect(try found("müller.de") == [muller])
            #expect(try found("xn--r8jz45g.jp") == [transfer])
            #expect(try found("elodie@example.fr").count == 3)
            #expect(try found("K-1001") == [transfer, muller, cafe], "newest first")
            #expect(try found("nothing-like-this").isEmpty)
            #expect(try found("   ").isEmpty)
            #expect(try found("\"").isEmpty)
            #expect(try found("say \"hi\" AND OR NOT * ( ) ^ :").isEmpty)
            #expect(try store.search("K-1001", scope: .open, limit: 2).map(\.number) == [transfer, muller])

            #expect(try found("zahlungs").isEmpty)
            _ = try store.record(.noted(.init(text: "Rückruf vereinbart wegen Zahlungsproblem")), on: muller, expectedVersion: nil, by: People.supervisor, at: now)
            #expect(try found("zahlungs") == [muller])
            #expect(try found("ruckruf") == [muller])
            _ = try store.record(.noted(.init(text: "Second note: Überweisung", handover: true)), on: muller, expectedVersion: nil, by: People.viewer, at: now)
            #expect(try found("zahlungsproblem") == [muller], "the first note is still found after the second")
            #expect(try found("uberweisung") == [muller])

            _ = try store.record(.closed(.init(reason: .satisfied)), on: cafe, expectedVersion: nil, by: People.supervisor, at: now)
            #expect(try found("cafe").isEmpty)
            #expect(try found("cafe", .all) == [cafe])
            #expect(try found("cafe", .closed) == [cafe])
            #expect(try found("muller", .closed).isEmpty)
            // A second connection finds what the first wrote.
            #expect(try backend.connectAgain(store).search("zahlungs", scope: .all, limit: 5).map(\.number) == [muller])
        }
    }

    // MARK: Time

    /// A formal complaint the head answered on Fri 5 Mar 2027: the customer's window is running.
    func answeredComplaint(_ store: any CaseStore) throws -> (number: CaseNumber, windowEnd: Date) {
        let answered = at("2027-03-05T10:00:00+01:00")
        let number = try store.open(complaint(received: at("2027-03-01T10:00:00+01:00"), stage: .headOfSupport),
                                    by: People.head, at: at("2027-03-01T10:00:00+01:00")).number
        _ = try store.record(.responded(.init(summary: "answer", at: answered)), on: number, expectedVersion: nil, by: People.head, at: answered)
        return (number, try store.procedure().windowEnd(answeredAt: answered))
    }

    func lapseSweep() throws {
        try withDesk { store in
            let (number, end) = try answeredComplaint(store)
            let waiting = try store.open(complaint(received: at("2027-03-01T10:00:00+01:00")), by: People.supervisor,
                                         at: at("2027-03-01T10:00:00+01:00")).number
            #expect(iso(end) == "2027-04-06T23:59:59+02:00")
            #expect(try store.rows([number]).first?.nextClock == .window)

            #expect(try store.sweep(by: People.viewer, at: end) == [])
            #expect(try store.events(of: number).count == 2)
            let afterEnd = end.addingTimeInterval(60)
            #expect(try store.sweep(by: People.viewer, at: afterEnd) == [number])
            let events = try store.events(of: number)
            #expect(events.count == 3)
            guard case let .lapsed(lapse)? = events.last?.change else {
                Issue.record("the sweep wrote \(String(describing: events.last?.change)), not a lapse")
                return
            }
            #expect(Millis.from(lapse.windowEnded) == Millis.from(end))
            #expect(events.last?.actor == "vic")
            let state = try store.caseState(number)
            #expect(state.closure?.reason == .lapsed)
            #expect(!state.isOpen)
            let row = try #require(try store.rows([number]).first)
            #expect(row.closeReason == .lapsed)
            #expect(!row.isOpen)
            #expect(try store.queue(QueueQuery(scope: .closed), page: .first(10), now: afterEnd).map(\.number) == [number])

            // Again, from here and from another connection: nothing more is written.
            #expect(try store.sweep(by: People.viewer, at: afterEnd.addingTimeInterval(60)) == [])
            #expect(try backend.connectAgain(store).sweep(by: People.supervisor, at: afterEnd.addingTimeInterval(3600)) == [])
            #expect(try store.events(of: number).count == 3)
            #expect(try store.events(of: waiting).count == 1)

            // Reopened by the head of support: time does not lapse it again.
            let reopened = try store.record(.reopened(.init(reason: "the customer wrote after all")), on: number, expectedVersion: nil, by: People.head,
                                            at: afterEnd.addingTimeInterval(86_400))
            #expect(reopened.isOpen)
            #expect(try store.sweep(by: People.viewer, at: afterEnd.addingTimeInterval(30 * 86_400)) == [])
            #expect(try store.events(of: number).count == 4)
            #expect(try store.caseState(number).isOpen)
        }
    }

    func writeAfterWindowStillLapses() throws {
        try withDesk { store in
            let (number, end) = try answeredComplaint(store)
            // Someone adds a note after the window ran out, before any sweep noticed.
            _ = try store.record(.noted(.init(text: "Customer has not written back")), on: number, expectedVersion: nil, by: People.head,
                                 at: end.addingTimeInterval(3600))
            #expect(try store.sweep(by: People.viewer, at: end.addingTimeInterval(7200)) == [number])
            #expect(try store.caseState(number).closure?.reason == .lapsed)
        }
    }

    // MARK: The desk

    func staffManagement() throws {
        try withDesk { store in
            let now = at("2027-03-18T12:00:00+01:00")
            #expect(try store.staff().map(\.account) == ["abe", "ada", "hana", "sam", "vic"])
            #expect(try store.staff().first { $0.account == "ada" }?.roles == [.admin])
            #expect(try store.roles(of: "sam") == [.supervisor])

            try store.setStaff("multi", roles: [.supervisor, .abuse, .viewer], by: People.admin, at: now)
            #expect(try store.roles(of: "multi") == [.supervisor, .abuse, .viewer])
            let member = try #require(try store.staff().first { $0.account == "multi" })
            #expect(member.roles == [.supervisor, .abuse, .viewer])
            #expect(member.added == now)
            #expect(member.addedBy == "ada")
            try store.setStaff("multi", roles: [.head], by: People.admin, at: now.addingTimeInterval(60))
            #expect(try store.roles(of: "multi") == [.head])
            #expect(try store.staff().first { $0.account == "multi" }?.added == now, "changing roles keeps when they joined")

            for actor in [People.supervisor, People.head, People.abuse] {
                guard case let .forbidden(permission)? = storeError({
                    try store.setStaff("eve", roles: [.admin], by: actor, at: now)
                }) else {
                    Issue.record("\(actor) managed the staff")
                    continue
                }
                #expect(permission.rolesThatCould == [.admin])
                if case .forbidden? = storeError({ try store.removeStaff("multi", by: actor, at: now) }) {} else {
                    Issue.record("\(actor) removed a staff member")
                }
            }
            #expect(try store.roles(of: "eve").isEmpty)
            #expect(try store.roles(of: "multi") == [.head])

            if case .invalid? = storeError({ try store.setStaff("two words", roles: [.viewer], by: People.admin, at: now) }) {} else {
                Issue.record("an account name with a space was accepted")
            }
            if case .invalid? = storeError({ try store.setStaff("noroles", roles: [], by: People.admin, at: now) }) {} else {
                Issue.record("a staff member without a role was accepted")
            }
            #expect(storeError { try store.removeStaff("ghost", by: People.admin, at: now) } == .unknownStaff("ghost"))

            // The last admin cannot go, nor stop being an admin.
            guard case let .invalid(message)? = storeError({ try store.removeStaff("ada", by: People.admin, at: now) }) else {
                Issue.record("the last admin was removed")
                return
            }
            #expect(message.contains("last admin"))
            if case .invalid? = storeError({ try store.setStaff("ada", roles: [.viewer], by: People.admin, at: now) }) {} else {
                Issue.record("the last admin was demoted; nobody can manage the staff any more")
            }
            #expect(try store.roles(of: "ada") == [.admin])

            // With a second admin, the first may go.
            try store.setStaff("root2", roles: [.admin, .head], by: People.admin, at: now)
            try store.setStaff("ada", roles: [.viewer], by: People.admin, at: now)
            #expect(try store.roles(of: "ada") == [.viewer])
            try store.removeStaff("ada", by: Actor(account: "root2"), at: now)
            #expect(try store.roles(of: "ada").isEmpty)
            #expect(try store.staff().map(\.account) == ["abe", "hana", "multi", "root2", "sam", "vic"])
            #expect(try backend.connectAgain(store).roles(of: "root2") == [.admin, .head])
        }
    }

    func policyAndCalendar() throws {
        try withDesk { store in
            let now = at("2027-03-01T12:00:00+01:00")
            let number = try store.open(complaint(received: at("2027-03-01T10:00:00+01:00"), stage: .headOfSupport),
                                        by: People.head, at: now).number
            func nextDue(_ number: CaseNumber) throws -> Date? { try store.rows([number]).first?.nextDue }
            #expect(try store.settings() == StoreSettings())
            #expect(iso(try nextDue(number)) == "2027-03-03T23:59:59+01:00")

            let policy = "[clocks]\nacknowledge = 3\nrespond = 12\n"
            try store.setPolicy(text: policy, by: People.admin, at: now)
            #expect(try store.settings().policyText == policy)
            #expect(try store.procedure().policy.acknowledgeDays == 3)
            // The running clocks keep the rules they started under.
            #expect(iso(try nextDue(number)) == "2027-03-03T23:59:59+01:00")
            #expect(iso(try clock(store, try store.caseState(number), .respond, now: now)?.due) == "2027-03-15T23:59:59+01:00")
            // A case received after the change counts under the new policy.
            let later = at("2027-03-01T13:00:00+01:00")
            let newer = try store.open(complaint(received: later, stage: .headOfSupport), by: People.head, at: later).number
            #expect(iso(try nextDue(newer)) == "2027-03-04T23:59:59+01:00")
            #expect(iso(try clock(store, try store.caseState(newer), .respond, now: later)?.due) == "2027-03-17T23:59:59+01:00")

            let other = try backend.connectAgain(store)
            #expect(try other.procedure().policy.acknowledgeDays == 3)

            let calendar = """
                name = "Saarland desk"
                [[closure]]
                date = 2027-03-02
                name = "Desk move"
                """
            let calendarAt = at("2027-03-01T14:00:00+01:00")
            try store.setCalendar(text: calendar, by: People.admin, at: calendarAt)
            #expect(try store.settings() == StoreSettings(policyText: policy, calendarText: calendar))
            #expect(iso(try nextDue(number)) == "2027-03-03T23:59:59+01:00")
            #expect(iso(try nextDue(newer)) == "2027-03-04T23:59:59+01:00")
            #expect(try other.procedure().calendar.status(of: day("2027-03-02")) == .closure("Desk move"))
            // Received after it: Tue 2 Mar is closed, so Wed, Thu, Fri.
            let third = try store.open(complaint(received: at("2027-03-01T15:00:00+01:00"), stage: .headOfSupport),
                                       by: People.head, at: at("2027-03-01T15:00:00+01:00")).number
            #expect(iso(try other.rows([third]).first?.nextDue) == "2027-03-05T23:59:59+01:00")
            #expect(try store.verify().isClean)

            // Refused changes leave everything as it was.
            if case .forbidden? = storeError({ try store.setPolicy(text: nil, by: People.head, at: calendarAt) }) {} else {
                Issue.record("the head of support changed the policy")
            }
            if case .invalid? = storeError({
                try store.setPolicy(text: "[clocks]\nacknowledge = -1\n", by: People.admin, at: calendarAt)
            }) {} else {
                Issue.record("a policy with a negative clock was stored")
            }
            if case .invalid? = storeError({ try store.setCalendar(text: "zone = \"Mars/Olympus\"\n", by: People.admin, at: calendarAt) }) {} else {
                Issue.record("a calendar in an unknown zone was stored")
            }
            #expect(try store.settings() == StoreSettings(policyText: policy, calendarText: calendar))
            #expect(try store.procedure().currentVersion == 3)

            // Back to the built-in defaults, seen by the other connection too; clocks keep theirs.
            let reset = at("2027-03-01T16:00:00+01:00")
            try other.setPolicy(text: nil, by: People.admin, at: reset)
            try other.setCalendar(text: nil, by: People.admin, at: reset)
            #expect(try store.settings() == StoreSettings())
            #expect(try store.procedure().policy == Policy.standard)
            #expect(try store.procedure().calendar == BusinessCalendar.saarland)
            #expect(try store.procedure().currentVersion == 5)
            #expect(iso(try nextDue(third)) == "2027-03-05T23:59:59+01:00")
        }
    }

    /// A holiday on Friday 14 May 2027 is added, then removed. Case 1 is open at stage 2 (its
    /// respond clock spans the 14th, its acknowledge clock does not); case 2 is closed, its clocks
    /// spanning the 14th; case 3 opens between the two changes.
    func ruleChangeWhatIf() throws {
        try withDesk { store in
            let monday = at("2027-05-10T12:00:00+02:00")
            let open = try store.open(complaint(received: at("2027-05-10T10:00:00+02:00"), stage: .headOfSupport),
                                      by: People.head, at: monday).number
            let closedCase = try store.open(complaint(received: at("2027-05-03T10:00:00+02:00"), stage: .headOfSupport),
                                            by: People.head, at: at("2027-05-03T11:00:00+02:00")).number
            _ = try store.record(.acknowledged(.init(at: at("2027-05-04T09:00:00+02:00"))), on: closedCase, expectedVersion: nil,
                                 by: People.head, at: at("2027-05-04T09:00:00+02:00"))
            _ = try store.record(.closed(.init(reason: .withdrawn)), on: closedCase, expectedVersion: nil, by: People.head, at: at("2027-05-07T09:00:00+02:00"))
            func due(_ number: CaseNumber, _ kind: Clock.Kind, _ now: Date) throws -> String? {
                iso(try clock(store, try store.caseState(number), kind, now: now)?.due)
            }
            func record(_ number: CaseNumber) throws -> [String] {
                let state = try store.caseState(number)
                let clocks = try store.procedure().clocks(state, now: monday).map { "\($0.kind) \(iso($0.due)!) \($0.status.name)" }
                return clocks + [try store.rows([number]).first.map { "\($0)" } ?? "-"]
            }
            #expect(try due(open, .acknowledge, monday) == "2027-05-12T23:59:59+02:00")
            #expect(try due(open, .respond, monday) == "2027-05-25T23:59:59+02:00")
            let closedBefore = try record(closedCase)

            let bridge = """
                [[holiday]]
                id = "bridge"
                name = "Bridge day"
                month = 5
                day = 14
                """
            let added = RuleChange(setting: .calendar, text: bridge, file: "bridge.toml")
            let preview = try store.previewRules(added, by: People.admin, at: monday)
            #expect(!preview.applied)
            #expect(preview.moves.map { "\($0.caseNumber) \($0.clock) \(iso($0.from)!) \(iso($0.to)!)" }
                    == ["\(open) respond 2027-05-25T23:59:59+02:00 2027-05-26T23:59:59+02:00"])
            #expect(preview.moves.first?.reason == "calendar changed: holiday 2027-05-14 added (Bridge day)")
            // The dry run changed nothing.
            #expect(try store.settings() == StoreSettings())
            #expect(try store.events(of: open).count == 1)

            // Applied without --rebase-open: the open clock keeps its rules, the closed case is untouched.
            let applied = try store.changeRules(added, by: People.admin, at: monday)
            #expect(applied.applied && !applied.rebased && applied.moves.count == 1)
            #expect(try due(open, .respond, monday) == "2027-05-25T23:59:59+02:00")
            #expect(try store.events(of: open).count == 1)
            #expect(try record(closedCase) == closedBefore)

            // A case received after the change counts under it: the 14th is skipped.
            let early = at("2027-05-11T08:00:00+02:00")
            let tuesday = at("2027-05-11T09:00:00+02:00")
            let newer = try store.open(complaint(received: early, stage: .headOfSupport), by: People.head, at: early).number
            #expect(try due(newer, .respond, tuesday) == "2027-05-28T23:59:59+02:00")

            // Removing it: only the case that counts under it would move back; case 1 never counted it.
            let removed = RuleChange(setting: .calendar, text: nil, file: "calendar", rebaseOpen: true)
            let what = try store.previewRules(removed, by: People.supervisor, at: tuesday)
            #expect(what.moves.map { "\($0.caseNumber) \($0.clock) \(iso($0.from)!) \(iso($0.to)!)" }
                    == ["\(newer) respond 2027-05-28T23:59:59+02:00 2027-05-26T23:59:59+02:00"])
            #expect(what.moves.first?.reason == "calendar changed: holiday 2027-05-14 removed (Bridge day)")

            let rebased = try store.changeRules(removed, by: People.admin, at: tuesday)
            #expect(rebased.rebased && rebased.moves == what.moves)
            #expect(try due(newer, .respond, tuesday) == "2027-05-26T23:59:59+02:00")
            #expect(try due(open, .respond, tuesday) == "2027-05-25T23:59:59+02:00")
            #expect(try record(closedCase) == closedBefore)
            // Why did this promise move? The case's trail says so.
            let last = try #require(try store.events(of: newer).last)
            guard case let .clockRebased(rebase) = last.change else {
                Issue.record("no clock_rebased event: \(last.change)")
                return
            }
            #expect(rebase.clock == .respond && rebase.version == 3)
            #expect(iso(rebase.from) == "2027-05-28T23:59:59+02:00" && iso(rebase.to) == "2027-05-26T23:59:59+02:00")
            #expect(rebase.reason.hasPrefix("calendar changed: holiday 2027-05-14 removed (Bridge day); due "))
            #expect(last.actor == People.admin.account)
            // The clock's explanation says which rules it counts under, and why it moved.
            let explained = try #require(try clock(store, try store.caseState(newer), .respond, now: tuesday))
            #expect(explained.explanation.text(calendar: saarland)
                .contains { $0.hasPrefix("moved to version 3 of the rules") && $0.contains("holiday 2027-05-14 removed") })
            let kept = try #require(try clock(store, try store.caseState(open), .respond, now: tuesday))
            #expect(kept.explanation.text(calendar: saarland)[1] == "counted under version 1 of the rules, the store's first")
            #expect(try store.events(of: open).count == 1)
            #expect(try store.events(of: closedCase).count == 3)
            // Nothing is left to move.
            #expect(try store.previewRules(removed, by: People.admin, at: tuesday).moves.isEmpty)
            // A clock moves only to the newest rules, and only by someone who may change them.
            let backwards = Change.clockRebased(.init(clock: .respond, version: 2, from: tuesday, to: tuesday, reason: "back"))
            if case .refused? = storeError({ try store.record(backwards, on: open, expectedVersion: nil, by: People.admin, at: tuesday) }) {} else {
                Issue.record("a clock was moved to an older version of the rules")
            }
            let byHead = Change.clockRebased(.init(clock: .respond, version: 3, from: tuesday, to: tuesday, reason: "mine"))
            if case .forbidden? = storeError({ try store.record(byHead, on: open, expectedVersion: nil, by: People.head, at: tuesday) }) {} else {
                Issue.record("the head of support moved a clock to other rules")
            }
            #expect(try store.events(of: open).count == 1)
        }
    }

    func ruleChangeFrom() throws {
        try withDesk { store in
            let monday = at("2027-05-10T12:00:00+02:00")
            let number = try store.open(complaint(received: at("2027-05-10T10:00:00+02:00"), stage: .headOfSupport),
                                        by: People.head, at: monday).number
            let policy = "[clocks]\nacknowledge = 4\n"
            let past = RuleChange(setting: .policy, text: policy, file: "p.toml", from: at("2027-05-10T11:00:00+02:00"))
            if case .invalid? = storeError({ try store.changeRules(past, by: People.admin, at: monday) }) {} else {
                Issue.record("rules that take effect in the past were stored")
            }
            #expect(try store.settings() == StoreSettings())
            // From Monday 17 May on: a case received before it keeps the old rules, one after follows.
            let future = RuleChange(setting: .policy, text: policy, file: "p.toml", from: at("2027-05-17T00:00:00+02:00"))
            let report = try store.changeRules(future, by: People.admin, at: monday)
            #expect(iso(report.from) == "2027-05-17T00:00:00+02:00")
            let before = at("2027-05-14T10:00:00+02:00")
            let early = try store.open(complaint(received: before, stage: .headOfSupport), by: People.head, at: before).number
            let after = at("2027-05-18T10:00:00+02:00")
            let late = try store.open(complaint(received: after, stage: .headOfSupport), by: People.head, at: after).number
            #expect(iso(try clock(store, try store.caseState(number), .acknowledge, now: after)?.due) == "2027-05-12T23:59:59+02:00")
            #expect(iso(try clock(store, try store.caseState(early), .acknowledge, now: after)?.due) == "2027-05-19T23:59:59+02:00")
            #expect(iso(try clock(store, try store.caseState(late), .acknowledge, now: after)?.due) == "2027-05-24T23:59:59+02:00")
            // Versions take effect in the order they are made.
            let earlier = RuleChange(setting: .calendar, text: nil, file: "c", from: at("2027-05-16T00:00:00+02:00"))
            if case .invalid? = storeError({ try store.changeRules(earlier, by: People.admin, at: monday) }) {} else {
                Issue.record("a version taking effect before the newest one was stored")
            }
        }
    }

    func changeFeed() throws {
        try withDesk { store in
            let now = at("2027-03-18T12:00:00+01:00")
            let number = try store.open(complaint(received: now), by: People.supervisor, at: now).number
            let other = try backend.connectAgain(store)
            let feed = try store.changeFeed()
            #expect(try !feed.poll(), "nothing happened yet")
            _ = try store.record(.noted(.init(text: "my own note")), on: number, expectedVersion: nil, by: People.supervisor, at: now)
            #expect(try !feed.poll(), "its own write is not news")
            _ = try other.record(.noted(.init(text: "someone else's note")), on: number, expectedVersion: nil, by: People.head, at: now)
            #expect(try feed.poll(), "another connection's write is reported")
            #expect(try !feed.poll(), "once")
            _ = try other.open(feedback(received: now), by: People.supervisor, at: now)
            try other.setStaff("newbie", roles: [.viewer], by: People.admin, at: now)
            #expect(try feed.poll())
            #expect(try !feed.poll())
            _ = try store.open(feedback(received: now), by: People.supervisor, at: now)
            #expect(try !feed.poll())
        }
    }

    // MARK: Text

    func nulRefused() throws {
        try withDesk { store in
            let now = at("2027-03-18T12:00:00+01:00")
            for intake in [complaint(received: now, customer: "Null\u{0}Byte"), complaint(received: now, subject: "a\u{0}b"),
                           complaint(received: now, description: "tail\u{0}")] {
                if case .invalid? = storeError({ try store.open(intake, by: People.supervisor, at: now) }) {} else {
                    Issue.record("an intake with NUL was not refused as invalid")
                }
            }
            #expect(try store.queue(QueueQuery(scope: .all), page: .first(10), now: now).isEmpty)
            let number = try store.open(complaint(received: now), by: People.supervisor, at: now).number
            #expect(number == 1)
            if case .invalid? = storeError({
                try store.record(.noted(.init(text: "before\u{0}after")), on: number, expectedVersion: nil, by: People.supervisor, at: now)
            }) {} else {
                Issue.record("a note with NUL was not refused as invalid")
            }
            try expectUnchanged(store, number, version: 1)
            // A backslash and the letters u0000 are just text.
            let literal = #"C:\u0000\path"#
            #expect(try store.record(.noted(.init(text: literal)), on: number, expectedVersion: nil, by: People.supervisor, at: now).notes.last?.text == literal)
        }
    }

    func hostileText() throws {
        try withDesk { store in
            let now = at("2027-03-18T12:00:00+01:00")
            let megabyte = String(repeating: "Ünïcödé ✓ 日本 — ", count: 40_000)
            let hostile = [
                "O'Brien \"the\" `quoted` \\ back\\slash",
                "'); DROP TABLE cases; --",
                "\u{1B}[2J\u{1B}]0;pwned\u{07}\u{1B}[31mred\u{1B}[0m \r\n\t\u{7F}\u{9B}",
                "مرحبا بالعالم — שלום עולם \u{202E}evil\u{202C}",
                "Zalgo: Z̴͉̓a̸̰̾l̷̗̏g̶̱̈́ö̵͈ 👩‍👩‍👧‍👦 🇩🇪",
            ]
            var numbers: [CaseNumber] = []
            for text in hostile {
                let intake = complaint(received: now, customer: text, subject: text, description: text + "\n" + text)
                let number = try store.open(intake, by: People.supervisor, at: now).number
                _ = try store.record(.noted(.init(text: text)), on: number, expectedVersion: nil, by: People.supervisor, at: now)
                let state = try store.caseState(number)
                #expect(state.intake == intake)
                #expect(state.notes.map(\.text) == [text])
                let row = try #require(try store.rows([number]).first)
                #expect(row.customer == text)
                #expect(row.subject == text)
                numbers.append(number)
            }
            let big = try store.open(complaint(received: now, description: megabyte), by: People.supervisor, at: now).number
            #expect(megabyte.utf8.count > 1_000_000)
            #expect(try store.caseState(big).intake.description == megabyte)
            #expect(try store.queue(QueueQuery(scope: .all), page: .first(100), now: now).count == hostile.count + 1)
            #expect(try store.search("DROP TABLE cases", scope: .all, limit: 10).map(\.number) == [numbers[1]])
            #expect(try store.search("שלום", scope: .all, limit: 10).map(\.number) == [numbers[3]])
        }
    }
}
