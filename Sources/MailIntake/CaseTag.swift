/// The tag casedesk puts in the subject of every letter it sends (`[casedesk #123]`), so that a
/// reply finds its case even when the customer's mail program drops In-Reply-To.
public struct CaseTag: Sendable, Hashable, Codable {
    /// The word before `#`, matched case-insensitively.
    public var label: String

    public init(label: String = "casedesk") {
        self.label = label
    }

    /// `[casedesk #123]`: the tag of a case.
    public func tag(case number: Int64) -> String {
        "[\(label) #\(number)]"
    }

    /// A letter's subject as it is sent: the case's tag, then the subject.
    public func subject(_ subject: String, case number: Int64) -> String {
        tag(case: number) + " " + subject
    }

    /// A letter's subject with the standard tag, as every letter of the desk carries it.
    public static func subject(_ subject: String, case number: Int64) -> String {
        CaseTag().subject(subject, case: number)
    }

    /// The case number of the first tag in `text`, anywhere in it; nil when there is none.
    /// Spacing inside the brackets is forgiven (`[ CaseDesk#12 ]`).
    public func caseNumber(in text: String) -> Int? {
        let characters = Array(text.lowercased())
        let label = Array(self.label.lowercased())
        var index = 0
        while index < characters.count {
            defer { index += 1 }
            guard characters[index] == "[" else { continue }
            var cursor = index + 1
            func skipSpaces() { while cursor < characters.count, characters[cursor] == " " { cursor += 1 } }
            skipSpaces()
            guard cursor + label.count <= characters.count, Array(characters[cursor..<(cursor + label.count)]) == label else { continue }
            cursor += label.count
            skipSpaces()
            guard cursor < characters.count, characters[cursor] == "#" else { continue }
            cursor += 1
            skipSpaces()
            let digitsStart = cursor
            while cursor < characters.count, characters[cursor].isASCIIDigit { cursor += 1 }
            guard cursor > digitsStart, cursor - digitsStart <= 12, let number = Int(String(characters[digitsStart..<cursor])) else { continue }
            skipSpaces()
            guard cursor < characters.count, characters[cursor] == "]" else { continue }
            return number
        }
        return nil
    }
}
