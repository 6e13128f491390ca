import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

/// The case a write is about, and optionally the version the caller read.
struct CaseTarget: ParsableArguments {
    @Argument(help: "The case number.") var id: CaseNumber
    @Option(name: .customLong("if-version"), help: ArgumentHelp(
        "Refuse unless the case is still at this version (what you read); default: as it is now.", valueName: "N"))
    var ifVersion: Int?
    @Flag(help: "Make the move on every report of the case's incident: each its own event, judged on its own, in one transaction.")
    var incident = false

    func validate() throws {
        if incident, ifVersion != nil { throw ValidationError("--if-version names one case's version; it does not go with --incident") }
    }
}

/// A write command: one change recorded on one case.
protocol CaseWrite: ParsableCommand {
    var store: StoreOptions { get }
    var target: CaseTarget { get }
    func change(_ session: Session, now: Date) throws -> Change
}

extension CaseWrite {
    func run() throws {
        let session = try store.session()
        let now = Date()
        let change = try change(session, now: now)
        if target.incident {
            try session.recordOnIncident(change, of: target.id, now: now)
            return
        }
        try session.record(change, on: target.id, expectedVersion: target.ifVersion, now: now)
    }

    func state(_ session: Session) throws -> CaseState {
        try cli { () throws(StoreError) in try session.store.caseState(target.id) }
    }
}

struct AssignCommand: CaseWrite {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Assign a case to someone, to yourself, or to nobody.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: "The staff member.") var to: String?
    @Flag(help: "Assign it to me.") var me = false
    @Flag(help: "Give it back to the queue.") var nobody = false

    func validate() throws {
        if [to != nil, me, nobody].filter({ $0 }).count != 1 { throw ValidationError("say one of --to USER, --me or --nobody") }
    }

    func change(_ session: Session, now: Date) throws -> Change {
        .assigned(.init(to: nobody ? nil : me ? session.actor.account : to))
    }
}

struct NoteCommand: CaseWrite {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a note to a case (--handover: a note for the next shift).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Argument(help: "The note.") var text: String
    @Flag(help: "A handover note, shown to the next shift.") var handover = false

    func change(_ session: Session, now: Date) throws -> Change { .noted(.init(text: text, handover: handover)) }
}

struct AckCommand: CaseWrite {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Record that the formal complaint or escalation was acknowledged.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: ArgumentHelp("When it was sent (default: now).", valueName: "TIME")) var at: String?

    func change(_ session: Session, now: Date) throws -> Change {
        .acknowledged(.init(at: try parseMoment(at, option: "--at", calendar: session.calendar, default: now)))
    }
}

