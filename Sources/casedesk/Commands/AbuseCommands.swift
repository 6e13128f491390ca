import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

// The abuse desk's moves on one report (RAA 3.18): each a `CaseWrite`, judged by the store.

struct ClassifyCommand: CaseWrite {
    static let configuration = CommandConfiguration(
        commandName: "classify", abstract: "Change an abuse report's reporter class (law-enforcement, trusted, public), with a reason; it sets the review clock.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Argument(help: "law-enforcement, trusted or public.") var reporterClass: String
    @Option(help: "Why the class changes.") var reason: String

    func change(_ session: Session, now: Date) throws -> Change {
        guard let value = ReporterClass(name: reporterClass) else {
            throw CLIError.usage("\"\(reporterClass)\" is not a reporter class: law-enforcement, trusted or public")
        }
        return .reporterClassified(.init(reporterClass: value, reason: reason))
    }
}

struct ConfirmCommand: CaseWrite {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Record that receipt of an abuse report was confirmed to the reporter (meets the confirm clock).",
        discussion: "To send the confirmation letter itself: casedesk letter ID confirmation --send (which records this too).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(help: ArgumentHelp("When it was sent (default: now).", valueName: "TIME")) var at: String?

    func change(_ session: Session, now: Date) throws -> Change {
        .receiptConfirmed(.init(at: try parseMoment(at, option: "--at", calendar: session.calendar, default: now)))
    }
}

struct EvidenceCommand: CaseWrite {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Judge an abuse report's evidence actionable or not, with the reason (meets the review clock; actionable starts the decide clock).",
        discussion: "--checked names the items of the policy's evidence checklist found satisfied, by number (1,2,4) or 'all'; `casedesk show ID` lists the checklist, numbered in order.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Argument(help: "actionable or not-actionable.") var decision: String
    @Option(help: "Why.") var reason: String
    @Option(help: ArgumentHelp("The checklist items satisfied: numbers, comma-separated, or all.", valueName: "ITEMS")) var checked: String?
    @Option(help: ArgumentHelp("When it was judged (default: now).", valueName: "TIME")) var at: String?

    func change(_ session: Session, now: Date) throws -> Change {
        let actionable: Bool
        switch decision.lowercased() {
        case "actionable": actionable = true
        case "not-actionable", "not_actionable", "notactionable": actionable = false
        default: throw CLIError.usage("\"\(decision)\": say actionable or not-actionable")
        }
        let checklist = session.procedure.policy.abuse.evidenceChecklist
        var items: [String] = []
        if let checked {
            if checked.lowercased() == "all" {
                items = checklist
            } else {
                for part in checked.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
                    guard let number = Int(part), (1...checklist.count).contains(number) else {
                        throw CLIError.usage("--checked \"\(part)\": the checklist has items 1 to \(checklist.count): "
                            + checklist.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: "; "))
                    }
                    if !items.contains(checklist[number - 1]) { items.append(checklist[number - 1]) }
                }
            }
        }
        let judgedAt = try at.map { try parseMoment($0, option: "--at", calendar: session.calendar, default: now) }
        return .evidenceJudged(.init(actionable: actionable, reason: reason, checked: checklist.filter(items.contains), at: judgedAt))
    }
}

struct MitigateCommand: CaseWrite {
    static let configuration = CommandConfiguration(
        commandName: "mitigate",
        abstract: "Record a mitigation action on an abuse report with its evidence, or undo one (--undo ACTION --reason).",
        discussion: """
            Actions: \(MitigationAction.allCases.map(\.rawValue).joined(separator: ", ")). registrant-notified needs \
            --deadline; forwarded means the name is not ours (then close --reason not-ours). Undo (a hold lifted) is its \
            own move: casedesk mitigate ID --undo client-hold --reason TEXT. Client hold, transfer lock, registry-asked \
            and dns-changed can be undone.
            """)
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Argument(help: "The action taken.") var actionName: String?
    @Option(help: ArgumentHelp("The same as the ACTION argument (older scripts).", visibility: .hidden)) var action: String?
    @Option(help: "The evidence it rests on.") var evidence: String?
    @Option(help: ArgumentHelp("When it was done (default: now).", valueName: "TIME")) var at: String?
    @Option(help: ArgumentHelp("registrant-notified: the deadline to act by.", valueName: "TIME")) var deadline: String?
    @Option(help: ArgumentHelp("Take this action back (a hold lifted) instead.", valueName: "ACTION")) var undo: String?
    @Option(help: "Why it is undone (with --undo).") var reason: String?

    func validate() throws {
        if let undo {
            if actionName != nil || action != nil || evidence != nil || deadline != nil {
                throw ValidationError("--undo \(undo) takes only --reason and --at")
            }
            if reason == nil { throw ValidationError("--undo needs --reason") }
        } else {
            if (actionName ?? action) == nil { throw ValidationError("say the action (\(MitigationAction.allCases.map(\.rawValue).joined(separator: ", "))) or --undo ACTION") }
            if evidence == nil { throw ValidationError("a mitigation needs --evidence") }
            if reason != nil { throw ValidationError("--reason goes with --undo; a mitigation carries --evidence") }
        }
    }

    func change(_ session: Session, now: Date) throws -> Change {
        let takenAt = try at.map { try parseMoment($0, option: "--at", calendar: session.calendar, default: now) }
        if let undo {
            return .mitigationUndone(.init(action: MitigationAction(name: undo)?.rawValue ?? undo, reason: reason ?? "", at: takenAt))
        }
        let name = actionName ?? action ?? ""
        let deadlineAt = try deadline.map { try parseMoment($0, option: "--deadline", calendar: session.calendar, default: now) }
        return .mitigated(.init(action: MitigationAction(name: name)?.rawValue ?? name, evidence: evidence ?? "", at: takenAt,
                                deadline: deadlineAt))
    }
}

struct AssociatedNamesCommand: CaseWrite {
    static let configuration = CommandConfiguration(
        commandName: "associated-names",
        abstract: "After a mitigation: record the review of the registrant's other names (how many reviewed, which found abusive).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var target: CaseTarget
    @Option(parsing: .unconditional, help: "How many of the registrant's other names were reviewed.") var reviewed: Int
    @Option(help: ArgumentHelp("The names found used for abuse too, comma-separated.", valueName: "NAMES")) var found: String?
    @Option(help: "A note on the review.") var note: String?

    func change(_ session: Session, now: Date) throws -> Change {
        let names = try parseDomains((found ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        return .associatedNamesReviewed(.init(reviewed: reviewed, found: names.map(\.unicode), note: note))
    }
}
