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
        driver.press(.character("E"), .tab, .tab)
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
}
