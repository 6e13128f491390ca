import ArgumentParser
import CaseDesk
import CaseDeskConfig
import CaseStore
import Foundation
import MailDesk

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Lapse every case whose customer window has run out (safe to run from cron and from several places).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var mail: MailOptions

    func run() throws {
        let session = try store.session()
        let outbox = try mail.recoverOutbox(store: session.store, storePath: store.path)
        // A policy or calendar change cut short left cases to rebuild with the new rules.
        if !session.store.isReadOnly { try cli { () throws(StoreError) in try session.store.finishReprojection() } }
        let lapsed = try cli { () throws(StoreError) in try session.store.sweep(by: session.actor, at: Date()) }
        if store.json {
            struct SweepJSON: Encodable { var lapsed: [CaseNumber]; var outbox: [String] }
            try JSONOutput.print(SweepJSON(lapsed: lapsed, outbox: outbox.lines), calendar: session.calendar)
        } else {
            for line in outbox.lines { print(CaseReport.safe(line)) }
            print(lapsed.isEmpty ? "no window has run out" : "lapsed: " + lapsed.map(String.init).joined(separator: ", "))
        }
        if !outbox.stuck.isEmpty { throw ExitCode(1) }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Prove the record: every link of the trail, every event judged again, every case rebuilt; list each problem.",
        discussion: """
            Checks the file's integrity and the append-only triggers; recomputes every link of the trail \
            (with --seal, that the trail up to a head printed earlier by `casedesk seal` is unchanged); \
            judges every event again with the procedure, the permission table and the staff and \
            settings in force when it was written; rebuilds every case, statistics row, staff member and \
            setting from the trails and compares. Then hands over any letter recorded as sent but left in \
            the outbox's tmp/. Exits 1 when anything differs.
            """)
    @OptionGroup var store: StoreOptions
    @OptionGroup var mail: MailOptions
    @Option(help: ArgumentHelp("A head printed by `casedesk seal` (COUNT:DIGEST), kept outside the store.", valueName: "HEAD"))
    var seal: String?

    func run() throws {
        let seal = try self.seal.map { text in
            guard let head = TrailHead(text: text) else {
                throw CLIError.usage("--seal \"\(CaseReport.safe(text))\": a seal is COUNT:DIGEST (64 hex digits), as casedesk seal prints it")
            }
            return head
        }
        let session = try store.session()
        let started = Date()
        let report = try cli { () throws(StoreError) in try session.store.verify(seal: seal) }
        let seconds = Date().timeIntervalSince(started)
        // After the store's check: a letter recorded as sent must be in the outbox's new/.
        let outbox = try mail.recoverOutbox(store: session.store, storePath: store.path)
        let clean = report.isClean && outbox.stuck.isEmpty
        if store.json {
            struct ReportJSON: Encodable {
                var clean: Bool; var integrity: [String]; var cases: Int; var events: Int; var desk_events: Int
                var trail_head: String; var seal: String?; var seconds: Double; var differences: [String]; var outbox: [String]
            }
            try JSONOutput.print(ReportJSON(clean: clean, integrity: report.integrity, cases: report.casesChecked,
                                            events: report.eventsChecked, desk_events: report.deskEventsChecked,
                                            trail_head: report.head.description, seal: report.seal?.description,
                                            seconds: (seconds * 10).rounded() / 10, differences: report.differences,
                                            outbox: outbox.lines),
                                 calendar: session.calendar)
        } else {
            print("integrity: \(report.integrity.joined(separator: "; "))")
            let rate = seconds > 0 ? Int(Double(report.eventsChecked) / seconds) : 0
            print("checked \(report.casesChecked) cases, \(report.eventsChecked) events, \(report.deskEventsChecked) desk events in \(String(format: "%.1f", seconds)) s (\(rate) events/s)")
            print("trail head: \(report.head)")
            if let seal = report.seal { print("seal: \(seal)") }
            for difference in report.differences { print("  " + CaseReport.safe(difference)) }
            for line in outbox.lines { print(CaseReport.safe(line)) }
            if (try? session.store.reprojectionPending()) == true {
                print("a change of the policy or calendar is still being applied to the cases; casedesk sweep finishes it")
            }
            if clean {
                print(report.seal == nil ? "clean: every link holds, every event was allowed, every case is what its events say"
                                         : "clean: the trail up to the seal is unchanged, and every case is what its events say")
            } else if !report.isClean {
                print("NOT CLEAN: \(report.differences.count) problem(s)")
            } else {
                print("NOT CLEAN: \(outbox.stuck.count) letter(s) recorded as sent are not in the outbox")
            }
        }
        if !clean { throw ExitCode(1) }
    }
}

struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Print the trail's head (COUNT:DIGEST): keep it outside the store; `verify --seal` proves the record up to it.")
    @OptionGroup var store: StoreOptions

    func run() throws {
        let session = try store.session()
        let head = try cli { () throws(StoreError) in try session.store.trailHead() }
        if store.json {
            struct SealJSON: Encodable { var seal: String; var count: Int64; var digest: String; var at: Date }
            try JSONOutput.print(SealJSON(seal: head.description, count: head.count, digest: head.digest, at: Date()), calendar: session.calendar)
        } else {
            print(head)
        }
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
    if json, let encoded = try? JSONEncoder().encode(["result": text]) {
        let data = JSONOutput.escapingInvisibleControls(encoded)
        print(String(decoding: data, as: UTF8.self))
    } else {
        print(CaseReport.safe(text))
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
