import Foundation

/// Instants shown in desk time: every screen and command shows times the way the desk reads them.
extension BusinessCalendar {
    /// The wall-clock parts of an instant in desk time.
    public func wallClock(_ instant: Date) -> (date: LocalDate, hour: Int, minute: Int, second: Int, offset: Int) {
        let seconds = Int(floor(instant.timeIntervalSince1970))
        let offset = self.offset(at: seconds)
        let local = seconds + offset
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secs = local - day * 86_400
        return (LocalDate(dayNumber: day), secs / 3600, (secs % 3600) / 60, secs % 60, offset)
    }

    /// ISO 8601 with the desk zone's offset, to the second: `2027-03-31T23:59:59+02:00`.
    public func iso8601(_ instant: Date) -> String {
        let w = wallClock(instant)
        let sign = w.offset < 0 ? "-" : "+"
        let off = abs(w.offset)
        return String(format: "%@T%02d:%02d:%02d%@%02d:%02d", w.date.description, w.hour, w.minute, w.second,
                      sign, off / 3600, (off % 3600) / 60)
    }

    /// "Tue 30 Mar 2027 14:05".
    public func readable(_ instant: Date) -> String {
        let w = wallClock(instant)
        return String(format: "%@ %02d:%02d", w.date.readable, w.hour, w.minute)
    }

    /// "Tue 30 Mar 14:05" — for columns; the year is dropped when it is the year of `now`.
    public func readableShort(_ instant: Date, now: Date) -> String {
        let w = wallClock(instant)
        let day = w.date.year == localDate(of: now).year ? w.date.readableShort : w.date.readable
        return String(format: "%@ %02d:%02d", day, w.hour, w.minute)
    }

    /// Parses what a person types for a moment: ISO 8601 with `Z` or an offset (seconds optional),
    /// `YYYY-MM-DDTHH:MM` or `YYYY-MM-DD HH:MM` in desk time, or a bare date (midnight, desk time).
    public func parseMoment(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = LocalDate(trimmed) { return startOfDay(date) }
        let normalized = trimmed.replacingOccurrences(of: " ", with: "T")
        guard normalized.count >= 16 else { return nil }
        let datePart = String(normalized.prefix(10))
        guard let date = LocalDate(datePart), normalized[normalized.index(normalized.startIndex, offsetBy: 10)] == "T" else {
            return nil
        }
        var rest = Substring(normalized.dropFirst(11))
        func number(_ count: Int) -> Int? {
            guard rest.count >= count, rest.prefix(count).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            let value = Int(rest.prefix(count))
            rest = rest.dropFirst(count)
            return value
        }
        guard let hour = number(2), hour < 24, rest.first == ":" else { return nil }
        rest = rest.dropFirst()
        guard let minute = number(2), minute < 60 else { return nil }
        var second = 0
        var millis = 0
        if rest.first == ":" {
            rest = rest.dropFirst()
            guard let s = number(2), s < 60 else { return nil }
            second = s
            if rest.first == "." || rest.first == "," {
                rest = rest.dropFirst()
                let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
                guard !digits.isEmpty else { return nil }
                millis = Int(String(digits.prefix(3)).padding(toLength: 3, withPad: "0", startingAt: 0)) ?? 0
                rest = rest.dropFirst(digits.count)
            }
        }
        let secondsIntoDay = hour * 3600 + minute * 60 + second
        if rest.isEmpty {
            return instant(date, secondsIntoDay: secondsIntoDay).addingTimeInterval(Double(millis) / 1000)
        }
        var offset = 0
        if rest == "Z" || rest == "z" {
            offset = 0
        } else if let sign = rest.first, sign == "+" || sign == "-" {
            rest = rest.dropFirst()
            guard let oh = number(2), oh <= 14 else { return nil }
            if rest.first == ":" { rest = rest.dropFirst() }
            guard let om = number(2), om < 60, rest.isEmpty else { return nil }
            offset = (oh * 3600 + om * 60) * (sign == "-" ? -1 : 1)
        } else {
            return nil
        }
        let utc = Double(date.dayNumber * 86_400 + secondsIntoDay - offset) + Double(millis) / 1000
        return Date(timeIntervalSince1970: utc)
    }
}
