/// The permission table read by event type, for a database that checks each appended event itself
/// (PostgreSQL's trigger): it sees a row's `type`, not the action, kind and stage casedesk judges, so
/// it answers the coarser question "may this role ever append this type". Derived from `table`, so
/// the database and the store never hold two versions of who may do what.
extension Permissions {
    /// The actions an event of this type records: a case event's `Change.type`, or a desk event's type.
    /// A type absent here is appended by no desk role (only by whoever creates the store).
    public static let actionsByEventType: [String: Set<Action>] = [
        // Case events (Change.type; Action.init(Change) says which action each records).
        "received": [.intake], "assigned": [.assign], "note": [.note, .handoverNote], "acknowledged": [.acknowledge],
        "extension_notified": [.extend], "responded": [.respond], "formal_complaint": [.formal],
        "escalation_received": [.escalate], "missing_items_received": [.complete], "late_escalation_decided": [.decideLate],
        "final_response": [.final], "closed": [.close], "lapsed": [.lapse], "reopened": [.reopen], "paused": [.pause],
        "resumed": [.resume], "mitigated": [.mitigate], "routed": [.route], "categorized": [.categorize],
        "clock_rebased": [.configure], "message_received": [.fileMessage], "message_sent": [.sendLetter],
        "reporter_classified": [.classifyReporter], "receipt_confirmed": [.confirmReceipt], "evidence_judged": [.judgeEvidence],
        "mitigation_undone": [.undoMitigation], "associated_names_reviewed": [.reviewAssociatedNames],
        "linked": [.link], "unlinked": [.link],
        // Desk events.
        "staff_added": [.manageStaff], "staff_roles_changed": [.manageStaff], "staff_removed": [.manageStaff],
        "policy_set": [.configure], "calendar_set": [.configure], "demo_loaded": [.configure],
        "handover_note": [.handoverNote],
    ]

    /// Desk events any member of the staff may append, whatever their role.
    public static let everyMembersEventTypes: Set<String> = ["handover_read"]

    /// The event types a member holding `role` may append (on some case, at some stage).
    public static func eventTypes(for role: Role) -> Set<String> {
        let actions = Set(table.filter { $0.role == role }.flatMap(\.actions))
        return Set(actionsByEventType.filter { !$0.value.isDisjoint(with: actions) }.keys).union(everyMembersEventTypes)
    }

    /// Whether `role` holds one of `actions` in some row: the tables a role writes follow from it.
    public static func holds(_ role: Role, anyOf actions: Set<Action>) -> Bool {
        table.contains { $0.role == role && !$0.actions.isDisjoint(with: actions) }
    }
}
