import CaseDesk
import Foundation

/// What statistics need of one case, as small integers in the `case_figures` row: derivable from
/// the trail like the projection (verify rebuilds and compares it), and compact so a million cases
/// are counted in one scan.
struct CaseFigures: Equatable, Sendable {
    /// The clocks that statistics judge (the customer's window is the customer's, not the desk's).
    static let clockKinds: [Clock.Kind] = [.supervisorTarget, .acknowledge, .respond, .escalationAcknowledge, .finalResponse]

    enum ClockState: Int64 {
        case running = 1, met, missed, notDue, paused

        /// The word exports use.
        var name: String {
            switch self {
            case .running: "running"
            case .met: "met"
            case .missed: "missed"
            case .notDue: "not_due"
            case .paused: "paused"
            }
        }
    }

    var number: CaseNumber
    /// The desk-time receipt date as a day number (days since 1970-01-01).
    var receivedDay: Int64
    var kind: Int64
    var category: Int64?
    var channel: Int64
    /// 1 supervisor … 4 final response: the furthest stage the case ever reached.
    var stage: Int64
    /// 0 open, else 1 + the index of the close reason.
    var outcome: Int64
    var escalated: Bool
    var headAnswered: Bool
    /// Per clock kind (in `clockKinds` order): its state and due moment, nil when it does not exist.
    var clocks: [(state: ClockState, due: Int64)?]
    /// Business seconds from the formal complaint to its acknowledgement (or answer), and to the answer.
    var acknowledgeSeconds: Int64?
    var respondSeconds: Int64?
    /// A complaint's type and a feedback's team as 1 + their place in the policy's list, 0 for a name
    /// the policy no longer lists, nil for none (the policy's lists are reprojected when it changes).
    var complaintType: Int64?
    var team: Int64?

    static func == (lhs: CaseFigures, rhs: CaseFigures) -> Bool { lhs.values == rhs.values }

    init(_ state: borrowing CaseState, procedure: borrowing Procedure) {
        self.init(state, procedure: procedure, clocks: CaseProjection.clocks(state, procedure: procedure))
    }

    init(_ state: borrowing CaseState, procedure: borrowing Procedure, clocks all: borrowing [Clock]) {
        number = state.number
        // Counted on the calendar each measure started under: a later calendar never changes the past.
        receivedDay = Int64(procedure.rules(inForceAt: state.intake.received).calendar.localDate(of: state.intake.received).dayNumber)
        kind = Int64(CaseKind.allCases.firstIndex(of: state.kind)!)
        category = state.intake.category.map { Int64(AbuseCategory.allCases.firstIndex(of: $0)!) }
        channel = Int64(Channel.allCases.firstIndex(of: state.intake.channel)!)
        stage = Int64(state.furthestStage.order)
        outcome = state.closure.map { Int64(CloseReason.allCases.firstIndex(of: $0.reason)! + 1) } ?? 0
        escalated = if case .some = state.escalation { true } else { false }  // not `!= nil`, which copies the record
        headAnswered = state.head?.firstAnswer != nil
        clocks = CaseFigures.clockKinds.map { kind in
            all.first { $0.kind == kind }.map { clock in
                let code: ClockState = switch clock.status {
                case .open, .overdue: .running
                case .met: .met
                case .missed, .unkept: .missed
                case .paused: .paused
                case .notDue, .ended: .notDue
                }
                return (code, Millis.from(clock.due))
            }
        }
        if let head = state.head {
            let calendar = procedure.rules(for: .respond, startedAt: head.received, in: state).calendar
            let answered = head.firstAnswer?.sent.at
            let acknowledged = [head.acknowledged?.at, answered].compactMap { $0 }.min()
            acknowledgeSeconds = acknowledged.map { Int64(calendar.businessSeconds(from: head.received, to: $0)) }
            respondSeconds = answered.map { Int64(calendar.businessSeconds(from: head.received, to: $0)) }
        }
        complaintType = state.complaintType.map { CaseFigures.code($0, in: procedure.policy.complaintTypes) }
        team = state.team.map { CaseFigures.code($0, in: procedure.policy.feedbackTeams) }
    }

    static func code(_ name: String, in list: [String]) -> Int64 {
        list.firstIndex(of: name).map { Int64($0 + 1) } ?? 0
    }

    init(values: [Int64?]) {
        number = values[0] ?? 0
        receivedDay = values[1] ?? 0
        kind = values[2] ?? 0
        category = values[3]
        channel = values[4] ?? 0
        stage = values[5] ?? 1
        outcome = values[6] ?? 0
        escalated = values[7] == 1
        headAnswered = values[8] == 1
        clocks = CaseFigures.clockKinds.indices.map { index in
            guard let code = values[9 + 2 * index].flatMap(ClockState.init(rawValue:)), let due = values[10 + 2 * index] else { return nil }
            return (code, due)
        }
        acknowledgeSeconds = values[9 + 2 * CaseFigures.clockKinds.count]
        respondSeconds = values[10 + 2 * CaseFigures.clockKinds.count]
        complaintType = values[11 + 2 * CaseFigures.clockKinds.count]
        team = values[12 + 2 * CaseFigures.clockKinds.count]
    }

    static let columns: [String] = ["id", "received_day", "kind", "category", "channel", "stage", "outcome", "escalated", "head_answered"]
        + clockKinds.flatMap { kind in
            let name = kind.rawValue.replacingOccurrences(of: "-", with: "_")
            return ["\(name)_state", "\(name)_due"]
        } + ["ack_seconds", "respond_seconds", "complaint_type", "team"]

    /// The row's values in `columns` order.
    var values: [Int64?] {
        var values: [Int64?] = []
        values.reserveCapacity(CaseFigures.columns.count)
        forEachValue { values.append($0) }
        return values
    }

    /// The row's values in `columns` order, one by one (a demo load packs a million rows: no array each).
    func forEachValue(_ body: (Int64?) -> Void) {
        body(number)
        body(receivedDay)
        body(kind)
        body(category)
        body(channel)
        body(stage)
        body(outcome)
        body(escalated ? 1 : 0)
        body(headAnswered ? 1 : 0)
        for clock in clocks {
            body(clock?.state.rawValue)
            body(clock?.due)
        }
        body(acknowledgeSeconds)
        body(respondSeconds)
        body(complaintType)
        body(team)
    }

    static let upsertSQL = "INSERT INTO case_figures (\(columns.joined(separator: ", "))) VALUES ("
        + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ") ON CONFLICT (id) DO UPDATE SET "
        + columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")

    /// The table as migration 3 created it; later columns come with their own migrations.
    static let createSQL = "CREATE TABLE case_figures (id INTEGER PRIMARY KEY, "
        + columns.dropFirst().dropLast(2).map { "\($0) INTEGER" }.joined(separator: ", ") + ")"
}
