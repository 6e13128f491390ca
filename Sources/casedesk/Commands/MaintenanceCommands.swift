import ArgumentParser
import CaseDesk
import CaseDeskConfig
import CaseStore
import Foundation

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Lapse every case whose customer window has run out (safe to run from cron and from several places).")
    @OptionGroup var store: StoreOptions

    func run() throws {
        let session = try store.session()
        let lapsed = try cli { () throws(StoreError) in try session.store.sweep(by: session.actor, at: Date()) }
        if store.json {
            try JSONOutput.print(["lapsed": lapsed], calendar: session.calendar)
        } else {
            print(lapsed.isEmpty ? "no window has run out" : "lapsed: " + lapsed.map(String.init).joined(separator: ", "))
        }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the file's integrity and rebuild every case from its events, listing any difference.")
    @OptionGroup var store: StoreOptions

    func run() throws {
        let session = try store.session()
        let report = try cli { () throws(StoreError) in try session.store.verify() }
        if store.json {
            struct ReportJSON: Encodable { var clean: Bool; var integrity: [String]; var cases: Int; var events: Int; var differences: [String] }
            try JSONOutput.print(ReportJSON(clean: report.isClean, integrity: report.integrity, cases: report.casesChecked,
                                            events: report.eventsChecked, differences: report.differences), calendar: session.calendar)
        } else {
            print("integrity: \(report.integrity.joined(separator: "; "))")
            print("checked \(report.casesChecked) cases, \(report.eventsChecked) events")
            for difference in report.differences { print("  " + CaseReport.safe(difference)) }
            print(report.isClean ? "clean: every case is what its events say" : "NOT CLEAN: \(report.differences.count) difference(s)")
        }
        if !report.isClean { throw ExitCode(1) }
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "The store's policy and calendar, shared by everyone who uses it (admins change them).",
        subcommands: [Show.self, Policy.self, Calendar.self],
        defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the policy and calendar files in use.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let session = try store.session()
            let settings = try cli { () throws(StoreError) in try session.store.settings() }
            let policy = session.procedure.policy
            if store.json {
                struct Settings: Encodable { var policy: String?; var calendar: String?; var calendar_name: String; var zone: String }
                try JSONOutput.print(Settings(policy: settings.policyText, calendar: settings.calendarText,
                                              calendar_name: session.calendar.name, zone: session.calendar.timeZone.identifier),
                                     calendar: session.calendar)
                return
            }
            print("# policy\(settings.policyText == nil ? " (built-in defaults)" : "")")
            print(settings.policyText ?? """
                [clocks]
                acknowledge = \(policy.acknowledgeDays)
                respond = \(policy.respondDays)
                escalation_window = \(policy.escalationWindowDays)
                escalation_acknowledge = \(policy.escalationAcknowledgeDays)
                final_response = \(policy.finalResponseDays)
                supervisor_target = \(policy.supervisorTargetDays ?? 0)

                [options]
                pause_while_waiting_on_customer = \(policy.pauseWhileWaitingOnCustomer)
                complaint_markers = [\(policy.complaintMarkers.map { "\"\($0)\"" }.joined(separator: ", "))]

                [shifts]
                starts = [\(policy.shifts.starts.map { "\"\(Shifts.clock($0))\"" }.joined(separator: ", "))]

                [complaints]
                types = [\(policy.complaintTypes.map { "\"\($0)\"" }.joined(separator: ", "))]

                [feedback]
                teams = [\(policy.feedbackTeams.map { "\"\($0)\"" }.joined(separator: ", "))]

                # [desk] name = "…"; [desk.complaints], [desk.escalations], [desk.abuse]:
                # postal = ["line", …], fax, email, telephone (none built in)
                """)
            print("")
            print("# calendar\(settings.calendarText == nil ? " (built-in: \(session.calendar.name), \(session.calendar.timeZone.identifier))" : "")")
            if let text = settings.calendarText { print(text) }
        }
    }

    struct Policy: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the store's policy with FILE (--reset: the built-in defaults).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "A policy file (TOML).") var file: String?
        @Flag(help: "Go back to the built-in defaults.") var reset = false

        func run() throws {
            let session = try store.session()
            let text = try readConfigFile(file, reset: reset)
            try cli { () throws(StoreError) in
                try session.store.setPolicy(text: text, file: file ?? "policy", by: session.actor, at: Date())
            }
            report(store.json, text == nil ? "policy: back to the built-in defaults" : "policy replaced from \(file ?? "")")
        }
    }

    struct Calendar: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the store's calendar with FILE (--reset: Germany/Saarland).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "A calendar file (TOML).") var file: String?
        @Flag(help: "Go back to the built-in calendar.") var reset = false

        func run() throws {
            let session = try store.session()
            let text = try readConfigFile(file, reset: reset)
            try cli { () throws(StoreError) in
                try session.store.setCalendar(text: text, file: file ?? "calendar", by: session.actor, at: Date())
            }
            report(store.json, text == nil ? "calendar: back to Germany/Saarland" : "calendar replaced from \(file ?? "")")
        }
    }
}

/// A one-line outcome, as text or as `{"result": …}`.
func report(_ json: Bool, _ text: String) {
    if json, let data = try? JSONEncoder().encode(["result": text]) {
        print(String(decoding: data, as: UTF8.self))
    } else {
        print(text)
    }
}

func readConfigFile(_ file: String?, reset: Bool) throws -> String? {
    if reset {
        if file != nil { throw CLIError.usage("give a FILE or --reset, not both") }
        return nil
    }
    guard let file else { throw CLIError.usage("give a FILE (or --reset)") }
    // Read only: the store parses the text once, naming this path in any mistake.
    do {
        return try ConfigDocument.readText(path: file)
    } catch {
        throw CLIError.usage(error.description)
    }
}
