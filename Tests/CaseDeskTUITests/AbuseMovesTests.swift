import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// The abuse desk's moves on screen (issue 12): in the moves menu of an abuse report and as keys in
/// the case screen's help, each form writing the store's own change; the close form's abuse
/// outcomes; the reporter class on the intake form; and evidence and mitigation made once from an
/// incident on every report.
@Suite("The abuse moves on screen")
struct AbuseMovesTests {
    func text(_ driver: DeskDriver) -> String { driver.screen().lines.joined(separator: "\n") }

    /// The driver on the case screen of `number`, as the abuse specialist.
    func openCase(_ desk: TestStore, _ number: CaseNumber, as actor: Actor = TestStore.abuse,
                  size: Size = ScreenSnapshotTests.small) throws -> DeskDriver {
        let driver = try desk.driver(actor, size: size)
        driver.press(.character("#"))
        driver.type("\(number)\n")
        try #require(driver.state.caseView?.number == number)
        return driver
    }

    /// Every page of the `?` help, read by paging down through it.
    func help(_ driver: DeskDriver) -> String {
        driver.press(.character("?"))
        var pages = text(driver)
        for _ in 0..<8 {
            driver.press(.pageDown)
            pages += "\n" + text(driver)
        }
        driver.press(.escape)
        return pages
    }

    /// A move's key; pressed again when a message was showing (a key then only clears it).
    func move(_ driver: DeskDriver, _ key: Character) {
        let showing = driver.state.message != nil
        driver.press(.character(key))
        if showing, driver.state.form == nil { driver.press(.character(key)) }
    }

    func lastChange(_ desk: TestStore, _ number: CaseNumber) throws -> Change? { try desk.store.events(of: number).last?.change }

    @Test("the moves menu of an abuse report offers the abuse moves; a complaint's leaves them out; ? lists their keys")
    func menuAndHelp() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try openCase(desk, TestStore.Case.japanese)
        driver.press(.character("."))
        let menu = try #require(driver.state.top as? ActionMenu)
        let offered = Set(menu.entries.map(\.action))
        for action in [DeskAction.confirmReceipt, .classifyReporter, .judgeEvidence, .mitigate, .undoMitigation, .associatedNames] {
            #expect(offered.contains(action), "\(action)")
        }
        #expect(!offered.contains(.route) && !offered.contains(.categorize), "feedback's and complaints' own moves are left out")
        let availability = Dictionary(menu.entries.map { ($0.action, $0.availability) }, uniquingKeysWith: { first, _ in first })
        #expect(availability[.mitigate] == .available)
        #expect(availability[.judgeEvidence] == .available)
        #expect(availability[.confirmReceipt]?.isAvailable == false, "receipt was confirmed already")
        #expect(availability[.undoMitigation]?.reason?.contains("no client hold is in place") == true, "\(String(describing: availability[.undoMitigation]))")
        Snapshot.check(driver.screen(), "abuse-moves-menu-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "abuse-moves-menu-132x40")
        driver.press(.escape)
        let pages = help(driver)
        #expect(pages.contains("abuse: record a mitigation"), "\(pages)")
        #expect(pages.contains("abuse: judge the evidence actionable or not"), "\(pages)")

        let complaint = try openCase(desk, TestStore.Case.french)
        complaint.press(.character("."))
        let complaintMenu = try #require(complaint.state.top as? ActionMenu)
        #expect(!complaintMenu.entries.contains { $0.action == .mitigate || $0.action == .judgeEvidence })
        #expect(complaintMenu.entries.contains { $0.action == .respond })
        complaint.press(.escape, .character("X"))
        #expect(complaint.state.message?.text.contains("abuse reports") == true, "\(String(describing: complaint.state.message))")
    }

