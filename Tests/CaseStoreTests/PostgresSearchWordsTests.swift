import CaseDesk
@testable import CaseStore
import Foundation
import Testing

/// `PostgresSearch.words` splits most texts scalar by scalar; what it gives must be what splitting
/// by characters gives (the search words PostgreSQL indexes, and verify compares).
@Suite("PostgreSQL search words")
struct PostgresSearchWordsTests {
    static func byCharacters(_ text: String) -> String {
        text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).joined(separator: " ")
    }

    static let ownCharacters: [Unicode.Scalar] = (0...0x206F).compactMap(Unicode.Scalar.init).filter(PostgresSearch.isOwnCharacter)

    @Test("a scalar the fast path takes as a character of its own is one, beside any other such scalar (CR LF apart)")
    func ownCharacters() {
        var joined: [String] = []
        for first in Self.ownCharacters {
            for second in Self.ownCharacters where String(String.UnicodeScalarView([first, second])).count != 2 {
                joined.append(String(format: "U+%04X U+%04X", first.value, second.value))
            }
        }
        #expect(joined == ["U+000D U+000A"])
    }

    @Test("a letter or digit to the fast path is one to Character, for every scalar it takes")
    func wordScalars() {
        let differing = Self.ownCharacters.filter { scalar in
            let character = Character(scalar)
            return PostgresSearch.isWordScalar(scalar) != (character.isLetter || character.isNumber)
        }
        #expect(differing.isEmpty, "\(differing.map { String(format: "U+%04X", $0.value) })")
        #expect(PostgresSearch.isWordScalar("é") && PostgresSearch.isWordScalar("7") && !PostgresSearch.isWordScalar("—"))
    }

    @Test("the words are those of splitting by characters: demo texts, accents, dashes, joiners, combining marks, other scripts")
    func sameAsByCharacters() {
        var texts = [
            "", " ", "—", "Élodie Lefèvre elodie.lefevre@orange.fr K-123456",
            "Reported URL: hxxps://müller-bäckerei42.de/login/verify.php — malware download (trojan dropper). Source IP 203.0.113.7.",
            "C'est inacceptable « pour un professionnel ». Weiß, Groß, Fuß\r\nline two\ttab",
            "e\u{301}te\u{301} – cafe\u{301}", "a\u{200D}b a\u{200C}b", "über‐all “quoted” ‘single’ …",
            "日本語のテキスト 123 ٣٤٥", "👍🏽 family 👨‍👩‍👧 flags 🇩🇪🇫🇷", "½ ² ³ Ⅻ ⑦", "\u{2028}split\u{2029}here\u{200B}zero",
        ]
        var random = SplitMix64(seed: 42)
        let pool = Self.ownCharacters + ["\u{301}", "\u{200D}", "日", "🇩", "\u{FE0F}", "ᄀ", "각"]
        for _ in 0..<2_000 {
            let length = Int(random.next() % 12)
            texts.append(String(String.UnicodeScalarView((0..<length).map { _ in pool[Int(random.next() % UInt64(pool.count))] })))
        }
        let differing = texts.filter { PostgresSearch.words($0) != Self.byCharacters($0) }
        #expect(differing.isEmpty, "\(differing.prefix(5).map(\.debugDescription))")
        // A case's values, their words appended as bytes, are the words of the values joined.
        var cases: [[String]] = [[], [""], ["", "a"], ["ab", "", "cd"]]
        for index in 0..<texts.count / 3 { cases.append(Array(texts[3 * index..<3 * index + 3])) }
        let differingCases = cases.filter { (values: [String]) -> Bool in
            var bytes: [UInt8] = [7]
            PostgresSearch.appendWords(of: values, to: &bytes)
            return bytes != [7] + Array(PostgresSearch.words(values.joined(separator: " ")).utf8)
        }
        #expect(differingCases.isEmpty, "\(differingCases.prefix(5))")
    }
}
