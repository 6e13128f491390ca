import CaseDesk
import CaseStore
import Foundation
import Letters
import MailIntake
import Testing
@testable import MailDesk

/// The outcome letter to every reporter of an incident, all in one transaction of the store
/// (`LetterPost.sendOnIncident`, what `letter --incident --send` and the incident screen's l call).
@Suite("Letters to an incident's reporters")
struct IncidentLettersTests {
    static let now = at("2027-03-02T10:00:00+01:00")

    /// Abuse reports about one domain, linked into incident 1, each closed with no action unless `open`.
    func incident(_ desk: TestDesk, contacts: [String], open: Set<Int> = []) throws -> [CaseNumber] {
        let numbers = try contacts.enumerated().map { index, contact in
            try desk.store.open(Intake(kind: .abuse, channel: .email, received: at("2027-03-01T09:0\(index):00+01:00"),
                                       customer: "Reporter \(index + 1)", contact: contact, domains: [try DomainName("kit.example")],
                                       subject: "Phishing on kit.example", description: "A kit at /login.", category: .phishing),
                                by: TestDesk.mailbot, at: Self.now).number
        }
        let linked = try desk.store.link(numbers, reason: "same kit", by: TestDesk.mailbot, at: Self.now)
        try #require(linked.incident == 1 && linked.reports.refused.isEmpty)
        for (index, number) in numbers.enumerated() where !open.contains(index) {
            _ = try desk.store.record(.closed(.init(reason: .noAction, note: "the page was gone when we looked")), on: number,
                                      expectedVersion: nil, by: TestDesk.mailbot, at: Self.now)
        }
        return numbers
    }

    func send(_ desk: TestDesk) throws -> IncidentLetters {
        let post = LetterPost(store: desk.store, outbox: Outbox(path: desk.path("outbox")), settings: LetterPostTests.settings, calendar: saarland)
        return try post.sendOnIncident(1, procedure: try desk.store.procedure(), templates: .builtIn, by: TestDesk.mailbot, at: Self.now) { _ in
            LetterRequest(kind: .abuseOutcome, language: .english, sentAt: Self.now)
        }
    }

    func files(_ desk: TestDesk, _ folder: String) throws -> [String] {
        let path = desk.path("outbox/\(folder)")
        return FileManager.default.fileExists(atPath: path) ? try FileManager.default.contentsOfDirectory(atPath: path) : []
    }

    @Test("one report with no mail address and one still open are refused and listed; the others' letters go, each its own event")
    func oneRefusedTheOthersSent() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let reports = try incident(desk, contacts: ["one@reports.example", "+49 681 555 0100", "three@reports.example", "four@reports.example"],
                                   open: [3])
        let versions = try reports.map { try desk.store.caseState($0).version }

        let outcome = try send(desk)
        #expect(outcome.sent.map(\.number) == [reports[0], reports[2]])
        #expect(outcome.sent.map(\.sent.message.to.address) == ["one@reports.example", "three@reports.example"])
        #expect(outcome.refused.map(\.number) == [reports[1], reports[3]])
        #expect(outcome.refused[0].description.contains("case \(reports[1])'s contact \"+49 681 555 0100\" is not an e-mail address"),
                "\(outcome.refused)")
        #expect(outcome.refused[1].description.hasPrefix("case \(reports[3]) "), "the refusal names its report: \(outcome.refused)")
        #expect(outcome.refused[1].description.contains("the outcome letter follows the report's outcome"), "\(outcome.refused)")

        for index in [0, 2] {
            let events = try desk.store.events(of: reports[index])
            #expect(events.count == versions[index] + 1)
            guard case let .messageSent(letter)? = events.last?.change else {
                Issue.record("case \(reports[index]): no message_sent event")
                continue
            }
            #expect(letter.letter == "abuse-outcome")
        }
        for index in [1, 3] { #expect(try desk.store.caseState(reports[index]).version == versions[index], "nothing written on a refusal") }
        #expect(try files(desk, "new").count == 2)
        #expect(try files(desk, "tmp").isEmpty)
        #expect(try desk.archiveCount() == 2)
        #expect(try desk.store.verify().isClean)
    }

    @Test("a write that fails part-way (the database refuses the third letter) records none and leaves none in the outbox")
    func failedWriteLeavesNone() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let reports = try incident(desk, contacts: (1...4).map { "reporter\($0)@reports.example" })
        let versions = try reports.map { try desk.store.caseState($0).version }
        // The disk filling up after two letters, as the database sees it: the third insert fails.
        let trigger = try SQLiteShell.run(desk.path("cases.sqlite"), """
            CREATE TRIGGER test_disk_full BEFORE INSERT ON messages WHEN (SELECT count(*) FROM messages WHERE direction = 'out') >= 2
            BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;
            """, errors: true)
        try #require(trigger.isEmpty, "\(trigger)")

        do {
            let outcome = try send(desk)
            Issue.record("the letters went out although the write failed: \(outcome.sent.map(\.number))")
        } catch {
            #expect(String(describing: error).contains("disk is full"), "\(error)")
        }
        for (index, number) in reports.enumerated() {
            #expect(try desk.store.caseState(number).version == versions[index], "case \(number): nothing of the batch is written")
        }
        #expect(try desk.archiveCount() == 0)
        #expect(try files(desk, "new").isEmpty)
        #expect(try files(desk, "tmp").isEmpty)
    }
}
