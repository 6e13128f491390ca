import Foundation
import Testing
@testable import CaseDesk

/// Feedback routed to the policy's teams; complaints counted by the policy's types (PROCEDURE.md,
/// "Feedback and complaint types").
@Suite("Feedback routing and complaint types")
struct RoutingAndTypeTests {
    static let received = at("2027-03-01T10:00:00+01:00")

    func feedbackIntake() -> Intake {
        Intake(kind: .feedback, channel: .email, received: Self.received, customer: "Jo", contact: "jo@example.com",
               subject: "A dark mode, please", description: "")
    }

    @Test("routing names a team of the policy and closes the feedback as routed")
    func routing() throws {
        var trail = try Trail(intake: feedbackIntake())
        #expect(trail.refusal(.routed(.init(team: "marketing")), at: Self.received)
                == "cannot route case 12: \"marketing\" is not a team of the policy (customer-service, product, technical, billing)")
        #expect(trail.procedure.policy.feedbackTeam("PRODUCT") == "product")
        try trail.record(.routed(.init(team: "product")), by: "sam", recorded: at("2027-03-02T10:00:00+01:00"))
        #expect(trail.current.team == "product")
        #expect(trail.current.closure?.reason == .routed)
        #expect(trail.refusal(.routed(.init(team: "technical")), at: at("2027-03-03T10:00:00+01:00"))?.contains("it was closed (routed to a team)") == true)
        #expect(try CaseState.fold(trail.events) == trail.current)
        let complaint = try Trail(intake: complaintIntake(received: Self.received))
        #expect(complaint.refusal(.routed(.init(team: "product")), at: Self.received)
                == "cannot route case 12: only feedback is routed to a team; complaints and abuse reports follow the procedure")
    }

    @Test("only a supervisor routes feedback; supervisors and the head set a complaint's type")
    func roles() {
        #expect(Permissions.allows([.supervisor], .route, kind: .feedback, stage: .supervisor))
        #expect(!Permissions.allows([.viewer, .abuse], .route, kind: .feedback, stage: .supervisor))
        #expect(Permissions.allows([.head], .categorize, kind: .complaint, stage: .escalation))
        #expect(Permissions.allows([.supervisor], .categorize, kind: .complaint, stage: .supervisor))
        #expect(!Permissions.allows([.abuse], .categorize, kind: .complaint, stage: .supervisor))
    }

    @Test("a complaint's type comes from the policy, at intake or later, even once it is closed")
    func types() throws {
        let policy = Policy.standard
        #expect(policy.complaintTypes == ["billing", "renewal", "transfer", "dns", "account", "support", "privacy", "other"])
        var typed = complaintIntake(received: Self.received)
        typed.complaintType = "invoices"
        #expect(throws: TransitionError.self) { try Trail(intake: typed) }
        typed.complaintType = "billing"
        var trail = try Trail(intake: typed)
        #expect(trail.current.complaintType == "billing")
        try trail.record(.closed(.init(reason: .satisfied)), recorded: at("2027-03-02T10:00:00+01:00"))
        #expect(trail.refusal(.categorized(.init(type: "billing")), at: at("2027-03-03T10:00:00+01:00"))
                == "cannot set the complaint type of case 12: its type is already billing")
        try trail.record(.categorized(.init(type: "transfer")), recorded: at("2027-03-03T10:00:00+01:00"))
        #expect(trail.current.complaintType == "transfer")
        #expect(trail.refusal(.categorized(.init(type: "weather")), at: at("2027-03-03T10:00:00+01:00"))?
            .contains("\"weather\" is not a complaint type of the policy") == true)
        let feedback = try Trail(intake: feedbackIntake())
        #expect(feedback.refusal(.categorized(.init(type: "billing")), at: Self.received)
                == "cannot set the complaint type of case 12: only complaints carry a complaint type (abuse reports carry their abuse category)")
        var wrongKind = feedbackIntake()
        wrongKind.complaintType = "billing"
        #expect(wrongKind.problems == ["only complaints carry a complaint type"])
    }
}
