import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// A moment in desk time, as the tests write them ("2027-03-30 14:05").
func moment(_ text: String) throws -> Date {
    try #require(BusinessCalendar.saarland.parseMoment(text), "bad test moment \(text)")
}

/// The fixed "now" of every screen test: Tuesday after Easter 2027, so explanations skip Good Friday
/// and Easter Monday.
let testNow = BusinessCalendar.saarland.parseMoment("2027-03-30 14:05")!

/// A real SQLite store in a temporary folder, filled through the store's API with French, German
/// and CJK cases at fixed moments: what the screen tests render.
struct TestStore {
    let path: String
    let store: SQLiteCaseStore
    let admin = Actor(account: "root")
    static let head = Actor(account: "helene")
    static let supervisor = Actor(account: "amelie")
    static let abuse = Actor(account: "malik")
    static let viewer = Actor(account: "audit")

    /// Numbers of the cases `filled()` opens.
    enum Case {
        static let french: CaseNumber = 1
        static let german: CaseNumber = 2
        static let japanese: CaseNumber = 3
        static let feedback: CaseNumber = 4
        static let closed: CaseNumber = 5
        static let escalated: CaseNumber = 6
        static let hostile: CaseNumber = 7
    }

    /// An empty store with the staff, but no cases.
    static func empty() throws -> TestStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("casedesk-tui-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("desk.sqlite").path
        let admin = Actor(account: "root")
        let store = try SQLiteCaseStore.create(path: path, creator: admin, roles: [.admin], at: try moment("2027-01-04 08:00"))
        let added = try moment("2027-01-04 08:05")
        try store.setStaff("helene", roles: [.head], by: admin, at: added)
        try store.setStaff("amelie", roles: [.supervisor], by: admin, at: added)
        try store.setStaff("malik", roles: [.abuse], by: admin, at: added)
        try store.setStaff("audit", roles: [.viewer], by: admin, at: added)
        return TestStore(path: path, store: store)
    }

    /// The store with seven cases covering every screen.
    static func filled() throws -> TestStore {
        let desk = try empty()
        try desk.fill()
        return desk
    }

    func intake(_ kind: CaseKind, _ channel: Channel, _ received: String, customer: String, contact: String, account: String? = nil,
                domains: [String] = [], subject: String, description: String = "", category: AbuseCategory? = nil,
                stage: Stage = .supervisor) throws -> Intake {
        Intake(kind: kind, channel: channel, received: try moment(received), customer: customer, contact: contact, account: account,
               domains: try domains.map { try DomainName($0) }, subject: subject, description: description, category: category,
               stage: stage)
    }

    func record(_ change: Change, on number: CaseNumber, by actor: Actor, at: Date) throws {
        _ = try store.record(change, on: number, expectedVersion: nil, by: actor, at: at)
    }

