import CaseDesk
import CaseStore
import Crypto
import Foundation
import Testing

/// Incidents (issue 12): abuse reports linked into one, a move made on each report of it, the link
/// an arriving report is given, and the queue with incidents as one row.
extension CaseStoreContract {
    static let incidentChecks: [ContractCheck] = [
        ContractCheck("link groups abuse reports in one incident, each judged; unlink keeps the number; numbers are never reused") {
            try $0.linkAndUnlink()
        },
        ContractCheck("a move on an incident is one event per report in one transaction; a refused report is listed and stops none") {
            try $0.incidentMoveWithOneRefused()
        },
        ContractCheck("an abuse report naming an open report's domain joins its incident on import, or the link is only suggested") {
            try $0.importGroupsByDomain()
        },
        ContractCheck("the queue: incidents collapsed to one row with the count and the earliest clock; category and incident filters") {
            try $0.incidentQueue()
        },
    ]

    static let incidentNow = at("2027-03-01T12:00:00+01:00")

    func openReports(_ store: any CaseStore, _ domains: [String], hour: Int = 9) throws -> [CaseNumber] {
        try domains.enumerated().map { index, name in
            try store.open(abuseReport(received: at("2027-03-01T\(String(format: "%02d", hour)):\(String(format: "%02d", index)):00+01:00"),
                                       domains: [name]),
                           by: People.abuse, at: Self.incidentNow).number
        }
    }

    func linkAndUnlink() throws {
        try withDesk { store in
            let now = Self.incidentNow
            let reports = try openReports(store, ["phish.example", "phish.example", "other.example", "third.example"])
            let complaintNumber = try store.open(complaint(received: at("2027-03-01T09:30:00+01:00")), by: People.supervisor, at: now).number

            let first = try store.link([reports[0], reports[1], complaintNumber], reason: "same kit", by: People.abuse, at: now)
            #expect(first.incident == 1)
            #expect(first.reports.done.map(\.number) == [reports[0], reports[1]])
            #expect(first.reports.done.allSatisfy { $0.incident == 1 })
            #expect(first.reports.refused.map(\.number) == [complaintNumber])
            #expect(first.reports.refused.first?.error.description.contains("only abuse reports are grouped") == true,
                    "\(first.reports.refused)")
            #expect(try store.incidentReports(1) == [reports[0], reports[1]])
            #expect(try store.caseState(reports[0]).incident == 1)
            #expect(try store.events(of: reports[0]).last?.change == .linked(.init(incident: 1, reason: "same kit")))

            // A report joins the incident another named report is in; that one is left as it is.
            let joined = try store.link([reports[2], reports[0]], reason: nil, by: People.head, at: now)
            #expect(joined.incident == 1)
            #expect(joined.reports.done.map(\.number) == [reports[2]])
            #expect(joined.reports.refused.isEmpty)
            #expect(joined.alreadyIn == [reports[0]])
            // Recorded directly, a link to the incident a report is in is refused as such.
            #expect(throws: StoreError.self) {
                try store.record(.linked(.init(incident: 1)), on: reports[0], expectedVersion: nil, by: People.abuse, at: now)
            }

            // Who may not link is refused by the store; a lone report is no incident and writes nothing.
            #expect(throws: StoreError.self) { try store.link([reports[3]], reason: nil, by: People.abuse, at: now) }
            let refused = try? store.link([reports[3], complaintNumber], reason: nil, by: People.abuse, at: now)
            #expect(refused == nil, "one abuse report and a complaint make no incident")
            let forbidden = try store.link([reports[3], reports[2]], reason: nil, by: People.supervisor, at: now)
            #expect(forbidden.reports.done.isEmpty)
            #expect(forbidden.reports.refused.allSatisfy { if case .forbidden = $0.error { true } else { false } })
            #expect(try store.caseState(reports[3]).incident == nil)
            #expect(try store.caseState(reports[3]).version == 1, "nothing written on a refused link")

