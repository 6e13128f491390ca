import ArgumentParser
import CaseDesk
import CaseDeskConfig
import Foundation

struct CalendarOption: ParsableArguments {
    @Option(name: .customLong("calendar"), help: ArgumentHelp("A calendar file (TOML) instead of Germany/Saarland.", valueName: "FILE"))
    var path: String?

    func load() throws -> BusinessCalendar {
        guard let path else { return .saarland }
        do {
            return try CalendarFile.load(path: path)
        } catch {
            throw CLIError.usage(error.description)
        }
    }
}

struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "Print when something received at RECEIVED is due within N business days.",
        discussion: """
            Prints one line: the due moment in ISO 8601 with the desk zone's offset — the end of the \
            N-th business day strictly after the receipt date (the day of receipt never counts).
            RECEIVED is ISO 8601 with Z or an offset (2027-03-25T10:00:00+01:00), a time in desk \
            time (2027-03-25T10:00), or a bare date (midnight, desk time).
            """)

    @Argument(help: "When the message was received.")
    var received: String

    @Argument(help: "How many business days.")
    var businessDays: Int

    @Flag(help: "Also print every day from receipt to due, counted or skipped and why.")
    var explain = false

    @OptionGroup var calendarOption: CalendarOption

    @Flag(name: .customLong("json"), help: "Print JSON: received, business_days, due, explanation.")
    var json = false

    func validate() throws {
        guard businessDays >= 0, businessDays <= 1000 else {
            throw ValidationError("N must be a whole number of business days from 0 to 1000, got \(businessDays)")
        }
    }

    func run() throws {
        let calendar = try calendarOption.load()
        guard let moment = calendar.parseMoment(received) else {
            throw CLIError.usage("RECEIVED \"\(received)\" is not a date: expected e.g. 2027-03-25T10:00:00+01:00, 2027-03-25T10:00:00Z or 2027-03-25")
        }
        let due = calendar.due(received: moment, businessDays: businessDays)
        if json {
            struct Due: Encodable { var received: String; var business_days: Int; var due: String; var explanation: [String] }
            try JSONOutput.print(Due(received: calendar.iso8601(moment), business_days: businessDays, due: calendar.iso8601(due),
                                     explanation: calendar.explain(received: moment, businessDays: businessDays).map(\.text)),
                                 calendar: calendar)
            return
        }
        print(calendar.iso8601(due))
        if explain {
            print("received \(calendar.readable(moment)) (\(calendar.iso8601(moment))); \(businessDays) business day\(businessDays == 1 ? "" : "s") on \(calendar.name)")
            for entry in calendar.explain(received: moment, businessDays: businessDays) {
                print("  " + entry.text)
            }
            print("due \(calendar.readable(due))")
        }
    }
}
