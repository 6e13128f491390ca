import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// A complaint's type chosen when it is taken in on screen (issue 11: "set at intake or later").
@Suite("The new-case form: complaint type")
struct IntakeTypeTests {
    @Test("the form offers the policy's complaint types; a complaint keeps the one chosen, another kind refuses one")
    func typeAtIntake() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        let session = driver.state.session
        let types = session.procedure.policy.complaintTypes
        try #require(types.count > 2)
        var form = IntakeForm.make(session: session, now: testNow)
        #expect(form.fields.contains { $0.id == "type" })
        form.fill([("customer", "Élodie Martin"), ("contact", "elodie@example.fr"), ("subject", "Facture en double")])
        form.choose("type", 2)
        #expect(form.choice("type") == 2)
        let intake = try IntakeForm.intake(form, calendar: session.calendar, opened: testNow, types: types)
        #expect(intake.kind == .complaint && intake.complaintType == types[1])
        form.choose("kind", CaseKind.allCases.firstIndex(of: .feedback)!)
        #expect(throws: FieldProblem.self) { try IntakeForm.intake(form, calendar: session.calendar, opened: testNow, types: types) }
        form.choose("type", 0)
        #expect(try IntakeForm.intake(form, calendar: session.calendar, opened: testNow, types: types).complaintType == nil)
    }
}
