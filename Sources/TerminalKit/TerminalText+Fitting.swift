extension TerminalText {
    /// Where text sits in a column that is wider than the text.
    public enum Alignment: Sendable {
        case left, right, center
    }

    public static let ellipsis: Character = "…"

    /// Shortens `text` (sanitized, as it will show) to at most `width` columns, ending in `…` when anything was cut.
    ///
    /// A wide character that would straddle the limit is dropped whole and the gap is padded with
    /// a space, so a truncated result is exactly `width` columns and columns stay aligned.
    public static func truncate(_ text: String, toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        let text = sanitize(text)
        if displayWidth(text) <= width { return text }
        let (kept, used) = prefix(of: text, fittingIn: width - 1)
        return String(kept) + String(ellipsis) + String(repeating: " ", count: width - 1 - used)
    }

    /// Pads `text` (sanitized) with spaces to `width` columns; text that is already wider is returned as is.
    public static func pad(_ text: String, toWidth width: Int, alignment: Alignment = .left) -> String {
        let text = sanitize(text)
        let gap = width - displayWidth(text)
        guard gap > 0 else { return text }
        switch alignment {
        case .left: return text + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + text
        case .center:
            let before = gap / 2
            return String(repeating: " ", count: before) + text + String(repeating: " ", count: gap - before)
        }
    }

    /// Truncates or pads `text` to exactly `width` columns: what a table cell needs.
    public static func fit(_ text: String, width: Int, alignment: Alignment = .left) -> String {
        pad(truncate(text, toWidth: width), toWidth: width, alignment: alignment)
    }

    /// The longest leading run of graphemes that fits in `width` columns, and the columns it takes.
    static func prefix(of text: String, fittingIn width: Int) -> (Substring, Int) {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let next = used + displayWidth(text[index])
            if next > width { break }
            used = next
            end = text.index(after: index)
        }
        return (text[..<end], used)
    }
}