            // Unlink: its own event, judged; the incident keeps its number and its other reports.
            let unlinked = try store.record(.unlinked(.init(incident: 1, reason: "another kit")), on: reports[0], expectedVersion: nil,
                                            by: People.abuse, at: now)
            #expect(unlinked.incident == nil)
            #expect(try store.incidentReports(1) == [reports[1], reports[2]])
            #expect(throws: StoreError.self) {
                try store.record(.unlinked(.init(incident: 1)), on: reports[0], expectedVersion: nil, by: People.abuse, at: now)
            }
            // In another incident, a report must leave it before it joins this one.
            let second = try store.link([reports[0], reports[3]], reason: nil, by: People.abuse, at: now)
            #expect(second.incident == 2)
            let moved = try store.link([reports[1], reports[0]], reason: nil, by: People.abuse, at: now)
            #expect(moved.incident == 1)
            #expect(moved.reports.done.isEmpty)
            #expect(moved.alreadyIn == [reports[1]])
            #expect(moved.reports.refused.map(\.number) == [reports[0]])
            #expect(moved.reports.refused.first?.error.description.contains("in incident 2; unlink it first") == true)

            // Every report unlinked: the incident is gone, and its number is not handed out again.
            for number in try store.incidentReports(2) {
                _ = try store.record(.unlinked(.init(incident: 2)), on: number, expectedVersion: nil, by: People.abuse, at: now)
            }
            #expect(try store.incidentReports(2).isEmpty)
            #expect(throws: StoreError.noSuchIncident(2)) {
                try store.recordOnIncident(.noted(.init(text: "x")), incident: 2, by: People.abuse, at: now)
            }
            let third = try store.link([reports[0], reports[3]], reason: nil, by: People.abuse, at: now)
            #expect(third.incident == 3)
        }
    }

    func incidentMoveWithOneRefused() throws {
        try withDesk { store in
            let now = Self.incidentNow
            let reports = try openReports(store, ["kit.example", "kit.example", "kit.example"])
            _ = try store.link(reports, reason: nil, by: People.abuse, at: now)
            _ = try store.record(.closed(.init(reason: .invalid)), on: reports[1], expectedVersion: nil, by: People.abuse, at: now)
            let trailBefore = try store.trailHead().count

            let assigned = try store.recordOnIncident(.assigned(.init(to: People.abuse.account)), incident: 1, by: People.head, at: now)
            #expect(assigned.done.map(\.number) == [reports[0], reports[2]])
            #expect(assigned.refused.map(\.number) == [reports[1]])
            #expect(assigned.refused.first?.error.description.contains("closed") == true, "\(assigned.refused)")
            #expect(try store.caseState(reports[0]).assignee == "abe")
            #expect(try store.caseState(reports[2]).assignee == "abe")
            #expect(try store.caseState(reports[1]).assignee == nil)
            #expect(try store.trailHead().count == trailBefore + 2, "one event per report done, none for the refused one")

            // A note goes on every report, closed or not: each its own event.
            let noted = try store.recordOnIncident(.noted(.init(text: "registrar hold requested")), incident: 1, by: People.abuse, at: now)
            #expect(noted.done.count == 3 && noted.refused.isEmpty)
            for number in reports {
                #expect(try store.events(of: number).last?.change == .noted(.init(text: "registrar hold requested")))
            }
            // A viewer is refused on every report; nothing is written.
            let viewed = try store.recordOnIncident(.assigned(.init(to: nil)), incident: 1, by: People.viewer, at: now)
            #expect(viewed.done.isEmpty && viewed.refused.count == 3)
            // The same batch on numbers (the marked cases' move).
            let each = try store.recordEach(.noted(.init(text: "checked")), on: [reports[0], 999], by: People.abuse, at: now)
            #expect(each.done.map(\.number) == [reports[0]])
            #expect(each.refused.first?.error == .noSuchCase(999))
        }
    }

    func importGroupsByDomain() throws {
        try withDesk { store in
            let now = Self.incidentNow
            func arrive(_ id: String, _ domain: String, link: Bool = true, by actor: Actor = People.abuse) throws -> ImportOutcome {
                var message = Self.abuseMessage(id, domain: domain, at: at("2027-03-01T10:00:00+01:00"))
                message.linkIncidents = link
                return try store.importMessage(message, by: actor, at: now)
            }
            guard case let .opened(first, grouping: none) = try arrive("r1@cert.example", "phish.example") else { Issue.record("r1"); return }
            #expect(none == nil, "the first report about a domain matches nothing")

            guard case let .opened(second, grouping: match?) = try arrive("r2@cert.example", "PHISH.example") else { Issue.record("r2"); return }
            #expect(match == IncidentGrouping(domain: "phish.example", report: first.number, incident: 1, linked: true))
            #expect(second.incident == 1)
            #expect(try store.caseState(first.number).incident == 1, "the report it matched joins the new incident too")
            #expect(try store.events(of: first.number).last?.change == .linked(.init(incident: 1, reason: "same domain phish.example")))

            // A third joins the incident; with --no-link, or for who may not link, the link is only suggested.
            guard case let .opened(third, grouping: joined?) = try arrive("r3@cert.example", "phish.example") else { Issue.record("r3"); return }
            #expect(joined.linked && joined.incident == 1 && third.incident == 1)
            guard case let .opened(fourth, grouping: suggested?) = try arrive("r4@cert.example", "phish.example", link: false) else {
                Issue.record("r4"); return
            }
            #expect(!suggested.linked && fourth.incident == nil)
            #expect(suggested.incident == 1)
            #expect(suggested.summary(for: fourth.number).contains("casedesk link \(suggested.report) \(fourth.number)"))
            guard case let .opened(_, grouping: bySupervisor?) = try arrive("r5@cert.example", "phish.example", by: People.supervisor) else {
                Issue.record("r5"); return
            }
            #expect(!bySupervisor.linked)
            #expect(bySupervisor.notLinkedBecause?.contains("abuse or head") == true)

            // Unlinked reports stay out; a domain of closed reports only starts nothing.
            _ = try store.record(.unlinked(.init(incident: 1)), on: third.number, expectedVersion: nil, by: People.abuse, at: now)
            #expect(try store.caseState(third.number).incident == nil)
            for number in try store.incidentReports(1) {
                _ = try store.record(.closed(.init(reason: .invalid)), on: number, expectedVersion: nil, by: People.abuse, at: now)
            }
            _ = try store.record(.closed(.init(reason: .invalid)), on: third.number, expectedVersion: nil, by: People.abuse, at: now)
            _ = try store.record(.closed(.init(reason: .invalid)), on: fourth.number, expectedVersion: nil, by: People.abuse, at: now)
            _ = try store.record(.closed(.init(reason: .invalid)), on: fourth.number + 1, expectedVersion: nil, by: People.abuse, at: now)
            guard case let .opened(late, grouping: nothing) = try arrive("r6@cert.example", "phish.example") else { Issue.record("r6"); return }
            #expect(nothing == nil && late.incident == nil, "no open report or incident names it any more")
        }
    }

    func incidentQueue() throws {
        try withDesk { store in
            let now = Self.incidentNow
            let kit = try openReports(store, ["kit.example", "kit.example", "kit.example"], hour: 8)
            let spam = try store.open(abuseReport(received: at("2027-03-01T07:00:00+01:00"), category: .spam, domains: ["spam.example"]),
                                      by: People.abuse, at: now).number
            let lone = try openReports(store, ["lone.example"], hour: 10)[0]
            _ = try store.open(complaint(received: at("2027-03-01T09:00:00+01:00")), by: People.supervisor, at: now)
            _ = try store.link(kit, reason: nil, by: People.abuse, at: now)
            // The incident's earliest report is assigned, so a filter on the unassigned shows the next one.
            _ = try store.record(.assigned(.init(to: "abe")), on: kit[0], expectedVersion: nil, by: People.abuse, at: now)

            let plain = try store.queue(QueueQuery(kind: .abuse), page: .first(100), now: now)
            #expect(plain.count == 5)
            #expect(plain.filter { $0.incident == 1 }.map(\.number).sorted() == kit)
            #expect(plain.allSatisfy { $0.incidentReports == nil })

            var collapsed = QueueQuery(kind: .abuse)
            collapsed.collapseIncidents = true
            let rows = try store.queue(collapsed, page: .first(100), now: now)
            #expect(rows.count == 3, "\(rows.map(\.number))")
            #expect(try store.count(collapsed, now: now) == 3)
            let incidentRow = try #require(rows.first { $0.incident == 1 })
            #expect(incidentRow.number == kit[0], "the report whose clock comes first stands for the incident")
            #expect(incidentRow.incidentReports == 3)
            #expect(incidentRow.nextDue == plain.first { $0.number == kit[0] }?.nextDue)
            #expect(Set(rows.map(\.number)) == [kit[0], spam, lone])
            // Paging a collapsed queue gives the same rows as one page.
            var paged: [QueueRow] = []
            var page = try store.queue(collapsed, page: .first(1), now: now)
            while !page.isEmpty {
                paged += page
                page = try store.queue(collapsed, page: .after(page.last!.position, 1), now: now)
            }
            #expect(paged.map(\.number) == rows.map(\.number))

            collapsed.unassigned = true
            let unassigned = try store.queue(collapsed, page: .first(100), now: now)
            #expect(unassigned.first { $0.incident == 1 }?.number == kit[1])
            #expect(unassigned.first { $0.incident == 1 }?.incidentReports == 2)

            var category = QueueQuery()
            category.category = .spam
            #expect(try store.queue(category, page: .first(100), now: now).map(\.number) == [spam])
            #expect(try store.count(category, now: now) == 1)
            var incident = QueueQuery(scope: .all)
            incident.incident = 1
            #expect(try store.queue(incident, page: .first(100), now: now).map(\.number).sorted() == kit)
        }
    }

    /// An abuse report as mail import hands it to the store.
    static func abuseMessage(_ id: String, domain: String, at received: Date) -> IncomingMessage {
        let raw = Data("From: cert@cert.example\nMessage-ID: <\(id)>\nSubject: Phishing at \(domain)\n\nhttps://\(domain)/login\n".utf8)
        let sha256 = SHA256.hash(data: raw).map { String(format: "%02x", $0) }.joined()
        return IncomingMessage(
            raw: raw, origin: "test:\(id)",
            correspondence: .init(sha256: sha256, messageID: id, at: received, from: "cert@cert.example", subject: "Phishing at \(domain)",
                                  urls: ["https://\(domain)/login"]),
            answers: [], caseTag: nil, intake: abuseReport(received: received, domains: [domain]),
            reply: CustomerReply(received: received, channel: .email, heading: "Phishing at \(domain)", text: "", hasComplaintMarker: false))
    }
}
