import CaseDeskConfig
import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// Moves on a case by keyboard, written to a real store: the forms, their checks, the questions
/// before irreversible moves, the store's refusals (text kept), and conflicts with a colleague.
@Suite("Moves on a case")
struct CaseMoveTests {
    func open(_ word: String, _ driver: DeskDriver) {
        driver.press(.character("/"))
        driver.type(word)
        driver.press(.enter)
    }

    func clock(_ desk: TestStore, _ number: CaseNumber, _ kind: Clock.Kind) throws -> Clock? {
        Procedure().clocks(try desk.store.caseState(number), now: testNow).first { $0.kind == kind }
    }

    @Test func acknowledgeFromTheQueueWritesTheStore() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        // The Japanese abuse report is overdue, so it is first; helene (head) may acknowledge it.
        #expect(driver.state.queue.window.selectedRow?.number == TestStore.Case.japanese)
        driver.press(.character("a"))
        #expect(driver.state.form?.action == .acknowledge)
        #expect(driver.state.form?.form.text("sent") == "2027-03-30 14:05")
        driver.press(.enter)
        #expect(driver.state.letter?.kind == .acknowledgement, "the move's letter is offered; the move waits")
        #expect(try desk.store.caseState(TestStore.Case.japanese).head?.acknowledged == nil)
        driver.press(.character("n"))
        #expect(driver.state.form == nil && driver.state.letter == nil)
        #expect(driver.state.message?.text == "Case 3: helene acknowledged it.")
        let ack = try #require(try clock(desk, TestStore.Case.japanese, .acknowledge))
        #expect(ack.status == .missed(testNow), "acknowledged after its due date: recorded as missed")
    }

    /// A move sends the case elsewhere in the queue; the selection goes with it, so the next key acts
    /// on the case just moved and never on whichever case slid into its place.
    @Test func theSelectionStaysOnTheCaseAfterAMove() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        #expect(driver.state.queue.window.selectedRow?.number == TestStore.Case.japanese)
        driver.press(.character("a"), .enter, .character("n"))
        #expect(driver.state.message?.text == "Case 3: helene acknowledged it.")
        #expect(driver.state.queue.window.rows.first?.number != TestStore.Case.japanese, "the case moved down the queue")
        #expect(driver.state.queue.window.selectedRow?.number == TestStore.Case.japanese)
        #expect(driver.screen().lines[1...].contains { $0.contains("Case 3 ·") }, "the preview shows the case moved")
    }

    /// The procedure's refusal comes before the question: nobody confirms a move that cannot be written.
    @Test func theProcedureJudgesBeforeTheQuestion() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.supervisor)
        open("Dubois", driver)
        driver.press(.character("c"), .right, .right, .tab)
        driver.type("1")
        driver.press(.ctrl("s"))
        #expect(driver.state.question == nil)
        #expect(driver.state.form?.problem?.text.contains("a case cannot be a duplicate of itself") == true)
        #expect(try desk.store.caseState(TestStore.Case.french).isOpen)
    }

    /// "Fix the marked field first." goes once the field is fixed; it never stays under the question.
    @Test func aFixedFieldTakesItsProblemAway() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.supervisor)
        open("Dubois", driver)
        driver.press(.character("c"), .right, .right)
        driver.press(.ctrl("s"))
        #expect(driver.state.form?.problem?.text == "Fix the marked field first.")
        driver.type("4")
        driver.press(.ctrl("s"))
        #expect(driver.state.question != nil)
        #expect(driver.state.form?.problem == nil)
        #expect(!driver.screen().lines.contains { $0.contains("Fix the marked field first.") })
    }

    @Test func aRoleThatMayNotIsToldWhyAndGetsNoForm() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.viewer)
        driver.press(.character("a"))
        #expect(driver.state.form == nil)
        #expect(driver.state.message?.text
            == "audit (viewer) may not acknowledge case 3 (abuse at the head of customer support stage): that takes the role abuse or head")
        // The first key acknowledges the refusal (type-ahead safety), the second starts the move.
        driver.press(.character("h"), .character("h"))
        #expect(driver.state.form?.action == .handoverNote, "a viewer may write handover notes")
    }

    @Test func aLongMessageWrapsOntoASecondRowInsteadOfLosingItsEnd() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        for size in [Size(rows: 24, cols: 80), Size(rows: 16, cols: 60)] {
            let driver = try desk.driver(TestStore.viewer, size: size)
            driver.press(.character("a"))
            let text = try #require(driver.state.message?.text)
            let lines = driver.screen().lines
            let rows = TerminalText.wrap(text, width: size.cols).count
            let shown = lines[(size.rows - 1 - rows)..<(size.rows - 1)].map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
            #expect(shown == text, "the whole message, on \(rows) rows at \(size.cols) columns")
            #expect(lines[size.rows - 1].hasPrefix("QUEUE"), "the status bar stays")
            driver.press(.character("j"))
            #expect(driver.state.message == nil)
            #expect(!driver.screen().lines[size.rows - 3].contains("audit"), "the next key gives the row back to the screen")
        }
    }

    @Test func theProcedureExplainsAMoveThatIsNotPossibleNow() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.supervisor)
        open("Dubois", driver)
        driver.press(.character("a"))
        #expect(driver.state.form == nil)
        #expect(driver.state.message?.text.hasPrefix("cannot acknowledge case 1: it is at the supervisor stage") == true)
    }

    @Test func extensionDateMustBeAfterTheDueDateAndABusinessDay() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        open("Groß", driver)
        driver.press(.character("e"))
        #expect(driver.state.form?.form.text("promised") == "2027-04-19", "five business days after the due date")
        for (typed, problem) in [("2027-04-12", "must be after the current due date, Mon 12 Apr 2027"),
                                 ("2027-04-17", "Sat 17 Apr 2027 is not a business day (weekend)"),
                                 ("2027-05-06", "Thu 6 May 2027 is not a business day (Ascension Day)"),
                                 ("2027-02-30", "there is no day 2027-02-30")] {
            driver.press(.ctrl("u"))
            driver.type(typed)
            driver.press(.tab)
            #expect(driver.state.form?.form.fields[0].error == problem)
            driver.press(.backTab)
        }
        driver.press(.ctrl("u"))
        driver.type("2027-04-20")
        driver.press(.ctrl("s"), .character("n"))
        #expect(driver.state.form == nil)
        let respond = try #require(try clock(desk, TestStore.Case.german, .respond))
        #expect(respond.due == BusinessCalendar.saarland.endOfDay(LocalDate("2027-04-20")!))
    }

    @Test func irreversibleMovesAskFirst() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.supervisor)
        open("Dubois", driver)
        driver.press(.character("c"), .right, .right, .tab)
        driver.type("4")
        driver.press(.ctrl("s"))
        #expect(driver.state.form?.form.fields[1].error == nil)
        #expect(driver.state.question?.text == "Close case 1 (duplicate)? This is written to the trail for good.")
        driver.press(.character("n"))
        #expect(driver.state.question == nil && driver.state.form != nil, "no keeps the form")
        #expect(try desk.store.caseState(TestStore.Case.french).isOpen)
        driver.press(.ctrl("s"), .character("y"))
        #expect(driver.state.form == nil)
        #expect(try desk.store.caseState(TestStore.Case.french).closure?.duplicateOf == TestStore.Case.feedback)
    }

    @Test func aColleaguesWriteIsAConflictAndTheTextStays() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        open("Groß", driver)
        driver.press(.character("r"))
        let text = "Sehr geehrter Herr Groß, die doppelte Abbuchung wird erstattet. Mit freundlichen Grüßen"
        driver.type(text)
        // Meanwhile a colleague acknowledges the case in another process.
        let other = try SQLiteCaseStore.open(path: desk.path)
        _ = try other.record(.acknowledged(.init(at: testNow)), on: TestStore.Case.german, expectedVersion: nil,
                             by: TestStore.head, at: testNow)
        driver.press(.ctrl("s"), .character("n"))
        let problem = try #require(driver.state.form?.problem?.text)
        #expect(problem.hasPrefix("case 2 changed after you read it (version 2): helene acknowledged it on Tue 30 Mar 2027 14:05"))
        #expect(driver.state.form?.form.text("summary") == text)
        driver.press(.ctrl("s"), .character("n"))
        #expect(driver.state.form == nil, "the second save records it on the case as it now is")
        #expect(try desk.store.caseState(TestStore.Case.german).head?.firstAnswer?.summary == text)
    }

    @Test func escAsksBeforeThrowingTypedTextAway() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("n"), .escape)
        #expect(driver.state.form == nil && driver.state.question == nil, "an untouched form closes without a question")
        driver.press(.character("n"))
        driver.type("Kunde ruft täglich an")
        driver.press(.escape)
        #expect(driver.state.question?.outcome == .discardForm)
        driver.press(.character("n"))
        #expect(driver.state.form?.form.text("text") == "Kunde ruft täglich an")
        driver.press(.ctrl("c"))
        #expect(driver.state.question?.outcome == .quit)
        driver.press(.escape, .escape, .character("y"))
        #expect(driver.state.form == nil && !driver.state.wantsQuit)
    }

    @Test func quittingFromAnOverlayOverTypedTextAsksFirst() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("n"))
        driver.type("Kunde ruft täglich an")
        driver.press(.function(1))
        #expect(driver.state.overlay != nil)
        driver.press(.ctrl("c"))
        #expect(driver.state.question?.outcome == .quit, "the help over a form asks before quitting")
        #expect(!driver.state.wantsQuit)
        driver.press(.character("n"))
        #expect(driver.state.form?.form.text("text") == "Kunde ruft täglich an")
        driver.press(.ctrl("c"), .ctrl("c"))
        #expect(driver.state.wantsQuit, "a second C-c on the question quits")
    }

    @Test func assignToMeAndPickAPerson() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("A"))
        #expect(try desk.store.caseState(TestStore.Case.japanese).assignee == "helene")
        driver.press(.character("@"), .character("@"))
        guard case let .staffPicker(picker)? = driver.state.overlay else {
            Issue.record("@ did not open the staff picker")
            return
        }
        #expect(picker.accounts == [nil, "amelie", "audit", "helene", "malik", "root"])
        #expect(picker.list.selected == 3, "the picker starts on the current assignee")
        driver.press(.character("j"), .enter)
        #expect(try desk.store.caseState(TestStore.Case.japanese).assignee == "malik")
    }

    @Test func actionMenuGreysWhatIsNotPossibleAndRunsWhatIs() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("."))
        guard case let .actionMenu(menu)? = driver.state.overlay else {
            Issue.record(". did not open the moves")
            return
        }
        #expect(menu.entries.first { $0.action == .acknowledge }?.availability == .available)
        #expect(menu.entries.first { $0.action == .reopen }?.availability == .notNow("it is open"))
        #expect(menu.entries.first { $0.action == .formal }?.availability.isAvailable == false)
        driver.press(.character("n"))
        #expect(driver.state.overlay == nil && driver.state.form?.action == .note)
    }

    @Test func explanationShowsEveryDayAndSwitchesClocks() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        open("Groß", driver)
        #expect(driver.state.caseView?.selectedClock == 0)
        driver.press(.character("x"))
        #expect(driver.screen().lines.contains { $0.contains("Mon 29 Mar 2027  skipped: Easter Monday") })
        driver.press(.right)
        #expect(driver.screen().lines[1].contains("Why is “respond” due Mon 12 Apr 2027 23:59?"))
        driver.press(.character("x"))
        #expect(driver.state.overlay == nil)
        #expect(driver.state.caseView?.selectedClock == 1)
    }

    @Test func newCaseFormChecksAndOpensTheCase() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.supervisor, size: Size(rows: 16, cols: 60))
        driver.press(.character("N"), .right, .tab, .right, .tab, .tab)
        driver.type("Sébastien Weiß")
        driver.press(.tab)
        driver.type("sebastien@exemple.fr")
        driver.press(.tab, .tab)
        driver.type("bad_domain..de")
        driver.press(.tab)
        #expect(driver.state.form?.form.fields[6].error?.isEmpty == false, "a domain that is not one is refused while typing")
        driver.press(.backTab, .ctrl("u"))
        driver.type("weiß-bäckerei.de, 例え.jp")
        driver.press(.tab)
        driver.type("Phishing-Seite auf weiß-bäckerei.de")
        // Category phishing, then past the complaint type and the stage to the description.
        driver.press(.resize(Size(rows: 24, cols: 80)), .tab, .right, .right, .right, .tab, .tab, .tab)
        driver.type("Zeile eins\nZeile zwei")
        driver.press(.ctrl("s"))
        #expect(driver.state.form == nil, "\(driver.state.form?.problem?.text ?? "")")
        let number = try #require(driver.state.caseView?.number)
        let state = try desk.store.caseState(number)
        #expect(state.kind == .abuse && state.intake.channel == .fax && state.intake.category == .phishing)
        #expect(state.intake.customer == "Sébastien Weiß")
        #expect(state.intake.domains.map(\.unicode) == ["weiß-bäckerei.de", "例え.jp"])
        #expect(state.intake.description == "Zeile eins\nZeile zwei")
        #expect(driver.state.message?.text == "Case \(number) opened: an abuse report at the supervisor stage, assigned to amelie.")
        #expect(state.assignee == "amelie", "a case taken in is whoever took it in's")
    }

    /// Takes in a short complaint by e-mail on the form and saves it.
    func takeIn(_ driver: DeskDriver) {
        driver.press(.character("N"), .tab, .tab, .tab)
        driver.type("Rosa Klein")
        driver.press(.tab)
        driver.type("rosa@example.org")
        driver.press(.tab, .tab, .tab)
        driver.type("Transfer stuck")
        driver.press(.tab, .tab, .tab, .tab)
        driver.type("Please help.")
        driver.press(.ctrl("s"))
    }

    @Test func aNewCaseStaysUnassignedWhenTheConfigSaysSo() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.supervisor, config: DeskConfig(assignsNewCasesToTaker: false))
        takeIn(driver)
        #expect(driver.state.form == nil, "\(driver.state.form?.problem?.text ?? "")")
        let number = try #require(driver.state.caseView?.number)
        #expect(try desk.store.caseState(number).assignee == nil)
        #expect(driver.state.message?.text == "Case \(number) opened: a complaint at the supervisor stage.")
        #expect(try DeskConfig.parse(ConfigDocument(text: "assign_new_cases_to_me = false\n", file: "config.toml")).assignsNewCasesToTaker == false)
    }

    @Test func aNewCaseTakenInIsAssignedToWhoeverTookItIn() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.supervisor, size: ScreenSnapshotTests.small)
        takeIn(driver)
        let number = try #require(driver.state.caseView?.number)
        #expect(try desk.store.caseState(number).assignee == "amelie")
        #expect(try desk.store.events(of: number).count == 2, "opened, then assigned: two events, each judged by the store")
        Snapshot.check(driver.screen(), "new-case-assigned-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "new-case-assigned-132x40")
    }

    @Test func resizingAFormKeepsItsText() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("n"))
        let text = String(repeating: "Längerer Text über «Beschwerde» und 漢字. ", count: 6)
        driver.type(text)
        for size in [Size(rows: 16, cols: 60), Size(rows: 10, cols: 40), Size(rows: 40, cols: 132), Size(rows: 24, cols: 80)] {
            driver.press(.resize(size))
            _ = driver.screen()
        }
        #expect(driver.state.form?.form.text("text") == text)
        let screen = driver.screen(Size(rows: 10, cols: 40))
        #expect(screen.lines.joined().contains("Terminal too small"))
    }
}

