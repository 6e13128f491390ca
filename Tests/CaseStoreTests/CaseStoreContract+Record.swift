import CaseDesk
import CaseStore
import Foundation
import Testing

/// The requirements that were tested on SQLite alone: mail in and letters out, statistics, events
/// by time, handover reads and exports — now part of the contract every backend runs.
extension CaseStoreContract {
    static let recordChecks: [ContractCheck] = [
        ContractCheck("a message opens a case, a reply joins it, a second arrival is a duplicate; the archive gives the bytes back") { try $0.mailIn() },
        ContractCheck("several messages at once: each filed as alone, a refused one writes nothing") { try $0.mailInBatch() },
        ContractCheck("a letter and its stage's event are one write; a letter whose bytes are archived already is refused") { try $0.letterOut() },
        ContractCheck("statistics count the cases received in a range by kind and month") { try $0.statisticsByMonth() },
        ContractCheck("events by time, handover reads and exports return what was written, in order") { try $0.eventsByTimeAndExports() },
    ]

    private func message(_ text: String, id: String, answers: [String] = [], at moment: Date, subject: String = "Transfer blocked") -> IncomingMessage {
        let raw = Data("Message-ID: <\(id)>\r\nSubject: \(subject)\r\n\r\n\(text)\r\n".utf8)
        let digest = TrailLink.hex(Data(raw.reduce(into: [UInt8](repeating: 0, count: 32)) { sum, byte in
            sum[Int(byte) % 32] &+= byte
        }))
        return IncomingMessage(raw: raw, origin: "test", correspondence: .init(sha256: digest, messageID: id, at: moment, from: "elodie@example.fr",
                                                                               subject: subject),
                               answers: answers, caseTag: nil, intake: complaint(received: moment, subject: subject),
                               reply: CustomerReply(received: moment, channel: .email, heading: subject, text: text, hasComplaintMarker: false))
    }

    func mailIn() throws {
        try withDesk { store in
            let now = at("2027-03-18T09:00:00+01:00")
            let first = message("My transfer is blocked.", id: "a1@example.fr", at: now)
            guard case let .opened(opened, _) = try store.importMessage(first, by: People.supervisor, at: now) else {
                Issue.record("the first message opens a case")
                return
            }
            let reply = message("Still blocked.", id: "a2@example.fr", answers: ["a1@example.fr"], at: now.addingTimeInterval(60))
            guard case let .attached(state, _, _) = try store.importMessage(reply, by: People.supervisor, at: now.addingTimeInterval(60)) else {
                Issue.record("a reply joins its case")
                return
            }
            #expect(state.number == opened.number)
            guard case .duplicate = try store.importMessage(first, by: People.supervisor, at: now.addingTimeInterval(120)) else {
                Issue.record("a second arrival is a duplicate")
                return
            }
            let stored = try store.storedMessage("<a2@example.fr>")
            #expect(stored.raw == reply.raw && stored.caseNumber == opened.number)
            #expect(try store.storedMessage(String(first.sha256.prefix(12))).raw == first.raw)
            #expect(storeError { try store.storedMessage("nothing@example.fr") } == .noSuchMessage("nothing@example.fr"))
            #expect(storeError { try store.importMessage(message("x", id: "v@example.fr", at: now), by: People.viewer, at: now) } != nil)
        }
    }

    func mailInBatch() throws {
        try withDesk { store in
            let now = at("2027-03-18T09:00:00+01:00")
            let messages = (1...3).map { message("Number \($0)", id: "b\($0)@example.fr", at: now, subject: "Batch \($0)") }
            let outcomes = store.importMessages(messages + [messages[0]], by: People.supervisor, at: now)
            #expect(outcomes.count == 4)
            #expect(outcomes.prefix(3).allSatisfy { if case .success(.opened) = $0 { true } else { false } })
            if case .success(.duplicate) = outcomes[3] {} else { Issue.record("the repeated message is a duplicate: \(outcomes[3])") }
            let refused = store.importMessages([message("no", id: "c@example.fr", at: now)], by: People.stranger, at: now)
            if case .failure(.notStaff) = refused[0] {} else { Issue.record("a stranger's import is refused: \(refused[0])") }
            let total = try store.count(QueueQuery(scope: .all), now: now)
            #expect(total == 3, "three cases, none from the refused import")
        }
    }

