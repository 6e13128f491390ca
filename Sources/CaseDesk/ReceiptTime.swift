import Foundation

/// Which moments can be when something reached the desk. The receipt time starts the procedure's
/// clocks, so a moment from a broken clock or a typing slip (1970, 2206) must not become one:
/// nothing reached this desk before 1990, and a sender's clock may run fast by a day at most.
public enum ReceiptTime {
    /// 1990-01-01T00:00:00Z.
    public static let earliest = Date(timeIntervalSince1970: 631_152_000)
    /// How far ahead of the desk's clock a mail's Date may be and still be read as a receipt time.
    public static let allowedAhead: TimeInterval = 86_400

    /// Why `moment` cannot be a receipt time at `now`, or nil when it can.
    public static func problem(with moment: Date, now: Date) -> String? {
        if moment < earliest { return "it is before 1990" }
        if moment > now.addingTimeInterval(allowedAhead) { return "it is more than a day ahead of now" }
        return nil
    }
}
