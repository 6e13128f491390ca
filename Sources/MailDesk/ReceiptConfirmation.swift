import CaseDesk
import CaseStore
import Foundation
import Letters

/// The confirmation of receipt an abuse report gets when it is imported and the policy says so
/// (`[abuse] confirm_on_import`): the `abuse-confirmation` letter, sent with its `confirm` event,
/// through the same post as any letter.
public struct ReceiptConfirmation: Sendable {
    public let post: LetterPost
    public let settings: MailSettings
    public let templates: LetterTemplates

    public init(post: LetterPost, settings: MailSettings, templates: LetterTemplates) {
        self.post = post
        self.settings = settings
        self.templates = templates
    }

    /// Whether an imported case gets the letter: an abuse report, receipt not yet confirmed, the policy on.
    public static func isDue(_ state: CaseState, procedure: Procedure) -> Bool {
        state.kind == .abuse && state.isOpen && state.receiptConfirmed == nil && procedure.policy.abuse.confirmOnImport
    }

    /// Sends it; what went wrong, in words, when it could not be sent (the report stays unconfirmed).
    public func send(_ state: CaseState, procedure: Procedure, by actor: Actor, at now: Date) -> Result<LetterPost.Sent, Error> {
        let request = LetterRequest(kind: .abuseConfirmation, language: LetterLanguage.guess(for: state) ?? settings.language ?? .english,
                                    sentAt: now, deskName: settings.deskName)
        do {
            let letter = try Letters.render(request, state: state, procedure: procedure, templates: templates)
            return .success(try post.send(letter, on: state, change: .receiptConfirmed(.init(at: now)), by: actor, at: now))
        } catch {
            return .failure(error)
        }
    }
}
