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

            The file's integrity is SQLite's quick_check plus every index read through against its \
            table: what integrity_check adds, checked by reading each index in its order rather than by \
            a seek per row and index. With CASEDESK_VERIFY_TIMES set, verify prints to standard error \
            how long each of its tasks took, on which worker, from its start.
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
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the policy and calendar files in use.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let session = try store.session()
            let settings = try cli { () throws(StoreError) in try session.store.settings() }
            let policy = session.procedure.policy
            if store.json {
                struct Version: Encodable { var version: Int; var from: Date? }
                struct Settings: Encodable {
                    var policy: String?; var calendar: String?; var calendar_name: String; var zone: String; var version: Int
                    var versions: [Version]
                }
                try JSONOutput.print(Settings(policy: settings.policyText, calendar: settings.calendarText,
                                              calendar_name: session.calendar.name, zone: session.calendar.timeZone.identifier,
                                              version: session.procedure.currentVersion,
                                              versions: session.procedure.versions.map {
                                                  Version(version: $0.number, from: $0.from == .distantPast ? nil : $0.from)
                                              }),
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
            // Each change is a version in force from its moment; clocks keep the version they started under.
            let versions = session.procedure.versions
            if !versions.isEmpty {
                print("")
                print("# versions of the rules (each clock counts under the one in force when it started):")
                for version in versions {
                    print("#   \(version.number): \(version.from == .distantPast ? "the store's first" : "in force from \(session.calendar.readable(version.from))")")
                }
            }
        }
    }

    struct Policy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy",
            abstract: "Replace the store's policy with FILE (--reset: the built-in defaults), from now or --from.",
            discussion: "Running clocks keep the rules they started under unless --rebase-open; --dry-run shows which open clocks would move.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "A policy file (TOML).") var file: String?
        @Flag(help: "Go back to the built-in defaults.") var reset = false
        @OptionGroup var change: RuleChangeOptions

        func run() throws {
            try change.run(.policy, file: file, reset: reset, store: store,
                           done: { $0 == nil ? "policy: back to the built-in defaults" : "policy replaced from \($0 ?? "")" })
        }
    }

    struct Calendar: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar",
            abstract: "Replace the store's calendar with FILE (--reset: Germany/Saarland), from now or --from.",
            discussion: "Running clocks keep the rules they started under unless --rebase-open; --dry-run shows which open clocks would move.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "A calendar file (TOML).") var file: String?
        @Flag(help: "Go back to the built-in calendar.") var reset = false
        @OptionGroup var change: RuleChangeOptions

        func run() throws {
            try change.run(.calendar, file: file, reset: reset, store: store,
                           done: { $0 == nil ? "calendar: back to Germany/Saarland" : "calendar replaced from \($0 ?? "")" })
        }
    }
}

/// How a new version of the rules is made: from when, whether open clocks follow it, or only what it would do.
struct RuleChangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("When the new rules take effect (default: now; never earlier). Clocks that start from then on count under them.",
                               valueName: "TIME"))
    var from: String?
    @Flag(help: "Show the open clocks whose due moment would move under the new rules, from when to when; change nothing.")
    var dryRun = false
    @Flag(help: "Open clocks follow the new rules: each one that moves gets an event in its case's trail with the reason. Default: they keep theirs.")
    var rebaseOpen = false

    func run(_ setting: RuleChange.Setting, file: String?, reset: Bool, store: StoreOptions, done: (String?) -> String) throws {
        if dryRun, rebaseOpen { throw CLIError.usage("--dry-run changes nothing; leave out --rebase-open, or --dry-run to apply") }
        let session = try store.session()
        let text = try readConfigFile(file, reset: reset)
        let now = Date()
        let calendar = session.calendar
        let from = try from.map { try parseMoment($0, option: "--from", calendar: calendar, default: now) }
        let change = RuleChange(setting: setting, text: text, file: file ?? setting.rawValue, from: from, rebaseOpen: rebaseOpen)
        let outcome = try cli { () throws(StoreError) in
            dryRun ? try session.store.previewRules(change, by: session.actor, at: now)
                   : try session.store.changeRules(change, by: session.actor, at: now)
        }
        if store.json {
            try JSONOutput.print(RuleChangeJSON(outcome, setting: setting), calendar: calendar)
            return
        }
        let when = from == nil ? "from now" : "from \(calendar.readable(outcome.from))"
        if dryRun {
            print("dry run: \(setting.rawValue) version \(outcome.version), in force \(when); nothing is changed")
        } else {
            print(CaseReport.safe("\(done(text == nil ? nil : file)) (version \(outcome.version), in force \(when))"))
        }
        for line in RuleChangeOptions.table(outcome.moves, calendar: calendar) { print(line) }
        let count = outcome.moves.count
        let clocks = "\(count) open clock\(count == 1 ? "" : "s")"
        if count == 0 {
            print("no open clock moves")
        } else if dryRun {
            print("\(clocks) would move with --rebase-open; without it they keep their rules")
        } else if outcome.rebased {
            print("\(clocks) moved to the new rules; each case's trail says why")
        } else {
            print("\(clocks) keep the rules they started under (--rebase-open would have moved them)")
        }
    }

    /// The moves as a table: case, clock, due under the rules it keeps, due under the new ones, why.
    static func table(_ moves: [ClockMove], calendar: BusinessCalendar) -> [String] {
        guard !moves.isEmpty else { return [] }
        let rows = moves.map { move in
            [String(move.caseNumber), move.clock.title, calendar.readable(move.from), calendar.readable(move.to), move.reason]
        }
        let header = ["case", "clock", "due now", "due under the new rules", "why"]
        let widths = (0..<4).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            (0..<4).map { column in
                column == 0 ? String(repeating: " ", count: widths[0] - cells[0].count) + cells[0]
                            : cells[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "  " + cells[4]
        }
        return [line(header)] + rows.map(line)
    }
}

/// A change of the rules as JSON: `{setting, version, from, applied, rebased, moves [{case, clock, from, to, reason}]}`.
struct RuleChangeJSON: Encodable {
    struct Move: Encodable {
        var `case`: CaseNumber
        var clock: String
        var from: Date
        var to: Date
        var reason: String
    }

    var setting: String
    var version: Int
    var from: Date
    var applied: Bool
    var rebased: Bool
    var moves: [Move]

    init(_ report: RuleChangeReport, setting: RuleChange.Setting) {
        self.setting = setting.rawValue
        version = report.version
        from = report.from
        applied = report.applied
        rebased = report.rebased
        moves = report.moves.map { Move(case: $0.caseNumber, clock: $0.clock.rawValue, from: $0.from, to: $0.to, reason: $0.reason) }
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