struct ExtendCommand: CaseWrite {
    static let configuration = CommandConfiguration(
        commandName: "extend",
        abstract: "Record an extension notice: the customer was told the answer comes by DATE.",
        discussion: "DATE must be a business day after the current due date, and the notice must go out before the answer is due.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: ArgumentHelp("The promised date.", valueName: "DATE")) var until: String
    @Option(help: ArgumentHelp("When the notice was sent (default: now).", valueName: "TIME")) var at: String?

    func change(_ session: Session, now: Date) throws -> Change {
        let promised = try parseDate(until, option: "--until")
        return .extensionNotified(.init(promised: promised, at: try parseMoment(at, option: "--at", calendar: session.calendar, default: now)))
    }
}

struct RespondCommand: CaseWrite {
    static let configuration = CommandConfiguration(commandName: "respond", abstract: "Record the answer (stage 1 or 2); the customer's window starts when it was sent.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: "What the answer said, in short.") var summary: String
    @Option(help: ArgumentHelp("When it was sent (default: now).", valueName: "TIME")) var at: String?

    func change(_ session: Session, now: Date) throws -> Change {
        .responded(.init(summary: summary, at: try parseMoment(at, option: "--at", calendar: session.calendar, default: now)))
    }
}

struct FormalCommand: CaseWrite {
    static let configuration = CommandConfiguration(commandName: "formal", abstract: "A formal complaint arrived: the case moves to the head of customer support.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: ArgumentHelp("When it arrived (default: now); the stage's clocks count from it.", valueName: "TIME")) var received: String?
    @Option(help: "How it arrived (default: email).") var channel: String = "email"
    @Option(help: "What it says.") var text: String?

    func change(_ session: Session, now: Date) throws -> Change {
        .formalComplaintFiled(.init(received: try parseReceived(received, calendar: session.calendar, default: now),
                                    channel: try parseChannel(channel), text: text))
    }
}

struct EscalateCommand: CaseWrite {
    static let configuration = CommandConfiguration(
        commandName: "escalate",
        abstract: "The customer escalated after the head of support's answer: record it with its checklist.",
        discussion: """
            Name the items the escalation carries with flags (or --items name,contact,…). The complaint \
            marker is found in --subject by itself (complaint / plainte / Beschwerde); --marker says it \
            stands at the top of a letter. An escalation lacking items is recorded as incomplete; one \
            after the window closed is flagged late.
            """)
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: ArgumentHelp("When it arrived (default: now).", valueName: "TIME")) var received: String?
    @Option(help: "email, fax, letter or web (not phone: an escalation must be in writing).") var channel: String
    @Option(help: "The subject, or the top line of the letter.") var subject: String?
    @Option(help: ArgumentHelp("Items, comma-separated: \(ChecklistItem.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "ITEMS"))
    var items: String?
    @Flag(help: "It carries the customer's name.") var name = false
    @Flag(help: "It carries contact details.") var contact = false
    @Flag(help: "It carries account information.") var account = false
    @Flag(help: "It names the domain(s) concerned.") var domains = false
    @Flag(help: "It describes the concern clearly.") var description = false
    @Flag(help: "It says which measures the customer wants.") var measures = false
    @Flag(help: "It gives the previous complaint and the reasons for dissatisfaction.") var previous = false
    @Flag(help: "It carries the word complaint / plainte / Beschwerde at the top.") var marker = false
    @Option(help: "What it says.") var text: String?

    func change(_ session: Session, now: Date) throws -> Change {
        var set = try parseItems(items)
        let flags: [(Bool, ChecklistItem)] = [(name, .name), (contact, .contact), (account, .account), (domains, .domains),
                                              (description, .description), (measures, .measures), (previous, .previousComplaint), (marker, .marker)]
        for (on, item) in flags where on { set.insert(item) }
        let receivedAt = try parseReceived(received, calendar: session.calendar, default: now)
        let filing = session.procedure.escalationFiling(for: try state(session), received: receivedAt, channel: try parseChannel(channel),
                                                        heading: subject, items: set, text: text)
        return .escalationReceived(filing)
    }
}

struct CompleteCommand: CaseWrite {
    static let configuration = CommandConfiguration(commandName: "complete", abstract: "Missing escalation items arrived (resumes a paused clock).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: ArgumentHelp("The items that arrived, comma-separated; default: everything still missing.", valueName: "ITEMS")) var items: String?
    @Option(help: ArgumentHelp("When they arrived (default: now).", valueName: "TIME")) var at: String?

    func change(_ session: Session, now: Date) throws -> Change {
        var set = try parseItems(items)
        if set.isEmpty { set = Set(try state(session).missingEscalationItems) }
        return .missingItemsReceived(.init(items: set, at: try parseMoment(at, option: "--at", calendar: session.calendar, default: now)))
    }
}

struct AcceptLateCommand: CaseWrite {
    static let configuration = CommandConfiguration(commandName: "accept-late", abstract: "Accept an escalation that arrived after the window closed (head of support).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: "Why it is accepted.") var reason: String

    func change(_ session: Session, now: Date) throws -> Change { .lateEscalationDecided(.init(accepted: true, reason: reason)) }
}

struct RefuseLateCommand: CaseWrite {
    static let configuration = CommandConfiguration(commandName: "refuse-late", abstract: "Refuse a late escalation: the matter stays resolved (head of support).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: "Why it is refused.") var reason: String

    func change(_ session: Session, now: Date) throws -> Change { .lateEscalationDecided(.init(accepted: false, reason: reason)) }
}

struct FinalCommand: CaseWrite {
    static let configuration = CommandConfiguration(commandName: "final", abstract: "Record the final response to the escalation; the case closes.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: "What the final response said, in short.") var summary: String
    @Option(help: ArgumentHelp("When it was sent (default: now).", valueName: "TIME")) var at: String?

    func change(_ session: Session, now: Date) throws -> Change {
        .finalResponseSent(.init(summary: summary, at: try parseMoment(at, option: "--at", calendar: session.calendar, default: now)))
    }
}

struct CloseCommand: CaseWrite {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close an open case early: satisfied, withdrawn, duplicate (--of N) or invalid; an abuse report with its outcome.",
        discussion: "Abuse outcomes: mitigated (a mitigation is recorded), no-action (--note says why), not-ours (after mitigate … forwarded), duplicate (--of N).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: "satisfied, withdrawn, duplicate or invalid; for abuse reports mitigated, no-action, not-ours or duplicate.") var reason: String
    @Option(help: ArgumentHelp("The case this one duplicates.", valueName: "N")) var of: CaseNumber?
    @Option(help: "A note on the closure (for no-action: the reason).") var note: String?
    @Option(help: ArgumentHelp("When it was closed (default: now); not before the current stage began.", valueName: "TIME")) var at: String?

    func change(_ session: Session, now: Date) throws -> Change {
        guard let value = CloseReason(rawValue: reason.lowercased()), CloseReason.chosenOnAnyCase.contains(value) else {
            throw CLIError.usage("--reason \"\(reason)\": satisfied, withdrawn, duplicate or invalid; for abuse reports mitigated, no-action, not-ours or duplicate (lapsing is automatic; final closes with the final response)")
        }
        let closedAt = try at.map { try parseMoment($0, option: "--at", calendar: session.calendar, default: now) }
        return .closed(.init(reason: value, duplicateOf: of, note: note, at: closedAt))
    }
}

struct ReopenCommand: CaseWrite {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen a closed case (head of support), with a reason.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: "Why it is reopened.") var reason: String

    func change(_ session: Session, now: Date) throws -> Change { .reopened(.init(reason: reason)) }
}

struct PauseCommand: CaseWrite {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Stop the final-response clock while waiting for missing escalation items (if the policy allows).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: ArgumentHelp("Since when (default: now).", valueName: "TIME")) var at: String?

    func change(_ session: Session, now: Date) throws -> Change {
        .paused(.init(at: try parseMoment(at, option: "--at", calendar: session.calendar, default: now)))
    }
}

struct ResumeCommand: CaseWrite {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Restart a paused clock.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: ArgumentHelp("From when (default: now).", valueName: "TIME")) var at: String?

    func change(_ session: Session, now: Date) throws -> Change {
        .resumed(.init(at: try parseMoment(at, option: "--at", calendar: session.calendar, default: now)))
    }
}

struct RouteCommand: CaseWrite {
    static let configuration = CommandConfiguration(
        commandName: "route", abstract: "Forward feedback to a team of the policy ([feedback] teams); it closes as routed.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: "The team.") var to: String

    func change(_ session: Session, now: Date) throws -> Change {
        .routed(.init(team: session.procedure.policy.feedbackTeam(to) ?? to))
    }
}

struct CategorizeCommand: CaseWrite {
    static let configuration = CommandConfiguration(
        commandName: "categorize", abstract: "Set a complaint's type (one of the policy's [complaints] types).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Argument(help: "The type.") var type: String

    func change(_ session: Session, now: Date) throws -> Change {
        .categorized(.init(type: session.procedure.policy.complaintType(type) ?? type))
    }
}

func parseItems(_ text: String?) throws -> Set<ChecklistItem> {
    guard let text else { return [] }
    var items: Set<ChecklistItem> = []
    for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
        guard let item = ChecklistItem(rawValue: name == "previous-complaint" ? "previous" : name) else {
            throw CLIError.usage("unknown checklist item \"\(name)\" (items: \(ChecklistItem.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        items.insert(item)
    }
    return items
}
