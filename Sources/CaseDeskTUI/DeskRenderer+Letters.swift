import CaseDesk
import CaseStore
import Foundation
import Letters
import TerminalKit

/// The letter pane: which letter and language, where it goes (or why it cannot be mailed), what
/// sending records, then the letter itself, wrapped and scrollable.
extension DeskRenderer {
    /// Where the letter pane's parts go; `DeskUpdate` pages and clamps with the same numbers.
    struct LetterLayout {
        var box: Rect
        var header: [DocLine]
        var rule: Int
        var text: Rect
    }

    /// Letters are written as paragraphs; wider than this they stop reading like letters.
    static let letterWidth = 100
    static let letterLabelWidth = 10

    static func letterLayout(_ state: DeskState) -> LetterLayout {
        let box = DeskLayout.dialog(state.size, rows: DeskLayout.frame(state.size).body.rows, cols: letterWidth)
        let inner = box.inset(by: 1)
        // The letter keeps at least four rows; the header gives way first: a line each, then fewer lines.
        let room = max(0, inner.rows - 5)
        var header = state.letter.map { letterHeader($0, session: state.session, width: inner.cols, compact: false) } ?? []
        if header.count > room, let letter = state.letter {
            header = letterHeader(letter, session: state.session, width: inner.cols, compact: true)
        }
        let shown = Array(header.prefix(room))
        let rule = inner.row + shown.count
        return LetterLayout(box: box, header: shown, rule: rule,
                            text: Rect(row: rule + 1, col: inner.col + 1, rows: max(1, inner.endRow - rule - 1), cols: max(1, inner.cols - 2)))
    }

    /// `compact` gives every field one line, cut at the edge, for short screens.
    static func letterHeader(_ letter: LetterScreen, session: DeskSession, width: Int, compact: Bool) -> [DocLine] {
        func labelled(_ label: String, _ spans: [Span]) -> [DocLine] {
            let line = DocLine([Span(TerminalText.fit(label, width: letterLabelWidth), .label)] + spans)
            return compact ? [line] : wrapSpans(line, width: width, indent: letterLabelWidth)
        }
        var lines: [DocLine] = []
        var kind = [Span(letter.kind.title, .title)]
        if letter.kinds.count > 1, let index = letter.kinds.firstIndex(of: letter.kind) {
            kind.append(Span("  \(index + 1)/\(letter.kinds.count) · Tab: the next one", .muted))
        }
        lines += labelled("Letter", kind)
        var languages: [Span] = []
        for language in LetterLanguage.allCases {
            languages.append(Span(" \(language.rawValue) ", language == letter.language ? .selection : .muted))
            languages.append(Span(" "))
        }
        let note = switch letter.guessed {
        case letter.language: "the customer's language, guessed from the case"
        case let guessed?: "the customer seems to write \(guessed.rawValue)"
        case nil: "no language stands out in the case; the desk's is \(session.letterLanguage.rawValue)"
        }
        lines += labelled("Language", languages + [Span(note, .muted)])
        if let preview = letter.preview {
            if let unsendable = preview.unsendable {
                lines += labelled("Mail", [Span(unsendable + (letter.isOffer ? "; n records the move without it" : ""), .warning)])
            } else {
                lines += labelled("To", [Span(preview.to ?? "")])
                lines += labelled("From", [Span(preview.from ?? "", .muted)])
            }
        }
        switch letter.purpose {
        case let .offer(change):
            lines += labelled("The move", [Span("“\(EventText.pastTense(change))”", .accent),
                                           Span(" — s records it with the letter as it goes out; n records it alone, as typed")])
        case .preview:
            lines += labelled("Preview", [Span(letter.kind == .resolved
                ? "s sends this notice (it moves nothing); the other letters go out with their move"
                : "nothing is sent from here; this letter goes out with its move (\(DeskUpdate.moveKey(for: letter.kind)))", .muted)])
        }
        if let problem = letter.problem {
            let role: ScreenRole = problem.kind == .error ? .error : .warning
            if compact {
                // On a short screen what went wrong comes first, cut at the edge.
                lines.insert(DocLine(problem.text, role), at: 0)
            } else {
                lines += TerminalText.wrap(problem.text, width: max(1, width)).prefix(3).map { DocLine($0, role) }
            }
        }
        return lines
    }

    /// The letter as the customer will read it: the subject with its case tag, then the body,
    /// wrapped to `width` (outside text sanitized on the way); or why there is no letter.
    static func letterText(_ preview: LetterPreview?, width: Int) -> [DocLine] {
        guard let preview else { return [DocLine("Writing the letter…", .muted)] }
        guard let letter = preview.letter else {
            return TerminalText.wrap("No letter: " + (preview.problem ?? "it cannot be written"), width: max(1, width))
                .map { DocLine($0, .warning) }
        }
        var lines = wrapSpans(DocLine([Span("Subject: ", .label), Span(TerminalText.sanitize(preview.subject ?? letter.subject), .title)]),
                              width: width, indent: 9)
        lines.append(.blank)
        lines += TerminalText.wrap(letter.body.hasSuffix("\n") ? String(letter.body.dropLast()) : letter.body, width: max(1, width))
            .map { DocLine($0) }
        return lines
    }

    static func letterPane(_ letter: LetterScreen, state: DeskState, into grid: inout Grid) {
        let layout = letterLayout(state)
        grid.fill(layout.box, role: .dialog)
        let title = letter.isOffer ? "\(letter.kind.title.prefix(1).uppercased() + letter.kind.title.dropFirst()) — case \(letter.number)"
                                   : "Letters of case \(letter.number)"
        let inner = Pane(title: title, trailingTitle: letter.isOffer ? "s send · n no letter · q form" : "Tab next · l language · q close",
                         isFocused: true).render(into: &grid, area: layout.box)
        for (offset, line) in layout.header.enumerated() {
            draw(line, into: &grid, row: inner.row + offset, area: inner)
        }
        grid.drawRule(row: layout.rule, across: layout.box, role: .borderFocused, joiningBorder: true)
        let text = letterText(letter.preview, width: layout.text.cols)
        let scroll = max(0, min(letter.scroll, text.count - layout.text.rows))
        for (offset, line) in text.dropFirst(scroll).prefix(layout.text.rows).enumerated() {
            draw(line, into: &grid, row: layout.text.row + offset, area: layout.text)
        }
        if text.count > layout.text.rows {
            let shown = "\(scroll + 1)–\(min(text.count, scroll + layout.text.rows))/\(text.count)"
            let edge = Rect(row: layout.box.endRow - 1, col: layout.box.col + 2, rows: 1, cols: layout.box.cols - 4)
            grid.put(" \(shown) ", row: edge.row, col: edge.endCol - TerminalText.displayWidth(shown) - 2, role: .muted, clip: edge)
        }
    }
}
