import CaseDesk
import Foundation
import TerminalKit

/// Times as people type them into forms: `2027-03-25 14:05` in desk time (or a bare date, or ISO 8601
/// with an offset), never in the future.
enum DeskTime {
    static func inputText(_ instant: Date, calendar: BusinessCalendar) -> String {
        let wall = calendar.wallClock(instant)
        return String(format: "%@ %02d:%02d", wall.date.description, wall.hour, wall.minute)
    }

    /// The check of a time field: readable, and not later than the minute the form opened.
    static func momentProblem(calendar: BusinessCalendar, now: Date) -> FormField.Validator {
        { text in
            guard let moment = calendar.parseMoment(text) else {
                return "write a time as 2027-03-25 14:05 (desk time), or a date"
            }
            if moment > now.addingTimeInterval(60) { return "\(calendar.readable(moment)) is in the future" }
            return nil
        }
    }

    /// A typed time; the text the field was filled in with stands for the moment the form opened.
    static func moment(_ text: String, field: String, opened: Date, calendar: BusinessCalendar) throws(FieldProblem) -> Date {
        if text == inputText(opened, calendar: calendar) { return opened }
        guard let date = calendar.parseMoment(text) else {
            throw FieldProblem(field: field, message: "write a time as 2027-03-25 14:05 (desk time), or a date")
        }
        return date
    }

    /// The header's clock: "Wed 25 Nov 17:23", or just "17:23" when room is short.
    static func headerText(_ now: Date, calendar: BusinessCalendar, short: Bool) -> String {
        let wall = calendar.wallClock(now)
        let time = String(format: "%02d:%02d", wall.hour, wall.minute)
        return short ? time : "\(wall.date.readableShort) \(time)"
    }
}
