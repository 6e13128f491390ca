import CaseDesk
import CaseStore
import Foundation
import Testing

/// The queue by reporter class, and letters on several reports in one transaction (issue 12).
extension CaseStoreContract {
    static let reporterClassChecks: [ContractCheck] = [
        ContractCheck("the queue by reporter class: the class as it stands (intake's, or changed with a reason), its rows, totals and incidents") {
            try $0.reporterClassQueue()
        },
        ContractCheck("letters on several reports in one transaction: each with its event judged on its report; a refused one is listed") {
            try $0.lettersOnSeveralReports()
        },
    ]

    func report(_ store: any CaseStore, _ reporterClass: ReporterClass?, minute: Int, domain: String) throws -> CaseNumber {
        var intake = abuseReport(received: at("2027-03-01T08:\(String(format: "%02d", minute)):00+01:00"), domains: [domain])
        intake.reporterClass = reporterClass
        return try store.open(intake, by: People.abuse, at: Self.incidentNow).number
    }

    func reporterClassQueue() throws {
        try withDesk { store in
            let now = Self.incidentNow
            let police = try report(store, .lawEnforcement, minute: 10, domain: "kit.example")
            let cert = try report(store, .trusted, minute: 11, domain: "kit.example")
            let reader = try report(store, .public, minute: 12, domain: "other.example")
            let unclassed = try report(store, nil, minute: 13, domain: "third.example")
            let complaintNumber = try store.open(complaint(received: at("2027-03-01T08:00:00+01:00")), by: People.supervisor, at: now).number

            func numbers(_ reporterClass: ReporterClass?, _ change: (inout QueueQuery) -> Void = { _ in }) throws -> [CaseNumber] {
                var query = QueueQuery()
                query.reporterClass = reporterClass
                change(&query)
                let rows = try store.queue(query, page: .first(100), now: now)
                #expect(try store.count(query, now: now) == rows.count, "the total of \(query) is its rows")
                return rows.map(\.number)
            }
            #expect(try numbers(.lawEnforcement) == [police])
            #expect(try numbers(.trusted) == [cert])
            #expect(try numbers(.public).sorted() == [reader, unclassed], "a report classed by nobody is the public's")
            #expect(try numbers(nil).count == 5)

            let rows = try store.queue(QueueQuery(), page: .first(100), now: now)
            #expect(rows.first { $0.number == police }?.reporterClass == .lawEnforcement)
            #expect(rows.first { $0.number == unclassed }?.reporterClass == .public)
            #expect(rows.first { $0.number == complaintNumber }?.reporterClass == nil, "a complaint has no reporter class")

            // Changed with a reason, the report moves to its new class's queue (and its review clock).
            _ = try store.record(.reporterClassified(.init(reporterClass: .lawEnforcement, reason: "the police wrote from a private address")),
                                 on: unclassed, expectedVersion: nil, by: People.abuse, at: now)
            let law = try numbers(.lawEnforcement)
            #expect(Set(law) == [police, unclassed])
            #expect(try numbers(.public) == [reader])

            // Beside other filters, paged, and closed.
            #expect(try numbers(.lawEnforcement) { $0.kind = .abuse; $0.unassigned = true }.count == 2)
            _ = try store.record(.assigned(.init(to: "abe")), on: police, expectedVersion: nil, by: People.abuse, at: now)
            #expect(try numbers(.lawEnforcement) { $0.unassigned = true } == [unclassed])
            #expect(try numbers(.lawEnforcement) { $0.assignee = "abe" } == [police])
            #expect(try numbers(.lawEnforcement) { $0.kind = .complaint }.isEmpty)
            // Receipt was to be confirmed within the hour: every report's clock is overdue.
            #expect(try numbers(.public) { $0.due = .overdue } == [reader])
            #expect(Set(try numbers(.lawEnforcement) { $0.due = .overdue }) == [police, unclassed])
            #expect(try numbers(.trusted) { $0.due = .today }.isEmpty)
            var paged: [CaseNumber] = []
            var query = QueueQuery()
            query.reporterClass = .lawEnforcement
            var page = try store.queue(query, page: .first(1), now: now)
            while let last = page.last {
                paged += page.map(\.number)
                page = try store.queue(query, page: .after(last.position, 1), now: now)
            }
            #expect(paged == law)
            for order in QueueQuery.Order.allCases {
                query.order = order
                #expect(Set(try store.queue(query, page: .first(100), now: now).map(\.number)) == [police, unclassed], "\(order)")
            }

            // Incidents as one row: counted by the class of the reports the filter finds.
            _ = try store.link([police, cert], reason: "same kit", by: People.abuse, at: now)
            #expect(try numbers(.trusted) { $0.collapseIncidents = true } == [cert])
            let collapsed = try store.queue({ var query = QueueQuery(); query.reporterClass = .trusted; query.collapseIncidents = true; return query }(),
                                            page: .first(10), now: now)
            #expect(collapsed.first?.incidentReports == 1)
            #expect(try numbers(.lawEnforcement) { $0.collapseIncidents = true }.sorted() == [police, unclassed])

            _ = try store.record(.closed(.init(reason: .invalid)), on: reader, expectedVersion: nil, by: People.abuse, at: now)
            #expect(try numbers(.public).isEmpty)
            #expect(try numbers(.public) { $0.scope = .closed } == [reader])
        }
    }

