import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

struct AbuseRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abuse-record",
        abstract: "The record of abuse reports for a compliance inquiry (RAA 3.18): receipt, confirmation, review, evidence, actions, outcome.",
        discussion: """
            One row (CSV) or object (JSON) per abuse report received in the period: received, reporter and its \
            class, confirmed, reviewed, the evidence decision, each action with its time (and when it was undone), \
            the outcome, and the hours from receipt to each. --from and --to take a date (desk time, --to \
            inclusive) or a time.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("From this date or time.", valueName: "WHEN")) var from: String?
    @Option(help: ArgumentHelp("Up to this date (inclusive) or time.", valueName: "WHEN")) var to: String?
    @Option(help: "csv or json.") var format: String = "csv"

    func run() throws {
        let session = try store.session()
        let calendar = session.calendar
        let format = store.json ? "json" : format.lowercased()
        guard ["csv", "json"].contains(format) else { throw CLIError.usage("--format \"\(self.format)\": csv or json") }
        let start = try ExportCommand.bound(from, "--from", calendar: calendar, endOfDay: false)
        let end = try ExportCommand.bound(to, "--to", calendar: calendar, endOfDay: true)
        let now = Date()
        let records = try cli { () throws(StoreError) in
            try session.store.abuseRecords(receivedFrom: start, to: end, procedure: session.procedure, now: now)
        }
        if format == "json" {
            var json = JSONArrayWriter(calendar: calendar)
            for record in records { try json.append(AbuseRecordJSON(record, calendar: calendar)) }
            json.finish()
            return
        }
        var csv = CSVWriter()
        csv.row(["case", "received", "reporter", "reporter_class", "category", "domains", "confirmed", "reviewed", "evidence",
                 "evidence_reason", "actions", "outcome", "outcome_note", "duplicate_of", "closed", "hours_to_confirm", "hours_to_review",
                 "hours_to_mitigate", "hours_to_outcome", "clock_confirm", "clock_review", "clock_decide"])
        func hours(_ value: Double?) -> String? { value.map { String(format: "%.2f", $0) } }
        for record in records {
            let actions = record.actions.map { action in
                "\(action.action) \(calendar.iso8601(action.at))"
                    + (action.deadline.map { " deadline \(calendar.iso8601($0))" } ?? "")
                    + (action.undone.map { " undone \(calendar.iso8601($0))" } ?? "")
            }.joined(separator: "; ")
            csv.row([String(record.number), calendar.iso8601(record.received), record.reporter, record.reporterClass.rawValue,
                     record.category?.rawValue, record.domains.joined(separator: " "), record.confirmed.map(calendar.iso8601),
                     record.reviewed.map(calendar.iso8601), record.evidenceDecision, record.evidenceReason, actions,
                     record.outcome?.rawValue, record.outcomeNote, record.duplicateOf.map(String.init), record.closed.map(calendar.iso8601),
                     hours(record.hoursToConfirm), hours(record.hoursToReview), hours(record.hoursToMitigate), hours(record.hoursToOutcome),
                     record.clocks[.confirmReceipt]?.name, record.clocks[.review]?.name, record.clocks[.decide]?.name])
        }
        csv.flush()
    }
}

struct AbuseRecordJSON: Encodable {
    struct ActionJSON: Encodable {
        var action: String
        var at: String
        var by: String
        var evidence: String
        var deadline: String?
        var undone: String?
        var undo_reason: String?
        var hours_from_receipt: Double?
    }

    var `case`: CaseNumber
    var received: String
    var reporter: String
    var reporter_class: String
    var category: String?
    var domains: [String]
    var confirmed: String?
    var reviewed: String?
    var evidence: String?
    var evidence_reason: String?
    var actions: [ActionJSON]
    var associated_names_reviewed: Int?
    var associated_names_found: [String]
    var outcome: String?
    var outcome_note: String?
    var duplicate_of: CaseNumber?
    var closed: String?
    var hours_to_confirm: Double?
    var hours_to_review: Double?
    var hours_to_mitigate: Double?
    var hours_to_outcome: Double?
    var clocks: [String: String]

    init(_ record: AbuseRecord, calendar: BusinessCalendar) {
        self.case = record.number
        received = calendar.iso8601(record.received)
        reporter = record.reporter
        reporter_class = record.reporterClass.rawValue
        category = record.category?.rawValue
        domains = record.domains
        confirmed = record.confirmed.map(calendar.iso8601)
        reviewed = record.reviewed.map(calendar.iso8601)
        evidence = record.evidenceDecision
        evidence_reason = record.evidenceReason
        actions = record.actions.map {
            ActionJSON(action: $0.action, at: calendar.iso8601($0.at), by: $0.by, evidence: $0.evidence,
                       deadline: $0.deadline.map(calendar.iso8601), undone: $0.undone.map(calendar.iso8601), undo_reason: $0.undoReason,
                       hours_from_receipt: record.hours(to: $0.at))
        }
        associated_names_reviewed = record.associatedNamesReviewed
        associated_names_found = record.associatedNamesFound
        outcome = record.outcome?.rawValue
        outcome_note = record.outcomeNote
        duplicate_of = record.duplicateOf
        closed = record.closed.map(calendar.iso8601)
        hours_to_confirm = record.hoursToConfirm
        hours_to_review = record.hoursToReview
        hours_to_mitigate = record.hoursToMitigate
        hours_to_outcome = record.hoursToOutcome
        clocks = Dictionary(uniqueKeysWithValues: record.clocks.map { ($0.key.rawValue, $0.value.name) })
    }
}
