/// How an abuse clock counts its hours: every hour of the day in UTC (the contract's "within 24
/// hours"), or only the desk's hours on business days (a desk without a night shift may choose it).
public enum HourCounting: String, CaseIterable, Codable, Sendable, Hashable {
    case aroundTheClock = "around-the-clock"
    case deskHours = "desk-hours"
}

/// The hours the desk counts on each business day of the calendar (desk time), for clocks counted
/// in desk hours: 08:00–18:00 unless the policy says otherwise.
public struct DeskHours: Sendable, Equatable, Codable {
    /// Minutes after midnight, desk time; `start < end`.
    public var start: Int
    public var end: Int

    public init(start: Int = 8 * 60, end: Int = 18 * 60) {
        self.start = start
        self.end = end
    }

    /// "08:00–18:00".
    public var text: String { "\(Shifts.clock(start))–\(Shifts.clock(end))" }
}
