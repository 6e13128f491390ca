import CaseDesk
import CaseStore
import Foundation
import MailIntake
import TerminalKit

/// The case's mail thread (t on a case, as mutt's index and pager): every message received and
/// every letter sent, in the order the trail filed them; Enter opens one as text (its headers, its
/// readable body, its attachments listed; control characters and escape sequences shown as visible
/// replacements, as `casedesk message show` does), `w` saves that text to a file. A letter that
/// went out says when and to whom.
///
/// The list is the case's own (`CaseState.messages`, read by the case screen under it, so a
/// colleague's import shows up here too); a message's bytes are read from the archive when it is
/// opened (`CaseStore.storedMessage`), through a `StoreCall` declared below.
public struct MailThreadScreen: Screen {
    public static let binding = KeyBinding<DeskCommand>(
        [.character("t")], .show(ScreenOpener("mail thread", open: { state, _ in
            guard let number = state.caseView?.number else { return [] }
            state.push(MailThreadScreen(number: number, size: state.size))
            return []
        })), label: "mail",
        help: "the case's mail thread: messages received and letters sent, in order; each opened as text and saved to a file",
        group: "Letters")

    /// w: the selected or opened message's text to a file (the message is read first when only listed).
    static let saving = KeyBinding<DeskCommand>(
        [.character("w")], .show(ScreenOpener("save message", open: { state, _ in
            guard let thread = state[MailThreadScreen.self] else { return [] }
            if let opened = thread.opened {
                state.push(SaveLetterScreen(name: opened.fileName, content: opened.text, what: "the message"))
                return []
            }
            return thread.openSelected(&state, thenSave: true)
        })), label: "save", help: "save the message as text (sanitized, as shown) to a file; an existing file is never replaced",
        group: "Mail thread", showsInStatusBar: true)

    static let listKeymap = Keymap<DeskCommand>([
        KeyBinding([.enter], .open, label: "open", help: "open the selected message as text", group: "Mail thread", showsInStatusBar: true),
        saving,
        KeyBinding([.character("q"), .escape], .back, label: "back", help: "back to the case", group: "Mail thread", showsInStatusBar: true),
    ] + DeskKeymaps.moving).layered(over: DeskKeymaps.global)

    static let messageKeymap = Keymap<DeskCommand>([
        KeyBinding([.character("J")], .nextCase, label: "next", help: "the next message of the thread", group: "Mail thread",
                   showsInStatusBar: true),
        KeyBinding([.character("K")], .previousCase, label: "previous", help: "the message before it", group: "Mail thread"),
        saving,
        KeyBinding([.character("q"), .escape], .back, label: "list", help: "back to the thread's list", group: "Mail thread",
                   showsInStatusBar: true),
    ] + DeskKeymaps.moving.map { binding in
        var binding = binding
        binding.help = binding.help.replacingOccurrences(of: "move", with: "scroll the message")
        return binding
    }).layered(over: DeskKeymaps.global)

    /// Screen lines of one message laid out at most (a 50 MB line shows as far as anyone reads it).
    static let lineLimit = 2000

    /// A message read from the archive, as text.
    public struct OpenedMessage: Sendable, Equatable {
        /// Its place in the thread.
        public var index: Int
        public var sha256: String
        /// The whole text, sanitized: what `w` saves.
        public var text: String
        public var fileName: String
        /// The text laid out at `width` (at most `lineLimit` lines), and where it is scrolled.
        var lines: [DocLine] = []
        var width = 0
        var isCut = false
        public var scroll = 0

        mutating func layOut(width: Int) {
            guard width != self.width else { return }
            self.width = width
            let wrapped = TerminalText.wrap(text, width: max(1, width), limit: MailThreadScreen.lineLimit)
            lines = wrapped.lines.map { DocLine($0) }
            isCut = wrapped.isCut
            if isCut { lines.append(DocLine("… the rest is not shown here: w saves the whole message", .muted)) }
        }
    }

    public var number: CaseNumber
    public var list: ListState
    public var opened: OpenedMessage?
    /// The message being read (Enter, J/K), to show "Reading…" meanwhile.
    public var reading: Int?

    public init(number: CaseNumber, size: Size) {
        self.number = number
        list = ListState(count: 0, visibleRows: Self.listRows(size))
    }

    /// The thread in the trail's order, from the case screen under this one.
    func records(_ state: DeskState) -> [CaseState.MessageRecord] {
        let caseScreen = state.stack.last { ($0 as? CaseScreen)?.number == number } as? CaseScreen
        return caseScreen?.state?.messages ?? []
    }

