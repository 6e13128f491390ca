import CaseDesk
import CaseDeskConfig
import Foundation

/// A change of the policy or the calendar, as an admin asks for it: a new version of the rules in
/// force from a moment (now, or later). Clocks already running keep the rules they started under
/// unless `rebaseOpen` moves them, each with an event in its case's trail saying why.
public struct RuleChange: Sendable, Equatable {
    public enum Setting: String, Sendable {
        case policy
        case calendar
    }

    public var setting: Setting
    /// The file's text; nil for the built-in defaults.
    public var text: String?
    /// Where the text was read from, for mistakes.
    public var file: String
    /// When the new rules take effect; nil: at once. Never before now, nor before the newest
    /// version's own moment (versions take effect in the order they are made).
    public var from: Date?
    /// Whether open clocks follow the new rules (each moved clock gets an event) or keep theirs.
    public var rebaseOpen: Bool

    public init(setting: Setting, text: String?, file: String, from: Date? = nil, rebaseOpen: Bool = false) {
        self.setting = setting
        self.text = text
        self.file = file
        self.from = from
        self.rebaseOpen = rebaseOpen
    }
}

/// One running clock whose due moment would move (or moved) if it followed new rules.
public struct ClockMove: Sendable, Equatable {
    public var caseNumber: CaseNumber
    public var clock: Clock.Kind
    /// The due moment under the rules it keeps, and under the new ones.
    public var from: Date
    public var to: Date
    /// What changed, in words.
    public var reason: String

    public init(caseNumber: CaseNumber, clock: Clock.Kind, from: Date, to: Date, reason: String) {
        self.caseNumber = caseNumber
        self.clock = clock
        self.from = from
        self.to = to
        self.reason = reason
    }
}

/// What a change of the rules does, or would do (a dry run).
public struct RuleChangeReport: Sendable, Equatable {
    /// The number of the new version of the rules.
    public var version: Int
    /// When it takes effect.
    public var from: Date
    /// The open clocks whose due moment moves if they follow the new rules, by case and clock.
    public var moves: [ClockMove]
    /// Written (false for a dry run).
    public var applied: Bool
    /// The moves were recorded in the cases' trails (`rebaseOpen`).
    public var rebased: Bool

    public init(version: Int, from: Date, moves: [ClockMove], applied: Bool, rebased: Bool) {
        self.version = version
        self.from = from
        self.moves = moves
        self.applied = applied
        self.rebased = rebased
    }
}

/// The versions of the rules as the desk trail records them: every `policy_set` and
/// `calendar_set` event adds one, in force from its `from` (its recording time when it has none).
/// Backend-neutral: the store and `verify` replay the same events the same way.
struct RuleHistory {
    private(set) var procedure = Procedure()
    private(set) var settings = StoreSettings()

    /// Adds the version a settings event makes. Throws when the text it sets cannot be read.
    mutating func apply(_ event: StoredDeskEvent, data: [String: String]) throws {
        let text = data["after"] == "(built-in default)" ? nil : data["after"]
        let from = RuleHistory.from(data, recordedMs: event.recordedMs)
        var policy = procedure.policy
        var calendar = procedure.calendar
        if event.type == "policy_set" {
            settings.policyText = text
            policy = try text.map { try PolicyFile.parse(text: $0, file: "the policy of desk event \(event.id)") } ?? .standard
        } else {
            settings.calendarText = text
            calendar = try text.map { try CalendarFile.parse(text: $0, file: "the calendar of desk event \(event.id)") } ?? .saarland
        }
        procedure = procedure.adding(policy: policy, calendar: calendar, from: from)
    }

    /// The moment a settings event's rules take effect.
    static func from(_ data: [String: String], recordedMs: Int64) -> Date {
        Millis.date(data["from"].flatMap { Int64($0) } ?? recordedMs)
    }

    /// The procedure the store's settings events make, oldest first.
    static func procedure(_ events: [StoredDeskEvent]) throws -> Procedure {
        var history = RuleHistory()
        for event in events where event.type == "policy_set" || event.type == "calendar_set" {
            let data = try EventCoding.decoder().decode([String: String].self, from: Data(event.data.utf8))
            try history.apply(event, data: data)
        }
        return history.procedure
    }
}

