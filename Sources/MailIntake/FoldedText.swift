import Foundation
import Synchronization

/// Text reduced for matching words in the desk's three languages: lower case, accents dropped
/// (`réclamation précédente` matches `reclamation precedente`), typographic apostrophes made plain,
/// runs of whitespace made one space.
struct FoldedText {
    let scalars: [Unicode.Scalar]

    init(_ text: String) {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            self.scalars = Self.foldASCII(text)
            return
        }
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

    /// The same folding for ASCII text, without decomposition and property lookups (ASCII has no
    /// accents, and its white space is tab to carriage return and space): most mail is ASCII.
    private static func foldASCII(_ text: String) -> [Unicode.Scalar] {
        var folded: [Unicode.Scalar] = []
        folded.reserveCapacity(text.utf8.count)
        var lastWasSpace = true
        for byte in text.utf8 {
            if (9...13).contains(byte) || byte == 32 {
                if !lastWasSpace { folded.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            folded.append(Unicode.Scalar((65...90).contains(byte) ? byte + 32 : byte))
        }
        if folded.last == " " { folded.removeLast() }
        return folded
    }

    var string: String { String(String.UnicodeScalarView(scalars)) }

    /// Where `phrase` first stands as whole words; with `asPrefix`, the last word may go on
    /// (`phish` finds `phishing`).
    func firstMatch(of phrase: String, asPrefix: Bool = false) -> Range<Int>? {
        let pattern = Self.folded(phrase)
        guard !pattern.isEmpty, pattern.count <= scalars.count else { return nil }
        let needsLeftBoundary = Self.isWordScalar(pattern[0])
        let needsRightBoundary = !asPrefix && Self.isWordScalar(pattern[pattern.count - 1])
        var start = 0
        while start + pattern.count <= scalars.count {
            if scalars[start] == pattern[0], scalars[start..<(start + pattern.count)].elementsEqual(pattern) {
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

    /// The desk's phrases, folded once: every message is searched for the same few dozen, and
    /// folding them again for each message cost more than the search (`casedesk bench`, import rate).
    private static let foldedPhrases = Mutex<[String: [Unicode.Scalar]]>([:])

    static func folded(_ phrase: String) -> [Unicode.Scalar] {
        if let known = foldedPhrases.withLock({ $0[phrase] }) { return known }
        let scalars = FoldedText(phrase).scalars
        foldedPhrases.withLock { cache in
            // Phrases come from configuration, a bounded set; the bound only guards against misuse.
            if cache.count < 4096 { cache[phrase] = scalars }
        }
        return scalars
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
