import CaseDesk
import CaseDeskConfig
import Foundation

/// Re-judges the record as `verify` reads it: the desk trail replayed into the staff and settings
/// in force at each place of the trail, and every case event judged again by the procedure and the
/// permission table as they stood when it was written. Backend-neutral: it sees stored rows only.
struct TrailJudge {
    /// Events placed in the trail by the order of their times when the trail was first linked
    /// (migration 4): for those, the staff they were written under is not known exactly, so an
    /// account may use any role it held up to then.
    let linkedByTime: Int64
    private(set) var problems: [String] = []
    /// The staff and the settings as the desk trail leaves them (compared with the tables).
    private(set) var staff: [String: StaffMember] = [:]
    var settings: StoreSettings { rules.settings }
    private var staffHistory: [String: [(position: Int64, roles: Set<Role>)]] = [:]
    private var procedures: [(position: Int64, procedure: Procedure)] = [(0, Procedure())]
    /// The versions of the rules as the desk trail makes them, the same way the store does.
    private var rules = RuleHistory()
    /// The questions the permission table has allowed so far (see `permission`).
    private var allowed: Set<PermissionQuestion> = []

    init(linkedByTime: Int64) {
        self.linkedByTime = linkedByTime
    }

    /// The staff and settings history of `replayed`, without the problems its replay found.
    init(replayed: TrailJudge) {
        self = replayed
        problems = []
    }

    // MARK: The desk trail

