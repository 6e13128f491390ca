import CaseDesk
import CaseStore
import Foundation
import Testing

extension CaseStoreContract {
    /// Every order of the queue sorts as it says, and pages by position forward and backward to the
    /// same sequence as one big page (ties on received moments, names differing only in case, nobody assigned).
    func queueOrders() throws {
        try withDesk { store in
            let now = Self.queueNow
            _ = try queueFixture(store)
            let names = ["zoë Martin", "Zoë Adam", "anaïs Roux", "Anaïs Roux", "Bob", "bob", "Émile"]
            for (index, name) in names.enumerated() {
                let number = try store.open(complaint(received: at("2027-03-0\(1 + index % 3)T10:00:00+01:00"),
                                                      stage: index % 2 == 0 ? .supervisor : .headOfSupport, customer: name),
                                            by: People.supervisor, at: now).number
                if index % 3 == 0 {
                    _ = try store.record(.assigned(.init(to: index % 2 == 0 ? People.supervisor.account : People.head.account)), on: number,
                                         expectedVersion: nil, by: People.supervisor, at: now)
                }
                if index == 4 {
                    _ = try store.record(.closed(.init(reason: .invalid)), on: number, expectedVersion: nil, by: People.supervisor, at: now)
                }
            }
            _ = try store.open(feedback(received: at("2027-03-02T10:00:00+01:00")), by: People.supervisor, at: now)

            for order in QueueQuery.Order.allCases {
                for base in [QueueQuery(), QueueQuery(scope: .all), QueueQuery(kind: .complaint), QueueQuery(stage: .headOfSupport),
                             QueueQuery(unassigned: true)] {
                    var query = base
                    query.order = order
                    let whole = try store.queue(query, page: .first(1000), now: now)
                    #expect(whole.count == (try store.count(query, now: now)), "\(query)")
                    let byDeadline = try store.queue(base, page: .first(1000), now: now)
                    #expect(Set(whole.map(\.number)) == Set(byDeadline.map(\.number)), "the same cases, in another order: \(query)")
                    let sorted: Bool = switch order {
                    case .deadline: true
                    case .received: zip(whole, whole.dropFirst()).allSatisfy { $0.received <= $1.received }
                    case .customer: zip(whole, whole.dropFirst()).allSatisfy { $0.position.customerKey <= $1.position.customerKey }
                    case .assignee: zip(whole, whole.dropFirst()).allSatisfy { ($0.assignee ?? "") <= ($1.assignee ?? "") }
                    case .kind: zip(whole, whole.dropFirst()).allSatisfy { $0.kind.rawValue <= $1.kind.rawValue }
                    }
                    #expect(sorted, "\(order): \(whole.map(\.number))")
                    if order == .assignee, let first = whole.first, whole.contains(where: { $0.assignee == nil }) {
                        #expect(first.assignee == nil, "the unassigned come first")
                    }
                    for size in [1, 3] {
                        var forward: [QueueRow] = []
                        var page = try store.queue(query, page: .first(size), now: now)
                        while !page.isEmpty {
                            forward += page
                            page = try store.queue(query, page: .after(page.last!.position, size), now: now)
                        }
                        #expect(forward.map(\.number) == whole.map(\.number), "forward pages of \(size), \(query)")
                        var backward: [QueueRow] = []
                        page = try store.queue(query, page: .last(size), now: now)
                        while !page.isEmpty {
                            backward = page + backward
                            page = try store.queue(query, page: .before(page.first!.position, size), now: now)
                        }
                        #expect(backward.map(\.number) == whole.map(\.number), "backward pages of \(size), \(query)")
                    }
                }
            }
            var byCustomer = QueueQuery(scope: .all)
            byCustomer.order = .customer
            let customers = try store.queue(byCustomer, page: .first(1000), now: now).map(\.customer).filter(names.contains)
            #expect(customers.first?.lowercased().hasPrefix("an") == true, "names compared without regard to case: \(customers)")
        }
    }