    private func fill() throws {
        let s = TestStore.supervisor, h = TestStore.head, a = TestStore.abuse
        _ = try store.open(intake(.complaint, .email, "2027-03-29 10:00", customer: "Amélie Dubois", contact: "amelie.dubois@exemple.fr",
                                  account: "K-1001", domains: ["café-exemple.fr"], subject: "Transfert bloqué « urgent »",
                                  description: "Bonjour, le transfert de café-exemple.fr est bloqué depuis une semaine. Merci de débloquer le code d'autorisation."),
                           by: s, at: try moment("2027-03-29 10:05"))
        _ = try store.open(intake(.complaint, .letter, "2027-03-25 09:30", customer: "Jürgen Groß", contact: "Hauptstraße 5, 66111 Saarbrücken",
                                  account: "K-2002", domains: ["straße-müller.de"], subject: "Beschwerde: Rechnung für straße-müller.de falsch",
                                  description: "Sehr geehrte Damen und Herren, die Rechnung vom März ist doppelt abgebucht worden.",
                                  stage: .headOfSupport),
                           by: s, at: try moment("2027-03-25 11:00"))
        _ = try store.open(intake(.abuse, .web, "2027-03-19 16:00", customer: "田中 太郎", contact: "tanaka@example.jp",
                                  domains: ["漢字.jp"], subject: "フィッシングサイトの報告 phishing on 漢字.jp",
                                  description: "銀行を装ったページです。", category: .phishing, stage: .headOfSupport),
                           by: a, at: try moment("2027-03-19 16:30"))
        // Its hour clocks met (receipt confirmed, the evidence reviewed): the abuse desk's own clocks are shown, not overdue.
        try record(.receiptConfirmed(.init(at: try moment("2027-03-19 16:40"))), on: Case.japanese, by: a, at: try moment("2027-03-19 16:40"))
        try record(.evidenceJudged(.init(actionable: false, reason: "the page is gone")), on: Case.japanese, by: a,
                   at: try moment("2027-03-20 10:00"))
        _ = try store.open(intake(.feedback, .web, "2027-03-22 12:00", customer: "Zoë Lefèvre", contact: "zoe@exemple.fr",
                                  subject: "Suggestion : un mode sombre"), by: s, at: try moment("2027-03-22 12:10"))
        _ = try store.open(intake(.complaint, .phone, "2027-03-15 09:00", customer: "Ben Carter", contact: "+44 20 7946 0018",
                                  subject: "Renewal charged twice"), by: s, at: try moment("2027-03-15 09:05"))
        try record(.responded(.init(summary: "Refunded the second charge.", at: try moment("2027-03-16 10:00"))),
                             on: Case.closed, by: s, at: try moment("2027-03-16 10:01"))
        try record(.closed(.init(reason: .satisfied, note: "Customer thanked us.")), on: Case.closed, by: s,
                             at: try moment("2027-03-17 09:00"))
        _ = try store.open(intake(.complaint, .email, "2027-02-01 09:00", customer: "Claire Fontaine", contact: "claire@fontaine.fr",
                                  account: "K-3003", domains: ["fontaine-fleurs.fr"], subject: "Plainte : domaine suspendu",
                                  stage: .headOfSupport), by: s, at: try moment("2027-02-01 09:05"))
        try record(.acknowledged(.init(at: try moment("2027-02-02 10:00"))), on: Case.escalated, by: h,
                             at: try moment("2027-02-02 10:00"))
        try record(.responded(.init(summary: "The suspension was a registry decision.", at: try moment("2027-02-10 16:00"))),
                             on: Case.escalated, by: h, at: try moment("2027-02-10 16:05"))
        let state = try store.caseState(Case.escalated)
        let filing = Procedure().escalationFiling(for: state, received: try moment("2027-03-24 08:30"), channel: .letter,
                                                  heading: "Plainte – domaine fontaine-fleurs.fr", items: [.name, .contact, .domains, .description])
        try record(.escalationReceived(filing), on: Case.escalated, by: h, at: try moment("2027-03-24 09:00"))
        try record(.noted(.init(text: "Called the registry; waiting for their answer.", handover: true)), on: Case.escalated,
                   by: h, at: try moment("2027-03-29 17:30"))
        _ = try store.open(intake(.complaint, .email, "2027-03-30 08:00", customer: "Eve \u{1B}[31mRed\u{1B}[0m",
                                  contact: "eve@example.com", subject: "Title \u{1B}]0;pwned\u{7}injection\u{202E}fdp.exe"),
                           by: s, at: try moment("2027-03-30 08:05"))
        try record(.assigned(.init(to: "amelie")), on: Case.french, by: s, at: try moment("2027-03-29 10:10"))
        try record(.assigned(.init(to: "helene")), on: Case.german, by: h, at: try moment("2027-03-25 11:30"))
    }

    /// A driver on this store for `actor`, at the fixed now.
    func driver(_ actor: Actor = TestStore.head, size: Size = Size(rows: 24, cols: 80), config: DeskConfig = DeskConfig(),
                now: Date = testNow) throws -> DeskDriver {
        let driver = try DeskDriver(path: path, actor: actor, size: size, config: config, now: now)
        driver.runDeferred(now: now)
        return driver
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }
}

extension DeskDriver {
    /// Presses keys in order at `now`, running the deferred counts as the loop does after each frame.
    func press(_ keys: KeyEvent..., now: Date = testNow) {
        press(keys, now: now)
    }

    func press(_ keys: [KeyEvent], now: Date) {
        for key in keys {
            handle(.key(key), now: now)
            runDeferred(now: now)
        }
    }

    func type(_ text: String, now: Date = testNow) {
        for character in text { press(character == "\n" ? .enter : .character(character), now: now) }
    }

    func screen(_ size: Size? = nil, now: Date = testNow) -> Grid {
        frame(now: now, size: size ?? state.size)
    }
}