/// Which running clocks of a case move when they follow new rules, and why.
enum RulePlan {
    /// The clocks of `state` (open) that would move from the rules they keep under `current` to
    /// the newest version of `next`.
    static func moves(_ state: CaseState, current: Procedure, next: Procedure, now: Date) -> [ClockMove] {
        guard state.isOpen else { return [] }
        let version = next.currentVersion
        var moves: [ClockMove] = []
        for clock in current.clocks(state, now: now, explained: false) where isMovable(clock.status) {
            if next.version(for: clock.kind, startedAt: clock.start, in: state) == version { continue }
            var followed = state
            followed.fold(Event(caseNumber: state.number, sequence: state.version + 1, recorded: now, actor: "", change:
                .clockRebased(.init(clock: clock.kind, version: version, from: clock.due, to: clock.due, reason: "-"))))
            guard let moved = next.clocks(followed, now: now, explained: false).first(where: { $0.kind == clock.kind }),
                  moved.due != clock.due else { continue }
            let old = current.rules(for: clock.kind, startedAt: clock.start, in: state)
            let new = next.rules(version: version) ?? next
            moves.append(ClockMove(caseNumber: state.number, clock: clock.kind, from: clock.due, to: moved.due,
                                   reason: reason(clock, old: old, new: new, newDue: moved.due, newHours: moved.hours)))
        }
        return moves
    }

    /// A running clock, or one paused while the desk waits on the customer.
    static func isMovable(_ status: Clock.Status) -> Bool {
        switch status {
        case .open, .overdue, .paused: true
        default: false
        }
    }

    /// What differs between the two versions for this clock: its number of days, and the days
    /// from its start to the later of its two due moments that one calendar counts and the other not.
    static func reason(_ clock: Clock, old: Procedure, new: Procedure, newDue: Date, newHours: Int? = nil) -> String {
        var parts: [String] = []
        if clock.kind.isHours {
            if let oldHours = clock.hours, let newHours, oldHours != newHours {
                parts.append("policy changed: \(clock.kind.title) \(oldHours) → \(newHours) hours")
            }
            if old.policy.abuse.counting != new.policy.abuse.counting || old.policy.abuse.deskHours != new.policy.abuse.deskHours {
                parts.append("policy changed: hours counted \(old.policy.abuse.counting.rawValue) → \(new.policy.abuse.counting.rawValue)")
            }
        } else {
            let oldDays = days(clock.kind, old.policy)
            let newDays = days(clock.kind, new.policy)
            if oldDays != newDays {
                parts.append("policy changed: \(clock.kind.title) \(oldDays) → \(newDays) business days")
            }
        }
        var calendarParts: [String] = []
        if old.calendar.timeZone.identifier != new.calendar.timeZone.identifier {
            calendarParts.append("time zone \(old.calendar.timeZone.identifier) → \(new.calendar.timeZone.identifier)")
        }
        let first = old.calendar.localDate(of: clock.start)
        let last = max(old.calendar.localDate(of: clock.due), new.calendar.localDate(of: newDue))
        var day = first
        while day <= last, calendarParts.count < 6 {
            let before = old.calendar.status(of: day)
            let after = new.calendar.status(of: day)
            if before != after {
                calendarParts.append(difference(day, before: before, after: after))
            }
            day = day.next
        }
        if !calendarParts.isEmpty { parts.append("calendar changed: " + calendarParts.joined(separator: ", ")) }
        return parts.isEmpty ? "the rules changed" : parts.joined(separator: "; ")
    }

    private static func difference(_ day: LocalDate, before: BusinessCalendar.DayStatus, after: BusinessCalendar.DayStatus) -> String {
        switch (before, after) {
        case let (.business, .holiday(name)): "holiday \(day) added (\(name))"
        case let (.business, .closure(name)): "closure day \(day) added (\(name))"
        case (.business, .weekend): "\(day) is no longer in the working week"
        case let (.holiday(name), .business): "holiday \(day) removed (\(name))"
        case let (.closure(name), .business): "closure day \(day) removed (\(name))"
        case (.weekend, .business): "\(day) is now in the working week"
        default: "\(day): \(before.reason) → \(after.reason)"
        }
    }

    private static func days(_ kind: Clock.Kind, _ policy: Policy) -> Int {
        switch kind {
        case .supervisorTarget: policy.supervisorTargetDays ?? 0
        case .acknowledge: policy.acknowledgeDays
        case .respond: policy.respondDays
        case .window: policy.escalationWindowDays
        case .escalationAcknowledge: policy.escalationAcknowledgeDays
        case .finalResponse: policy.finalResponseDays
        case .confirmReceipt, .review, .decide: 0
        }
    }
}
