import CaseDesk
import Foundation
import GRDB

extension SQLiteCaseStore {
    /// Adds `count` generated cases (and the demo staff), numbered after the last case.
    ///
    /// Built for a million cases: each batch is generated in two halves on two threads (each half
    /// from its own seed, so the result stays deterministic) while the previous batch is written
    /// in one large transaction, bound straight through SQLite's C API. A large load into an empty
    /// store drops the queue's indexes and builds them once at the end. Every trail was built
    /// through the procedure, and `verify` checks the result like any other.
    /// Admins and the head of support only: demo cases are not the desk's record.
    @discardableResult
    /// A store that already holds cases is refused unless `alongsideCases`: demo cases and their
    /// staff would stand in the append-only record beside the real ones, for good.
    public func loadDemo(count: Int, seed: UInt64, by actor: Actor, now: Date = Date(), alongsideCases: Bool = false,
                         progress: (@Sendable (Int) -> Void)? = nil) throws(StoreError) -> ClosedRange<CaseNumber>? {
        guard count > 0 else { return nil }
        let now = Millis.truncate(now)
        let procedure = try procedure()
        let firstNumber = try prepareDemo(count: count, seed: seed, by: actor, now: now, alongsideCases: alongsideCases)
        let rebuildIndexes = firstNumber == 1 && count >= 100_000
        try tuneForBulkLoad(true, dropIndexes: rebuildIndexes)
        var loadError: StoreError?
        do throws(StoreError) {
            try load(count: count, seed: seed, from: firstNumber, procedure: procedure, now: now, via: actor.account, progress: progress)
        } catch {
            loadError = error
        }
        try tuneForBulkLoad(false, dropIndexes: rebuildIndexes)
        if let loadError { throw loadError }
        return firstNumber...(firstNumber + CaseNumber(count) - 1)
    }

