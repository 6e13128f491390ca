import CaseDesk
import CaseStore
import Foundation
import Testing

/// The bar the issue sets for a backend: a complaint through every stage, then 200 notes from four
/// connections writing at once (four "desk members" on their own connections), then `verify`.
extension CaseStoreContract {
    static let scenarioChecks: [ContractCheck] = [
        ContractCheck("new → respond → formal → ack → respond → escalate → ack → final, then 200 notes from 4 concurrent writers, verify clean") {
            try $0.barScenario()
        },
    ]

    func barScenario() throws {
        try withDesk { store in
            let procedure = try store.procedure()
            var state = try store.open(complaint(received: at("2027-03-18T09:00:00+01:00")), by: People.supervisor, at: at("2027-03-18T09:05:00+01:00"))
            let number = state.number
            func step(_ change: Change, _ person: Actor, _ moment: String) throws {
                state = try store.record(change, on: number, expectedVersion: state.version, by: person, at: at(moment))
            }
            try step(.responded(.init(summary: "Explained the transfer lock", at: at("2027-03-22T10:00:00+01:00"))), People.supervisor, "2027-03-22T10:00:00+01:00")
            try step(.formalComplaintFiled(.init(received: at("2027-03-25T10:00:00+01:00"), channel: .email)), People.supervisor, "2027-03-25T10:05:00+01:00")
            try step(.acknowledged(.init(at: at("2027-03-30T09:00:00+02:00"))), People.head, "2027-03-30T09:00:00+02:00")
            try step(.responded(.init(summary: "Lock removed", at: at("2027-04-19T16:00:00+02:00"))), People.head, "2027-04-19T16:00:00+02:00")
            let filing = procedure.escalationFiling(for: state, received: at("2027-05-03T09:00:00+02:00"), channel: .email,
                                                    heading: "Beschwerde: Transfer immer noch blockiert",
                                                    items: [.name, .contact, .account, .domains, .description, .measures, .previousComplaint])
            try step(.escalationReceived(filing), People.head, "2027-05-03T09:05:00+02:00")
            try step(.acknowledged(.init(at: at("2027-05-04T09:00:00+02:00"))), People.head, "2027-05-04T09:00:00+02:00")
            try step(.finalResponseSent(.init(summary: "Final answer", at: at("2027-05-12T09:00:00+02:00"))), People.head, "2027-05-12T09:00:00+02:00")
            #expect(state.stage == .finalResponse)
            let before = state.version

            // Four writers, each on its own connection, 50 notes each, all at once.
            let writers = [People.supervisor, People.abuse, People.head, People.viewer]
            let connections = try writers.map { _ in try backend.connectAgain(store) }
            let failures = Failures()
            let done = DispatchGroup()
            for (writer, connection) in zip(writers, connections) {
                done.enter()
                Thread {
                    defer { done.leave() }
                    for index in 1...50 {
                        do {
                            _ = try connection.record(.noted(.init(text: "note \(index) from \(writer.account)", handover: writer == People.viewer)),
                                                      on: number, expectedVersion: nil, by: writer, at: at("2027-05-12T10:00:00+02:00"))
                        } catch {
                            failures.add("\(writer.account) note \(index): \(error)")
                        }
                    }
                }.start()
            }
            done.wait()
            #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
            #expect(try store.caseState(number).version == before + 200)
            #expect(try store.events(of: number).count == before + 200)
        }
    }
}

/// Problems collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ problem: String) { lock.withLock { list.append(problem) } }
    var all: [String] { lock.withLock { list } }
}
