/// Editing keys on one line of graphemes, shared by `TextField` and each line of `TextEditor`.
///
/// The keys are `EditingKeys.line`: those of readline and most shells.
enum LineEditing {
    enum Outcome {
        case changed
        case moved
        /// An editing key with nothing to do at this end of the line: an editor moves to the
        /// neighbouring line, a single-line field just swallows it.
        case atBoundary
        case notHandled
    }

    static func handle(_ key: KeyEvent, line: inout [Character], cursor: inout Int) -> Outcome {
        if case let .character(character) = key {
            guard isInsertable(character) else { return .notHandled }
            // The terminal delivers a flag or an accented letter one scalar per key: a scalar that
            // joins the character before the cursor into one grapheme becomes part of it.
            if joins(character, line: line, cursor: cursor) {
                line[cursor - 1] = Character(String(line[cursor - 1]) + String(character))
                return .changed
            }
            line.insert(character, at: cursor)
            cursor += 1
            return .changed
        }
        guard let command = EditingKeys.line.command(for: key) else { return .notHandled }
        switch command {
        case .left:
            guard cursor > 0 else { return .atBoundary }
            cursor -= 1
        case .right:
            guard cursor < line.count else { return .atBoundary }
            cursor += 1
        case .lineStart:
            cursor = 0
        case .lineEnd:
            cursor = line.count
        case .deleteBefore:
            guard cursor > 0 else { return .atBoundary }
            line.remove(at: cursor - 1)
            cursor -= 1
            return .changed
        case .deleteAfter:
            guard cursor < line.count else { return .atBoundary }
            line.remove(at: cursor)
            return .changed
        case .deleteToStart:
            line.removeSubrange(0..<cursor)
            cursor = 0
            return .changed
        case .deleteToEnd:
            line.removeSubrange(cursor...)
            return .changed
        case .deleteWord:
            var start = cursor
            while start > 0, line[start - 1] == " " { start -= 1 }
            while start > 0, line[start - 1] != " " { start -= 1 }
            line.removeSubrange(start..<cursor)
            cursor = start
            return .changed
        default:
            return .notHandled
        }
        return .moved
    }

    /// Pasted text for one line: sanitized, so a paste cannot smuggle control characters in.
    static func insertable(_ text: String) -> [Character] {
        Array(TerminalText.sanitize(text))
    }

    /// Whether a typed character joins the one before the cursor into one grapheme (the second
    /// half of a flag, a combining accent, a skin tone).
    static func joins(_ character: Character, line: [Character], cursor: Int) -> Bool {
        cursor > 0 && cursor <= line.count && (String(line[cursor - 1]) + String(character)).count == 1
    }

    private static func isInsertable(_ character: Character) -> Bool {
        !(character.unicodeScalars.first?.properties.generalCategory == .control)
    }
}
