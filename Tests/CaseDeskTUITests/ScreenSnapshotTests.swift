import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// Every screen rendered from a real store at a fixed moment, at 80×24 and 132×40, compared with
/// the files in `Snapshots/` (French, German and Japanese customers; a subject carrying escape
/// sequences that must show as ␛).
@Suite("Screen snapshots")
struct ScreenSnapshotTests {
    static let small = Size(rows: 24, cols: 80)
    static let wide = Size(rows: 40, cols: 132)

    /// Whatever a screen shows, outside text never reaches the terminal as a control character.
    func isSafe(_ grid: Grid) -> Bool {
        !grid.lines.joined().unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    /// Opens a case the way a person does: search for a word, Enter.
    func open(_ word: String, on driver: DeskDriver) {
        driver.press(.character("/"))
        driver.type(word)
        driver.press(.enter)
    }

    @Test func queue() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: Self.small)
        Snapshot.check(driver.screen(), "queue-80x24", styles: true)
        #expect(isSafe(driver.screen()))
        driver.press(.resize(Self.wide))
        Snapshot.check(driver.screen(), "queue-132x40", styles: true)
        #expect(isSafe(driver.screen()))
    }

    /// The queue's preview, the case, the handover and the statistics all go to two columns from the
    /// same screen width (`DeskLayout.wideColumns`), as the README says.
    @Test func twoColumnsFromTheSameScreenWidthEverywhere() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        for (cols, wide) in [(DeskLayout.wideColumns - 1, false), (DeskLayout.wideColumns, true)] {
            let size = Size(rows: 40, cols: cols)
            let driver = try desk.driver(size: size)
            #expect((DeskLayout.queue(size, showsPreview: true).preview?.row == DeskLayout.queue(size, showsPreview: true).list.row) == wide)
            open("Groß", on: driver)
            let screen = try #require(driver.state.caseView)
            #expect((DeskUpdate.document(screen, state: driver.state)?.columns != nil) == wide, "case at \(cols)")
            driver.press(.escape, .escape, .character("H"))
            let handover = try #require(driver.state.handover)
            #expect((DeskUpdate.handoverDocument(handover, state: driver.state).columns != nil) == wide, "handover at \(cols)")
            driver.press(.escape, .character("S"))
            let statistics = try #require(driver.state.statistics)
            #expect((DeskUpdate.statisticsDocument(statistics, state: driver.state).columns != nil) == wide, "statistics at \(cols)")
        }
    }

    /// At 80 columns the clock names show whole, and the explanation's title starts with the case.
    @Test func clockNamesAndTheExplanationsCaseFitAt80Columns() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: Self.small)
        open("Dubois", on: driver)
        #expect(driver.screen().lines.contains { $0.contains("target (not a promise) ") })
        driver.press(.character("x"))
        #expect(driver.screen().lines[1].contains("Case \(TestStore.Case.french) — Why is"))
    }

    @Test func queueFilteredAndSearched() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: Self.small)
        driver.press(.character("1"))
        Snapshot.check(driver.screen(), "queue-overdue-80x24")
        #expect(isSafe(driver.screen()))
        driver.press(.character("0"), .character("/"))
        driver.type("cafe")
        Snapshot.check(driver.screen(), "search-80x24")
        #expect(isSafe(driver.screen()))
    }

    @Test func caseScreens() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: Self.small)
        open("Groß", on: driver)
        Snapshot.check(driver.screen(), "case-german-80x24", styles: true)
        #expect(isSafe(driver.screen()))
        driver.press(.escape)
        driver.press(.escape)
        open("fontaine", on: driver)
        driver.press(.resize(Self.wide))
        Snapshot.check(driver.screen(), "case-escalation-132x40")
        #expect(isSafe(driver.screen()))
        driver.press(.escape, .escape)
        open("tanaka", on: driver)
        Snapshot.check(driver.screen(), "case-japanese-132x40")
        #expect(isSafe(driver.screen()))
    }

    @Test func explanation() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: Self.small)
        open("Groß", on: driver)
        driver.press(.character("x"))
        Snapshot.check(driver.screen(), "explanation-80x24")
        #expect(isSafe(driver.screen()))
        driver.press(.resize(Self.wide), .right)
        Snapshot.check(driver.screen(), "explanation-respond-132x40")
        #expect(isSafe(driver.screen()))
    }

    @Test func formsWithErrors() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: Self.small)
        open("Groß", on: driver)
        driver.press(.character("e"), .ctrl("u"))
        driver.type("2027-04-17")
        driver.press(.tab)
        Snapshot.check(driver.screen(), "extension-weekend-80x24", styles: true)
        #expect(isSafe(driver.screen()))
        driver.press(.backTab, .ctrl("u"))
        driver.type("2027-04-07")
        driver.press(.tab)
        Snapshot.check(driver.screen(), "extension-before-due-80x24")
        #expect(isSafe(driver.screen()))
        driver.press(.escape, .character("y"), .escape, .escape)
        driver.press(.character("N"), .ctrl("s"))
        Snapshot.check(driver.screen(), "intake-errors-80x24", styles: true)
        #expect(isSafe(driver.screen()))
        driver.press(.resize(Self.wide))
        Snapshot.check(driver.screen(), "intake-errors-132x40")
        #expect(isSafe(driver.screen()))
        driver.press(.resize(DeskLayout.minimum))
        Snapshot.check(driver.screen(), "intake-errors-60x16")
        #expect(isSafe(driver.screen()))
    }

    @Test func escalationForm() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: Self.wide)
        // Answer the German complaint, then record an escalation on it.
        open("Groß", on: driver)
        driver.press(.character("r"))
        driver.type("Die doppelte Abbuchung wird erstattet.")
        driver.press(.ctrl("s"), .character("n"))
        // The first E acknowledges the message about the response (type-ahead safety).
        driver.press(.character("E"), .character("E"), .tab, .character(" "), .character(" "), .tab)
        driver.type("Beschwerde über die Antwort")
        driver.press(.tab, .character(" "), .tab, .character(" "))
        Snapshot.check(driver.screen(), "escalation-form-132x40")
        #expect(isSafe(driver.screen()))
        driver.press(.resize(Self.small))
        Snapshot.check(driver.screen(), "escalation-form-80x24")
        #expect(isSafe(driver.screen()))
    }

    @Test func helpGreetingFirstRunAndTooSmall() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(size: Self.small)
        driver.press(.character("?"))
        Snapshot.check(driver.screen(), "help-queue-80x24")
        #expect(isSafe(driver.screen()))

        let empty = try TestStore.empty()
        defer { empty.remove() }
        Snapshot.check(try empty.driver(TestStore.supervisor, size: Self.small).screen(), "greeting-80x24")

        let missing = "/nonexistent/casedesk/desk.sqlite"
        let firstRun = try DeskDriver(path: missing, actor: Actor(account: "root"), size: Self.small, now: testNow)
        Snapshot.check(firstRun.screen(), "first-run-80x24")

        driver.press(.resize(Size(rows: 16, cols: 59)))
        Snapshot.check(driver.screen(), "too-small-59x16")
        #expect(driver.screen().lines.joined().contains("too small"))
    }

    @Test func movesGreyedForAViewer() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.viewer, size: Self.small)
        driver.press(.character("."))
        Snapshot.check(driver.screen(), "moves-viewer-80x24", styles: true)
        #expect(isSafe(driver.screen()))
    }
}
