import CaseDesk
import Foundation
import Letters
import MailDesk
import TerminalKit

/// "Save the letter to a file" (w on a letter): for a customer reached by post or fax, the letter
/// is printed from the file. A name typed over the letter; Enter writes it, never over an existing
/// file. A relative name is under the folder casedesk was started in; `~/` is the home folder.
///
/// The mail thread saves its messages through it too: then it holds the message's text itself.
public struct SaveLetterScreen: OpenableScreen, LineDialog {
    public var field: TextField
    /// Text to save instead of the letter on screen (a message of the thread), and what it is ("the message").
    public var content: String?
    public var what = "the letter"

    public static let binding = KeyBinding<DeskCommand>(
        [.character("w")], .show(ScreenOpener("save letter", open: { state, now in
            guard let letter = state.letter, letter.preview?.letter != nil else {
                state.message = MessageLine("There is no letter to save here (see why on the letter).", kind: .warning)
                return []
            }
            // A printed letter is judged as sending would judge its move (as `casedesk letter` does):
            // a promised date that is no business day, or not after the current due date, is refused.
            if let caseState = DeskUpdate.letterCase(state) {
                do throws(TransitionError) {
                    try LetterPost.checkPrinting(letter.request(sentAt: now, session: state.session), state: caseState,
                                                 procedure: state.session.procedure)
                } catch {
                    state.letter?.problem = MessageLine("Not saved: \(error)", kind: .error)
                    return []
                }
            }
            state.push(SaveLetterScreen(name: "case-\(letter.number)-\(letter.kind.rawValue)-\(letter.language.rawValue).txt"))
            return []
        })), label: "save", help: "save the letter to a file, to print it for post or fax", group: "Letter", showsInStatusBar: true)

    static let keymap = Keymap<DeskCommand>([
        KeyBinding([.enter], .open, label: "save", help: "write the letter to this file (an existing file is never overwritten)",
                   group: "Save the letter", showsInStatusBar: true),
        KeyBinding([.escape], .back, label: "cancel", help: "back to the letter, saving nothing", group: "Save the letter",
                   showsInStatusBar: true),
        KeyBinding([.ctrl("c")], .quit, label: "quit", help: "quit", group: "Save the letter"),
    ])

    public init(name: String) {
        field = TextField(name, maxLength: 1024)
    }

    /// Saving `text` (already sanitized) rather than the letter on screen.
    public init(name: String, content: String, what: String) {
        field = TextField(name, maxLength: 1024)
        self.content = content
        self.what = what
    }

    /// The letter as a file: who it goes to, the subject with the case's tag, the text. Outside text
    /// (the contact, the customer's words in the letter) is sanitized, as on screen.
    static func fileText(_ state: DeskState) -> String? {
        guard let preview = state.letter?.preview, let letter = preview.letter else { return nil }
        var lines: [String] = []
        if let intake = DeskUpdate.letterCase(state)?.intake {
            lines.append("To: " + TerminalText.sanitize(intake.customer + " · " + intake.contact))
        }
        lines.append("Subject: " + TerminalText.sanitize(preview.subject ?? letter.subject))
        lines.append("")
        return (lines.joined(separator: "\n") + "\n" + TerminalText.sanitizeMultiline(letter.body))
    }

    public func title(in state: DeskState) -> String { content == nil ? "save letter" : "save message" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { Self.keymap }
    public func helpSections(in state: DeskState) -> [HelpSection] { Self.keymap.helpSections + EditingKeys.line.helpSections }

    public func unbound(_ key: KeyEvent, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        typed(key, &state)
    }

    func submit(_ state: inout DeskState, now: Date) -> [DeskEffect] {
        let name = field.text.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            state.message = MessageLine("Name the file to save the letter to.", kind: .warning)
            return []
        }
        state.pop()
        if let content { return [.saveFile(content, path: name, what: what, note: nil)] }
        guard let text = Self.fileText(state) else { return [] }
        return [.saveFile(text, path: name, what: "the letter", note: "print it from there (for post or fax)")]
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        renderLine(title: content == nil ? "Save the letter" : "Save \(what)", label: " File: ", cols: min(70, size.cols - 4), into: &grid, size: size)
    }
}
