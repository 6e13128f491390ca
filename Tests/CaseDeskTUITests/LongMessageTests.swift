import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// A message of one enormous line is laid out only as far as anyone can read it on screen.
@Suite("A very long message")
struct LongMessageTests {
    static let line = String(repeating: "spam ", count: 400_000)

    func desk() throws -> TestStore {
        let desk = try TestStore.empty()
        _ = try desk.store.open(desk.intake(.abuse, .email, "2027-03-29 10:00", customer: "Mallory", contact: "m@example.org",
                                            subject: "One line", description: Self.line, category: .spam),
                                by: TestStore.supervisor, at: try moment("2027-03-29 10:05"))
        return desk
    }

    @Test func theCaseScreenLaysOutAPageful() throws {
        let desk = try desk()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.enter)
        let screen = try #require(driver.state.caseView)
        let document = try #require(DeskUpdate.document(screen, state: driver.state))
        #expect(document.rowCount <= CaseDocument.descriptionLimit + 40, "\(document.rowCount) rows laid out")
        #expect(document.lines.contains { $0.spans.map(\.text).joined().contains("the message goes on") })
        driver.press(.character("G"))
        #expect(driver.screen().lines.contains { $0.contains("the message goes on") })
    }

    @Test func theWrapOfALimitedPageIsTheStartOfTheWholeWrap() {
        let text = "Sehr geehrte Damen und Herren,\n\ndie Rechnung vom März ist doppelt abgebucht worden. " + String(repeating: "x", count: 300)
        let whole = TerminalText.wrap(text, width: 23)
        let page = TerminalText.wrap(text, width: 23, limit: 5)
        #expect(page.lines == Array(whole.prefix(5)) && page.isCut)
        #expect(TerminalText.wrap(text, width: 23, limit: 1000) == (whole, false))
        let long = TerminalText.wrap(Self.line, width: 78, limit: 20)
        #expect(long.lines.count == 20 && long.isCut)
    }
}