    func letterOut() throws {
        try withDesk { store in
            let now = at("2027-03-18T09:00:00+01:00")
            let opened = try store.open(complaint(received: now), by: People.supervisor, at: now)
            let raw = Data("Message-ID: <l1@desk.example>\r\n\r\nWe answered.\r\n".utf8)
            let letter = OutgoingMessage(raw: raw, origin: "outbox/l1", correspondence: .init(
                sha256: String(repeating: "ab", count: 32), messageID: "l1@desk.example", at: now, from: "desk@example.org", subject: "Re: your complaint"))
            let state = try store.recordLetter(letter, with: .responded(.init(summary: "Transfer unblocked", at: now)), on: opened.number,
                                               expectedVersion: opened.version, by: People.supervisor, at: now)
            #expect(state.version == opened.version + 2, "the response and the letter")
            #expect(try store.storedMessage("l1@desk.example").raw == raw)
            let again = storeError {
                try store.recordLetter(letter, with: nil, on: opened.number, expectedVersion: nil, by: People.supervisor, at: now)
            }
            #expect(again != nil)
            #expect(try store.caseState(opened.number).version == state.version, "the refused letter wrote nothing")
        }
    }

    func statisticsByMonth() throws {
        try withDesk { store in
            let march = at("2027-03-18T09:00:00+01:00")
            let april = at("2027-04-14T09:00:00+02:00")
            _ = try store.open(complaint(received: march), by: People.supervisor, at: march)
            _ = try store.open(abuseReport(received: march), by: People.abuse, at: march)
            _ = try store.open(feedback(received: april), by: People.supervisor, at: april)
            let statistics = try store.statistics(Statistics.Query(by: .month), now: april)
            #expect(statistics.groups.map(\.label) == ["2027-03", "2027-04"])
            #expect(statistics.total.cases == 3)
            #expect(statistics.groups.first?.byKind == [.complaint: 1, .abuse: 1])
            let onlyApril = try store.statistics(Statistics.Query(from: day("2027-04-01"), by: .month), now: april)
            #expect(onlyApril.total.cases == 1)
        }
    }

    func eventsByTimeAndExports() throws {
        try withDesk { store in
            let start = at("2027-03-18T09:00:00+01:00")
            let first = try store.open(complaint(received: start), by: People.supervisor, at: start)
            let later = start.addingTimeInterval(3600)
            _ = try store.record(.noted(.init(text: "called the registry")), on: first.number, expectedVersion: nil, by: People.supervisor, at: later)
            let second = try store.open(abuseReport(received: later), by: People.abuse, at: later.addingTimeInterval(1))
            let recorded = try store.eventsRecorded(from: start, to: later.addingTimeInterval(10), latest: 10)
            #expect(recorded.map(\.caseNumber) == [first.number, first.number, second.number])
            // The latest, in order of time.
            #expect(try store.eventsRecorded(from: start, to: later.addingTimeInterval(10), latest: 2).map(\.caseNumber) == [first.number, second.number])
            #expect(try store.eventsRecorded(from: later, to: later.addingTimeInterval(10), latest: 1).map(\.caseNumber) == [second.number])
            #expect(try store.eventCount(from: start, to: later.addingTimeInterval(10)) == 3)
            #expect(try store.eventCount(from: later, to: later.addingTimeInterval(10)) == 2)
            // Only the notes marked for the next shift, in their period.
            #expect(try store.handoverCaseNotes(from: start, to: later.addingTimeInterval(10)).isEmpty)
            _ = try store.record(.noted(.init(text: "Rückruf um 15 Uhr", handover: true)), on: second.number, expectedVersion: nil,
                                 by: People.abuse, at: later.addingTimeInterval(2))
            let notes = try store.handoverCaseNotes(from: start, to: later.addingTimeInterval(10))
            #expect(notes.map(\.caseNumber) == [second.number])
            #expect(notes.map(\.sequence) == [2])
            #expect(try store.handoverCaseNotes(from: later.addingTimeInterval(3), to: later.addingTimeInterval(10)).isEmpty)
            let shift = at("2027-03-18T06:00:00+01:00")
            try store.markHandoverRead(shiftStart: shift, shiftEnd: at("2027-03-18T14:00:00+01:00"), by: People.head, at: later)
            try store.markHandoverRead(shiftStart: shift, shiftEnd: at("2027-03-18T14:00:00+01:00"), by: People.viewer, at: later.addingTimeInterval(5))
            #expect(try store.handoverReads(shiftStart: shift).map(\.account) == ["hana", "vic"])
            #expect(try store.handoverReads(shiftStart: later).isEmpty)
            #expect(storeError { try store.markHandoverRead(shiftStart: shift, shiftEnd: later, by: People.stranger, at: later) } == .notStaff("mallory"))
            var exported: [Event] = []
            try store.exportEvents(recordedFrom: nil, to: nil) { exported += $0 }
            #expect(exported.map(\.sequence) == [1, 2, 1, 2])
            var laterOnly: [Event] = []
            try store.exportEvents(recordedFrom: later, to: nil) { laterOnly += $0 }
            #expect(laterOnly.count == 3)
            var cases: [CaseExport] = []
            try store.exportCases(receivedFrom: nil, to: nil) { cases += $0 }
            #expect(cases.map(\.row.number) == [first.number, second.number])
            #expect(cases.first?.clocks[.acknowledge] != nil || cases.first?.clocks.isEmpty == false, "the clocks come with the rows")
        }
    }
}