    static func listRows(_ size: Size) -> Int { max(1, DeskLayout.frame(size).body.rows - 3) }
    static func textArea(_ size: Size) -> Rect { DeskLayout.frame(size).body.inset(by: 1) }

    public func title(in state: DeskState) -> String { "mail, case \(number)" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { opened == nil ? Self.listKeymap : Self.messageKeymap }
    public var coversBody: Bool { true }
    public var isDialog: Bool { false }

    public func position(in state: DeskState) -> String? {
        let count = records(state).count
        guard count > 0 else { return "" }
        return "\((opened?.index ?? list.selected) + 1)/\(count)"
    }

    public func relaidOut(in state: DeskState) -> MailThreadScreen {
        var screen = self
        screen.list.setVisibleRows(Self.listRows(state.size))
        screen.opened?.layOut(width: Self.textArea(state.size).cols)
        if let opened = screen.opened {
            screen.opened?.scroll = max(0, min(opened.scroll, opened.lines.count - Self.textArea(state.size).rows))
        }
        return screen
    }

    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        var screen = self
        let records = records(state)
        screen.list.setCount(records.count)
        if var opened = screen.opened {
            let page = max(1, Self.textArea(state.size).rows - 1)
            let last = max(0, opened.lines.count - Self.textArea(state.size).rows)
            switch command {
            case .down: opened.scroll += 1
            case .up: opened.scroll -= 1
            case .pageDown: opened.scroll += page
            case .pageUp: opened.scroll -= page
            case .top: opened.scroll = 0
            case .bottom: opened.scroll = last
            case .back:
                screen.opened = nil
                screen.list.select(opened.index)
                state[Self.self] = screen
                return []
            case .nextCase, .previousCase:
                let next = opened.index + (command == .nextCase ? 1 : -1)
                guard records.indices.contains(next) else {
                    state.message = MessageLine(command == .nextCase ? "That was the last message of the thread."
                                                                     : "That was the first message of the thread.")
                    return []
                }
                screen.list.select(next)
                state[Self.self] = screen
                return screen.openSelected(&state, thenSave: false)
            default:
                return []
            }
            opened.scroll = max(0, min(opened.scroll, last))
            screen.opened = opened
            state[Self.self] = screen
            return []
        }
        if DeskUpdate.move(&screen.list, by: command) {
            state[Self.self] = screen
            return []
        }
        switch command {
        case .open:
            state[Self.self] = screen
            return screen.openSelected(&state, thenSave: false)
        case .back:
            state.pop()
        default:
            break
        }
        return []
    }

    /// Reads the selected message from the archive; the answer opens it (and offers to save it).
    func openSelected(_ state: inout DeskState, thenSave: Bool) -> [DeskEffect] {
        let records = records(state)
        guard records.indices.contains(list.selected) else { return [] }
        let index = list.selected, record = records[index], number = number, count = records.count
        let calendar = state.session.calendar
        let width = Self.textArea(state.size).cols
        state[Self.self]?.reading = index
        return [.call(StoreCall("message \(record.message.sha256)") { store, _ throws(StoreError) in
            let stored = try store.storedMessage(record.message.sha256)
            var opened = OpenedMessage(index: index, sha256: stored.sha256,
                                       text: Self.text(of: stored, record: record, place: "\(index + 1) of \(count)", calendar: calendar),
                                       fileName: "case-\(number)-message-\(index + 1).txt")
            opened.layOut(width: width)
            let shown = opened
            return StoreAnswer { state, _ in
                guard var screen = state[MailThreadScreen.self], screen.number == number else { return [] }
                screen.opened = shown
                screen.opened?.layOut(width: MailThreadScreen.textArea(state.size).cols)
                screen.reading = nil
                state[MailThreadScreen.self] = screen
                if thenSave { state.push(SaveLetterScreen(name: shown.fileName, content: shown.text, what: "the message")) }
                return []
            }
        })]
    }

