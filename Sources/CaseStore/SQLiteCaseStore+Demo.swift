import CaseDesk
import Foundation
import GRDB

extension SQLiteCaseStore {
    /// Adds `count` generated cases (and the demo staff), numbered after the last case. Batches of
    /// cases go in large transactions, generated while the previous batch is written; every trail
    /// was built through the procedure, and `verify` checks the result like any other.
    /// Admins and the head of support only: demo cases are not the desk's record.
    @discardableResult
    public func loadDemo(count: Int, seed: UInt64, by actor: Actor, now: Date = Date(),
                         progress: (@Sendable (Int) -> Void)? = nil) throws(StoreError) -> ClosedRange<CaseNumber>? {
        guard count > 0 else { return nil }
        let now = Millis.truncate(now)
        let procedure = try procedure()
        let firstNumber: CaseNumber = try write { db in
            let roles = try roles(db, actor.account)
            if roles.isEmpty { throw StoreError.notStaff(actor.account) }
            guard roles.contains(.admin) || roles.contains(.head) else {
                throw StoreError.invalid("\(actor.account) may not load demo cases: that takes the role admin or head")
            }
            for member in DemoGenerator.staff where try self.roles(db, member.account).isEmpty {
                try db.execute(sql: "INSERT INTO staff (account, roles, added_ms, added_by) VALUES (?, ?, ?, ?)",
                               arguments: [member.account, SQLiteCaseStore.encodeRoles(member.roles), Millis.from(now), actor.account])
                try deskEvent(db, type: "staff_added", data: ["account": member.account, "before": "",
                                                              "after": SQLiteCaseStore.encodeRoles(member.roles), "demo": "yes"],
                              by: actor, at: now)
            }
            try deskEvent(db, type: "demo_loaded", data: ["cases": String(count), "seed": String(seed)], by: actor, at: now)
            return (try CaseNumber.fetchOne(db, sql: "SELECT max(id) FROM cases") ?? 0) + 1
        }
        var generator = DemoGenerator(seed: seed, procedure: procedure, now: now)
        let batchSize = 10_000
        var next = firstNumber
        var written = 0
        var pending: [(events: [Event], state: CaseState)]? = nil
        let produce = { (generator: inout DemoGenerator, from: CaseNumber, size: Int) -> [(events: [Event], state: CaseState)] in
            (0..<size).compactMap { generator.nextCase(number: from + CaseNumber($0)) }
        }
        pending = produce(&generator, next, min(batchSize, count))
        while let batch = pending {
            let remaining = count - written - batch.count
            let following = next + CaseNumber(batch.count)
            // Generate the next batch on this thread while another writes this one.
            let group = DispatchGroup()
            let result = WriteResult()
            DispatchQueue.global().async(group: group) {
                do throws(StoreError) {
                    try self.insertGenerated(batch, procedure: procedure, via: actor.account)
                } catch {
                    result.error = error
                }
            }
            pending = remaining > 0 ? produce(&generator, following, min(batchSize, remaining)) : nil
            group.wait()
            if let error = result.error { throw error }
            written += batch.count
            next = following
            progress?(written)
        }
        return firstNumber...(next - 1)
    }

    private final class WriteResult: @unchecked Sendable {
        var error: StoreError?
    }

    private func insertGenerated(_ batch: [(events: [Event], state: CaseState)], procedure: Procedure, via: String) throws(StoreError) {
        try write { db in
            let maxNumber = try CaseNumber.fetchOne(db, sql: "SELECT max(id) FROM cases") ?? 0
            if let first = batch.first?.state.number, first <= maxNumber {
                throw StoreError.unavailable("someone opened cases while the demo was loading; load it again")
            }
            let encoder = EventCoding.encoder()
            let insertEvent = try db.cachedStatement(sql: """
                INSERT INTO events (case_id, seq, recorded_ms, actor, via, type, data, changes) VALUES (?, ?, ?, ?, ?, ?, ?, '{}')
                """)
            let insertText = try db.cachedStatement(sql: """
                INSERT INTO case_text (rowid, subject, description, customer, domains, notes) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for (events, state) in batch {
                for event in events {
                    let data = String(decoding: try encoder.encode(event.change), as: UTF8.self)
                    try insertEvent.execute(arguments: [event.caseNumber, event.sequence, Millis.from(event.recorded), event.actor,
                                                        via, event.change.type, data])
                }
                try saveProjection(db, CaseProjection(state, procedure: procedure))
                let text = SearchText(state)
                try insertText.execute(arguments: [state.number, text.subject, text.description, text.customer, text.domains, text.notes])
            }
        }
    }
}
