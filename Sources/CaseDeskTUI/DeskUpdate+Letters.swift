import CaseDesk
import CaseStore
import Foundation
import Letters
import MailDesk
import TerminalKit

/// Letters on screen: the offer that holds a form's move until the person sends the letter (which
/// records the move with it), records the move without it, or goes back to the form; the preview
/// of any letter from the case screen; and what the outbox and the store answer.
extension DeskUpdate {
    /// Holds the form's move and shows its letter, in the customer's language when it can be guessed.
    static func offerLetter(_ state: inout DeskState, _ kind: LetterKind, change: Change, on caseState: CaseState,
                            now: Date) -> [DeskEffect] {
        let guessed = LetterLanguage.guess(for: caseState)
        state.push(LetterScreen(purpose: .offer(change), number: caseState.number, kind: kind, kinds: [kind],
                                    language: guessed ?? state.session.letterLanguage, guessed: guessed, opened: now))
        return letterEffects(state)
    }

    static func openLetterPreview(_ state: inout DeskState, now: Date) -> [DeskEffect] {
        guard let caseState = state.caseView?.state else {
            state.message = MessageLine("The case is still loading; press l again in a moment.", kind: .warning)
            return []
        }
        let guessed = LetterLanguage.guess(for: caseState)
        state.push(LetterScreen(purpose: .preview, number: caseState.number, kind: LetterScreen.likelyKind(for: caseState),
                                    kinds: LetterKind.allCases, language: guessed ?? state.session.letterLanguage, guessed: guessed,
                                    opened: now))
        return letterEffects(state)
    }

    /// The case the letter is written on: the form's, as read when it opened (or since, after a
    /// colleague's change), or the open case's.
    static func letterCase(_ state: DeskState) -> CaseState? {
        guard let letter = state.letter else { return nil }
        let caseState = letter.isOffer ? state.form?.caseState : state.caseView?.state
        return caseState?.number == letter.number ? caseState : nil
    }

    /// Asks for the letter on screen to be written (again): another language, another letter, or
    /// the case changed.
    static func letterEffects(_ state: DeskState) -> [DeskEffect] {
        guard let letter = state.letter, let caseState = letterCase(state) else { return [] }
        return [.renderLetter(letter.request(sentAt: letter.opened, session: state.session), caseState)]
    }

    static func performOnLetter(_ state: inout DeskState, _ command: DeskCommand, now: Date) -> [DeskEffect] {
        guard var letter = state.letter else { return [] }
        if scrollView(&state, \.letter, \.scroll, by: command, page: max(1, DeskRenderer.letterLayout(state).text.rows - 1),
                      clamped: clampedLetterScroll) { return [] }
        switch command {
        case .back:
            state.pop()
            if letter.isOffer { state.message = MessageLine("Back to the form; nothing was written. C-s offers the letter again.") }
        case .cycleLanguage:
            let languages = LetterLanguage.allCases
            letter.language = languages[(languages.firstIndex(of: letter.language)! + 1) % languages.count]
            letter.scroll = 0
            state.letter = letter
            return letterEffects(state)
        case .cycleLetterKind:
            guard letter.kinds.count > 1 else { return [] }
            letter.kind = letter.kinds[((letter.kinds.firstIndex(of: letter.kind) ?? 0) + 1) % letter.kinds.count]
            letter.scroll = 0
            letter.problem = nil
            state.letter = letter
            return letterEffects(state)
        case .sendLetter:
            return sendLetter(&state, now: now)
        case .printLetter:
            guard let text = SaveLetterScreen.fileText(state) else {
                state.message = MessageLine("There is no letter to print here (see why on the letter).", kind: .warning)
                return []
            }
            return [.printText(text, command: state.session.printCommand)]
        case .skipLetter:
            guard case let .offer(change) = letter.purpose, let form = state.form, let number = form.caseNumber else { return [] }
            state.pop()
            return [.record(change, on: number, expectedVersion: form.expectedVersion)]
        default:
            break
        }
        return []
    }

