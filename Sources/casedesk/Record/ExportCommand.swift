import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export cases or events as CSV (RFC 4180) or JSON, for a spreadsheet or a BI tool.",
        discussion: """
            Cases are chosen by when they were received, events by when they were recorded; --from and \
            --to take a date (desk time, --to inclusive) or a time. Output goes to standard output.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "csv or json.") var format: String = "csv"
    @Option(help: "cases or events.") var what: String = "cases"
    @Option(help: ArgumentHelp("From this date or time.", valueName: "WHEN")) var from: String?
    @Option(help: ArgumentHelp("Up to this date (inclusive) or time.", valueName: "WHEN")) var to: String?

    func run() throws {
        let session = try store.session()
        let calendar = session.calendar
        let format = store.json ? "json" : format.lowercased()
        guard ["csv", "json"].contains(format) else { throw CLIError.usage("--format \"\(self.format)\": csv or json") }
        guard ["cases", "events"].contains(what.lowercased()) else { throw CLIError.usage("--what \"\(what)\": cases or events") }
        let start = try ExportCommand.bound(from, "--from", calendar: calendar, endOfDay: false)
        let end = try ExportCommand.bound(to, "--to", calendar: calendar, endOfDay: true)
        let now = Date()
        // The head the export was made from, on standard error so the file stays plain CSV or JSON.
        let head = try cli { () throws(StoreError) in try session.store.trailHead() }
        FileHandle.standardError.write(Data("casedesk export: trail head \(head) (casedesk verify --seal \(head) proves the record up to it)\n".utf8))
        var csv = CSVWriter()
        var json = JSONArrayWriter(calendar: calendar)
        var unreadable: Error?
        if what.lowercased() == "cases" {
            let clockKinds = Statistics.clockKinds
            if format == "csv" {
                csv.row(["number", "kind", "channel", "stage", "status", "received", "customer", "subject", "domains", "category",
                         "assignee", "next_clock", "next_due", "close_reason", "closed", "version", "updated", "updated_by"]
                        + clockKinds.map { "clock_\($0.rawValue.replacingOccurrences(of: "-", with: "_"))" })
            }
            try cli { () throws(StoreError) in
                try session.store.exportCases(receivedFrom: start, to: end) { batch in
                    for item in batch {
                        if format == "json" {
                            try json.append(CaseExportJSON(item, calendar: calendar, now: now))
                            continue
                        }
                        let row = item.row
                        csv.row([String(row.number), row.kind.rawValue, row.channel.rawValue, row.stage.rawValue,
                                 row.isOpen ? "open" : "closed", calendar.iso8601(row.received), row.customer, row.subject,
                                 row.domains.joined(separator: " "), row.category?.rawValue, row.assignee, row.nextClock?.rawValue,
                                 row.nextDue.map(calendar.iso8601), row.closeReason?.rawValue, row.closed.map(calendar.iso8601),
                                 String(row.version), calendar.iso8601(row.updated), row.updatedBy]
                                + clockKinds.map { item.clocks[$0]?.name(at: now) })
                    }
                }
            }
        } else {
            if format == "csv" {
                csv.row(["case", "sequence", "recorded", "actor", "via", "type", "summary", "data"])
            }
            // Events that cannot be read are named after the rest is written (and the exit is non-zero).
            do {
                try cli { () throws(StoreError) in
                try session.store.exportEvents(recordedFrom: start, to: end) { batch in
                    for event in batch {
                        if format == "json" {
                            try json.append(EventJSON(event, calendar: calendar))
                            continue
                        }
                        csv.row([String(event.caseNumber), String(event.sequence), calendar.iso8601(event.recorded), event.actor,
                                 event.via, event.change.type, EventText.pastTense(event.change), JSONText.encode(event.change, calendar: calendar)])
                    }
                }
                }
            } catch {
                unreadable = error
            }
        }
        if format == "json" { json.finish() } else { csv.flush() }
        if let unreadable { throw unreadable }
    }

    /// `--from` / `--to` of a record: a date (desk time; `--to` inclusive) or a time.
    static func bound(_ text: String?, _ option: String, calendar: BusinessCalendar, endOfDay: Bool) throws -> Date? {
        guard let text else { return nil }
        if endOfDay, let date = LocalDate(text) { return calendar.startOfDay(date.next) }
        return try parseMoment(text, option: option, calendar: calendar, default: Date())
    }
}

struct CaseExportJSON: Encodable {
    var `case`: RowJSON
    var clocks: [String: String]

    init(_ item: CaseExport, calendar: BusinessCalendar, now: Date) {
        self.case = RowJSON(item.row, calendar: calendar, now: now)
        clocks = Dictionary(uniqueKeysWithValues: item.clocks.map { ($0.key.rawValue, $0.value.name(at: now)) })
    }
}

/// A JSON array written element by element, so an export of a million rows streams.
struct JSONArrayWriter {
    let calendar: BusinessCalendar
    private var count = 0
    private let encoder: JSONEncoder

    init(calendar: BusinessCalendar) {
        self.calendar = calendar
        encoder = JSONOutput.encoder(calendar: calendar, pretty: false)
    }

    mutating func append<T: Encodable>(_ value: T) throws {
        let prefix = count == 0 ? "[\n" : ",\n"
        FileHandle.standardOutput.write(Data(prefix.utf8) + JSONOutput.escapingInvisibleControls(try encoder.encode(value)))
        count += 1
    }

    func finish() {
        FileHandle.standardOutput.write(Data((count == 0 ? "[]\n" : "\n]\n").utf8))
    }
}

enum JSONText {
    /// One value as compact JSON text, times in desk time (for a CSV cell).
    static func encode<T: Encodable>(_ value: T, calendar: BusinessCalendar) -> String {
        (try? JSONOutput.encode(value, calendar: calendar, pretty: false)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
