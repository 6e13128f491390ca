import Testing
@testable import TerminalKit

@Suite("Text width")
struct TextWidthTests {
    @Test("each grapheme has the width a terminal gives it", arguments: [
        ("abc", 3), ("é", 1), ("e\u{301}", 1), ("ß", 1), ("«»", 2), ("漢字", 4), ("😀", 2),
        ("❤", 1), ("❤\u{FE0F}", 2), ("🇩🇪", 2), ("👨‍👩‍👧", 2), ("👍🏽", 2), ("1\u{FE0F}\u{20E3}", 2),
        ("\u{200B}", 0), ("…", 1), ("한", 2), ("", 0),
    ])
    func width(text: String, expected: Int) {
        #expect(TerminalText.displayWidth(text) == expected)
    }

    @Test func controlCharactersTakeNoColumnsButStringsAreMeasuredAsTheyShow() {
        #expect(TerminalText.displayWidth(Character("\r\n")) == 0)
        #expect(TerminalText.displayWidth(Character("\u{7}")) == 0)
        #expect(TerminalText.displayWidth("a\tb") == 3)
        #expect(TerminalText.displayWidth("\u{9B}31m") == 1)
        #expect(TerminalText.displayWidth("x\u{1B}]0;a long title\u{7}y") == 3)
    }

    @Test func truncationMeasuresTheSanitizedText() {
        let subject = "Title \u{1B}]0;pwned\u{7}injection"
        #expect(TerminalText.truncate(subject, toWidth: 14) == "Title ␛inject…")
        #expect(TerminalText.fit("a\tb", width: 4) == "a b ")
        #expect(TerminalText.wrap("a\u{1B}[1mb c", width: 3) == ["a␛b", "c"])
    }

    @Test func localeIsUTF8ForWcwidth() {
        #expect(TerminalText.ensureUTF8Locale())
    }

    @Test func truncationEndsInEllipsisAndNeverSplitsWideCharacters() {
        #expect(TerminalText.truncate("hello world", toWidth: 8) == "hello w…")
        #expect(TerminalText.truncate("hello", toWidth: 5) == "hello")
        #expect(TerminalText.truncate("hello", toWidth: 0) == "")
        #expect(TerminalText.truncate("hello", toWidth: 1) == "…")
        #expect(TerminalText.truncate("漢字漢字", toWidth: 4) == "漢… ")
        #expect(TerminalText.truncate("a漢字", toWidth: 4) == "a漢…")
        #expect(TerminalText.truncate("😀😀😀", toWidth: 5) == "😀😀…")
        #expect(TerminalText.displayWidth(TerminalText.truncate("漢字漢字", toWidth: 5)) == 5)
    }

    @Test func fitPadsAndAligns() {
        #expect(TerminalText.fit("ab", width: 4) == "ab  ")
        #expect(TerminalText.fit("ab", width: 4, alignment: .right) == "  ab")
        #expect(TerminalText.fit("ab", width: 5, alignment: .center) == " ab  ")
        #expect(TerminalText.fit("漢字", width: 3) == "漢…")
        #expect(TerminalText.fit("漢", width: 3, alignment: .right) == " 漢")
    }

    @Test func wrapBreaksAfterSpacesAndKeepsEmptyLines() {
        #expect(TerminalText.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(TerminalText.wrap("one\n\ntwo", width: 10) == ["one", "", "two"])
        #expect(TerminalText.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TerminalText.wrap("  indented text", width: 10) == ["  indented", "text"])
        #expect(TerminalText.wrap("", width: 5) == [""])
    }

    @Test func wrapNeverSplitsWideCharacters() {
        #expect(TerminalText.wrap("漢字漢字漢", width: 5) == ["漢字", "漢字", "漢"])
        #expect(TerminalText.wrap("漢", width: 1) == ["漢"])
        for line in TerminalText.wrap("日本語のテキスト mixed with ASCII words", width: 7) {
            #expect(TerminalText.displayWidth(line) <= 7)
        }
    }

    @Test func wrapRangesCoverTheLine() {
        let line = Array("aa bb cc")
        let ranges = TerminalText.wrapRanges(line, width: 3)
        #expect(ranges == [0..<3, 3..<6, 6..<8])
        #expect(TerminalText.wrapRanges([], width: 3) == [0..<0])
    }

    @Test func glyphsAgreeWithNcursesWidths() {
        #expect(TerminalText.glyph(for: "a") == .init(scalars: ["a"], padsRight: false))
        #expect(TerminalText.glyph(for: "e\u{301}") == .init(scalars: ["e", "\u{301}"], padsRight: false))
        #expect(TerminalText.glyph(for: "😀") == .init(scalars: ["😀"], padsRight: false))
        #expect(TerminalText.glyph(for: "❤\u{FE0F}") == .init(scalars: ["❤"], padsRight: true))
        #expect(TerminalText.glyph(for: "🇩🇪") == .init(scalars: ["\u{1F1E9}"], padsRight: true))
        #expect(TerminalText.glyph(for: "👨‍👩‍👧") == .init(scalars: ["👨"], padsRight: false))
        #expect(TerminalText.glyph(for: "\u{378}") == .init(scalars: ["\u{FFFD}"], padsRight: false))
    }
}