    /// A message as text, sanitized: what was filed (received or sent, when, to whom), its
    /// headers, its readable body and its attachments, listed.
    static func text(of stored: StoredMessage, record: CaseState.MessageRecord, place: String, calendar: BusinessCalendar) -> String {
        let message = record.message
        var lines: [String] = []
        if record.direction == .incoming {
            lines.append("Received   \(calendar.readable(message.at)) · message \(place)")
        } else {
            let letter = message.letter.map { " · the \($0.replacingOccurrences(of: "-", with: " ")) letter" + (message.language.map { " (\($0))" } ?? "") } ?? ""
            lines.append("Sent       \(calendar.readable(message.at)) to \(message.to ?? "?")\(letter) · message \(place)")
        }
        let raw = [UInt8](stored.raw)
        if SHA256.hex(of: raw) != stored.sha256 {
            lines.append("Digest     MISMATCH: the kept bytes changed since they were filed (run casedesk verify)")
        }
        do {
            let mail = try MailMessage(bytes: raw)
            for name in ["From", "To", "Cc", "Date", "Subject"] {
                if let field = mail.header.first(name) {
                    lines.append(name.padding(toLength: 11, withPad: " ", startingAt: 0) + TerminalText.sanitize(field.decodedValue))
                }
            }
            lines.append("")
            lines.append(TerminalText.sanitizeMultiline(mail.bodyText))
            let attachments = mail.attachments
            if !attachments.isEmpty {
                lines.append("")
                lines.append("Attachments (save one with: casedesk message save \(stored.sha256.prefix(12)) --attachment N --out FILE)")
                for (index, attachment) in attachments.enumerated() {
                    lines.append("  \(index + 1). " + TerminalText.sanitize("\(attachment.filename ?? "(no name)") · \(attachment.contentType) · "
                        + "\(attachment.size) bytes"))
                }
            }
        } catch {
            lines.append("")
            lines.append("(not readable as mail: \(error); casedesk message save \(stored.sha256.prefix(12)) --out FILE keeps its bytes)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Drawing

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        let area = DeskLayout.frame(size).body
        let records = records(state)
        if let opened, records.indices.contains(opened.index) {
            let record = records[opened.index]
            let what = record.direction == .incoming ? "received" : "sent"
            let inner = Pane(title: "Case \(number) — message \(opened.index + 1)/\(records.count), \(what) "
                                 + state.session.calendar.readableShort(record.message.at, now: now),
                             trailingTitle: "J/K next/previous · w save · q list", isFocused: true).render(into: &grid, area: area)
            DeskRenderer.drawColumns(main: opened.lines, side: [], columns: nil, scroll: opened.scroll, into: &grid, area: area, inner: inner)
            return
        }
        let inner = Pane(title: "Mail of case \(number) — \(records.count) message\(records.count == 1 ? "" : "s")",
                         trailingTitle: "Enter open · w save · q back", isFocused: true).render(into: &grid, area: area)
        guard !records.isEmpty else {
            let none = state.caseView?.state == nil ? "Reading the case…"
                : "No mail is filed with this case: nothing was imported for it and no letter was sent (l reads its letters)."
            for (offset, line) in TerminalText.wrap(none, width: max(1, inner.cols - 2)).enumerated() where offset < inner.rows {
                grid.put(line, row: inner.row + offset, col: inner.col + 1, role: .muted, clip: inner)
            }
            return
        }
        let columns = Self.columns(width: inner.cols)
        grid.put(Self.row(["", "When", "Who", "Subject"], columns), row: inner.row, col: inner.col, role: .columnHeader, clip: inner)
        let calendar = state.session.calendar
        var list = self.list
        list.setCount(records.count)
        for (offset, index) in list.visibleRange.enumerated() {
            let record = records[index]
            let message = record.message
            let incoming = record.direction == .incoming
            var subject = message.subject
            if !incoming, let letter = message.letter {
                subject += " · \(letter.replacingOccurrences(of: "-", with: " "))" + (message.language.map { ", \($0)" } ?? "")
            }
            let cells = [incoming ? "received" : "sent", calendar.readableShort(message.at, now: now),
                         incoming ? "from " + message.from : "to " + (message.to ?? "?"), subject].map(TerminalText.sanitize)
            let isSelected = index == list.selected
            let role: ScreenRole = isSelected ? .selection : (incoming ? .normal : .accent)
            let row = inner.row + 1 + offset
            if isSelected { grid.fill(Rect(row: row, col: inner.col, rows: 1, cols: inner.cols), role: .selection) }
            grid.put(Self.row(cells, columns) + (reading == index ? "  reading…" : ""), row: row, col: inner.col, role: role, clip: inner)
        }
    }

    /// Widths of direction, when, who; the subject takes the rest.
    static func columns(width: Int) -> [Int] {
        let who = max(12, min(40, (width - 29) * 2 / 5))
        return [9, 17, who, max(1, width - 9 - 17 - who - 3)]
    }

    static func row(_ cells: [String], _ widths: [Int]) -> String {
        " " + zip(cells, widths).map { TerminalText.fit($0, width: $1) }.joined(separator: " ")
    }
}
