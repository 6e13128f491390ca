import CaseDesk
import CaseStore
import Foundation
import Testing

extension CaseStoreContract {
    /// An abuse report worked through the store under the registrar's contract: every move is
    /// judged, permitted by role, kept in the trail, and read back as the compliance record.
    func abuseJourney() throws {
        try withDesk { store in
            let received = at("2027-03-05T23:10:00+01:00")
            var intake = abuseReport(received: received)
            intake.reporterClass = .lawEnforcement
            let number = try store.open(intake, by: People.abuse, at: received).number
            let procedure = try store.procedure()
            var state = try store.caseState(number)
            #expect(state.reporterClass == .lawEnforcement)
            let tenPast = at("2027-03-05T23:20:00+01:00")
            #expect(procedure.clocks(state, now: tenPast).first { $0.kind == .review }?.leftText == "23h 50m")

            // A supervisor may not work abuse reports; the refusal names the abuse role.
            let forbidden = storeError { try store.record(.receiptConfirmed(.init(at: tenPast)), on: number, expectedVersion: nil,
                                                          by: People.supervisor, at: tenPast) }
            guard case let .forbidden(permission)? = forbidden else {
                Issue.record("a supervisor confirming receipt gave \(String(describing: forbidden))")
                return
            }
            #expect(permission.rolesThatCould.contains(.abuse))

            let moves: [(Change, Date)] = [
                (.receiptConfirmed(.init(at: tenPast)), tenPast),
                (.reporterClassified(.init(reporterClass: .trusted, reason: "a CERT, not the police")), at("2027-03-06T08:00:00+01:00")),
                (.evidenceJudged(.init(actionable: true, reason: "phishing kit live", checked: AbusePolicy.standardChecklist)),
                 at("2027-03-06T09:00:00+01:00")),
                (.mitigated(.init(action: MitigationAction.clientHold.rawValue, evidence: "screenshot sha256 ab12",
                                  at: at("2027-03-06T09:30:00+01:00"))), at("2027-03-06T10:00:00+01:00")),
                (.mitigated(.init(action: MitigationAction.registrantNotified.rawValue, evidence: "notice sent",
                                  deadline: at("2027-03-08T12:00:00+01:00"))), at("2027-03-06T10:05:00+01:00")),
                (.associatedNamesReviewed(.init(reviewed: 7, found: ["bad2.example"], note: "same registrant")), at("2027-03-06T11:00:00+01:00")),
                (.mitigationUndone(.init(action: MitigationAction.clientHold.rawValue, reason: "site cleaned, hold lifted")),
                 at("2027-03-09T10:00:00+01:00")),
                (.closed(.init(reason: .mitigated)), at("2027-03-09T10:05:00+01:00")),
            ]
            for (change, moment) in moves {
                state = try store.record(change, on: number, expectedVersion: nil, by: People.abuse, at: moment)
            }
            #expect(state.receiptConfirmed?.at == tenPast)
            #expect(state.reporterClass == .trusted)
            #expect(state.mitigations.map(\.typed) == [.clientHold, .registrantNotified])
            #expect(state.mitigations[0].undone?.at == at("2027-03-09T10:00:00+01:00"))
            #expect(state.closure?.reason == .mitigated)
            // The trail reads back to the same state, event by event, through the store's own reader.
            let events = try store.events(of: number)
            #expect(try CaseState.fold(events) == state)
            #expect(events.map(\.change.type).suffix(8) == ["receipt_confirmed", "reporter_classified", "evidence_judged", "mitigated",
                                                             "mitigated", "associated_names_reviewed", "mitigation_undone", "closed"])

            let records = try store.abuseRecords(receivedFrom: nil, to: nil, procedure: procedure, now: at("2027-03-10T10:00:00+01:00"))
            let record = try #require(records.first)
            #expect(records.count == 1)
            #expect(record.reporterClass == .trusted)
            #expect(record.hoursToConfirm == 0.17)
            #expect(record.hoursToReview == 9.83)
            #expect(record.hoursToMitigate == 10.33)
            #expect(record.evidenceDecision == "actionable")
            #expect(record.clocks[.confirmReceipt] == .met(tenPast))
            #expect(record.clocks[.decide] == .met(at("2027-03-06T09:30:00+01:00")))
            #expect(record.associatedNamesFound == ["bad2.example"])
            let figures = AbuseFigures(records)
            #expect(figures.toReview.median == 9.83)
            #expect(figures.clocksMet[.trusted] == AbuseFigures.Share(met: 3, judged: 3))

            // A second report: not ours, forwarded; refusals write nothing.
            let other = try store.open(abuseReport(received: received, domains: ["elsewhere.example"]), by: People.abuse, at: received).number
            let later = at("2027-03-06T10:00:00+01:00")
            let before = try store.events(of: other).count
            let refused = storeError { try store.record(.closed(.init(reason: .notOurs)), on: other, expectedVersion: nil,
                                                        by: People.abuse, at: later) }
            guard case let .refused(transition)? = refused else {
                Issue.record("not-ours without forwarding gave \(String(describing: refused))")
                return
            }
            #expect(transition.description.contains("not-ours follows forwarding"))
            #expect(try store.events(of: other).count == before)
            _ = try store.record(.mitigated(.init(action: MitigationAction.forwarded.rawValue, evidence: "sent to the sponsoring registrar")),
                                 on: other, expectedVersion: nil, by: People.abuse, at: later)
            let closed = try store.record(.closed(.init(reason: .notOurs)), on: other, expectedVersion: nil, by: People.abuse, at: later)
            #expect(closed.closure?.reason == .notOurs)
        }
    }
}
