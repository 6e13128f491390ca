extension TerminalText {
    /// Word-wraps `text` (sanitized, keeping its line breaks) to `width` columns: one string per
    /// screen line.
    ///
    /// Newlines start new lines (empty lines are kept), lines break after spaces, a word longer
    /// than the width is cut between characters (never inside a wide one), leading indentation is
    /// kept (it is not a place to break) and the spaces at a break are dropped.
    public static func wrap(_ text: String, width: Int) -> [String] {
        sanitizeMultiline(text).split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            let characters = Array(line)
            return wrapRanges(characters, width: width).map { range in
                var piece = characters[range]
                while piece.last == " " { piece.removeLast() }
                return String(piece)
            }
        }
    }

    /// The first `limit` screen lines of `wrap(text, width:)`, reading no more of `text` than they
    /// can take: a message of one 50 MB line is laid out as fast as a short one. `isCut` when more
    /// of the text follows them.
    public static func wrap(_ text: String, width: Int, limit: Int) -> (lines: [String], isCut: Bool) {
        // A screen line takes at most `width` columns of text and the spaces at its break; twice
        // that is room enough, and a line still cut at the end of the piece read is past the limit.
        let head = text.prefix(max(1, limit) * (max(1, width) + 1) * 2)
        let lines = wrap(String(head), width: width)
        return (Array(lines.prefix(limit)), lines.count > limit || head.endIndex < text.endIndex)
    }

    /// How a single line (no newlines) breaks into screen rows at `width` columns.
    ///
    /// The ranges cover the whole line without gaps, so an editor can map a cursor index to a
    /// row; spaces at a break stay at the end of the row they follow (they may overhang the width).
    /// An empty line gives one empty range.
    public static func wrapRanges(_ line: [Character], width: Int) -> [Range<Int>] {
        let width = max(1, width)
        var rows: [Range<Int>] = []
        var start = 0
        while start < line.count {
            var used = 0
            var end = start
            var lastBreak: Int?
            var seenWord = false
            while end < line.count {
                let character = line[end]
                if character == " " {
                    used += 1
                    end += 1
                    if seenWord { lastBreak = end }
                    continue
                }
                seenWord = true
                let next = used + displayWidth(character)
                if next > width { break }
                used = next
                end += 1
            }
            if end < line.count, let lastBreak, lastBreak > start {
                end = lastBreak
            } else if end == start {
                end += 1  // a wide character in a one-column row: give it its own row
            }
            rows.append(start..<end)
            start = end
        }
        return rows.isEmpty ? [0..<0] : rows
    }
}
