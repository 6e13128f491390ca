import CaseDesk
import CaseStore
import Foundation
import Letters

/// A letter sent on every report of an incident, each to its own reporter (the abuse outcome to all
/// forty reporters of one phishing domain): what went out and what was refused. The command line
/// (`letter N TYPE --incident --send`) and the incident screen both send through
/// `LetterPost.sendOnIncident`.
public struct IncidentLetters: Sendable, Equatable {
    public var incident: IncidentNumber
    /// The letters sent, in the order of the reports' numbers.
    public var sent: [Sent]
    /// The reports that got no letter, each with why.
    public var refused: [Refused]
    /// The letters recorded on their reports that could not be moved into the outbox's `new/`:
    /// each waits in `tmp/` (the reason says where) and must not be sent again.
    public var waiting: [Refused] = []

    public struct Sent: Sendable, Equatable {
        public var letter: Letter
        /// The event the letter went with (nil for a letter that moves nothing).
        public var change: Change?
        public var sent: LetterPost.Sent
        public var number: CaseNumber { sent.state.number }
    }

    public struct Refused: Sendable, Equatable, CustomStringConvertible {
        public var number: CaseNumber
        /// Why, in the words of the refusal (the store's, the template's, the address's).
        public var reason: String

        /// The reason, naming the report when the reason does not already.
        public var description: String {
            IncidentLetters.names(reason, case: number) ? reason : "case \(number): \(reason)"
        }
    }

    /// Whether `message` names case `number` ("case 12", not "case 123").
    public static func names(_ message: String, case number: CaseNumber) -> Bool {
        var rest = Substring(message)
        while let range = rest.range(of: "case \(number)") {
            rest = rest[range.upperBound...]
            if !(rest.first?.isNumber ?? false) { return true }
        }
        return false
    }
}

extension LetterPost {
    /// Sends a letter on every report of `incident` (open and closed: an outcome letter follows the
    /// close), each written from its report as it stands (`request` gives its language and details)
    /// and recorded with its own event. The store writes all of them in one transaction, each judged
    /// on its own report (`CaseStore.recordLetters`): a refused report is listed and the others go
    /// out; a report whose letter cannot be written (no mail address, a template's refusal) is listed
    /// before the store is asked. If the store fails as a whole, no letter is recorded and none
    /// leaves the outbox's `tmp/`.
    public func sendOnIncident(_ incident: IncidentNumber, procedure: Procedure, templates: LetterTemplates, by actor: Actor, at now: Date,
                               request: (CaseState) -> LetterRequest) throws(LetterPostError) -> IncidentLetters {
        var outcome = IncidentLetters(incident: incident, sent: [], refused: [])
        var staged: [Draft] = []
        do throws(StoreError) {
            let numbers = try store.incidentReports(incident)
            if numbers.isEmpty { throw .noSuchIncident(incident) }
            for number in numbers {
                let state = try store.caseState(number)
                if let draft = draft(request(state), on: state, procedure: procedure, templates: templates, at: now, refused: &outcome.refused) {
                    staged.append(draft)
                }
            }
        } catch {
            for item in staged { outbox.discard(item.message.file) }
            throw .refused(error)
        }
        let recorded: BatchOutcome
        do throws(StoreError) {
            recorded = try store.recordLetters(staged.map { CaseLetter(number: $0.state.number, message: $0.message.outgoing,
                                                                       change: $0.change, expectedVersion: $0.state.version) },
                                               by: actor, at: now)
        } catch {
            // An unknown outcome leaves the files for the outbox's recovery, as for one letter.
            if case .outcomeUnknown = error {} else { for item in staged { outbox.discard(item.message.file) } }
            throw .refused(error)
        }
        let done = Dictionary(recorded.done.map { ($0.number, $0) }, uniquingKeysWith: { $1 })
        for item in staged {
            guard let after = done[item.state.number] else {
                outbox.discard(item.message.file)
                continue
            }
            do throws(LetterPostError) {
                outcome.sent.append(.init(letter: item.letter, change: item.change, sent: try deliver(item.message, after: after)))
            } catch {
                outcome.waiting.append(.init(number: item.state.number, reason: error.description))
            }
        }
        outcome.refused += recorded.refused.map { .init(number: $0.number, reason: $0.error.description) }
        outcome.refused.sort { $0.number < $1.number }
        return outcome
    }

    /// One report's letter, written and waiting in the outbox's `tmp/` for the store.
    struct Draft {
        var letter: Letter
        var change: Change?
        var message: StagedMessage
        var state: CaseState
    }

    /// The report's letter written and staged, or nil with the reason it cannot be (added to `refused`).
    private func draft(_ request: LetterRequest, on state: CaseState, procedure: Procedure, templates: LetterTemplates, at now: Date,
                       refused: inout [IncidentLetters.Refused]) -> Draft? {
        let change: Change?
        let letter: Letter
        do throws(LetterError) {
            change = try LetterPost.change(for: request, at: now)
            letter = try Letters.render(request, state: state, procedure: procedure, templates: templates)
        } catch {
            refused.append(.init(number: state.number, reason: error.description))
            return nil
        }
        do throws(LetterPostError) {
            return Draft(letter: letter, change: change, message: try stage(letter, on: state, at: now), state: state)
        } catch {
            refused.append(.init(number: state.number, reason: error.description))
            return nil
        }
    }
}
