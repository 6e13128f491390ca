import Glibc

/// Text as a terminal shows it: columns, not `String.count`.
///
/// Widths follow glibc's `wcwidth`, which is what ncurses and most terminals use, so a line
/// measured here occupies exactly the columns the screen gives it. A grapheme cluster (Swift
/// `Character`) is measured by its first scalar, so combining marks, skin tones and ZWJ sequences
/// never add columns; emoji presentation (an emoji-presentation scalar, a regional-indicator flag
/// or anything followed by VS16) counts as two, as terminals draw it.
public enum TerminalText {
    /// The width of one grapheme: 0 for control and zero-width characters, otherwise 1 or 2.
    public static func displayWidth(_ character: Character) -> Int {
        // One byte: ASCII, the common case, read without looking at the character's scalars.
        let utf8 = character.utf8
        if utf8.count == 1, let byte = utf8.first { return byte >= 0x20 && byte < 0x7F ? 1 : 0 }
        if character.isASCII {
            guard let byte = character.asciiValue else { return 0 }  // "\r\n" is a control
            return byte >= 0x20 && byte < 0x7F ? 1 : 0
        }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.properties.isEmojiPresentation || scalars.contains(variationSelector16) {
            return 2
        }
        let width = Int(systemWidth(first))
        if width >= 0 { return width }
        return first.properties.generalCategory == .control ? 0 : 1
    }

    /// The width of a string as it will show: the sum of its graphemes' widths once sanitized
    /// (an escape sequence shows as one `␛`), like every String function here. Measuring the
    /// raw text instead would cut a line in the middle of a sequence that then hides the rest.
    public static func displayWidth(_ text: String) -> Int {
        sanitize(text).reduce(0) { $0 + displayWidth($1) }
    }

    /// Makes sure `wcwidth` knows UTF-8 — a process starts in the "C" locale, where every
    /// non-ASCII character measures -1. Keeps a UTF-8 locale that is already set (the user's own);
    /// otherwise switches only `LC_CTYPE` to C.UTF-8. Call again after changing the locale, from
    /// the main thread before others measure text (`setlocale` is process-wide).
    @discardableResult
    public static func ensureUTF8Locale() -> Bool {
        if isUTF8Codeset() { return true }
        setlocale(LC_CTYPE, "C.UTF-8")
        return isUTF8Codeset()
    }

    static let variationSelector16: Unicode.Scalar = "\u{FE0F}"

    private static func isUTF8Codeset() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        return String(cString: codeset) == "UTF-8"
    }

    static func systemWidth(_ scalar: Unicode.Scalar) -> Int32 {
        wcwidthFunction(wchar_t(bitPattern: scalar.value))
    }
}

/// glibc's `wcwidth`, looked up at run time: the Glibc module does not declare it, and importing
/// the ncurses shim here would tie this pure toolkit to ncurses.
private let wcwidthFunction: @convention(c) (wchar_t) -> Int32 = {
    TerminalText.ensureUTF8Locale()
    guard let symbol = dlsym(dlopen(nil, RTLD_LAZY), "wcwidth") else {
        return { $0 < 0x20 || ($0 >= 0x7F && $0 < 0xA0) ? -1 : 1 }
    }
    return unsafeBitCast(symbol, to: (@convention(c) (wchar_t) -> Int32).self)
}()
