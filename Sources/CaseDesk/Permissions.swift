/// Who may do what, as one table (PROCEDURE.md, "Roles"). The store consults it before every write;
/// screens consult it only to grey out what would be refused anyway.
public enum Permissions {
    /// One row: a role may do these actions on cases of these kinds at these stages.
    public struct Grant: Sendable, Hashable {
        public var role: Role
        public var actions: Set<Action>
        public var kinds: Set<CaseKind>
        public var stages: Set<Stage>
    }

    private static let allKinds = Set(CaseKind.allCases)
    private static let procedureKinds: Set<CaseKind> = [.complaint, .abuse]
    private static let allStages = Set(Stage.allCases)
    private static let laterStages: Set<Stage> = [.headOfSupport, .escalation, .finalResponse]
    private static let caseKeeping: Set<Action> = [.assign, .note, .handoverNote]
    /// Mail in and letters out. The stage's own event that a letter goes with (acknowledged,
    /// responded, …) is checked on its own, so this grants only the filing of the message.
    /// Working an abuse report under the registrar's contract: reporter class, confirmation of
    /// receipt, evidence, mitigation and its undoing, the registrant's other names.
    private static let abuseWork: Set<Action> = [.classifyReporter, .confirmReceipt, .judgeEvidence, .mitigate, .undoMitigation,
                                                .reviewAssociatedNames]
    private static let correspondence: Set<Action> = [.fileMessage, .sendLetter]

    public static let table: [Grant] = [
        // Customer-service supervisors: first line for complaints and feedback.
        Grant(role: .supervisor, actions: [.intake], kinds: allKinds, stages: [.supervisor, .headOfSupport]),
        Grant(role: .supervisor, actions: caseKeeping, kinds: allKinds, stages: allStages),
        Grant(role: .supervisor, actions: [.respond, .close], kinds: [.complaint, .feedback], stages: [.supervisor]),
        Grant(role: .supervisor, actions: [.formal], kinds: [.complaint], stages: [.supervisor]),
        // Recording that a customer's letter arrived is taking it in: the escalation itself, or the
        // items it lacked. Deciding on it (late, final response) stays with the head.
        Grant(role: .supervisor, actions: [.escalate], kinds: [.complaint], stages: [.headOfSupport]),
        Grant(role: .supervisor, actions: [.complete], kinds: [.complaint], stages: [.escalation]),
        // Feedback goes to the competent team; complaints are counted by type at any stage.
        Grant(role: .supervisor, actions: [.route], kinds: [.feedback], stages: [.supervisor]),
        Grant(role: .supervisor, actions: [.categorize], kinds: [.complaint], stages: allStages),
        // Abuse specialists: the same for abuse reports, and abuse reports at stage 2.
        Grant(role: .abuse, actions: [.intake], kinds: allKinds, stages: [.supervisor, .headOfSupport]),
        Grant(role: .abuse, actions: caseKeeping, kinds: allKinds, stages: allStages),
        Grant(role: .abuse, actions: [.respond, .close, .formal], kinds: [.abuse], stages: [.supervisor]),
        Grant(role: .abuse, actions: [.acknowledge, .extend, .respond, .close], kinds: [.abuse], stages: [.headOfSupport]),
        Grant(role: .abuse, actions: abuseWork, kinds: [.abuse], stages: allStages),
        Grant(role: .abuse, actions: [.escalate], kinds: [.abuse], stages: [.headOfSupport]),
        Grant(role: .abuse, actions: [.complete], kinds: [.abuse], stages: [.escalation]),
        // The head of customer support: everything at stages 2–4, late escalations, reopening.
        Grant(role: .head, actions: [.intake], kinds: procedureKinds, stages: [.headOfSupport]),
        Grant(role: .head, actions: caseKeeping.union([.reopen]), kinds: allKinds, stages: allStages),
        Grant(role: .head, actions: [.formal], kinds: procedureKinds, stages: [.supervisor]),
        Grant(role: .head, actions: [.categorize], kinds: [.complaint], stages: allStages),
        Grant(
            role: .head,
            actions: [.acknowledge, .extend, .respond, .escalate, .complete, .decideLate, .final, .close,
                      .pause, .resume, .mitigate],
            kinds: allKinds, stages: laterStages),
        Grant(role: .head, actions: abuseWork, kinds: [.abuse], stages: laterStages),
        // Whoever works cases files the mail that arrives for them and sends their letters.
        Grant(role: .supervisor, actions: correspondence, kinds: allKinds, stages: allStages),
        Grant(role: .abuse, actions: correspondence, kinds: allKinds, stages: allStages),
        Grant(role: .head, actions: correspondence, kinds: allKinds, stages: allStages),
        // Incidents group abuse reports; whoever works them links and unlinks them.
        Grant(role: .abuse, actions: [.link], kinds: [.abuse], stages: allStages),
        Grant(role: .head, actions: [.link], kinds: [.abuse], stages: allStages),
        // Viewers read everything and write handover notes only.
        Grant(role: .viewer, actions: [.handoverNote], kinds: allKinds, stages: allStages),
        // Administrators manage staff, policy and calendar.
        Grant(role: .admin, actions: [.manageStaff, .configure], kinds: allKinds, stages: allStages),
    ] + Role.allCases.map {
        // A lapse is the passing of time, recorded by whichever process notices it first.
        Grant(role: $0, actions: [.lapse], kinds: procedureKinds, stages: [.headOfSupport])
    }

