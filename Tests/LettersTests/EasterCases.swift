import CaseDesk
import Foundation
import Testing

let saarland = BusinessCalendar.saarland

func at(_ text: String) -> Date {
    guard let date = saarland.parseMoment(text) else { fatalError("bad test moment \(text)") }
    return date
}

func day(_ text: String) -> LocalDate {
    guard let date = LocalDate(text) else { fatalError("bad test date \(text)") }
    return date
}

/// A case built event by event through the procedure, as the store would build it.
struct Story {
    var procedure = Procedure()
    private(set) var state: CaseState
    private var sequence = 1

    init(_ intake: Intake) throws {
        let event = Event(caseNumber: 41, sequence: 1, recorded: intake.received, actor: "sam", change: .received(intake))
        state = try procedure.apply(event, to: nil, now: intake.received)
    }

    mutating func record(_ change: Change, at moment: String, by actor: String = "hana") throws {
        sequence += 1
        let event = Event(caseNumber: 41, sequence: sequence, recorded: at(moment), actor: actor, change: change)
        state = try procedure.apply(event, to: state, now: at(moment))
    }
}

/// One complaint across Easter 2027 (Good Friday 26 Mar, Easter Monday 29 Mar) and on into May
/// (Ascension 6 May, Whit Monday 17 May), at every point where the procedure writes a letter.
enum EasterCases {
    static func intake(stage: Stage = .supervisor, received: String = "2027-03-22T09:00:00+01:00", kind: CaseKind = .complaint) -> Intake {
        Intake(kind: kind, channel: .email, received: at(received), customer: "Élodie Müller", contact: "elodie@example.fr",
               account: "K-1001", domains: [try! DomainName("exemple-café.fr")], subject: "Transfert bloqué",
               description: "Le transfert de mon domaine est bloqué depuis une semaine.", category: kind == .abuse ? .phishing : nil,
               stage: stage)
    }

    /// Mon 22 Mar 2027, stage 1, not answered yet.
    static func firstContact() throws -> Story { try Story(intake()) }

    /// Answered Tue 23 Mar; formal complaint Thu 25 Mar 2027: acknowledge by Wed 31 Mar, answer by Mon 12 Apr.
    static func formalComplaint() throws -> Story {
        var story = try firstContact()
        try story.record(.responded(.init(summary: "Explained the lock", at: at("2027-03-23T10:00:00+01:00"))),
                         at: "2027-03-23T10:00:00+01:00", by: "sam")
        try story.record(.formalComplaintFiled(.init(received: at("2027-03-25T10:00:00+01:00"), channel: .email)),
                         at: "2027-03-25T10:05:00+01:00", by: "sam")
        return story
    }

    /// The head of support answers Wed 14 Apr: the window runs to Thu 13 May (Ascension skipped).
    static func answered() throws -> Story {
        var story = try formalComplaint()
        try story.record(.responded(.init(summary: "Le verrou a été levé.", at: at("2027-04-14T10:00:00+02:00"))),
                         at: "2027-04-14T10:00:00+02:00")
        return story
    }

    /// Escalation Mon 3 May 2027 without measures: final response due Wed 19 May (Ascension, Whit Monday skipped).
    static func escalated() throws -> Story {
        var story = try answered()
        let filing = story.procedure.escalationFiling(
            for: story.state, received: at("2027-05-03T09:00:00+02:00"), channel: .email, heading: "Plainte : transfert",
            items: [.name, .contact, .account, .domains, .description, .previousComplaint])
        try story.record(.escalationReceived(filing), at: "2027-05-03T09:05:00+02:00")
        return story
    }

    /// A formal complaint first-hand on Mon 22 Mar, answered Tue 23 Mar: the window crosses Easter and
    /// ends Thu 22 Apr 2027; the case lapses after it.
    static func lapsed() throws -> Story {
        var story = try Story(intake(stage: .headOfSupport))
        try story.record(.responded(.init(summary: "Explained the lock", at: at("2027-03-23T10:00:00+01:00"))),
                         at: "2027-03-23T10:00:00+01:00")
        let due = try #require(story.procedure.lapseDue(story.state, now: at("2027-04-23T08:00:00+02:00")))
        try story.record(due, at: "2027-04-23T08:00:00+02:00", by: "casedesk")
        return story
    }
}
