import CaseDesk
import Testing

/// Which moves apply to a kind of case at all: what screens offer, from the procedure and the
/// permission table (never a list of their own).
@Suite("Moves that apply to a kind of case")
struct MoveScopeTests {
    @Test("the abuse track's moves apply to abuse reports only; routing to feedback only; complaint types to complaints")
    func abuseMovesOnAbuseReportsOnly() {
        let procedure = Procedure()
        for action in Procedure.abuseMoves {
            #expect(procedure.applies(action, to: .abuse), "\(action)")
            #expect(!procedure.applies(action, to: .complaint), "\(action)")
            #expect(!procedure.applies(action, to: .feedback), "\(action)")
        }
        #expect(procedure.applies(.route, to: .feedback) && !procedure.applies(.route, to: .complaint))
        #expect(procedure.applies(.categorize, to: .complaint) && !procedure.applies(.categorize, to: .abuse))
        #expect(procedure.applies(.close, to: .abuse) && procedure.applies(.note, to: .feedback))
    }

    @Test("the close form offers an abuse report's outcomes, and the complaint reasons otherwise")
    func closeReasonsOffered() {
        #expect(CloseReason.offered(for: .abuse) == [.mitigated, .noAction, .notOurs, .duplicate])
        #expect(CloseReason.offered(for: .complaint) == CloseReason.chosenByPeople)
        #expect(CloseReason.offered(for: .feedback) == CloseReason.chosenByPeople)
    }
}