extension CaseMoveTests {
    /// A time field left as filled in is the moment the form opened, to the second: a message that
    /// arrived earlier in the same minute can still be acknowledged.
    @Test func aTimeLeftAsFilledInIsTheMomentTheFormOpened() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let arrived = testNow.addingTimeInterval(20)
        let opened = try desk.store.open(desk.intake(.complaint, .fax, "2027-03-30 14:05", customer: "Anaïs", contact: "a@exemple.fr",
                                                     subject: "Plainte", stage: .headOfSupport).with(received: arrived),
                                         by: TestStore.supervisor, at: arrived)
        let now = testNow.addingTimeInterval(40)
        let driver = try desk.driver(now: now)
        driver.press(.character("/"), now: now)
        driver.type("anais", now: now)
        driver.press(.enter, .character("a"), .enter, .character("n"), now: now)
        #expect(driver.state.form == nil, "\(driver.state.form?.problem?.text ?? "")")
        #expect(try desk.store.caseState(opened.number).head?.acknowledged?.at == Millis.truncate(now))
    }
}

extension Intake {
    func with(received: Date) -> Intake {
        var copy = self
        copy.received = received
        return copy
    }
}

extension CaseMoveTests {
    /// A colleague's write seen on the next tick is announced in the open form at once.
    @Test func aColleaguesWriteIsToldWhileTyping() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        open("Groß", driver)
        driver.press(.character("n"))
        driver.type("Rückruf vereinbart")
        let other = try SQLiteCaseStore.open(path: desk.path)
        _ = try other.record(.assigned(.init(to: "amelie")), on: TestStore.Case.german, expectedVersion: nil,
                             by: TestStore.supervisor, at: testNow)
        driver.tick(now: testNow)
        #expect(driver.state.form?.problem?.text == "Case 2 changed while this form was open: amelie assigned it to amelie "
            + "(Tue 30 Mar 2027 14:05). Your text is kept; C-s records it on the case as it is now.")
        #expect(driver.state.form?.form.text("text") == "Rückruf vereinbart")
        driver.press(.ctrl("s"))
        #expect(driver.state.form == nil)
        #expect(try desk.store.caseState(TestStore.Case.german).notes.last?.text == "Rückruf vereinbart")
    }
}

