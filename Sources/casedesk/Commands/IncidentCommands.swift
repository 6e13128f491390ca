import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

/// `casedesk link`: abuse reports about one problem grouped in an incident.
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Group abuse reports in one incident (the one some are in already, else a new one).",
        discussion: """
            Each report records its own linked event, judged on its own, all in one transaction: a \
            report in another incident, closed, or not an abuse report is refused and listed, and the \
            others are linked. A new incident needs two reports. Exits 1 when any report was refused.
            """)
    @OptionGroup var store: StoreOptions
    @Argument(help: "The case numbers of the reports.") var ids: [CaseNumber]
    @Option(help: "Why they belong together (kept in each report's trail).") var reason: String?

    func validate() throws {
        if ids.isEmpty { throw ValidationError("name the reports to link") }
    }

    func run() throws {
        let session = try store.session()
        let outcome = try cli { () throws(StoreError) in try session.store.link(ids, reason: reason, by: session.actor, at: Date()) }
        if !store.json {
            for number in outcome.alreadyIn { print("case \(number): already in incident \(outcome.incident ?? 0)") }
        }
        try session.printEach(outcome.reports, incident: outcome.incident ?? 0, change: .linked(.init(incident: outcome.incident ?? 0)))
    }
}

/// `casedesk unlink`: a report taken out of its incident (its own event; `link` puts it back).
struct UnlinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlink", abstract: "Take an abuse report out of its incident; the incident keeps its number and its other reports.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: "Why it does not belong.") var reason: String?

    func validate() throws {
        if target.incident { throw ValidationError("unlink takes one report out of its incident; --incident does not go with it") }
    }

    func run() throws {
        let session = try store.session()
        let now = Date()
        let state = try cli { () throws(StoreError) in try session.store.caseState(target.id) }
        // The store judges it: a report in no incident is refused there, in its words.
        let change = Change.unlinked(.init(incident: state.incident ?? 0, reason: reason))
        try session.record(change, on: target.id, expectedVersion: target.ifVersion, now: now)
    }
}

/// `casedesk incident N`: the reports of an incident, with their clocks.
struct IncidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident",
        abstract: "An incident's reports with their clocks (moves on all of them: any move command with --incident).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The incident number.") var number: IncidentNumber

    func run() throws {
        let session = try store.session()
        let now = Date()
        var query = QueueQuery(scope: .all)
        query.incident = number
        let rows = try cli { () throws(StoreError) in try session.store.queue(query, page: .first(100_000), now: now) }
        if rows.isEmpty { throw CLIError.refused(StoreError.noSuchIncident(number).description) }
        if store.json {
            try JSONOutput.print(rows.map { RowJSON($0, calendar: session.calendar, now: now) }, calendar: session.calendar)
            return
        }
        print("incident \(number): \(rows.count) report\(rows.count == 1 ? "" : "s"), \(rows.filter(\.isOpen).count) open")
        for line in CaseReport.table(rows, calendar: session.calendar, now: now, width: terminalWidth()) { print(line) }
    }
}

/// What a move on several reports printed: one line per report done, one per refusal.
struct EachJSON: Encodable {
    struct Refused: Encodable {
        var `case`: CaseNumber
        var reason: String
    }

    var incident: IncidentNumber
    var done: [CaseNumber]
    var refused: [Refused]
}

extension Session {
    /// A move on every report of the case's incident (`--incident`), in one transaction.
    func recordOnIncident(_ change: Change, of number: CaseNumber, now: Date) throws {
        let state = try cli { () throws(StoreError) in try store.caseState(number) }
        guard let incident = state.incident else {
            throw CLIError.refused("case \(number) is in no incident (casedesk link groups reports); leave out --incident to make the move on it alone")
        }
        let outcome = try cli { () throws(StoreError) in try store.recordOnIncident(change, incident: incident, by: actor, at: now) }
        try printEach(outcome, incident: incident, change: change)
    }

    /// Each report done and each refused, then exit 1 if any was refused.
    func printEach(_ outcome: BatchOutcome, incident: IncidentNumber, change: Change) throws {
        if json {
            try JSONOutput.print(EachJSON(incident: incident, done: outcome.done.map(\.number),
                                          refused: outcome.refused.map { .init(case: $0.number, reason: $0.error.description) }),
                                 calendar: calendar)
        } else {
            for state in outcome.done {
                print(CaseReport.safe("case \(state.number): \(actor.account) \(EventText.pastTense(change)) — now \(CaseReport.stageLine(state))"))
            }
            for refusal in outcome.refused {
                let reason = refusal.error.description
                print(CaseReport.safe("refused: " + (Session.names(reason, case: refusal.number) ? reason : "case \(refusal.number): \(reason)")))
            }
            print("incident \(incident): \(outcome.done.count) report\(outcome.done.count == 1 ? "" : "s") changed, \(outcome.refused.count) refused")
        }
        if !outcome.refused.isEmpty {
            fflush(nil)
            throw CLIError.refused("\(outcome.refused.count) report\(outcome.refused.count == 1 ? " was" : "s were") refused (listed above)")
        }
    }
}
