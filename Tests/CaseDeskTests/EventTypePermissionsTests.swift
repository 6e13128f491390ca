import CaseDesk
import Foundation
import Testing

/// The permission table by event type, which a database's trigger checks: derived from `Permissions.table`.
@Suite("Who may append which event type")
struct EventTypePermissionsTests {
    @Test("every action of the table is recorded by some event type, so none escapes the database's check")
    func everyActionHasAnEventType() {
        let recorded = Set(Permissions.actionsByEventType.values.flatMap { $0 })
        let granted = Set(Permissions.table.flatMap(\.actions))
        #expect(granted.subtracting(recorded).isEmpty, "\(granted.subtracting(recorded))")
    }

    @Test("a type is allowed to a role exactly when the table grants the role an action it records")
    func typesFollowTheTable() {
        #expect(Permissions.eventTypes(for: .viewer) == ["note", "handover_note", "handover_read", "lapsed"])
        #expect(!Permissions.eventTypes(for: .supervisor).contains("acknowledged"))
        #expect(Permissions.eventTypes(for: .head).contains("acknowledged"))
        #expect(Permissions.eventTypes(for: .abuse).isSuperset(of: ["acknowledged", "mitigated", "linked", "unlinked"]))
        #expect(Permissions.eventTypes(for: .admin) == ["staff_added", "staff_roles_changed", "staff_removed", "policy_set",
                                                        "calendar_set", "demo_loaded", "clock_rebased", "handover_read", "lapsed"])
    }
}
