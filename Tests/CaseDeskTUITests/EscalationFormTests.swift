import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// The escalation form's live checklist says what the record will say.
@Suite("The escalation form")
struct EscalationFormTests {
    /// The German complaint, answered, with the escalation form open and its subject typed.
    func escalationForm(_ desk: TestStore, subject: String) throws -> DeskDriver {
        let driver = try desk.driver(size: ScreenSnapshotTests.wide)
        driver.press(.character("/"))
        driver.type("Groß")
        driver.press(.enter, .character("r"))
        driver.type("Die doppelte Abbuchung wird erstattet.")
        driver.press(.ctrl("s"), .character("n"))
        // The first E acknowledges the message about the response (type-ahead safety).
        driver.press(.character("E"), .character("E"), .tab, .tab)
        driver.type(subject)
        return driver
    }

    @Test func anOpenWindowIsNotCalledClosed() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try escalationForm(desk, subject: "Re: Ihre Antwort")
        let text = driver.screen().lines.joined(separator: "\n")
        #expect(text.contains("window open until Tue 27 Apr 2027 23:59"), "\(text)")
        #expect(!text.contains("window closed"))
    }

    @Test func theMarkerInTheSubjectTicksItsBox() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try escalationForm(desk, subject: "Beschwerde über die Antwort")
        #expect(driver.state.form?.form.isChecked("item.marker") == true)
        #expect(driver.screen().lines.contains { $0.contains("Marker at the top   [x]") })
        #expect(driver.screen().lines.contains { $0.contains("marker (complaint/plainte/Beschwerde): found") })
        // Taken out of the subject again, the box the subject ticked is unticked.
        driver.press(.ctrl("u"))
        driver.type("Re: Ihre Antwort")
        #expect(driver.state.form?.form.isChecked("item.marker") == false)
        #expect(driver.screen().lines.contains { $0.contains("Beschwerde): not") })
    }

    /// What the customer wrote, typed into the escalation form, is on the case's timeline and in
    /// `casedesk show`, not only in the store.
    @Test func whatTheEscalationSaysIsShown() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try escalationForm(desk, subject: "Beschwerde über die Antwort")
        let fields = try #require(driver.state.form?.form.fields)
        let text = try #require(fields.firstIndex { $0.id == "text" })
        for _ in 0..<max(0, text - 2) { driver.press(.tab) }
        driver.type("Die Erstattung kam nie an.")
        driver.press(.ctrl("s"), .character("y"))
        if driver.state.letter != nil { driver.press(.character("n")) }
        #expect(driver.state.form == nil, "\(String(describing: driver.state.form?.problem))")
        #expect(driver.screen().lines.contains { $0.contains("Die Erstattung kam nie an.") })
        try expectShown("Die Erstattung kam nie an.", desk: desk, number: TestStore.Case.german)
    }

    @Test func whatTheFormalComplaintSaysIsShown() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        // A formal complaint follows the supervisor's answer.
        try desk.record(.responded(.init(summary: "Le code a été renvoyé.", at: try moment("2027-03-29 11:00"))),
                        on: TestStore.Case.french, by: TestStore.supervisor, at: try moment("2027-03-29 11:00"))
        let driver = try desk.driver(size: ScreenSnapshotTests.wide)
        driver.press(.character("/"))
        driver.type("Dubois")
        driver.press(.enter, .character("f"), .tab, .tab)
        driver.type("Je maintiens ma réclamation.")
        driver.press(.ctrl("s"), .character("y"))
        if driver.state.letter != nil { driver.press(.character("n")) }
        #expect(driver.state.form == nil, "\(String(describing: driver.state.form?.problem))")
        #expect(driver.screen().lines.contains { $0.contains("Je maintiens ma réclamation.") })
        try expectShown("Je maintiens ma réclamation.", desk: desk, number: TestStore.Case.french)
    }

    /// `casedesk show` of the built binary prints `text` (skipped with a reason when it is not built).
    func expectShown(_ text: String, desk: TestStore, number: CaseNumber, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(FileManager.default.isExecutableFile(atPath: EndToEndTests.binary), "build casedesk first: swift build")
        let (status, output) = try EndToEndTests.launch(EndToEndTests.binary, ["show", String(number), "--db", desk.path])
        #expect(status == 0, sourceLocation: sourceLocation)
        #expect(output.contains(text), "\(output)", sourceLocation: sourceLocation)
    }
}
