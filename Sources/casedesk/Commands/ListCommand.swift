import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The queue: overdue first, then by the next open clock.")

    @OptionGroup var store: StoreOptions
    @Option(help: "complaint, abuse or feedback.") var kind: String?
    @Option(help: "supervisor, head, escalation or final.") var stage: String?
    @Option(help: "Cases assigned to this person.") var assignee: String?
    @Flag(help: "Cases assigned to me.") var mine = false
    @Flag(help: "Cases assigned to nobody.") var unassigned = false
    @Option(help: "overdue, today, tomorrow or week.") var due: String?
    @Flag(help: "Closed cases instead of open ones (most recently closed first).") var closed = false
    @Flag(help: "Open and closed cases.") var all = false
    @Option(help: "Feedback routed to this team (a team of the policy).") var team: String?
    @Option(help: "Complaints of this type (a type of the policy).") var type: String?
    @Option(help: "Abuse reports of this category (malware, botnet, phishing, pharming, spam, fraud, copyright, content, other).")
    var category: String?
    @Option(name: .customLong("reporter-class"), help: ArgumentHelp(
        "Abuse reports from this class of reporter: law-enforcement (or le), trusted or public.", valueName: "CLASS"))
    var reporterClass: String?
    @Option(help: ArgumentHelp("The reports of this incident.", valueName: "N")) var incident: IncidentNumber?
    @Flag(help: "Each incident as one row: its report whose clock comes first, with the count of its reports.") var incidents = false
    @Option(parsing: .unconditional, help: "At most this many rows.") var limit: Int = 50
    @Option(parsing: .unconditional, help: "Skip this many rows first.") var offset: Int = 0

    func validate() throws {
        if closed && all { throw ValidationError("--closed and --all cannot go together") }
        if mine && (unassigned || assignee != nil) { throw ValidationError("--mine goes with neither --unassigned nor --assignee") }
        try checkRowLimit(limit)
        if offset < 0 { throw ValidationError("--offset must be 0 or more") }
    }

    func query(actor: Actor, policy: Policy = .standard) throws -> QueueQuery {
        var query = QueueQuery(scope: all ? .all : closed ? .closed : .open)
        if let team {
            guard let name = policy.feedbackTeam(team) else {
                throw CLIError.usage("--team \"\(team)\" is not a team of the policy: \(policy.feedbackTeams.joined(separator: ", "))")
            }
            query.team = name
        }
        if let type {
            guard let name = policy.complaintType(type) else {
                throw CLIError.usage("--type \"\(type)\" is not a complaint type of the policy: \(policy.complaintTypes.joined(separator: ", "))")
            }
            query.complaintType = name
        }
        if let kind {
            guard let value = CaseKind(rawValue: kind.lowercased()) else { throw CLIError.usage("--kind \"\(kind)\": complaint, abuse or feedback") }
            query.kind = value
        }
        if let stage {
            guard let value = Stage(argument: stage) else { throw CLIError.usage("--stage \"\(stage)\": supervisor, head, escalation or final") }
            query.stage = value
        }
        if let due {
            guard let value = QueueQuery.Due(rawValue: due.lowercased()) else { throw CLIError.usage("--due \"\(due)\": overdue, today, tomorrow or week") }
            query.due = value
        }
        if let category {
            guard let value = AbuseCategory(rawValue: category.lowercased()) else {
                throw CLIError.usage("--category \"\(category)\": \(AbuseCategory.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.category = value
        }
        if let reporterClass {
            guard let value = ReporterClass(name: reporterClass) else {
                throw CLIError.usage("--reporter-class \"\(reporterClass)\": \(ReporterClass.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.reporterClass = value
        }
        query.incident = incident
        query.collapseIncidents = incidents
        query.unassigned = unassigned
        query.assignee = mine ? actor.account : assignee
        return query
    }

    func run() throws {
        let session = try store.session()
        let now = Date()
        _ = try? session.store.sweep(by: session.actor, at: now)
        let query = try query(actor: session.actor, policy: session.procedure.policy)
        let rows = try cli { () throws(StoreError) in try session.store.queue(query, page: .offset(offset, limit), now: now) }
        if store.json {
            try JSONOutput.print(rows.map { RowJSON($0, calendar: session.calendar, now: now) }, calendar: session.calendar)
            return
        }
        let total = try cli { () throws(StoreError) in try session.store.count(query, now: now) }
        for line in CaseReport.table(rows, calendar: session.calendar, now: now, width: terminalWidth()) { print(line) }
        print("\(rows.count) of \(total) case\(total == 1 ? "" : "s")")
    }
}

/// The width of the terminal the output goes to, or 100 when it is not a terminal.
func terminalWidth() -> Int {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
    return 100
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A case: every clock with its business time left, the checklist, the timeline.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The case number.") var id: CaseNumber
    @Flag(help: "Explain every clock: the days counted and skipped, extensions, pauses.") var explain = false

    func run() throws {
        let session = try store.session()
        let now = Date()
        _ = try? session.store.sweep(by: session.actor, at: now)
        let (state, events) = try session.caseWithEvents(id)
        if store.json {
            try JSONOutput.print(CaseJSON(state, procedure: session.procedure, events: events, now: now, explain: explain),
                                 calendar: session.calendar)
            return
        }
        let evidence = state.kind == .abuse ? AbuseSection.items(state, store: session.store) : []
        for line in CaseReport.lines(state, events: events, procedure: session.procedure, now: now, explain: explain,
                                     width: terminalWidth(), evidence: evidence) {
            print(line)
        }
    }
}

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search over subject, description, customer, domains and notes (accents ignored).")

    @OptionGroup var store: StoreOptions
    @Argument(help: "Words to find; the last one may be the start of a word.") var words: [String]
    @Flag(help: "Closed cases too.") var all = false
    @Option(parsing: .unconditional, help: "At most this many rows.") var limit: Int = 50

    func validate() throws { try checkRowLimit(limit) }

    func run() throws {
        let session = try store.session()
        let now = Date()
        let text = words.joined(separator: " ")
        let rows = try cli { () throws(StoreError) in try session.store.search(text, scope: all ? .all : .open, limit: limit) }
        if store.json {
            try JSONOutput.print(rows.map { RowJSON($0, calendar: session.calendar, now: now) }, calendar: session.calendar)
            return
        }
        for line in CaseReport.table(rows, calendar: session.calendar, now: now, width: terminalWidth()) { print(line) }
        print("\(rows.count) case\(rows.count == 1 ? "" : "s") found")
    }
}

/// `--limit` of `list` and `search`: how many rows one answer may hold.
private func checkRowLimit(_ limit: Int) throws {
    if limit < 1 || limit > 100_000 { throw ValidationError("--limit must be between 1 and 100000") }
}