    /// Checks the role, adds the demo staff, records the load; returns the first case number.
    private func prepareDemo(count: Int, seed: UInt64, by actor: Actor, now: Date, alongsideCases: Bool) throws(StoreError) -> CaseNumber {
        let path = location
        return try write { db in
            let roles = try roles(db, actor.account)
            if roles.isEmpty { throw StoreError.notStaff(actor.account) }
            guard roles.contains(.admin) || roles.contains(.head) else {
                throw StoreError.invalid("\(actor.account) may not load demo cases: that takes the role admin or head")
            }
            let existing = try Int.fetchOne(db, sql: "SELECT count(*) FROM cases") ?? 0
            if existing > 0, !alongsideCases {
                throw StoreError.invalid("\(path) already holds \(existing) case\(existing == 1 ? "" : "s"): demo cases would stay in its record for good. Load them into a store of their own (casedesk init --db /tmp/demo.sqlite, then casedesk demo --db /tmp/demo.sqlite), or add --alongside-real-cases")
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
    }

    private func load(count: Int, seed: UInt64, from firstNumber: CaseNumber, procedure: Procedure, now: Date, via: String,
                      progress: (@Sendable (Int) -> Void)?) throws(StoreError) {
        let batchSize = 10_000
        let batches = (count + batchSize - 1) / batchSize
        func generate(_ index: Int) -> [PreparedCase] {
            let start = index * batchSize
            let size = min(batchSize, count - start)
            let halves = [0..<size / 2, size / 2..<size]
            let parts = Halves()
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                let halfSeed = seed &+ UInt64(index) &* 0x9E37_79B9 &+ UInt64(half) &* 0x85EB_CA6B
                var generator = DemoGenerator(seed: halfSeed, procedure: procedure, now: now)
                var jitter = SplitMix64(seed: halfSeed ^ 0x5DEE_CE66)
                let made = halves[half].compactMap { offset in
                    // Spread evenly over the span in case order (with a little jitter): case numbers
                    // follow the receipt dates, and index keys arrive nearly in order.
                    generator.nextCase(number: firstNumber + CaseNumber(start + offset),
                                       position: (Double(start + offset) + jitter.unit()) / Double(count))
                        .map { PreparedCase($0.events, $0.state, procedure: procedure) }
                }
                parts.set(half, made)
            }
            return parts.all
        }
        var pending = generate(0)
        var written = 0
        for index in 0..<batches {
            let batch = pending
            let writer = DispatchGroup()
            let outcome = WriteOutcome()
            DispatchQueue.global().async(group: writer) {
                do throws(StoreError) {
                    try self.insertGenerated(batch, via: via)
                } catch {
                    outcome.error = error
                }
            }
            if index + 1 < batches { pending = generate(index + 1) }
            writer.wait()
            if let error = outcome.error { throw error }
            written += batch.count
            progress?(written)
        }
    }

    /// A larger page cache while loading (and, for a large load into an empty store, no secondary
    /// indexes until the end, each then built in one sort); the usual settings afterwards. The write-ahead log is checkpointed after every batch as usual: a log of a
    /// million cases' pages makes every page lookup slow.
    private func tuneForBulkLoad(_ on: Bool, dropIndexes: Bool) throws(StoreError) {
        do {
            try pool.writeWithoutTransaction { db in
                if on { try db.execute(sql: "PRAGMA cache_size = -131072") }
                if dropIndexes {
                    try db.inTransaction {
                        for sql in SQLiteCaseStore.bulkLoadIndexes {
                            if on {
                                let name = sql.split(separator: " ")[2]
                                try db.execute(sql: "DROP INDEX IF EXISTS \(name)")
                            } else {
                                try db.execute(sql: sql.replacingOccurrences(of: "CREATE INDEX", with: "CREATE INDEX IF NOT EXISTS"))
                            }
                        }
                        return .commit
                    }
                }
                if !on { try db.execute(sql: "PRAGMA cache_size = -2000; PRAGMA wal_checkpoint(TRUNCATE)") }
            }
        } catch {
            throw SQLiteCaseStore.storeError(error, path: location)
        }
    }

    /// A generated case made ready for SQLite on a generating thread, so the writer only binds.
    struct PreparedCase: Sendable {
        var number: CaseNumber
        var events: [(sequence: Int64, recorded: Int64, actor: String, type: String, json: String)]
        var row: CaseProjection
        var figures: CaseFigures
        var text: SearchText

        init(_ events: [Event], _ state: CaseState, procedure: Procedure) {
            number = state.number
            self.events = events.map { (Int64($0.sequence), Millis.from($0.recorded), $0.actor, $0.change.type, EventCoding.encode($0.change)) }
            let clocks = CaseProjection.clocks(state, procedure: procedure)
            row = CaseProjection(state, procedure: procedure, clocks: clocks)
            figures = CaseFigures(state, procedure: procedure, clocks: clocks)
            text = SearchText(state)
        }
    }

    private final class Halves: @unchecked Sendable {
        private let lock = NSLock()
        private var parts: [[PreparedCase]] = [[], []]
        func set(_ index: Int, _ value: [PreparedCase]) { lock.withLock { parts[index] = value } }
        var all: [PreparedCase] { lock.withLock { parts[0] + parts[1] } }
    }

    private final class WriteOutcome: @unchecked Sendable {
        var error: StoreError?
    }

    private func insertGenerated(_ batch: [PreparedCase], via: String) throws(StoreError) {
        try write { db in
            let maxNumber = try CaseNumber.fetchOne(db, sql: "SELECT max(id) FROM cases") ?? 0
            if let first = batch.first?.number, first <= maxNumber {
                throw StoreError.unavailable("someone opened cases while the demo was loading; load it again")
            }
            let insertEvent = try FastInsert(db, sql: """
                INSERT INTO events (case_id, seq, recorded_ms, actor, via, type, data, changes) VALUES (?, ?, ?, ?, ?, ?, ?, '{}')
                """)
            let insertCase = try FastInsert(db, sql: SQLiteCaseStore.insertProjectionSQL)
            let insertFigures = try FastInsert(db, sql: CaseFigures.upsertSQL)
            let insertText = try FastInsert(db, sql: """
                INSERT INTO case_text (rowid, subject, description, customer, domains, notes) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for prepared in batch {
                for event in prepared.events {
                    try insertEvent.run(.integer(prepared.number), .integer(event.sequence), .integer(event.recorded),
                                        .text(event.actor), .text(via), .text(event.type), .text(event.json))
                }
                let row = prepared.row
                try insertCase.run(
                    .integer(row.number), .text(row.kind.rawValue), .text(row.channel.rawValue), .text(row.stage.rawValue),
                    .integer(row.isOpen ? 1 : 0), .integer(row.received), .text(row.customer), .text(row.subject), .text(row.domains),
                    .text(row.category?.rawValue), .text(row.assignee), .integer(Int64(row.tier)), .integer(row.sortKey),
                    .text(row.nextClock?.rawValue), .integer(row.nextDue), .integer(row.windowEnd), .text(row.closeReason?.rawValue),
                    .integer(row.closed), .integer(Int64(row.version)), .integer(row.updated), .text(row.updatedBy))
                try insertFigures.run(values: prepared.figures.values.map { .integer($0) })
                let text = prepared.text
                try insertText.run(.integer(prepared.number), .text(text.subject), .text(text.description), .text(text.customer),
                                   .text(text.domains), .text(text.notes))
            }
        }
    }
}