    @Test("d judges the evidence with the policy's checklist as boxes; X mitigates; Z undoes it; V records the names reviewed")
    func workingAReport() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let number = TestStore.Case.japanese
        let driver = try openCase(desk, number)
        driver.press(.character("d"))
        let form = try #require(driver.state.form)
        #expect(form.title == "Judge the evidence — case \(number)")
        let checklist = driver.state.session.procedure.policy.abuse.evidenceChecklist
        #expect(form.form.fields.filter { $0.id.hasPrefix("check.") }.count == checklist.count)
        Snapshot.check(driver.screen(), "abuse-evidence-form-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "abuse-evidence-form-132x40")
        driver.press(.tab)
        driver.type("kit live again at /login")
        driver.press(.tab, .character(" "), .tab, .character(" "))
        driver.press(.ctrl("s"))
        #expect(driver.state.form == nil, "\(String(describing: driver.state.form?.problem))")
        guard case let .evidenceJudged(judgement)? = try lastChange(desk, number) else {
            Issue.record("no judgement: \(String(describing: try lastChange(desk, number)))")
            return
        }
        #expect(judgement.actionable && judgement.reason == "kit live again at /login")
        #expect(judgement.checked == Array(checklist.prefix(2)))

        move(driver, "X")
        #expect(driver.state.form?.title == "Mitigation — case \(number)")
        driver.press(.tab)
        driver.type("screenshot of /login")
        driver.press(.ctrl("s"))
        guard case let .mitigated(mitigation)? = try lastChange(desk, number) else {
            Issue.record("no mitigation: \(String(describing: driver.state.form?.problem)) \(String(describing: driver.state.message))")
            return
        }
        #expect(mitigation.action == MitigationAction.clientHold.rawValue && mitigation.evidence == "screenshot of /login")

        move(driver, "V")
        driver.type("5")
        driver.press(.tab)
        driver.type("bad2.example, bad3.example")
        driver.press(.ctrl("s"))
        #expect(try lastChange(desk, number) == .associatedNamesReviewed(.init(reviewed: 5, found: ["bad2.example", "bad3.example"])))

        move(driver, "Z")
        #expect(driver.state.form?.form.fields.first?.id == "action")
        driver.press(.tab)
        driver.type("site cleaned")
        driver.press(.ctrl("s"))
        guard case let .mitigationUndone(undo)? = try lastChange(desk, number) else {
            Issue.record("no undo: \(String(describing: driver.state.message))")
            return
        }
        #expect(undo.action == MitigationAction.clientHold.rawValue && undo.reason == "site cleaned")
    }

    @Test("P changes the reporter class with a reason; y confirms receipt on a report not yet confirmed")
    func classAndConfirmation() throws {
        let (desk, numbers) = try IncidentScreenTests.desk()
        defer { desk.remove() }
        let number = numbers[2]
        let driver = try openCase(desk, number)
        move(driver, "P")
        #expect(driver.state.form?.title == "Reporter class — case \(number)")
        let trusted = try #require(ReporterClass.allCases.firstIndex(of: .trusted))
        let current = try #require(ReporterClass.allCases.firstIndex(of: try desk.store.caseState(number).reporterClass ?? .public))
        for _ in 0..<((trusted - current + ReporterClass.allCases.count) % ReporterClass.allCases.count) { driver.press(.right) }
        driver.press(.tab)
        driver.type("a bank's CERT")
        driver.press(.ctrl("s"))
        #expect(try lastChange(desk, number) == .reporterClassified(.init(reporterClass: .trusted, reason: "a bank's CERT")))
        move(driver, "y")
        #expect(driver.state.form?.title == "Confirm receipt — case \(number)")
        driver.press(.ctrl("s"))
        // The confirmation letter is offered with the move; without it (n) the move is recorded alone.
        #expect(driver.state.top is LetterScreen, "\(type(of: driver.state.top)) \(String(describing: driver.state.message))")
        driver.press(.character("n"))
        #expect(try desk.store.caseState(number).receiptConfirmed != nil, "\(String(describing: driver.state.message))")
    }

