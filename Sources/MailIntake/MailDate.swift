import CaseDesk
import Foundation

/// Dates as mail carries them: RFC 5322 (`Thu, 8 Mar 2005 17:40:36 -0500`), its obsolete forms
/// (two-digit years, `EST`, military zones, comments, no seconds, no weekday), the asctime form of
/// mbox envelopes (`Thu Mar  8 17:40:36 2005`), and ISO 8601 as X-ARF writes it.
public enum MailDate {
    /// Returns nil for anything that does not name a real moment; a wrong date is worse than none,
    /// since the receipt time starts the procedure's clocks.
    public static func parse(_ text: String) -> Date? {
        let cleaned = removingComments(text).trimmingWhitespace()
        if let iso = parseISO8601(cleaned) { return iso }
        return parseRFC5322(cleaned)
    }

    private static func parseRFC5322(_ text: String) -> Date? {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
        var month: Int?
        var numbers: [(value: Int, digits: Int)] = []
        var time: (hour: Int, minute: Int, second: Int)?
        var offset = 0
        for token in tokens {
            if let first = token.first, first == "+" || first == "-", let zone = numericZone(token) {
                offset = zone
            } else if token.contains(":") {
                guard time == nil, let parsed = parseTime(token) else { return nil }
                time = parsed
            } else if token.allSatisfy(\.isASCIIDigit) {
                guard let value = Int(token) else { return nil }
                numbers.append((value, token.count))
            } else if month == nil, let found = monthNumber(token) {
                month = found
            } else if let zone = namedZones[token.uppercased()] {
                offset = zone
            } else if token.count == 1, token.first?.isLetter == true {
                offset = 0  // RFC 5322: military zones are too often wrong to trust; read as -0000.
            } else if !isDayName(token) {
                return nil
            }
        }
        guard let month, let time, numbers.count == 2 else { return nil }
        // "8 Mar 2005" and asctime's "Mar 8 17:40:36 2005" both give the day first, the year last.
        let dayToken = numbers[0]
        let yearToken = numbers[1]
        guard dayToken.digits <= 2 else { return nil }
        let year: Int
        switch yearToken.digits {
        case 1, 2: year = yearToken.value < 50 ? 2000 + yearToken.value : 1900 + yearToken.value
        case 3: year = 1900 + yearToken.value
        case 4: year = yearToken.value
        default: return nil
        }
        return moment(year: year, month: month, day: dayToken.value, time: time, offset: offset)
    }

    /// `2025-03-03T10:00:00Z`, `2025-03-03 10:00:00+01:00`, fractions of a second ignored.
    private static func parseISO8601(_ text: String) -> Date? {
        let characters = Array(text)
        guard characters.count >= 16, characters[4] == "-", characters[7] == "-",
              characters[10] == "T" || characters[10] == "t" || characters[10] == " ",
              let year = Int(String(characters[0..<4])), let month = Int(String(characters[5..<7])),
              let day = Int(String(characters[8..<10]))
        else { return nil }
        var rest = String(characters[11...])
        var offset = 0
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            rest.removeLast()
        } else if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            guard let zone = numericZone(String(rest[sign...])) else { return nil }
            offset = zone
            rest = String(rest[..<sign])
        }
        if let dot = rest.firstIndex(of: ".") { rest = String(rest[..<dot]) }
        guard let time = parseTime(rest) else { return nil }
        return moment(year: year, month: month, day: day, time: time, offset: offset)
    }

    private static func moment(year: Int, month: Int, day: Int, time: (hour: Int, minute: Int, second: Int), offset: Int) -> Date? {
        guard let date = LocalDate(year: year, month: month, day: day) else { return nil }
        let seconds = date.dayNumber * 86_400 + time.hour * 3_600 + time.minute * 60 + time.second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func parseTime(_ token: String) -> (hour: Int, minute: Int, second: Int)? {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isASCIIDigit) }),
              let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        let second = parts.count == 3 ? Int(parts[2]) ?? 0 : 0
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        return (hour, minute, second)
    }

    /// `+0100`, `-0500`, `+01:00`, as seconds east of UTC.
    private static func numericZone(_ token: String) -> Int? {
        let sign = token.first == "-" ? -1 : 1
        let digits = token.dropFirst().filter { $0 != ":" }
        guard digits.count == 4, digits.allSatisfy(\.isASCIIDigit), let value = Int(digits) else { return nil }
        let hours = value / 100
        let minutes = value % 100
        guard hours <= 23, minutes < 60 else { return nil }
        return sign * (hours * 3_600 + minutes * 60)
    }

    private static func monthNumber(_ token: String) -> Int? {
        let key = token.lowercased()
        guard key.count >= 3 else { return nil }
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let index = names.firstIndex(of: String(key.prefix(3))) else { return nil }
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                    "october", "november", "december"][index]
        return key.count == 3 || full.hasPrefix(key) || key == "sept" ? index + 1 : nil
    }

    private static func isDayName(_ token: String) -> Bool {
        let key = token.lowercased()
        return ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].contains(String(key.prefix(3)))
            && ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tues", "thur", "thurs"]
            .contains { $0.hasPrefix(key) || $0 == key }
    }

    /// The zone names RFC 5322 lists as obsolete, and the European ones found in real headers.
    private static let namedZones: [String: Int] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
        "EST": -5 * 3_600, "EDT": -4 * 3_600, "CST": -6 * 3_600, "CDT": -5 * 3_600,
        "MST": -7 * 3_600, "MDT": -6 * 3_600, "PST": -8 * 3_600, "PDT": -7 * 3_600,
        "CET": 3_600, "MET": 3_600, "MEZ": 3_600, "CEST": 7_200, "MEST": 7_200, "MESZ": 7_200,
        "WET": 0, "WEST": 3_600, "BST": 3_600, "EET": 7_200, "EEST": 10_800,
    ]

    private static func removingComments(_ text: String) -> String {
        var depth = 0
        var result = ""
        for character in text {
            if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                result.append(character)
            }
        }
        return result
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
