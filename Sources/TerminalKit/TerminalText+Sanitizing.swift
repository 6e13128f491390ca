extension TerminalText {
    /// Makes outside text (customer mail, subjects, names) safe to show on one line.
    ///
    /// A message must never be able to drive the reader's terminal — move the cursor, change the
    /// title, hide or fake text — so every escape sequence (CSI, OSC ending in BEL or ST, DCS and
    /// the other string sequences, two-byte escapes, their C1 forms) becomes one visible `␛`;
    /// other C0 controls become their control pictures (`␀`, `␇`, …), DEL becomes `␡`, C1
    /// controls and bidirectional overrides and isolates (which can make `exe.txt` read as
    /// `txt.exe`) become `�`. Tabs become a space and line breaks `␤`, because one line is wanted.
    public static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsReplacing) else { return text }
        return String(String.UnicodeScalarView(SanitizingScanner(text, keepLineBreaks: false).run()))
    }

    /// Like `sanitize`, but keeps line breaks (as `\n`, whatever the source used) and expands tabs
    /// to the next multiple of eight columns, for a mail body or a note shown in a pane.
    public static func sanitizeMultiline(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 != "\n" && needsReplacing($0) }) else { return text }
        let cleaned = String(String.UnicodeScalarView(SanitizingScanner(text, keepLineBreaks: true).run()))
        guard cleaned.contains("\t") else { return cleaned }
        return cleaned.split(separator: "\n", omittingEmptySubsequences: false)
            .map(expandingTabs)
            .joined(separator: "\n")
    }

    static let escapeMark: Unicode.Scalar = "\u{241B}"
    static let replacementMark: Unicode.Scalar = "\u{FFFD}"
    static let lineBreakMark: Unicode.Scalar = "\u{2424}"

    /// Whether the scanner would change this scalar: the common, clean case skips the copy.
    private static func needsReplacing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2028, 0x2029, 0x2066...0x2069: true
        default: false
        }
    }

    private static func expandingTabs(_ line: Substring) -> String {
        var result = ""
        var column = 0
        for character in line {
            if character == "\t" {
                let spaces = 8 - column % 8
                result += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                result.append(character)
                column += displayWidth(character)
            }
        }
        return result
    }
}

/// One pass over the scalars of a text, replacing what could drive a terminal.
private struct SanitizingScanner {
    private let input: [Unicode.Scalar]
    private let keepLineBreaks: Bool
    private var output: [Unicode.Scalar] = []
    private var index = 0

    init(_ text: String, keepLineBreaks: Bool) {
        input = Array(text.unicodeScalars)
        self.keepLineBreaks = keepLineBreaks
        output.reserveCapacity(input.count)
    }

    consuming func run() -> [Unicode.Scalar] {
        while index < input.count {
            let scalar = input[index]
            index += 1
            switch scalar.value {
            case 0x1B: escapeSequence()
            case 0x9B: controlSequence()
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F: controlString()
            case 0x0D:
                if index < input.count, input[index] == "\n" { index += 1 }
                lineBreak()
            case 0x0A, 0x85, 0x2028, 0x2029: lineBreak()
            case 0x09: output.append(keepLineBreaks ? "\t" : " ")
            case 0x00..<0x20: output.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: output.append("\u{2421}")
            case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069: output.append(TerminalText.replacementMark)
            default: output.append(scalar)
            }
        }
        return output
    }

    private mutating func lineBreak() {
        output.append(keepLineBreaks ? "\n" : TerminalText.lineBreakMark)
    }

    /// After ESC: the whole sequence, however it ends, becomes one mark.
    private mutating func escapeSequence() {
        output.append(TerminalText.escapeMark)
        guard let next = peek() else { return }
        switch next {
        case 0x5B:  // [
            index += 1
            skipControlSequenceBody()
        case 0x5D, 0x50, 0x58, 0x5E, 0x5F:  // ] P X ^ _
            index += 1
            skipStringBody()
        case 0x20...0x2F:
            skip(while: 0x20...0x2F)
            skip(oneOf: 0x30...0x7E)
        case 0x30...0x7E:
            index += 1
        default:
            break
        }
    }

    private mutating func controlSequence() {
        output.append(TerminalText.escapeMark)
        skipControlSequenceBody()
    }

    private mutating func controlString() {
        output.append(TerminalText.escapeMark)
        skipStringBody()
    }

    /// Parameters, intermediates and one final byte; anything else ends the sequence unconsumed.
    private mutating func skipControlSequenceBody() {
        skip(while: 0x30...0x3F)
        skip(while: 0x20...0x2F)
        skip(oneOf: 0x40...0x7E)
    }

    /// Up to BEL or ST (ESC \ or U+009C). A line break, a new ESC or the end of the text also end
    /// it, so an unterminated sequence cannot swallow the rest of a message.
    private mutating func skipStringBody() {
        while let value = peek() {
            switch value {
            case 0x07, 0x9C:
                index += 1
                return
            case 0x1B:
                if index + 1 < input.count, input[index + 1] == "\\" { index += 2 }
                return
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029:
                return
            default:
                index += 1
            }
        }
    }

    private func peek() -> UInt32? {
        index < input.count ? input[index].value : nil
    }

    private mutating func skip(while range: ClosedRange<UInt32>) {
        while let value = peek(), range.contains(value) { index += 1 }
    }

    private mutating func skip(oneOf range: ClosedRange<UInt32>) {
        if let value = peek(), range.contains(value) { index += 1 }
    }
}
