import Foundation
@testable import CaseDesk

let saarland = BusinessCalendar.saarland

/// An instant from ISO 8601 text; tests write moments the way the issue does.
func at(_ text: String) -> Date {
    guard let date = saarland.parseMoment(text) else { fatalError("bad test moment \(text)") }
    return date
}

func day(_ text: String) -> LocalDate {
    guard let date = LocalDate(text) else { fatalError("bad test date \(text)") }
    return date
}

/// Builds a case's trail one event at a time through the procedure, as the store does.
struct Trail {
    var procedure = Procedure()
    var events: [Event] = []
    var state: CaseState?
    let number: CaseNumber

    init(number: CaseNumber = 12, procedure: Procedure = Procedure(), intake: Intake, by actor: String = "alice", recorded: Date? = nil) throws {
        self.number = number
        self.procedure = procedure
        try record(.received(intake), by: actor, recorded: recorded ?? intake.received)
    }

    mutating func record(_ change: Change, by actor: String = "alice", recorded: Date) throws {
        let event = Event(caseNumber: number, sequence: events.count + 1, recorded: recorded, actor: actor, change: change)
        state = try procedure.apply(event, to: state, now: recorded)
        events.append(event)
    }

    /// What the procedure says to `change` at `recorded`, without recording it.
    func refusal(_ change: Change, at recorded: Date) -> String? {
        do {
            try procedure.check(change, on: state!, now: recorded)
            return nil
        } catch {
            return error.description
        }
    }

    var current: CaseState { state! }

    func clock(_ kind: Clock.Kind, now: Date) -> Clock? {
        procedure.clocks(current, now: now).first { $0.kind == kind }
    }
}

func complaintIntake(received: Date, stage: Stage = .supervisor, channel: Channel = .email, account: String? = "K-1001",
                     domains: [String] = ["example.com"]) -> Intake {
    Intake(kind: .complaint, channel: channel, received: received, customer: "Élodie Müller", contact: "elodie@example.fr",
           account: account, domains: domains.map { try! DomainName($0) }, subject: "Transfert bloqué",
           description: "Le transfert de mon domaine est bloqué depuis une semaine.", stage: stage)
}

/// The message of what `body` throws, nil when it does not throw.
func refusal(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return String(describing: error)
    }
}
