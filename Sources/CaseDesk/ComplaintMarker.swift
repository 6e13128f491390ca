import Foundation

/// The word that makes a letter an escalation: "complaint", "plainte", "Beschwerde" plainly at the top
/// of the letter or in the subject. Matched in any case, with or without accents, at the start of a
/// word (so "Complaints:" and "Beschwerden" count, "noncomplaint" does not).
public enum ComplaintMarker {
    public static func found(in text: String, markers: [String]) -> Bool {
        let folded = fold(text)
        let words = folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let keys = markers.map(fold).filter { !$0.isEmpty }
        return words.contains { word in keys.contains { word.hasPrefix($0) } }
    }

    /// The first line of a letter that carries text: where "at the top" looks.
    public static func topLine(of text: String) -> String? {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty }
    }

    static func fold(_ text: String) -> String {
        // Plain ASCII has no accents or widths to fold: lowercasing is the whole of it, and cheap.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: posix)
    }

    private static let posix = Locale(identifier: "en_US_POSIX")
}