    /// Replays the desk's events in trail order: who was on the staff with which roles, and which
    /// policy and calendar were in force; each judged by the roles its actor held at that moment.
    mutating func replayDesk(_ events: [StoredDeskEvent]) {
        for (index, event) in events.enumerated() {
            let data: [String: String]
            do {
                data = try EventCoding.decoder().decode([String: String].self, from: Data(event.data.utf8))
            } catch {
                problems.append("desk event \(event.id) (\(event.type)): cannot be read (\(error))")
                continue
            }
            let actorRoles = roles(of: event.actor, at: event.position)
            func require(_ action: Action) {
                if (try? Permissions.check(actor: event.actor, roles: actorRoles, action: action)) == nil {
                    problems.append("desk event \(event.id) (\(event.type) by \(event.actor)): the permission table refuses it (roles then: \(Role.listed(actorRoles).orNone))")
                }
            }
            switch event.type {
            case "store_created":
                if index != 0 { problems.append("desk event \(event.id): a store is created only once, by its first event") }
                setRoles(data["account"] ?? "", data["roles"] ?? "", event: event, added: true)
            case "staff_added", "staff_roles_changed", "staff_removed":
                require(.manageStaff)
                setRoles(data["account"] ?? "", data["after"] ?? "", event: event, added: event.type == "staff_added")
            case "policy_set", "calendar_set":
                require(.configure)
                setSetting(event.type == "policy_set" ? "policy" : "calendar", data, event: event)
            case "demo_loaded":
                if actorRoles.isDisjoint(with: [.admin, .head]) {
                    problems.append("desk event \(event.id) (demo_loaded by \(event.actor)): only an admin or the head may load demo cases")
                }
            case "handover_read":
                if actorRoles.isEmpty { problems.append("desk event \(event.id) (handover_read by \(event.actor)): not on the staff then") }
            case "handover_note":
                require(.handoverNote)
                if (data["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    problems.append("desk event \(event.id) (handover_note by \(event.actor)): a handover note without text")
                }
            default:
                if actorRoles.isEmpty { problems.append("desk event \(event.id) (\(event.type) by \(event.actor)): not on the staff then") }
            }
        }
    }

    private mutating func setRoles(_ account: String, _ text: String, event: StoredDeskEvent, added: Bool) {
        let roles = Role.parseListed(text)
        staffHistory[account, default: []].append((event.position, roles))
        if roles.isEmpty {
            staff[account] = nil
        } else if added || staff[account] == nil {
            staff[account] = StaffMember(account: account, roles: roles, added: Millis.date(event.recordedMs), addedBy: event.actor)
        } else {
            staff[account]?.roles = roles
        }
    }

    private mutating func setSetting(_ key: String, _ data: [String: String], event: StoredDeskEvent) {
        // New rules take effect from now or later, never earlier: they never rewrite the past.
        let from = RuleHistory.from(data, recordedMs: event.recordedMs)
        if Millis.from(from) < event.recordedMs {
            problems.append("desk event \(event.id) (\(event.type)): its rules take effect before it was recorded")
        }
        if let newest = rules.procedure.versions.last, from < newest.from {
            problems.append("desk event \(event.id) (\(event.type)): its rules take effect before those of version \(newest.number)")
        }
        do {
            try rules.apply(event, data: data)
        } catch {
            problems.append("desk event \(event.id) (\(event.type)): the \(key) it sets cannot be read: \(error)")
        }
        procedures.append((event.position, rules.procedure))
    }

    /// The account's roles just before `position` in the trail.
    func roles(of account: String, at position: Int64) -> Set<Role> {
        guard let history = staffHistory[account] else { return [] }
        if position <= linkedByTime {
            return history.filter { $0.position <= linkedByTime }.reduce(into: Set<Role>()) { $0.formUnion($1.roles) }
        }
        return history.last { $0.position < position }?.roles ?? []
    }

    /// The procedure in force just before `position`.
    func procedure(at position: Int64) -> Procedure {
        procedures.last { $0.position < position }?.procedure ?? Procedure()
    }

    // MARK: Cases

    /// Folds a case's events, judging each; the state they leave, or nil when an event cannot be read.
    mutating func judge(_ trail: [StoredEvent]) -> CaseState? {
        var state: CaseState?
        for stored in trail {
            let event: Event
            do {
                event = try stored.event()
            } catch {
                problems.append("case \(stored.caseNumber) event \(stored.sequence): cannot be read (\(error)); the case is not checked further")
                return nil
            }
            // Only written out for a problem: formatting a time for every event would double the check.
            func place() -> String {
                "case \(stored.caseNumber) event \(stored.sequence) (\(stored.type) by \(stored.actor) at \(readable(stored.recordedMs)))"
            }
            let roles = roles(of: stored.actor, at: stored.position)
            let procedure = procedure(at: stored.position)
            if let refusal = permission(event, on: state, roles: roles) {
                problems.append("\(place()): the permission table refuses it: \(refusal)")
            }
            guard let current = state else {
                do throws(TransitionError) {
                    state = try procedure.apply(event, to: nil, now: event.recorded)
                } catch {
                    problems.append("\(place()): the procedure refuses it: \(error)")
                    guard let opened = try? CaseState(opening: event) else { return nil }
                    state = opened
                }
                continue
            }
            do throws(TransitionError) {
                try procedure.check(event.change, on: current, now: event.recorded)
            } catch {
                problems.append("\(place()): the procedure refuses it: \(error)")
            }
            state?.fold(event)
        }
        return state
    }

    private mutating func permission(_ event: Event, on state: CaseState?, roles: Set<Role>) -> String? {
        if roles.isEmpty { return "\(event.actor) was not on the staff" }
        let question: PermissionQuestion
        let caseNumber: CaseNumber?
        switch event.change {
        case let .received(intake):
            question = PermissionQuestion(roles: roles, action: .intake, kind: intake.kind, stage: intake.stage)
            caseNumber = nil
        case .lapsed:
            return nil  // the passing of time: any member of the staff records it
        default:
            guard let state else { return nil }
            question = PermissionQuestion(roles: roles, action: Action(event.change), kind: state.kind, stage: state.stage)
            caseNumber = state.number
        }
        // Whether the table allows it depends on the question alone: asked once for each (asking
        // it for every event was a twentieth of verify's time); a refusal is written out each time.
        if allowed.contains(question) { return nil }
        do throws(PermissionError) {
            try Permissions.check(actor: event.actor, roles: roles, action: question.action, caseNumber: caseNumber,
                                  kind: question.kind, stage: question.stage)
            allowed.insert(question)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// What the permission table is asked for an event.
    private struct PermissionQuestion: Hashable {
        var roles: Set<Role>
        var action: Action
        var kind: CaseKind?
        var stage: Stage?
    }

    mutating func report(_ problem: String) { problems.append(problem) }

    /// The staff table is a projection of the desk trail: the same people, roles, and who added them when.
    mutating func compareStaff(_ stored: [String: StaffMember]) {
        for account in Set(stored.keys).union(staff.keys).sorted() {
            switch (stored[account], staff[account]) {
            case let (kept?, trail?) where kept != trail:
                report("staff \(account): the table says roles \(Role.listed(kept.roles)) added by \(kept.addedBy), the desk trail says \(Role.listed(trail.roles)) added by \(trail.addedBy)")
            case (_?, nil):
                report("staff \(account): on the staff table, but the desk trail never added them (or removed them)")
            case (nil, _?):
                report("staff \(account): the desk trail has them on the staff, the table does not")
            default:
                break
            }
        }
    }

    private func readable(_ milliseconds: Int64) -> String {
        procedure(at: .max).calendar.readable(Millis.date(milliseconds))
    }
}

private extension String {
    var orNone: String { isEmpty ? "none" : self }
}
