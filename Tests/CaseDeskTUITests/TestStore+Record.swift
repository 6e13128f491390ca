import CaseDesk
import CaseStore
import Foundation
import Letters
import MailDesk
import MailIntake
import TerminalKit
@testable import CaseDeskTUI

/// More of the desk's record for the handover, statistics and letter tests, written through the
/// store's API at fixed moments: a morning shift's work, and cases going back to November.
extension TestStore {
    /// Cases `history()` opens, after the seven of `filled()`.
    enum Older {
        static let renewal: CaseNumber = 8
        static let phishing: CaseNumber = 9
        static let malware: CaseNumber = 10
        static let invoice: CaseNumber = 11
        static let suggestion: CaseNumber = 12
        static let spam: CaseNumber = 13
    }

    /// The shift of Tue 30 Mar 2027 06:00–14:00, the one ending at `testNow`: a German case
    /// acknowledged, an abuse report taken, notes for the next shift in French and German, and
    /// amelie's reading of the handover.
    func morningShift() throws {
        let s = TestStore.supervisor, h = TestStore.head, a = TestStore.abuse
        try record(.acknowledged(.init(at: try moment("2027-03-30 09:15"))), on: Case.german, by: h, at: try moment("2027-03-30 09:15"))
        try record(.assigned(.init(to: "malik")), on: Case.japanese, by: a, at: try moment("2027-03-30 10:40"))
        try record(.noted(.init(text: "Mme Dubois rappelle demain matin ; le code d’autorisation part par courrier.", handover: true)),
                   on: Case.french, by: s, at: try moment("2027-03-30 11:20"))
        try record(.noted(.init(text: "Rückruf für Mittwoch vereinbart.")), on: Case.german, by: h, at: try moment("2027-03-30 13:30"))
        try record(.noted(.init(text: "Die Registry antwortet bis Donnerstag – bitte nachfassen, falls nichts kommt.", handover: true)),
                   on: Case.escalated, by: h, at: try moment("2027-03-30 13:45"))
        let shift = Shifts.standard.shift(at: try moment("2027-03-30 13:00"), calendar: .saarland)
        try store.markHandoverRead(shiftStart: shift.start, shiftEnd: shift.end, by: s, at: try moment("2027-03-30 14:02"))
    }

    /// Six cases from November to February: answered, missed, escalated or not; the customer's
    /// window after two answers has run out by `testNow`, so those matters lapsed.
    func history() throws {
        let s = TestStore.supervisor, h = TestStore.head, a = TestStore.abuse
        _ = try store.open(intake(.complaint, .email, "2026-11-09 10:00", customer: "Élise Moreau", contact: "elise.moreau@exemple.fr",
                                  account: "K-4004", domains: ["moreau-élise.fr"], subject: "Plainte : renouvellement facturé deux fois",
                                  description: "Bonjour, mon domaine a été renouvelé deux fois. Je vous remercie de corriger cette erreur.",
                                  stage: .headOfSupport), by: s, at: try moment("2026-11-09 10:05"))
        try record(.acknowledged(.init(at: try moment("2026-11-10 09:00"))), on: Older.renewal, by: h, at: try moment("2026-11-10 09:00"))
        try record(.responded(.init(summary: "Le second renouvellement a été remboursé.", at: try moment("2026-11-20 15:00"))),
                   on: Older.renewal, by: h, at: try moment("2026-11-20 15:00"))
        _ = try store.open(intake(.abuse, .web, "2026-12-14 08:00", customer: "Jörg Schäfer", contact: "joerg@schaefer.example",
                                  domains: ["bank-löwe.example"], subject: "Phishing auf bank-löwe.example", category: .phishing),
                           by: a, at: try moment("2026-12-14 08:10"))
        _ = try store.open(intake(.abuse, .email, "2026-12-21 16:00", customer: "Hélène Dupré", contact: "helene.dupre@exemple.fr",
                                  domains: ["logiciel-gratuit.example"], subject: "Logiciel malveillant", category: .malware,
                                  stage: .headOfSupport), by: a, at: try moment("2026-12-21 16:05"))
        try record(.acknowledged(.init(at: try moment("2026-12-22 10:00"))), on: Older.malware, by: a, at: try moment("2026-12-22 10:00"))
        _ = try store.open(intake(.complaint, .fax, "2027-01-11 09:00", customer: "Müller & Söhne GmbH", contact: "+49 681 555 0199",
                                  account: "K-5005", subject: "Beschwerde über die Kündigung", stage: .headOfSupport),
                           by: s, at: try moment("2027-01-11 09:05"))
        try record(.acknowledged(.init(at: try moment("2027-01-15 11:00"))), on: Older.invoice, by: h, at: try moment("2027-01-15 11:00"))
        try record(.responded(.init(summary: "Die Kündigung wurde zurückgenommen.", at: try moment("2027-01-20 14:00"))),
                   on: Older.invoice, by: h, at: try moment("2027-01-20 14:00"))
        _ = try store.open(intake(.feedback, .web, "2027-01-18 12:00", customer: "François Lambert", contact: "f.lambert@exemple.fr",
                                  subject: "Merci pour l’interface"), by: s, at: try moment("2027-01-18 12:05"))
        _ = try store.open(intake(.abuse, .phone, "2027-02-15 17:00", customer: "Günther Weiß", contact: "+49 30 555 0123",
                                  subject: "Spam mit Malware-Anhang", category: .spam), by: a, at: try moment("2027-02-15 17:05"))
        _ = try store.sweep(by: admin, at: testNow)
    }

    /// A driver whose letters go out with a From address, to the outbox beside the store.
    func mailingDriver(_ actor: Actor = TestStore.head, size: Size = Size(rows: 24, cols: 80)) throws -> DeskDriver {
        let settings = MailSettings(from: MailAddress(displayName: "Registrar Support", address: "complaints@registrar.example"))
        let driver = try DeskDriver(path: path, actor: actor, size: size, letters: LetterDesk(settings: settings, templates: .builtIn),
                                    now: testNow)
        driver.runDeferred(now: testNow)
        return driver
    }

    /// The outbox beside the store, where letters wait for the mail system.
    var outbox: Outbox { Outbox(path: URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("outbox").path) }
}
