import Testing
import TerminalKit

@Suite("Sanitizing outside text")
struct SanitizingTests {
    @Test("escape sequences become one visible mark", arguments: [
        ("red \u{1B}[31mALERT\u{1B}[0m", "red ␛ALERT␛"),
        ("\u{1B}[2J\u{1B}[H", "␛␛"),
        ("title\u{1B}]0;pwned\u{7}after", "title␛after"),
        ("link \u{1B}]8;;http://evil\u{1B}\\text\u{1B}]8;;\u{1B}\\", "link ␛text␛"),
        ("dcs \u{1B}P1$r\u{1B}\\ok", "dcs ␛ok"),
        ("lone \u{1B}", "lone ␛"),
        ("lone \u{1B}é", "lone ␛é"),
        ("nF \u{1B} F7", "nF ␛7"),
        ("reset \u{1B}c done", "reset ␛ done"),
        ("charset \u{1B}(0q", "charset ␛q"),
        ("c1 csi \u{9B}31mred", "c1 csi ␛red"),
        ("c1 osc \u{9D}0;x\u{9C}ok", "c1 osc ␛ok"),
    ])
    func escapes(input: String, expected: String) {
        #expect(TerminalText.sanitize(input) == expected)
    }

    @Test func controlsBecomeVisible() {
        #expect(TerminalText.sanitize("a\u{0}b\u{7}c\u{8}d") == "a␀b␇c␈d")
        #expect(TerminalText.sanitize("del\u{7F}") == "del␡")
        #expect(TerminalText.sanitize("c1\u{85}x\u{90}") == "c1␤x␛")
        #expect(TerminalText.sanitize("c1 \u{80}\u{9A}") == "c1 \u{FFFD}\u{FFFD}")
    }

    @Test func singleLineFlattensTabsAndLineBreaks() {
        #expect(TerminalText.sanitize("a\tb") == "a b")
        #expect(TerminalText.sanitize("one\ntwo\r\nthree\rfour") == "one␤two␤three␤four")
    }

    @Test func bidiOverridesAreNeutralised() {
        let spoof = "invoice\u{202E}fdp.exe"
        #expect(TerminalText.sanitize(spoof) == "invoice\u{FFFD}fdp.exe")
        #expect(TerminalText.sanitize("\u{2066}x\u{2069}") == "\u{FFFD}x\u{FFFD}")
    }

    @Test func unterminatedStringSequenceStopsAtLineEnd() {
        #expect(TerminalText.sanitizeMultiline("a\u{1B}]0;never ends\nvisible") == "a␛\nvisible")
    }

    @Test func multilineKeepsLineBreaksAndExpandsTabs() {
        #expect(TerminalText.sanitizeMultiline("one\r\ntwo\rthree\n") == "one\ntwo\nthree\n")
        #expect(TerminalText.sanitizeMultiline("a\tb\nabcdefgh\tc") == "a       b\nabcdefgh        c")
        #expect(TerminalText.sanitizeMultiline("x\u{1B}[1mbold") == "x␛bold")
    }

    @Test func ordinaryTextIsUntouched() {
        let text = "Grüße aus Saarbrücken — «Beschwerde» 漢字 😀 e\u{301}"
        #expect(TerminalText.sanitize(text) == text)
        #expect(TerminalText.sanitizeMultiline(text) == text)
    }
}
