import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// The incident screen (i on a report), the queue with incidents collapsed (I), the category filter
/// (b), and moves made on every report of an incident, each judged by the store.
@Suite("Incidents on screen")
struct IncidentScreenTests {
    /// Three phishing reports about one domain, linked in incident 1 (the first one closed), on the
    /// filled test store.
    static func desk() throws -> (TestStore, [CaseNumber]) {
        let desk = try TestStore.filled()
        var numbers: [CaseNumber] = []
        for (index, reporter) in ["CERT-FR", "NetBeacon", "Bank of Example"].enumerated() {
            let intake = try desk.intake(.abuse, .email, "2027-03-29 1\(index):00", customer: reporter, contact: "abuse@report\(index).example",
                                         domains: ["phish-bank.example"], subject: "Phishing kit on phish-bank.example", category: .phishing)
            numbers.append(try desk.store.open(intake, by: TestStore.abuse, at: try moment("2027-03-29 1\(index):05")).number)
        }
        _ = try desk.store.link(numbers, reason: "same kit", by: TestStore.abuse, at: try moment("2027-03-29 13:00"))
        try desk.record(.closed(.init(reason: .invalid, note: "test report")), on: numbers[0], by: TestStore.abuse,
                        at: try moment("2027-03-29 13:10"))
        return (desk, numbers)
    }

    func text(_ driver: DeskDriver) -> String { driver.screen().lines.joined(separator: "\n") }

    @Test("I shows each incident as one row with its count; Enter opens the incident with its reports and their clocks")
    func collapsedQueueOpensTheIncident() throws {
        let (desk, numbers) = try Self.desk()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.abuse, size: ScreenSnapshotTests.small)
        #expect(driver.state.queue.window.rows.filter { $0.incident == 1 }.count == 2, "two open reports of the incident, each a row")
        driver.press(.character("I"))
        #expect(driver.state.queue.query.collapseIncidents)
        let rows = driver.state.queue.window.rows
        let incidentRow = try #require(rows.first { $0.incident == 1 })
        #expect(rows.filter { $0.incident == 1 }.count == 1)
        #expect(incidentRow.incidentReports == 2)
        #expect(incidentRow.number == numbers[1], "the open report whose clock comes first")
        #expect(text(driver).contains("I1 ×2 · NetBeacon"))
        Snapshot.check(driver.screen(), "incidents-collapsed-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        #expect(text(driver).contains("Category"), "a category column where there is room")
        Snapshot.check(driver.screen(), "incidents-collapsed-132x40")

        while driver.state.queue.window.selectedRow?.incident != 1 { driver.press(.character("j")) }
        driver.press(.enter)
        let screen = try #require(driver.state[IncidentScreen.self])
        #expect(screen.incident == 1)
        #expect(screen.rows.map(\.number).sorted() == numbers)
        #expect(text(driver).contains("Incident 1 — 3 reports, 2 open"))
        Snapshot.check(driver.screen(), "incident-132x40")
        driver.press(.resize(ScreenSnapshotTests.small))
        Snapshot.check(driver.screen(), "incident-80x24")
        driver.press(.character("I"))
        #expect(driver.state[IncidentScreen.self] != nil, "I means nothing on the incident screen")
    }

    @Test("a note on the incident is written to every report; closing refuses the closed report and lists it")
    func movesOnEveryReport() throws {
        let (desk, numbers) = try Self.desk()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.abuse, size: ScreenSnapshotTests.small)
        driver.press(.character("g"), .character("I"))
        while driver.state.queue.window.selectedRow?.incident != 1 { driver.press(.character("j")) }
        driver.press(.enter, .character("n"))
        let form = try #require(driver.state.form)
        #expect(form.incident == 1)
        #expect(form.title == "Note — incident 1, 3 reports")
        driver.type("Registrar hold requested")
        driver.press(.ctrl("s"))
        #expect(driver.state.form == nil)
        for number in numbers {
            #expect(try desk.store.events(of: number).last?.change == .noted(.init(text: "Registrar hold requested")), "case \(number)")
        }
        #expect(driver.state.message?.text == "Incident 1: Cases \(numbers.map(String.init).joined(separator: ", ")): malik added a note.")

