/// HTML-only mail made readable as plain text for the case description. Not a renderer: scripts,
/// styles and the head go, blocks become lines, lists get bullets, and links keep their target
/// visible as `text (url)`, since the target is often the evidence in a phishing complaint.
public enum HTMLText {
    public static func plainText(from html: String) -> String {
        var converter = Converter(Array(html.unicodeScalars))
        converter.run()
        return converter.writer.finished()
    }
}

/// Collects output text, collapsing whitespace the way a browser does outside `<pre>`.
private struct TextWriter {
    var scalars: [Unicode.Scalar] = []
    private var pendingSpace = false
    var preformatted = 0

    private var atLineStart: Bool { scalars.isEmpty || scalars.last == "\n" }

    mutating func text(_ text: String) {
        for scalar in text.unicodeScalars {
            if preformatted > 0 {
                if scalar != "\r" { scalars.append(scalar) }
            } else if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" {
                pendingSpace = true
            } else {
                if pendingSpace && !atLineStart { scalars.append(" ") }
                pendingSpace = false
                scalars.append(scalar)
            }
        }
    }

    /// Text the converter adds (bullets, link targets): never collapsed away.
    mutating func literal(_ text: String) {
        if pendingSpace && !atLineStart { scalars.append(" ") }
        pendingSpace = false
        scalars.append(contentsOf: text.unicodeScalars)
    }

    mutating func lineBreak() {
        pendingSpace = false
        scalars.append("\n")
    }

    mutating func endLine() {
        pendingSpace = false
        if !atLineStart { scalars.append("\n") }
    }

    mutating func blankLine() {
        endLine()
        if !scalars.isEmpty && !(scalars.count >= 2 && scalars[scalars.count - 2] == "\n") { scalars.append("\n") }
    }

    func finished() -> String {
        var lines: [String] = []
        var blankRun = 0
        let text = String(String.UnicodeScalarView(scalars.map { $0 == "\u{A0}" ? " " : $0 }))
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var trimmed = Substring(line)
            while trimmed.last == " " || trimmed.last == "\t" { trimmed.removeLast() }
            blankRun = trimmed.isEmpty ? blankRun + 1 : 0
            if blankRun < 2 { lines.append(String(trimmed)) }
        }
        return lines.joined(separator: "\n").trimmingWhitespace()
    }
}

private struct Converter {
    let input: [Unicode.Scalar]
    var position = 0
    var writer = TextWriter()
    var lists: [(ordered: Bool, counter: Int)] = []
    var links: [(href: String, start: Int)] = []
    var cellsInRow = 0

    init(_ input: [Unicode.Scalar]) { self.input = input }