    func lettersOnSeveralReports() throws {
        try withDesk { store in
            let now = Self.incidentNow
            let reports = try (0..<3).map { try report(store, .trusted, minute: 20 + $0, domain: "kit.example") }
            // The second report's receipt is confirmed already: its confirmation letter is refused by the procedure.
            _ = try store.record(.receiptConfirmed(.init(at: now)), on: reports[1], expectedVersion: nil, by: People.abuse, at: now)
            let before = try reports.map { try store.caseState($0).version }

            func letter(_ index: Int) -> CaseLetter {
                let raw = Data("From: abuse@desk.example\nTo: cert@example.org\nMessage-ID: <confirm-\(index)@desk.example>\n\nReceived.\n".utf8)
                let sha256 = String(format: "%064x", index + 1)
                return CaseLetter(number: reports[index], message: OutgoingMessage(raw: raw, origin: "outbox/new/\(index)", correspondence: .init(
                    sha256: sha256, messageID: "confirm-\(index)@desk.example", at: now, from: "abuse@desk.example", to: "cert@example.org",
                    subject: "Received", letter: "abuse-confirmation", language: "en")),
                    change: .receiptConfirmed(.init(at: now)), expectedVersion: before[index])
            }
            let letters = (0..<3).map(letter)

            // Someone not on the staff: the whole batch is refused and nothing is written.
            #expect(throws: StoreError.self) { try store.recordLetters(letters, by: People.stranger, at: now) }
            for (index, number) in reports.enumerated() { try expectUnchanged(store, number, version: before[index]) }

            let outcome = try store.recordLetters(letters, by: People.abuse, at: now)
            #expect(outcome.done.map(\.number) == [reports[0], reports[2]])
            #expect(outcome.refused.map(\.number) == [reports[1]])
            #expect(outcome.refused.first?.error.description.contains("confirmed receipt") == true, "\(outcome.refused)")
            try expectUnchanged(store, reports[1], version: before[1])
            #expect(throws: StoreError.self) { try store.storedMessage(letters[1].message.correspondence.sha256) }
            for index in [0, 2] {
                let events = try store.events(of: reports[index]).suffix(2).map(\.change.type)
                #expect(events == ["receipt_confirmed", "message_sent"], "each letter is its own event on its report")
                #expect(try store.storedMessage(letters[index].message.correspondence.sha256).caseNumber == reports[index])
            }

            // A letter written from a version since changed is a conflict for that report alone.
            let again = try store.recordLetters([letter(0)], by: People.abuse, at: now)
            #expect(again.done.isEmpty)
            #expect(again.refused.count == 1)
        }
    }
}