    /// Sends the letter on screen now. Offered with a move, it carries the move (at this moment, the
    /// moment the letter goes out); read from the case, only the resolved notice goes, moving nothing.
    static func sendLetter(_ state: inout DeskState, now: Date) -> [DeskEffect] {
        guard var letter = state.letter, let caseState = letterCase(state) else { return [] }
        let request = letter.request(sentAt: now, session: state.session)
        switch letter.purpose {
        case .preview:
            guard letter.kind == .resolved else {
                letter.problem = MessageLine("The \(letter.kind.title) letter goes out with its move: q, then \(moveKey(for: letter.kind)); "
                    + "it is offered when you save the form.", kind: .warning)
                state.letter = letter
                return []
            }
            return [.sendLetter(request, change: nil, on: caseState)]
        case .offer:
            do throws(LetterError) {
                return [.sendLetter(request, change: try LetterPost.change(for: request, at: now), on: caseState)]
            } catch {
                letter.problem = MessageLine(error.description, kind: .error)
                state.letter = letter
                return []
            }
        }
    }

    /// The key of the move a letter goes out with.
    static func moveKey(for kind: LetterKind) -> String {
        switch kind {
        case .acknowledgement, .escalationAcknowledgement: DeskAction.acknowledge.key.name
        case .extensionNotice: DeskAction.extend.key.name
        case .response: DeskAction.respond.key.name
        case .finalResponse: DeskAction.finalResponse.key.name
        case .resolved, .lateRefusal, .abuseConfirmation, .abuseOutcome: "s"
        }
    }

    static func letterRendered(_ state: inout DeskState, _ preview: LetterPreview) -> [DeskEffect] {
        guard let letter = state.letter, letter.number == preview.number, letter.kind == preview.request.kind,
              letter.language == preview.request.language else { return [] }
        state.letter?.preview = preview
        let clamped = clampedLetterScroll(state)
        state.letter?.scroll = clamped
        return []
    }

    static func letterSent(_ state: inout DeskState, _ sent: LetterPost.Sent, change: Change?, request: LetterRequest) -> [DeskEffect] {
        let number = sent.state.number
        if state.letter?.number == number { state.close(LetterScreen.self) }
        if state.form?.caseNumber == number { state.close(FormScreen.self) }
        let moved = change.map { EventText.pastTense($0) + " and " } ?? ""
        let letter = request.kind == .resolved ? request.kind.title : "\(request.kind.title) letter"
        state.message = MessageLine("Case \(number): \(state.session.actor.account) \(moved)sent the \(letter) "
            + "(\(request.language.rawValue)) to \(sent.message.to.address).")
        return afterWrite(&state, sent.state)
    }

    /// Nothing was written. The letter stays on screen with the reason, and so does the form's text;
    /// after a colleague's change the next send is judged on the case as it now is.
    static func letterNotSent(_ state: inout DeskState, _ number: CaseNumber, _ failure: LetterDesk.Failure) -> [DeskEffect] {
        var text = failure.description
        var effects: [DeskEffect] = []
        if let current = failure.currentVersion {
            if state.form?.caseNumber == number { state.form?.expectedVersion = current }
            text += ". Your text is kept: s sends it on the case as it is now."
            effects.append(.loadCase(number))
        }
        if state.form?.caseNumber == number { state.form?.problem = MessageLine(text, kind: .error) }
        if let letter = state.letter, letter.number == number, letter.preview?.unsendable != text {
            state.letter?.problem = MessageLine(text, kind: .error)
        } else {
            // The pane already says why it cannot be mailed; the message line says it was tried.
            state.message = MessageLine("Not sent: " + text, kind: .error)
        }
        return effects
    }

    static func clampedLetterScroll(_ state: DeskState) -> Int {
        guard let letter = state.letter else { return 0 }
        let layout = DeskRenderer.letterLayout(state)
        let lines = DeskRenderer.letterText(letter.preview, width: layout.text.cols).count
        return max(0, min(letter.scroll, lines - layout.text.rows))
    }
}
