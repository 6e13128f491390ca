import CaseDesk
import CaseStore
import Foundation
import Letters
import MailDesk
import MailIntake

/// What the screens need to write the procedure's letters and send them: the desk's `[mail]`
/// settings (From, outbox, default language, signature) and where its own templates are. The
/// driver renders and sends through here, with the same code as `casedesk letter`, so a letter
/// looks the same and is recorded the same whichever way it went out.
public struct LetterDesk: Sendable {
    public var settings: MailSettings
    public var templates: LetterTemplates

    public init(settings: MailSettings, templates: LetterTemplates) {
        self.settings = settings
        self.templates = templates
    }

    /// No settings and the built-in templates: letters can be read, not sent (no From address).
    public static let builtIn = LetterDesk(settings: MailSettings(), templates: .builtIn)

    /// Why a letter did not go out: it could not be written, or the outbox or the store refused it.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case letter(LetterError)
        case post(LetterPostError)

        public var description: String {
            switch self {
            case let .letter(error): error.description
            case let .post(error): error.description
            }
        }

        /// The case's version now, when the store refused because someone changed the case.
        public var currentVersion: Int? {
            if case let .post(.refused(.conflict(_, _, current, _, _, _))) = self { return current }
            return nil
        }
    }

    /// The letter for `request` on the case as it stands, and where it would go; never throws, so
    /// the screen can show why a letter cannot be written or mailed instead of the letter.
    public func preview(_ request: LetterRequest, state: CaseState, procedure: Procedure) -> LetterPreview {
        var preview = LetterPreview(request: request, number: state.number)
        do throws(LetterError) {
            let letter = try Letters.render(request, state: state, procedure: procedure, templates: templates)
            preview.letter = letter
            preview.subject = CaseTag.subject(letter.subject, case: state.number)
        } catch {
            preview.problem = error.description
        }
        preview.from = settings.sender(abuse: state.kind == .abuse)?.description
        preview.to = LetterPost.recipient(of: state)?.description
        if preview.from == nil {
            preview.unsendable = LetterPostError.noSender(in: settings).description
        } else if preview.to == nil {
            preview.unsendable = LetterPostError.noMailAddress(state.number, contact: state.intake.contact).description
        }
        return preview
    }

    /// The letter `kind` on every report of the incident, each to its reporter in the reporter's
    /// language, all recorded in one transaction with each report judged on its own: the same call
    /// as `casedesk letter N TYPE --incident --send`.
    public func sendOnIncident(_ incident: IncidentNumber, kind: LetterKind, store: any CaseStore, storePath: String, procedure: Procedure,
                               by actor: Actor, at now: Date) throws(Failure) -> IncidentLetters {
        let post = LetterPost(store: store, outbox: Outbox(path: settings.outboxPath(storePath: storePath)), settings: settings,
                              calendar: procedure.calendar)
        let settings = settings
        do throws(LetterPostError) {
            return try post.sendOnIncident(incident, procedure: procedure, templates: templates, by: actor, at: now) { report in
                LetterRequest(kind: kind, language: LetterLanguage.guess(for: report) ?? settings.language ?? .english, sentAt: now,
                              deskName: settings.deskName)
            }
        } catch {
            throw .post(error)
        }
    }

    /// Writes the letter into the outbox and records `change` with it in one transaction, on the
    /// case as it was read (`state.version` is checked); a refusal leaves neither.
    public func send(_ request: LetterRequest, change: Change?, on state: CaseState, store: any CaseStore, storePath: String,
                     procedure: Procedure, by actor: Actor, at now: Date) throws(Failure) -> LetterPost.Sent {
        let letter: Letter
        do throws(LetterError) {
            letter = try Letters.render(request, state: state, procedure: procedure, templates: templates)
        } catch {
            throw .letter(error)
        }
        let post = LetterPost(store: store, outbox: Outbox(path: settings.outboxPath(storePath: storePath)), settings: settings,
                              calendar: procedure.calendar)
        do throws(LetterPostError) {
            return try post.send(letter, on: state, change: change, by: actor, at: now)
        } catch {
            throw .post(error)
        }
    }
}