/// Route and categorize as moves on the screen: the team from the policy's `[feedback] teams`, the
/// type from its `[complaints] types`, both judged by the store.
@Suite("Routing feedback and typing complaints on screen")
struct RouteAndCategorizeTests {
    func open(_ word: String, _ driver: DeskDriver) {
        driver.press(.character("/"))
        driver.type(word)
        driver.press(.enter)
    }

    @Test func routeFeedbackToATeamOfThePolicy() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.supervisor)
        open("sombre", driver)
        #expect(driver.state.caseView?.number == TestStore.Case.feedback)
        driver.press(.character("T"))
        #expect(driver.state.form?.action == .route)
        Snapshot.check(driver.screen(), "route-form-80x24")
        driver.press(.right)
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "route-form-132x40")
        driver.press(.ctrl("s"))
        #expect(driver.state.question?.text == "Route case 4 to product? The feedback closes as routed. This is written to the trail for good.")
        driver.press(.character("y"))
        let state = try desk.store.caseState(TestStore.Case.feedback)
        #expect(state.team == "product" && state.closure?.reason == .routed)
        #expect(driver.state.message?.text == "Case 4: amelie routed it to product.")
    }

    @Test func categorizeAComplaintWithATypeOfThePolicy() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.supervisor)
        open("Dubois", driver)
        driver.press(.character("C"))
        #expect(driver.state.form?.action == .categorize)
        driver.press(.right, .right)
        Snapshot.check(driver.screen(), "categorize-form-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "categorize-form-132x40")
        driver.press(.ctrl("s"))
        #expect(try desk.store.caseState(TestStore.Case.french).complaintType == "transfer")
        #expect(driver.state.message?.text == "Case 1: amelie set the complaint type to transfer.")
        // The move greys out where the store would refuse it: feedback carries no complaint type.
        let feedback = try desk.store.caseState(TestStore.Case.feedback)
        let session = driver.state.session
        #expect(!DeskAction.categorize.availability(on: feedback, procedure: session.procedure, actor: "amelie", roles: session.roles,
                                                    now: testNow).isAvailable)
        #expect(!DeskAction.route.availability(on: try desk.store.caseState(TestStore.Case.french), procedure: session.procedure,
                                               actor: "amelie", roles: session.roles, now: testNow).isAvailable)
    }
}
