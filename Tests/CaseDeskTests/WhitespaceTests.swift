@testable import CaseDesk
import Testing

@Suite("Blank text")
struct WhitespaceTests {
    @Test("a text is blank as Unicode's white space says, the ASCII shortcut included")
    func blankness() {
        // Every ASCII scalar, then a few beyond: alone, and before a letter.
        let scalars = (0..<0x80).compactMap(Unicode.Scalar.init) + ["\u{85}", "\u{A0}", "\u{1680}", "\u{2003}", "\u{3000}", "é", "ß", "\u{FEFF}"]
        for scalar in scalars {
            let white = scalar.properties.isWhitespace
            #expect(String(scalar).isBlank == Character(scalar).isWhitespace, "U+\(String(scalar.value, radix: 16))")
            #expect((String(scalar) + "x").isBlank == false, "U+\(String(scalar.value, radix: 16))")
            #expect((String(scalar) + " ").isBlank == (white && Character(scalar).isWhitespace), "U+\(String(scalar.value, radix: 16))")
        }
        #expect("".isBlank)
        #expect(" \t\r\n ".isBlank)
        #expect(!"  Élodie".isBlank)
    }
}