    /// Whether any of `roles` may do `action`; `kind` and `stage` are nil for actions not on a case.
    /// Whether anyone may do the action on cases of this kind at some stage: a move that no row
    /// grants for the kind does not apply to it (screens leave it out of their menus).
    public static func grants(_ action: Action, kind: CaseKind) -> Bool {
        table.contains { $0.actions.contains(action) && $0.kinds.contains(kind) }
    }

    public static func allows(_ roles: Set<Role>, _ action: Action, kind: CaseKind?, stage: Stage?) -> Bool {
        table.contains { grant in
            roles.contains(grant.role) && matches(grant, action, kind, stage)
        }
    }

    /// The roles that could do it: what a refusal tells the person to ask for.
    public static func rolesAllowed(_ action: Action, kind: CaseKind?, stage: Stage?) -> [Role] {
        let roles = Set(table.filter { matches($0, action, kind, stage) }.map(\.role))
        return Role.allCases.filter(roles.contains)
    }

    /// Refuses with a message naming the role that could; a nobody-may case is left to the procedure,
    /// whose refusal says why (no acknowledgement at stage 1, say).
    public static func check(
        actor: String, roles: Set<Role>, action: Action, caseNumber: CaseNumber? = nil,
        kind: CaseKind? = nil, stage: Stage? = nil
    ) throws(PermissionError) {
        // Allowed is the common answer: asked first, so the refusal's list is built only for a refusal.
        guard !allows(roles, action, kind: kind, stage: stage) else { return }
        let could = rolesAllowed(action, kind: kind, stage: stage)
        guard !could.isEmpty else { return }
        throw PermissionError(actor: actor, roles: roles, action: action, caseNumber: caseNumber,
                              kind: kind, stage: stage, rolesThatCould: could)
    }

    private static func matches(_ grant: Grant, _ action: Action, _ kind: CaseKind?, _ stage: Stage?) -> Bool {
        grant.actions.contains(action)
            && (kind.map(grant.kinds.contains) ?? true)
            && (stage.map(grant.stages.contains) ?? true)
    }
}

/// A write refused because of who asked.
public struct PermissionError: Error, Equatable, Sendable, CustomStringConvertible {
    public var actor: String
    public var roles: Set<Role>
    public var action: Action
    public var caseNumber: CaseNumber?
    public var kind: CaseKind?
    public var stage: Stage?
    public var rolesThatCould: [Role]

    public var description: String {
        let held = roles.isEmpty ? "no role" : Role.allCases.filter(roles.contains).map(\.rawValue).joined(separator: ", ")
        var target = caseNumber.map { "case \($0)" } ?? (action == .intake ? "new cases" : "this desk")
        if let kind, let stage, caseNumber != nil {
            target += " (\(kind.rawValue) at the \(stage.title) stage)"
        } else if let kind, let stage {
            target = "\(kind.withArticle) at the \(stage.title) stage"
        }
        let could = rolesThatCould.map(\.rawValue).joined(separator: " or ")
        return "\(actor) (\(held)) may not \(action.verb) \(target): that takes the role \(could)"
    }
}