        driver.press(.character("c"))
        #expect(driver.state.form?.title == "Close — incident 1, 3 reports")
        // The abuse outcomes: no action, with its reason in the note.
        driver.press(.right, .tab, .tab)
        driver.type("the kit was taken down by the host")
        driver.press(.ctrl("s"))
        #expect(driver.state.question?.text == "Close on every report of incident 1? Each is judged on its own.")
        driver.press(.character("y"))
        #expect(try !desk.store.caseState(numbers[1]).isOpen && !desk.store.caseState(numbers[2]).isOpen)
        let message = try #require(driver.state.message)
        #expect(message.kind == .warning)
        #expect(message.text.hasPrefix("Incident 1: Cases \(numbers[1]), \(numbers[2]): malik closed it"), "\(message.text)")
        #expect(message.text.contains("Refused — \(numbers[0]): "), "\(message.text)")
        Snapshot.check(driver.screen(), "incident-refused-80x24")
        #expect(text(driver).contains("Incident 1 — 3 reports, 0 open"), "the screen reads its reports again")
    }

    @Test("i opens the incident from the case screen; u unlinks the selected report; ? lists the incident's moves")
    func fromTheCaseAndUnlink() throws {
        let (desk, numbers) = try Self.desk()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.abuse, size: ScreenSnapshotTests.small)
        driver.press(.character("#"))
        driver.type("\(numbers[2])\n")
        #expect(driver.state.caseView?.number == numbers[2])
        driver.press(.character("i"))
        let screen = try #require(driver.state[IncidentScreen.self])
        #expect(screen.rows.count == 3)
        driver.press(.character("?"))
        let help = text(driver)
        #expect(help.contains("on every report of the incident: add a note"), "\(help)")
        #expect(help.contains("take the selected report out of the incident"))
        driver.press(.escape)
        let selected = try #require(driver.state[IncidentScreen.self]?.selectedCase(in: driver.state))
        driver.press(.character("u"))
        #expect(try desk.store.caseState(selected).incident == nil)
        #expect(driver.state[IncidentScreen.self]?.rows.count == 2)
        driver.press(.character("q"), .character("q"))
        #expect(driver.state.top is HomeScreen)
        driver.press(.character("#"))
        driver.type("\(selected)\n")
        #expect(driver.state.caseView?.number == selected)
        driver.press(.character("i"))
        #expect(driver.state[IncidentScreen.self] == nil)
        #expect(driver.state.message?.text.hasPrefix("Case \(selected) is in no incident") == true, "\(driver.state.message?.text ?? "")")
    }

    @Test("b filters the queue by abuse category, in turn")
    func categoryFilter() throws {
        let (desk, numbers) = try Self.desk()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.abuse, size: ScreenSnapshotTests.small)
        driver.press(.character("b"))
        #expect(driver.state.queue.query.category == .malware)
        #expect(driver.state.queue.window.rows.isEmpty)
        driver.press(.character("b"), .character("b"))
        #expect(driver.state.queue.query.category == .phishing)
        #expect(Set(driver.state.queue.window.rows.map(\.number)) == [TestStore.Case.japanese, numbers[1], numbers[2]])
        #expect(text(driver).contains("phishing"))
    }

    @Test("B filters the queue by reporter class, in turn (law enforcement, trusted, public, any); the class is a column where there is room")
    func reporterClassFilter() throws {
        let (desk, numbers) = try Self.desk()
        defer { desk.remove() }
        try desk.record(.reporterClassified(.init(reporterClass: .lawEnforcement, reason: "the police, from a CERT address")), on: numbers[1],
                        by: TestStore.abuse, at: try moment("2027-03-29 13:20"))
        let driver = try desk.driver(TestStore.abuse, size: ScreenSnapshotTests.small)
        driver.press(.character("B"))
        #expect(driver.state.queue.query.reporterClass == .lawEnforcement)
        #expect(driver.state.queue.window.rows.map(\.number) == [numbers[1]])
        #expect(driver.state.queue.total == 1)
        #expect(text(driver).contains("from law enforcement"))
        #expect(!text(driver).contains("Reporter"), "no room for the column at 80 columns")
        Snapshot.check(driver.screen(), "queue-reporter-class-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide), .character("p"))
        #expect(text(driver).contains("Reporter") && text(driver).contains("law enf."), "\(text(driver))")
        Snapshot.check(driver.screen(), "queue-reporter-class-132x40")
        driver.press(.character("B"))
        #expect(driver.state.queue.query.reporterClass == .trusted)
        #expect(driver.state.queue.window.rows.isEmpty)
        driver.press(.character("B"))
        #expect(driver.state.queue.query.reporterClass == .public)
        let publicRows = driver.state.queue.window.rows
        #expect(!publicRows.isEmpty && publicRows.allSatisfy { $0.kind == .abuse && $0.reporterClass == .public })
        #expect(!publicRows.contains { $0.number == numbers[1] })
        driver.press(.character("B"))
        #expect(driver.state.queue.query.reporterClass == nil)
        driver.press(.character("?"))
        #expect(text(driver).contains("reporter class: law enforcement, trusted notifiers, the public, then any"), "\(text(driver))")
    }

    @Test("l on the incident asks how many letters go, then sends the outcome letter to every reporter at once; the refused report is listed")
    func outcomeLettersFromTheIncident() throws {
        let (desk, numbers) = try Self.desk()
        defer { desk.remove() }
        for number in numbers.dropFirst() {
            try desk.record(.closed(.init(reason: .noAction, note: "the kit was gone when we looked")), on: number, by: TestStore.abuse,
                            at: try moment("2027-03-29 13:30"))
        }
        let versions = try numbers.map { try desk.store.caseState($0).version }
        let driver = try desk.mailingDriver(TestStore.abuse, size: ScreenSnapshotTests.small)
        driver.press(.character("#"))
        driver.type("\(numbers[2])\n")
        driver.press(.character("i"))
        #expect(driver.state[IncidentScreen.self]?.rows.count == 3)
        driver.press(.character("l"))
        let question = try #require(driver.state.question)
        #expect(question.text == "3 letters: the outcome of an abuse report letter to the reporter of each report of incident 1, "
                + "each recorded on its report. Send them?")
        Snapshot.check(driver.screen(), "incident-letters-question-80x24")
        driver.press(.character("n"))
        #expect(driver.state.question == nil)
        #expect(desk.outbox.waiting().isEmpty, "nothing goes without a yes")
        driver.press(.character("l"), .character("y"))
        let message = try #require(driver.state.message)
        #expect(message.kind == .warning)
        #expect(message.text.hasPrefix("Incident 1: 2 letters sent (cases \(numbers[1]), \(numbers[2]))."),
                "\(message.text)")
        // The first report was closed as invalid: no abuse outcome to tell its reporter.
        #expect(message.text.contains("Refused — case \(numbers[0]) takes no outcome of an abuse report letter"), "\(message.text)")
        #expect(desk.outbox.waiting().count == 2)
        #expect(try desk.store.caseState(numbers[0]).version == versions[0])
        for index in [1, 2] {
            #expect(try desk.store.events(of: numbers[index]).last?.change.type == "message_sent", "case \(numbers[index])")
        }
        #expect(driver.state[IncidentScreen.self] != nil, "the incident stays on screen")
        #expect(try desk.store.verify().isClean)
    }
}
