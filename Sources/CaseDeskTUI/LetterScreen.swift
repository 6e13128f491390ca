import CaseDesk
import Foundation
import Letters
import TerminalKit

/// A letter on screen, over the form or the case: which one, in which language, where it is
/// scrolled, and what the store or the outbox said when it refused.
///
/// It is offered when a form's move has a letter (the move is held until the person chooses: send
/// the letter, which records the move with it; record the move without it; or go back to the form
/// with its text), and it can be read from the case screen for any letter of the case.
public struct LetterScreen: Screen {
    static let printing = KeyBinding<DeskCommand>(
        [.character("p")], .printLetter, label: "print",
        help: "print the letter (for post or fax): it is piped to print_command of config.toml, lpr by default", group: "Letter",
        showsInStatusBar: true)

    static let scrolling: [KeyBinding<DeskCommand>] = DeskKeymaps.moving.map { binding in
        var binding = binding
        binding.help = binding.help.replacingOccurrences(of: "move", with: "scroll the letter")
        binding.group = "Letter"
        return binding
    }

    /// A letter offered with a form's move: the move waits for the choice.
    static let offerKeymap = Keymap<DeskCommand>([
        KeyBinding([.character("s")], .sendLetter, label: "send",
                   help: "send it: the letter goes to the outbox and the move is recorded with it, in one go", group: "Letter",
                   showsInStatusBar: true),
        KeyBinding([.character("n")], .skipLetter, label: "no letter",
                   help: "record the move without a letter (sent some other way, or none at all)", group: "Letter", showsInStatusBar: true),
        KeyBinding([.character("l")], .cycleLanguage, label: "language", help: "the letter in English, French or German", group: "Letter",
                   showsInStatusBar: true),
        SaveLetterScreen.binding,
        printing,
        KeyBinding([.character("q"), .escape], .back, label: "form", help: "back to the form, its text as you left it; nothing is written",
                   group: "Letter", showsInStatusBar: true),
    ] + scrolling).layered(over: DeskKeymaps.global)

    /// Reading a case's letters from the case screen.
    static let previewKeymap = Keymap<DeskCommand>([
        KeyBinding([.tab, .character("t")], .cycleLetterKind, label: "next letter",
                   help: "the next letter: acknowledgement, extension notice, response, escalation acknowledgement, final response, resolved",
                   group: "Letter", showsInStatusBar: true),
        KeyBinding([.character("l")], .cycleLanguage, label: "language", help: "the letter in English, French or German", group: "Letter",
                   showsInStatusBar: true),
        KeyBinding([.character("s")], .sendLetter, label: "send resolved",
                   help: "send the notice that the matter is resolved (a lapsed case); the other letters go out with their move (a, e, r, F)",
                   group: "Letter"),
        SaveLetterScreen.binding,
        printing,
        KeyBinding([.character("q"), .escape], .back, label: "close", help: "close the letter", group: "Letter", showsInStatusBar: true),
    ] + scrolling).layered(over: DeskKeymaps.global)

    public enum Purpose: Sendable, Equatable {
        /// The form's move, held: sending records it with the letter, skipping records it alone.
        case offer(Change)
        /// Reading the case's letters. Only the notice that a lapsed matter is resolved can be sent
        /// from here, because it moves nothing; the others go out with their move.
        case preview
    }

    public var purpose: Purpose
    public var number: CaseNumber
    public var kind: LetterKind
    /// The letters to step through (the preview's every kind; the offer's one).
    public var kinds: [LetterKind]
    public var language: LetterLanguage
    /// The customer's language as guessed from the case; nil when nothing stood out.
    public var guessed: LetterLanguage?
    public var preview: LetterPreview?
    public var scroll = 0
    /// Why the last send failed; the form keeps its text and the letter stays on screen.
    public var problem: MessageLine?
    /// When the letter was opened: its dates are read at this moment until it is sent.
    public var opened: Date

    public var isOffer: Bool { purpose != .preview }

    public func title(in state: DeskState) -> String { "letter, case \(number)" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { isOffer ? Self.offerKeymap : Self.previewKeymap }
    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        DeskUpdate.performOnLetter(&state, command, now: now)
    }
    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.letterPane(self, state: state, into: &grid)
    }
    public func relaidOut(in state: DeskState) -> LetterScreen {
        var screen = self
        screen.scroll = DeskUpdate.clampedLetterScroll(state)
        return screen
    }
    /// The form the letter's move came from waits under it, unseen.
    public var hidesDialogsBelow: Bool { true }
    public var isDialog: Bool { false }

    /// The letter as it would go out at `sentAt`, with the details the form's move carries.
    func request(sentAt: Date, session: DeskSession) -> LetterRequest {
        var request = LetterRequest(kind: kind, language: language, sentAt: sentAt, deskName: session.deskName)
        if case let .offer(change) = purpose {
            switch change {
            case let .extensionNotified(notice): request.promised = notice.promised
            case let .responded(answer), let .finalResponseSent(answer): request.answer = answer.summary
            default: break
            }
        }
        return request
    }

    /// The letter a person most likely wants to read on this case now: the resolved notice once it
    /// lapsed, else the letter of the stage's next step.
    static func likelyKind(for state: CaseState) -> LetterKind {
        if state.isLapsed { return .resolved }
        switch state.stage {
        case .supervisor: return .response
        case .headOfSupport: return state.head?.acknowledged == nil ? .acknowledgement : .response
        case .escalation: return state.escalation?.phase.acknowledged == nil ? .escalationAcknowledgement : .finalResponse
        case .finalResponse: return .finalResponse
        }
    }
}