    @Test("a notice to the registrant takes its deadline from the form; the store refuses one without")
    func registrantNotice() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let number = TestStore.Case.japanese
        let driver = try openCase(desk, number)
        driver.press(.character("X"))
        let index = try #require(MitigationAction.allCases.firstIndex(of: .registrantNotified))
        for _ in 0..<index { driver.press(.right) }
        driver.press(.tab)
        driver.type("notice sent")
        driver.press(.ctrl("s"))
        #expect(driver.state.form != nil, "refused without a deadline")
        #expect(driver.state.form?.problem?.text.contains("deadline") == true, "\(String(describing: driver.state.form?.problem))")
        driver.press(.tab, .tab)
        driver.type("2027-04-02 12:00")
        driver.press(.ctrl("s"))
        guard case let .mitigated(mitigation)? = try lastChange(desk, number) else {
            Issue.record("no mitigation: \(String(describing: driver.state.form?.problem))")
            return
        }
        #expect(mitigation.action == "registrant-notified")
        #expect(mitigation.deadline == (try moment("2027-04-02 12:00")))
    }

    @Test("c on an abuse report offers the abuse outcomes; on a complaint the complaint reasons")
    func closeOffersOutcomes() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let number = TestStore.Case.japanese
        let driver = try openCase(desk, number)
        driver.press(.character("c"))
        let form = try #require(driver.state.form)
        guard case let .choice(choice)? = form.form.fields.first?.control else {
            Issue.record("no choice field first: \(form.title) \(form.form.fields.map(\.id))")
            return
        }
        #expect(choice.options == CloseReason.abuseOutcomes.map(\.title))
        Snapshot.check(driver.screen(), "abuse-close-form-80x24")
        Snapshot.check(driver.screen(ScreenSnapshotTests.wide), "abuse-close-form-132x40")
        driver.press(.right)  // no action
        driver.press(.tab, .tab)
        driver.type("the page is gone")
        driver.press(.ctrl("s"))
        #expect(driver.state.question != nil)
        driver.press(.character("y"))
        #expect(try desk.store.caseState(number).closure?.reason == .noAction)
        #expect(try desk.store.caseState(number).closure?.note == "the page is gone")

        let complaint = try openCase(desk, TestStore.Case.french, as: TestStore.supervisor)
        complaint.press(.character("c"))
        guard case let .choice(reasons)? = complaint.state.form?.form.fields.first?.control else {
            Issue.record("no choice field first")
            return
        }
        #expect(reasons.options == CloseReason.chosenByPeople.map(\.title))
    }

    @Test("the intake form classes an abuse report from the policy's lists unless a class is chosen")
    func intakeReporterClass() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        let session = driver.state.session
        var abuse = AbusePolicy()
        abuse.lawEnforcement = ["police.example"]
        var form = IntakeForm.make(session: session, now: testNow)
        form.fill([("customer", "Officer"), ("contact", "officer@police.example"), ("subject", "Phishing")])
        let types = session.procedure.policy.complaintTypes
        form.choose("kind", CaseKind.allCases.firstIndex(of: .abuse)!)
        #expect(try IntakeForm.intake(form, calendar: session.calendar, opened: testNow, types: types, abuse: abuse).reporterClass
            == .lawEnforcement)
        form.choose("reporterClass", 1 + ReporterClass.allCases.firstIndex(of: .trusted)!)
        #expect(try IntakeForm.intake(form, calendar: session.calendar, opened: testNow, types: types, abuse: abuse).reporterClass == .trusted)
        form.choose("kind", CaseKind.allCases.firstIndex(of: .complaint)!)
        #expect(throws: FieldProblem.self) {
            try IntakeForm.intake(form, calendar: session.calendar, opened: testNow, types: types, abuse: abuse)
        }
    }

    @Test("evidence and mitigation made once from the incident are written to every open report; the closed one is refused")
    func incidentMoves() throws {
        let (desk, numbers) = try IncidentScreenTests.desk()
        defer { desk.remove() }
        let driver = try openCase(desk, numbers[2])
        driver.press(.character("i"))
        try #require(driver.state[IncidentScreen.self] != nil)
        let pages = help(driver)
        #expect(pages.contains("on every report of the incident: abuse: record a mitigation"), "\(pages)")
        driver.press(.character("d"))
        #expect(driver.state.form?.title == "Judge the evidence — incident 1, 3 reports")
        driver.press(.tab)
        driver.type("kit live")
        driver.press(.ctrl("s"))
        move(driver, "X")
        #expect(driver.state.form?.title == "Mitigation — incident 1, 3 reports")
        driver.press(.tab)
        driver.type("hold on phish-bank.example")
        driver.press(.ctrl("s"))
        for number in numbers.dropFirst() {
            let state = try desk.store.caseState(number)
            #expect(state.firstActionable != nil, "case \(number)")
            #expect(state.standingMitigations.map(\.typed) == [.clientHold], "case \(number)")
        }
        #expect(try desk.store.caseState(numbers[0]).mitigations.isEmpty, "the closed report is refused")
        let message = try #require(driver.state.message)
        #expect(message.text.contains("Refused — \(numbers[0]): "), "\(message.text)")
        Snapshot.check(driver.screen(), "incident-mitigated-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "incident-mitigated-132x40")
    }
}

extension Form {
    /// Types each text into its field, as a person would.
    mutating func fill(_ texts: [(id: String, text: String)]) {
        for (id, text) in texts {
            focus(id)
            insert(text)
        }
    }

    /// Cycles a choice field to the option at `index`.
    mutating func choose(_ id: String, _ index: Int) {
        focus(id)
        while (choice(id) ?? 0) > index { _ = handle(.left) }
        while (choice(id) ?? 0) < index { _ = handle(.right) }
    }
}
