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
        // One generator per half, kept from batch to batch (reseeded) so the names and domains it
        // has built are built once.
        let generators = [Generator(DemoGenerator(seed: seed, procedure: procedure, now: now)),
                          Generator(DemoGenerator(seed: seed, procedure: procedure, now: now))]
        func generate(_ index: Int) -> [PreparedCase] {
            let start = index * batchSize
            let size = min(batchSize, count - start)
            let halves = [0..<size / 2, size / 2..<size]
            let parts = Halves()
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                let halfSeed = seed &+ UInt64(index) &* 0x9E37_79B9 &+ UInt64(half) &* 0x85EB_CA6B
                generators[half].generator.reseed(halfSeed)
                var jitter = SplitMix64(seed: halfSeed ^ 0x5DEE_CE66)
                let made = halves[half].compactMap { offset in
                    // Spread evenly over the span in case order (with a little jitter): case numbers
                    // follow the receipt dates, and index keys arrive nearly in order.
                    generators[half].generator.nextCase(number: firstNumber + CaseNumber(start + offset),
                                       position: (Double(start + offset) + jitter.unit()) / Double(count))
                        .map { PreparedCase($0.events, $0.state, procedure: procedure, via: via) }
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

    /// Settings for a large load, and the usual ones afterwards:
    /// - a larger page cache while loading;
    /// - the search index merges its segments less eagerly and flushes them less often (the usual
    ///   merging resumes with the next writes);
    /// - for a large load into an empty store, the indexes whose keys arrive in no particular order
    ///   are dropped and built at the end, each in one sort. The sorter works in a small cache with a
    ///   helper thread: a large cache makes it slower.
    /// The write-ahead log is checkpointed after every batch as usual: a log of a million cases'
    /// pages makes every page lookup slow.
    private func tuneForBulkLoad(_ on: Bool, dropIndexes: Bool) throws(StoreError) {
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: on ? "PRAGMA cache_size = -131072" : "PRAGMA cache_size = -2000; PRAGMA threads = 2")
                try db.inTransaction {
                    try db.execute(sql: """
                        INSERT INTO case_text (case_text, rank) VALUES ('automerge', \(on ? 16 : 4));
                        INSERT INTO case_text (case_text, rank) VALUES ('hashsize', \(on ? 32 : 1) * 1048576)
                        """)
                    for sql in dropIndexes ? SQLiteCaseStore.bulkLoadIndexes : [] {
                        if on {
                            let name = sql.split(separator: " ")[2]
                            try db.execute(sql: "DROP INDEX IF EXISTS \(name)")
                        } else {
                            try db.execute(sql: sql.replacingOccurrences(of: "CREATE INDEX", with: "CREATE INDEX IF NOT EXISTS"))
                        }
                    }
                    return .commit
                }
                if !on { try db.execute(sql: "PRAGMA threads = 0; PRAGMA wal_checkpoint(TRUNCATE)") }
            }
        } catch {
            throw SQLiteCaseStore.storeError(error, path: location)
        }
    }

    /// A generated case made ready for SQLite on a generating thread: every value of its rows
    /// (events, projection, figures, search text) packed in the order the inserts bind them.
    struct PreparedCase: Sendable {
        var number: CaseNumber
        var eventCount: Int
        var rows: PackedRows

        init(_ events: [Event], _ state: CaseState, procedure: Procedure, via: String) {
            number = state.number
            eventCount = events.count
            rows = PackedRows(columns: events.count * 7 + 21 + CaseFigures.columns.count + 6, bytes: 512 * (events.count + 1))
            for event in events {
                rows.integer(state.number)
                rows.integer(Int64(event.sequence))
                rows.integer(Millis.from(event.recorded))
                rows.text(event.actor)
                rows.text(via)
                rows.text(event.change.type)
                rows.text { EventJSONWriter.write(event.change, into: &$0) }
            }
            let clocks = CaseProjection.clocks(state, procedure: procedure)
            let row = CaseProjection(state, procedure: procedure, clocks: clocks)
            rows.integer(row.number)
            rows.text(row.kind.rawValue)
            rows.text(row.channel.rawValue)
            rows.text(row.stage.rawValue)
            rows.integer(row.isOpen ? 1 : 0)
            rows.integer(row.received)
            rows.text(row.customer)
            rows.text(row.subject)
            rows.text(row.domains)
            rows.text(row.category?.rawValue)
            rows.text(row.assignee)
            rows.integer(Int64(row.tier))
            rows.integer(row.sortKey)
            rows.text(row.nextClock?.rawValue)
            rows.integer(row.nextDue)
            rows.integer(row.windowEnd)
            rows.text(row.closeReason?.rawValue)
            rows.integer(row.closed)
            rows.integer(Int64(row.version))
            rows.integer(row.updated)
            rows.text(row.updatedBy)
            for value in CaseFigures(state, procedure: procedure, clocks: clocks).values {
                rows.integer(value)
            }
            let text = SearchText(state)
            rows.integer(state.number)
            for value in text.values {
                rows.text(value)
            }
        }
    }

    private final class Halves: @unchecked Sendable {
        private let lock = NSLock()
        private var parts: [[PreparedCase]] = [[], []]
        func set(_ index: Int, _ value: [PreparedCase]) { lock.withLock { parts[index] = value } }
        var all: [PreparedCase] { lock.withLock { parts[0] + parts[1] } }
    }

    /// A generating thread's generator; each thread touches only its own.
    private final class Generator: @unchecked Sendable {
        var generator: DemoGenerator
        init(_ generator: DemoGenerator) { self.generator = generator }
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
                try prepared.rows.bytes.withUnsafeBufferPointer { bytes in
                    var column = 0
                    for _ in 0..<prepared.eventCount {
                        column = try insertEvent.run(prepared.rows, from: column, bytes: bytes)
                    }
                    column = try insertCase.run(prepared.rows, from: column, bytes: bytes)
                    column = try insertFigures.run(prepared.rows, from: column, bytes: bytes)
                    column = try insertText.run(prepared.rows, from: column, bytes: bytes)
                    guard column == prepared.rows.columns.count else {
                        throw StoreError.unavailable("demo case \(prepared.number): its packed values do not match the inserts")
                    }
                }
            }
        }
    }
}
