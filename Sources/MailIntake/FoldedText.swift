import Foundation

/// Text reduced for matching words in the desk's three languages: lower case, accents dropped
/// (`réclamation précédente` matches `reclamation precedente`), typographic apostrophes made plain,
/// runs of whitespace made one space.
struct FoldedText {
    let scalars: [Unicode.Scalar]

    init(_ text: String) {
        var folded: [Unicode.Scalar] = []
        var lastWasSpace = true
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar.properties.isWhitespace {
                if !lastWasSpace { folded.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            folded.append(scalar == "\u{2019}" || scalar == "\u{2018}" || scalar == "\u{02BC}" ? "'" : scalar)
        }
        if folded.last == " " { folded.removeLast() }
        self.scalars = folded
    }

    var string: String { String(String.UnicodeScalarView(scalars)) }

    /// Where `phrase` first stands as whole words; with `asPrefix`, the last word may go on
    /// (`phish` finds `phishing`).
    func firstMatch(of phrase: String, asPrefix: Bool = false) -> Range<Int>? {
        let pattern = FoldedText(phrase).scalars
        guard !pattern.isEmpty, pattern.count <= scalars.count else { return nil }
        let needsLeftBoundary = Self.isWordScalar(pattern[0])
        let needsRightBoundary = !asPrefix && Self.isWordScalar(pattern[pattern.count - 1])
        var start = 0
        while start + pattern.count <= scalars.count {
            if scalars[start] == pattern[0], Array(scalars[start..<(start + pattern.count)]) == pattern {
                let end = start + pattern.count
                let leftOK = !needsLeftBoundary || start == 0 || !Self.isWordScalar(scalars[start - 1])
                let rightOK = !needsRightBoundary || end == scalars.count || !Self.isWordScalar(scalars[end])
                if leftOK && rightOK { return start..<end }
            }
            start += 1
        }
        return nil
    }

    func contains(anyOf phrases: [String], asPrefix: Bool = false) -> Bool {
        phrases.contains { firstMatch(of: $0, asPrefix: asPrefix) != nil }
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