    /// A note for the whole desk is a desk event: linked in the trail (verify stays clean), read
    /// back by period, allowed to whoever may leave handover notes (viewers too), refused to an
    /// admin without a working role, to someone not on the staff, and without text.
    func deskHandoverNotes() throws {
        try withDesk { store in
            let before = try store.trailHead()
            try store.addHandoverNote("  Registry EPP down until 16:00: promise no transfers.  ", by: People.supervisor,
                                      at: at("2027-03-10T09:00:00+01:00"))
            try store.addHandoverNote("Read the outage note.", by: People.viewer, at: at("2027-03-10T09:30:00+01:00"))
            #expect(try store.trailHead().count == before.count + 2, "each note is a link of the trail")
            let notes = try store.handoverNotes(from: at("2027-03-10T06:00:00+01:00"), to: at("2027-03-10T14:00:00+01:00"))
            #expect(notes.map(\.text) == ["Registry EPP down until 16:00: promise no transfers.", "Read the outage note."])
            #expect(notes.map(\.by) == [People.supervisor.account, People.viewer.account])
            #expect(try store.handoverNotes(from: at("2027-03-10T09:15:00+01:00"), to: at("2027-03-10T14:00:00+01:00")).count == 1)
            #expect(throws: StoreError.self) { try store.addHandoverNote("x", by: People.admin, at: at("2027-03-10T10:00:00+01:00")) }
            #expect(throws: StoreError.self) { try store.addHandoverNote("x", by: People.stranger, at: at("2027-03-10T10:00:00+01:00")) }
            #expect(throws: StoreError.self) { try store.addHandoverNote(" \n ", by: People.head, at: at("2027-03-10T10:00:00+01:00")) }
            #expect(throws: StoreError.self) { try store.addHandoverNote("a\u{0}b", by: People.head, at: at("2027-03-10T10:00:00+01:00")) }
            #expect(try store.trailHead().count == before.count + 2, "a refusal writes nothing")
            let report = try store.verify()
            #expect(report.isClean, "\(report.differences)")
        }
    }

    /// The header's counts and the queue's totals, asked again and again while this connection
    /// writes, time passes and another connection writes, are always what the queue's rows count,
    /// through either connection.
    func countsKeptUpToDate() throws {
        try withDesk { store in
            var now = Self.queueNow
            _ = try queueFixture(store)
            func same(_ note: String) throws {
                let fresh = try backend.connectAgain(store)
                for connection in [store, fresh] {
                    func recount(_ query: QueueQuery) throws -> Int { try connection.queue(query, page: .first(10_000), now: now).count }
                    #expect(try connection.counts(now: now) == QueueCounts(open: recount(QueueQuery()), overdue: recount(QueueQuery(due: .overdue)),
                                                                           dueToday: recount(QueueQuery(due: .today))), "\(note)")
                    for query in [QueueQuery(), QueueQuery(scope: .all), QueueQuery(kind: .complaint), QueueQuery(unassigned: true),
                                  QueueQuery(due: .overdue)] {
                        #expect(try connection.count(query, now: now) == recount(query), "\(note): \(query)")
                    }
                }
            }
            try same("first count")
            try same("asked again")
            let opened = try store.open(complaint(received: now.addingTimeInterval(-3600), stage: .headOfSupport), by: People.supervisor, at: now)
            try same("after opening a case here")
            _ = try store.record(.assigned(.init(to: People.head.account)), on: opened.number, expectedVersion: nil, by: People.supervisor, at: now)
            _ = try store.record(.acknowledged(.init(at: now)), on: opened.number, expectedVersion: nil, by: People.head, at: now)
            try same("after an assignment and an acknowledgement here")
            for hours: Double in [1, 26, 216] {
                now = Self.queueNow.addingTimeInterval(hours * 3600)
                try same("\(hours) hours later")
            }
            let other = try backend.connectAgain(store)
            _ = try other.record(.closed(.init(reason: .withdrawn)), on: opened.number, expectedVersion: nil, by: People.head, at: now)
            try same("after another connection closed a case")
            _ = try store.record(.reopened(.init(reason: "called back")), on: opened.number, expectedVersion: nil, by: People.head, at: now)
            try same("after reopening it here")
        }
    }
}