    private static let skipped: Set<String> = ["script", "style", "head", "title", "template", "noscript", "svg"]
    private static let paragraphs: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "dl", "address", "figure"]
    private static let lines: Set<String> = [
        "div", "section", "article", "header", "footer", "main", "nav", "aside", "form", "fieldset", "center",
        "tr", "dt", "dd", "caption", "legend", "figcaption", "details", "summary",
    ]

    mutating func run() {
        var textStart = 0
        while position < input.count {
            guard input[position] == "<", let tagEnd = tagEnd(from: position) else {
                position += 1
                continue
            }
            flushText(textStart..<position)
            let tagStart = position
            position = tagEnd
            handleTag(input[(tagStart + 1)..<(tagEnd - 1)])
            textStart = position
        }
        flushText(textStart..<input.count)
    }

    private mutating func flushText(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        writer.text(HTMLEntities.decode(String(String.UnicodeScalarView(input[range]))))
    }

    /// Where the tag (or comment, or declaration) at `start` ends; nil if `<` is plain text.
    private func tagEnd(from start: Int) -> Int? {
        guard start + 1 < input.count else { return nil }
        let next = input[start + 1]
        if next == "!" && start + 3 < input.count && input[start + 2] == "-" && input[start + 3] == "-" {
            var index = start + 4
            while index + 2 < input.count {
                if input[index] == "-" && input[index + 1] == "-" && input[index + 2] == ">" { return index + 3 }
                index += 1
            }
            return input.count
        }
        guard next == "!" || next == "?" || next == "/" || next.properties.isAlphabetic else { return nil }
        var index = start + 1
        var quote: Unicode.Scalar?
        var previous: Unicode.Scalar = " "
        while index < input.count {
            let scalar = input[index]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                // Quotes delimit attribute values only; an apostrophe elsewhere is just a character.
                if previous == "=" { quote = scalar }
            } else if scalar == ">" {
                return index + 1
            }
            if !Self.isBlank(scalar) { previous = scalar }
            index += 1
        }
        return input.count
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    private mutating func handleTag(_ body: ArraySlice<Unicode.Scalar>) {
        guard let first = body.first, first != "!", first != "?" else { return }
        let closing = first == "/"
        let nameStart = closing ? body.index(after: body.startIndex) : body.startIndex
        var nameEnd = nameStart
        while nameEnd < body.endIndex, body[nameEnd].properties.isAlphabetic || ("0"..."9").contains(body[nameEnd]) {
            nameEnd += 1
        }
        let name = String(String.UnicodeScalarView(body[nameStart..<nameEnd])).lowercased()
        guard !name.isEmpty else { return }
        if closing {
            close(name)
        } else {
            open(name, attributes: Self.attributes(body[nameEnd...]))
        }
    }

    private mutating func open(_ name: String, attributes: [String: String]) {
        if Self.skipped.contains(name), let end = closingTagEnd(name) {
            position = end
            return
        }
        switch name {
        case "br":
            writer.lineBreak()
        case "hr":
            writer.endLine()
            writer.literal("----------")
            writer.lineBreak()
        case "ul", "ol":
            if lists.isEmpty { writer.blankLine() } else { writer.endLine() }
            lists.append((name == "ol", Int(attributes["start"] ?? "") ?? 1))
        case "li":
            writer.endLine()
            let depth = max(lists.count, 1)
            var marker = "• "
            if let last = lists.last, last.ordered {
                marker = "\(last.counter). "
                lists[lists.count - 1].counter += 1
            }
            writer.literal(String(repeating: "  ", count: depth - 1) + marker)
        case "td", "th":
            if cellsInRow > 0 { writer.literal("  ") }
            cellsInRow += 1
        case "tr":
            cellsInRow = 0
            writer.endLine()
        case "a":
            links.append((attributes["href"] ?? "", writer.scalars.count))
        case "img":
            if let alt = attributes["alt"]?.trimmingWhitespace(), !alt.isEmpty { writer.literal("[\(alt)]") }
        case "pre":
            writer.blankLine()
            writer.preformatted += 1
        default:
            if Self.paragraphs.contains(name) {
                writer.blankLine()
            } else if Self.lines.contains(name) {
                writer.endLine()
            }
        }
    }

    private mutating func close(_ name: String) {
        switch name {
        case "ul", "ol":
            if !lists.isEmpty { lists.removeLast() }
            if lists.isEmpty { writer.blankLine() } else { writer.endLine() }
        case "li":
            writer.endLine()
        case "a":
            guard let link = links.popLast() else { return }
            let text = String(String.UnicodeScalarView(writer.scalars[min(link.start, writer.scalars.count)...])).trimmingWhitespace()
            let target = link.href.trimmingWhitespace()
            let lowered = target.lowercased()
            guard !target.isEmpty, !target.hasPrefix("#"), !lowered.hasPrefix("javascript:") else { return }
            let shown = lowered.hasPrefix("mailto:") ? String(target.dropFirst(7)) : target
            if text.isEmpty {
                writer.literal(shown)
            } else if text != shown && text != target {
                writer.literal(" (\(shown))")
            }
        case "pre":
            writer.preformatted = max(0, writer.preformatted - 1)
            writer.blankLine()
        default:
            if Self.paragraphs.contains(name) {
                writer.blankLine()
            } else if Self.lines.contains(name) {
                writer.endLine()
            }
        }
    }

    /// The position after `</name>`, searched case-insensitively from the current position.
    private func closingTagEnd(_ name: String) -> Int? {
        let pattern = Array(("</" + name).unicodeScalars)
        var index = position
        while index + pattern.count <= input.count {
            if input[index] == "<" && zip(pattern.indices, pattern).allSatisfy({ offset, scalar in
                let candidate = input[index + offset]
                return candidate == scalar || candidate.properties.lowercaseMapping == String(scalar)
            }) {
                var end = index + pattern.count
                while end < input.count, input[end] != ">" { end += 1 }
                return min(end + 1, input.count)
            }
            index += 1
        }
        return nil
    }

    private static func attributes(_ text: ArraySlice<Unicode.Scalar>) -> [String: String] {
        var result: [String: String] = [:]
        var index = text.startIndex
        while index < text.endIndex {
            while index < text.endIndex, isBlank(text[index]) || text[index] == "/" { index += 1 }
            var name = String.UnicodeScalarView()
            while index < text.endIndex, !isBlank(text[index]), text[index] != "=", text[index] != "/" {
                name.append(text[index])
                index += 1
            }
            while index < text.endIndex, isBlank(text[index]) { index += 1 }
            var value = String.UnicodeScalarView()
            if index < text.endIndex, text[index] == "=" {
                index += 1
                while index < text.endIndex, isBlank(text[index]) { index += 1 }
                if index < text.endIndex, text[index] == "\"" || text[index] == "'" {
                    let quote = text[index]
                    index += 1
                    while index < text.endIndex, text[index] != quote {
                        value.append(text[index])
                        index += 1
                    }
                    index += 1
                } else {
                    while index < text.endIndex, !isBlank(text[index]) {
                        value.append(text[index])
                        index += 1
                    }
                }
            }
            let key = String(name).lowercased()
            if !key.isEmpty, result[key] == nil { result[key] = HTMLEntities.decode(String(value)) }
        }
        return result
    }
}
