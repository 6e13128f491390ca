import CaseDesk
import Foundation
import GRDB

extension SQLiteCaseStore {
    /// Adds `count` generated cases (and the demo staff), numbered after the last case.
    ///
    /// Built for a million cases: two generating threads make batches of 10,000 (each half of a
    /// batch from its own seed, so the result stays deterministic) a few ahead of the writer, which
    /// writes each in one transaction, bound straight through SQLite's C API. A large load into an
    /// empty store drops the queue's indexes and builds them once at the end. Every trail was built
    /// through the procedure, and `verify` checks the result like any other.
    /// Admins and the head of support only: demo cases are not the desk's record. A store that
    /// already holds cases is refused unless `alongsideCases`: demo cases and their staff would
    /// stand in the append-only record beside the real ones, for good.
    @discardableResult
    public func loadDemo(count: Int, seed: UInt64, by actor: Actor, now: Date = Date(), alongsideCases: Bool = false,
                         progress: (@Sendable (Int) -> Void)? = nil) throws(StoreError) -> ClosedRange<CaseNumber>? {
        try loadDemo(count: count, seed: seed, by: actor, now: now, alongsideCases: alongsideCases, scratch: false, progress: progress)
    }

    /// `loadDemo` into a store made for it alone, such as the bench's: SQLite keeps no journal and
    /// waits for no disk while the cases are written (the usual write-ahead log and full syncs are
    /// back before it returns). A process killed meanwhile leaves a broken file, to be deleted and
    /// generated again; the bench does so, since it keeps a store only once it is finished.
    @discardableResult
    public func loadDemoIntoScratchStore(count: Int, seed: UInt64, by actor: Actor, now: Date = Date(),
                                         progress: (@Sendable (Int) -> Void)? = nil) throws(StoreError) -> ClosedRange<CaseNumber>? {
        try loadDemo(count: count, seed: seed, by: actor, now: now, alongsideCases: false, scratch: true, progress: progress)
    }

    /// `largeLoad`: from how many cases a load into an empty store builds its indexes at the end
    /// (tests take it lower, to prove that path on a few thousand cases).
    func loadDemo(count: Int, seed: UInt64, by actor: Actor, now: Date, alongsideCases: Bool, scratch: Bool, largeLoad: Int = 100_000,
                  progress: (@Sendable (Int) -> Void)?) throws(StoreError) -> ClosedRange<CaseNumber>? {
        guard count > 0 else { return nil }
        let now = Millis.truncate(now)
        let procedure = try procedure()
        let firstNumber = try prepareDemo(count: count, seed: seed, by: actor, now: now, alongsideCases: alongsideCases)
        let rebuildIndexes = firstNumber == 1 && count >= largeLoad
        try tuneForBulkLoad(true, dropIndexes: rebuildIndexes, unjournaled: scratch && firstNumber == 1)
        var loadError: StoreError?
        do throws(StoreError) {
            let domains = try load(count: count, seed: seed, from: firstNumber, procedure: procedure, now: now, via: actor.account,
                                   progress: progress)
            // Generated rows bypass the write pipeline: their domains are listed for incidents here.
            // A load into an empty store in one transaction; one beside other cases 20,000 rows at a
            // time, so no other writer waits long.
            try listAbuseDomains(domains, perTransaction: rebuildIndexes ? .max : 20_000)
        } catch {
            loadError = error
        }
        do throws(StoreError) {
            try tuneForBulkLoad(false, dropIndexes: rebuildIndexes, unjournaled: scratch && firstNumber == 1)
        } catch {
            // The load's own failure is the one to tell.
            throw loadError ?? error
        }
        if let loadError { throw loadError }
        return firstNumber...(firstNumber + CaseNumber(count) - 1)
    }

    /// Lists in `abuse_domains` the domains of the loaded abuse reports (`PreparedCase.domains`,
    /// gathered per domain as the batches were written), as `indexAbuseDomains` does, in the table's
    /// order: a large load's millions of rows go in as one sorted run, 100,000 rows per statement
    /// through `casedesk_rows`. (Split and sorted by SQL from the cases' rows afterwards, they took
    /// 25 s of a ten-million-case load; a statement per row, 4.3 s.)
    func listAbuseDomains(_ lists: [String: [CaseNumber]], perTransaction: Int) throws(StoreError) {
        let words = lists.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var word = 0, place = 0
        while word < words.count {
            try write { db in
                try BulkInsert.register(db)
                var written = 0
                while word < words.count, written < perTransaction {
                    var rows = PackedRows(columns: 0, bytes: 0)
                    var count = 0
                    let room = min(100_000, perTransaction - written)
                    while word < words.count, count < room {
                        let numbers = lists[words[word], default: []]
                        while place < numbers.count, count < room {
                            // A case that names a domain twice is listed once (its numbers come in order).
                            if place == 0 || numbers[place] != numbers[place - 1] {
                                rows.text(words[word])
                                rows.integer(numbers[place])
                                count += 1
                            }
                            place += 1
                        }
                        if place == numbers.count { (word, place) = (word + 1, 0) }
                    }
                    try BulkInsert.run(db, sql: "INSERT INTO abuse_domains (domain, case_id) SELECT c0, c1 FROM casedesk_rows(?)",
                                       count: count, rows: rows, columns: 2)
                    written += count
                }
            }
        }
    }

    /// Checks the role, adds the demo staff, records the load; returns the first case number.
    private func prepareDemo(count: Int, seed: UInt64, by actor: Actor, now: Date, alongsideCases: Bool) throws(StoreError) -> CaseNumber {
        let path = location
        return try write { db in
            let roles = try staffRoles(db, actor)
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

    /// Writes the generated cases; returns the abuse reports' numbers by the domains they name.
    private func load(count: Int, seed: UInt64, from firstNumber: CaseNumber, procedure: Procedure, now: Date, via: String,
                      progress: (@Sendable (Int) -> Void)?) throws(StoreError) -> [String: [CaseNumber]] {
        let batchSize = DemoGenerator.batchSize
        let batches = (count + batchSize - 1) / batchSize
        // Two generating threads make whole batches in turn (even and odd), at most a few ahead of
        // the writer, which works on this thread. They run at the lowest priority (nice 19): on two
        // cores the writer shared one with a generating thread at nice 10 and had 0.88 of it.
        let queue = BatchQueue(depth: 4)
        // The trail's links are a chain through every event, so they are made in order, on the
        // generating threads (a small part of making a batch); the writer only stores them.
        let chain = LinkChain(start: try write { db in try SQLiteTransaction(db: db).trailHead() })
        let finished = DispatchGroup()
        for thread in 0..<2 {
            finished.enter()
            Thread {
                defer { finished.leave() }
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)  // this thread only (Linux)
                var generator = DemoGenerator(seed: seed, procedure: procedure, now: now)
                let procedure = procedure.ownCopy()
                for index in stride(from: thread, to: batches, by: 2) {
                    guard queue.waitForRoom(index) else { return }
                    var batch: [PreparedCase] = []
                    batch.reserveCapacity(min(batchSize, count - index * batchSize))
                    // Each slice's rows, table by table, as the writer inserts them.
                    var slices: [SliceRows] = []
                    // The statistics' counts of each slice the writer commits, added up here as the cases
                    // are made: the writer only adds a few hundred counts per transaction.
                    var counts: [StatisticsAggregate] = []
                    // Each half from its own seed: the same cases whichever thread makes them.
                    for half in 0..<2 {
                        generator.batch(index, of: count, from: firstNumber, seed: seed, half: half) { events, state in
                            if batch.count % Self.demoWriteSlice == 0 {
                                counts.append(StatisticsAggregate())
                                slices.append(SliceRows(firstNumber: state.number))
                            }
                            let prepared = PreparedCase(events, state, procedure: procedure, via: via, into: &slices[slices.count - 1])
                            counts[counts.count - 1].add(prepared.figures, times: 1)
                            batch.append(prepared)
                        }
                    }
                    var domains: [String: [CaseNumber]] = [:]
                    for prepared in batch where !prepared.domains.isEmpty {
                        for word in prepared.domains { domains[word, default: []].append(prepared.number) }
                    }
                    // The queue's counters likewise: each slice's cases counted per bucket, one move per bucket.
                    let buckets = stride(from: 0, to: batch.count, by: Self.demoWriteSlice).map { slice in
                        CounterMoves(batch[slice..<min(slice + Self.demoWriteSlice, batch.count)].lazy.map(\.bucket))
                    }
                    // Linked by whichever thread holds the head before it: this one now, or the one
                    // making the batch before, once it has linked that (neither waits for the other).
                    // Handed over whole (`swap`): a copy of the batch left here would be copied again to be linked.
                    var unlinked = UnlinkedBatch(cases: [], batch: GeneratedBatch(slices: [], counts: counts, buckets: buckets, heads: [],
                                                                                   domains: domains))
                    swap(&unlinked.cases, &batch)
                    swap(&unlinked.batch.slices, &slices)
                    chain.submit(index, unlinked) { index, batch in
                        queue.put(index, batch)
                    }
                }
            }.start()
        }
        defer {
            queue.cancel()
            chain.cancel()
            finished.wait()
        }
        // The writer's connection learns `casedesk_rows`, through which `insertGenerated` inserts each table.
        try write { db in try BulkInsert.register(db) }
        var written = 0
        var domains: [String: [CaseNumber]] = [:]
        for index in 0..<batches {
            let batch = queue.take(index)
            // Written a quarter at a time, each its own transaction: no other writer waits for a
            // whole batch (10,000 cases took about a second on a busy machine).
            for (part, slice) in batch.slices.enumerated() {
                try insertGenerated(slice, counts: batch.counts[part], buckets: batch.buckets[part], after: batch.heads[part], loadFrom: firstNumber)
                written += slice.caseCount
            }
            progress?(written)
            for (word, numbers) in batch.domains { domains[word, default: []] += numbers }
            // The batch's memory (each slice's packed rows, a few megabytes) is given back on another
            // thread: freeing it here took a tenth of the writer's time.
            let spent = SpentBatch(consume batch)
            DispatchQueue.global(qos: .utility).async { spent.batch = nil }
        }
        return domains
    }

    /// A written batch on its way to be freed off the writer's thread.
    private final class SpentBatch: @unchecked Sendable {
        var batch: GeneratedBatch?
        init(_ batch: consuming GeneratedBatch) { self.batch = batch }
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
    /// - for a scratch store (`unjournaled`), no journal and no syncs while loading; then the
    ///   write-ahead log and full syncs again. Leaving the log takes the only connection to the file:
    ///   the idle readers are closed first.
    private func tuneForBulkLoad(_ on: Bool, dropIndexes: Bool, unjournaled: Bool) throws(StoreError) {
        if unjournaled, on { try setJournal(off: true) }
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: on ? "PRAGMA cache_size = -131072" : "PRAGMA cache_size = -2000; PRAGMA threads = 2")
                try db.inTransaction {
                    try db.execute(sql: """
                        INSERT INTO case_text (case_text, rank) VALUES ('automerge', \(on ? 16 : 4));
                        INSERT INTO case_text (case_text, rank) VALUES ('hashsize', \(on ? 32 : 1) * 1048576)
                        """)
                    if dropIndexes, on {
                        for sql in SQLiteCaseStore.bulkLoadIndexes {
                            try db.execute(sql: "DROP INDEX IF EXISTS \(SQLiteCaseStore.indexName(sql))")
                        }
                    } else if dropIndexes {
                        try SQLiteCaseStore.ensureBulkLoadIndexes(db)
                    }
                    return .commit
                }
                if !on { try db.execute(sql: "PRAGMA threads = 0") }
            }
        } catch {
            // The journal comes back whatever failed: tuning for the load, or building the indexes after it.
            if unjournaled { try setJournal(off: false) }
            throw error as? StoreError ?? SQLiteCaseStore.storeError(error, path: location)
        }
        if unjournaled, !on { try setJournal(off: false) }
        if !on {
            do {
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            } catch {
                throw SQLiteCaseStore.storeError(error, path: location)
            }
        }
    }

    /// No journal and no syncs (`off`), or the write-ahead log and full syncs again. Leaving the
    /// log takes the only connection to the file: the idle readers are closed first.
    private func setJournal(off: Bool) throws(StoreError) {
        do {
            pool.invalidateReadOnlyConnections()
            let mode = try pool.barrierWriteWithoutTransaction { db in
                if off {
                    // No syncs only once SQLite has let the journal go (a WAL file kept needs them).
                    let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = OFF")
                    if mode == "off" { try db.execute(sql: "PRAGMA synchronous = OFF") }
                    return mode
                }
                try db.execute(sql: "PRAGMA synchronous = FULL")
                return try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            }
            guard mode == (off ? "off" : "wal") else {
                throw StoreError.unavailable("\(location): SQLite kept the journal mode \(mode ?? "?") (\(off ? "off" : "wal") was asked for the demo load)")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw SQLiteCaseStore.storeError(error, path: location)
        }
    }

    /// The before/after values of a generated event: none (its case was never shown before it).
    static let generatedChanges = "{}"
    /// Their digest, as each event's trail entry takes it: hashed once.
    static let generatedChangesDigest = TrailLink.digest(of: generatedChanges)

    /// A generated case made ready for SQLite on a generating thread: its rows' values packed into
    /// its slice's (events, projection, figures, search text), and what the batch still needs of it.
    struct PreparedCase: Sendable {
        var number: CaseNumber
        /// Each event's entry digest (TrailLink), hashed here; linked into the slice's trail later.
        var entries: [TrailDigest] = []
        /// Where the case stands among the queue's kept totals.
        var bucket: QueueBucket
        /// Its statistics row, also packed in the slice.
        var figures: CaseFigures
        /// An abuse report's domains, as `indexAbuseDomains` lists them (the words of its row's `domains`).
        var domains: [String] = []

        init(_ events: [Event], _ state: borrowing CaseState, procedure: borrowing Procedure, via: String, into slice: inout SliceRows) {
            number = state.number
            let clocks = CaseProjection.clocks(state, procedure: procedure)
            let row = CaseProjection(state, procedure: procedure, clocks: clocks)
            if row.kind == .abuse { domains = CaseProjection.domainNames(row.domains) }
            figures = CaseFigures(state, procedure: procedure, clocks: clocks)
            bucket = QueueBucket(row, figures)
            entries.reserveCapacity(events.count)
            // By place rather than `for event in events`, which copies each event.
            for index in events.indices {
                let event = events[index]
                let type = event.change.type
                slice.events.integer(state.number)
                slice.events.integer(Int64(event.sequence))
                slice.events.integer(Millis.from(event.recorded))
                slice.events.text(event.actor)
                slice.events.text(via)
                slice.events.text(type)
                slice.events.text { EventJSONWriter.write(event.change, into: &$0) }
                let entry = slice.events.withLastText { data in
                    TrailLink.caseEntry(previous: entries.last, number: state.number, sequence: event.sequence,
                                        recordedMs: Millis.from(event.recorded), actor: event.actor, via: via, type: type,
                                        data: data, changesDigest: SQLiteCaseStore.generatedChangesDigest)
                }
                if let entry { entries.append(entry) }
            }
            slice.eventCount += events.count
            row.write(into: &slice.cases)
            figures.forEachValue { slice.figures.integer($0) }
            slice.text.integer(state.number)
            SearchText(state).forEachValue { slice.text.text($0) }
            slice.caseCount += 1
        }

        /// Links its events after the chain's head, which moves to the last of them; their links
        /// go to the slice's trail rows.
        mutating func link(_ chain: inout TrailChain, into slice: inout SliceRows) {
            for entry in entries {
                chain.append(entry: entry).withUnsafeBytes { slice.links.append(contentsOf: $0) }
            }
            entries = []
        }
    }

    /// A slice's rows (`demoWriteSlice` cases, one transaction), table by table, packed on a
    /// generating thread: the writer inserts each table's with one statement.
    struct SliceRows: Sendable {
        /// The slice's first case.
        var firstNumber: CaseNumber
        var caseCount = 0
        var eventCount = 0
        /// The store-wide position of the slice's first event, once linked; the others follow it.
        var firstPosition: Int64 = 0
        /// Seven values per event (`bulkEventsSQL`). Room for what a slice usually takes (4.2 events and
        /// about 700 bytes a case; the cases' and search rows likewise): growing copies the whole buffer.
        var events = PackedRows(columns: 7 * 5 * demoWriteSlice, bytes: 1_024 * demoWriteSlice)
        /// Each event's trail link (32 bytes, a `TrailDigest`), in order.
        var links: [UInt8] = []
        var cases = PackedRows(columns: SQLiteCaseStore.projectionColumns.count * demoWriteSlice, bytes: 256 * demoWriteSlice)
        var figures = PackedRows(columns: CaseFigures.columns.count * demoWriteSlice, bytes: 0)
        /// The case's number and its five search texts (`bulkTextSQL`).
        var text = PackedRows(columns: 6 * demoWriteSlice, bytes: 384 * demoWriteSlice)

        init(firstNumber: CaseNumber) {
            self.firstNumber = firstNumber
            links.reserveCapacity(32 * 4 * SQLiteCaseStore.demoWriteSlice)
        }
    }

    /// Generated cases, slice by slice (`demoWriteSlice` cases each), and the statistics' counts,
    /// the queue's counter moves and the trail's head before each slice.
    struct GeneratedBatch: Sendable {
        var slices: [SliceRows]
        var counts: [StatisticsAggregate]
        var buckets: [CounterMoves]
        var heads: [TrailHead]
        /// The abuse reports' numbers by the domains they name.
        var domains: [String: [CaseNumber]]
    }

    /// A slice's cases counted per queue bucket, packed for `addToCountsSQL` and `addToTotalsSQL`
    /// (each bucket's by-hour values and count, then its total's): made on a generating thread, so
    /// the writer only binds them.
    struct CounterMoves: Sendable {
        var rows = PackedRows(columns: 0, bytes: 0)
        var buckets = 0

        init(_ cases: some Sequence<QueueBucket>) {
            var counted: [QueueBucket: Int] = [:]
            for bucket in cases { counted[bucket, default: 0] += 1 }
            for (bucket, count) in counted {
                for byHour in [true, false] {
                    for value in bucket.values(byHour: byHour) {
                        switch value {
                        case let .integer(number): rows.integer(number)
                        case let .text(text): rows.text(text)
                        }
                    }
                    rows.integer(Int64(count))
                }
            }
            buckets = counted.count
        }
    }

    /// A generated batch whose events are not linked yet: its cases' entry digests, and the batch
    /// without the trail's heads (its slices' links and first positions come with them).
    struct UnlinkedBatch: Sendable {
        var cases: [PreparedCase]
        var batch: GeneratedBatch

        /// Links its events after `head`, slice by slice; returns the batch and the head after it.
        consuming func linked(after head: TrailHead) -> (GeneratedBatch, TrailHead) {
            var links = TrailChain(after: head)
            // Taken out whole (each case and its slice are changed together, not through `self`).
            var (cases, slices) = ([PreparedCase](), [SliceRows]())
            swap(&cases, &self.cases)
            swap(&slices, &batch.slices)
            for position in cases.indices {
                let slice = position / SQLiteCaseStore.demoWriteSlice
                if position % SQLiteCaseStore.demoWriteSlice == 0 {
                    batch.heads.append(links.head)
                    slices[slice].firstPosition = links.count + 1
                }
                cases[position].link(&links, into: &slices[slice])
            }
            swap(&slices, &batch.slices)
            return (batch, links.head)
        }
    }

    /// The trail's links are a chain through every event, so batches are linked in order: a batch
    /// handed over before the one ahead of it is linked waits here, and the thread that links the
    /// one ahead links it next. A generating thread never waits for the other.
    private final class LinkChain: @unchecked Sendable {
        private let lock = NSLock()
        /// The head after the batches linked so far, and the batch to link next.
        private var head: TrailHead
        private var next = 0
        private var waiting: [Int: UnlinkedBatch] = [:]
        private var cancelled = false

        init(start: TrailHead) { head = start }

        /// Hands batch `index` over; links it, and any batches after it that are waiting, when the
        /// one before is linked, each passed to `deliver` once linked.
        func submit(_ index: Int, _ batch: consuming UnlinkedBatch, deliver: (Int, GeneratedBatch) -> Void) {
            lock.lock()
            waiting[index] = batch
            while !cancelled, let batch = waiting.removeValue(forKey: next) {
                // The batch is this thread's to link: the other finds `next` no longer waiting.
                let (index, start) = (next, head)
                lock.unlock()
                let (linked, end) = batch.linked(after: start)
                deliver(index, linked)
                lock.lock()
                (head, next) = (end, index + 1)
            }
            lock.unlock()
        }

        func cancel() {
            lock.lock()
            cancelled = true
            waiting = [:]
            lock.unlock()
        }
    }

    /// Batches made ahead of the writer, by number; a maker waits while it is `depth` ahead.
    private final class BatchQueue: @unchecked Sendable {
        private let condition = NSCondition()
        private var ready: [Int: GeneratedBatch] = [:]
        private var taken = 0
        private var cancelled = false
        private let depth: Int

        init(depth: Int) { self.depth = depth }

        /// False once the load has ended (finished or failed): the maker stops.
        func waitForRoom(_ index: Int) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while index >= taken + depth, !cancelled { condition.wait() }
            return !cancelled
        }

        func put(_ index: Int, _ batch: GeneratedBatch) {
            condition.lock()
            ready[index] = batch
            condition.broadcast()
            condition.unlock()
        }

        func take(_ index: Int) -> GeneratedBatch {
            condition.lock()
            defer { condition.unlock() }
            while ready[index] == nil { condition.wait() }
            taken = index + 1
            condition.broadcast()
            return ready.removeValue(forKey: index) ?? GeneratedBatch(slices: [], counts: [], buckets: [], heads: [], domains: [:])
        }

        func cancel() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Generated cases written per transaction.
    static let demoWriteSlice = 2_500

    /// A slice's events, from its packed rows (their positions follow the slice's first).
    static let bulkEventsSQL = """
        INSERT INTO events (case_id, seq, recorded_ms, actor, via, type, data, changes, pos)
        SELECT c0, c1, c2, c3, c4, c5, c6, '\(generatedChanges)', pos FROM casedesk_rows(?)
        """
    static let bulkLinksSQL = "INSERT INTO trail (pos, link) SELECT pos, blob FROM casedesk_rows(?)"
    static let bulkCasesSQL = "INSERT INTO cases (\(projectionColumns.joined(separator: ", "))) SELECT "
        + BulkInsert.columnList(projectionColumns.count) + " FROM casedesk_rows(?)"
    static let bulkFiguresSQL = "INSERT INTO case_figures (\(CaseFigures.columns.joined(separator: ", "))) SELECT "
        + BulkInsert.columnList(CaseFigures.columns.count) + " FROM casedesk_rows(?)"
    static let bulkTextSQL = """
        INSERT INTO case_text (rowid, subject, description, customer, domains, notes) SELECT c0, c1, c2, c3, c4, c5 FROM casedesk_rows(?)
        """

    private func insertGenerated(_ slice: SliceRows, counts: StatisticsAggregate, buckets: CounterMoves, after expected: TrailHead,
                                 loadFrom firstNumber: CaseNumber) throws(StoreError) {
        try write { db in
            let maxNumber = try CaseNumber.fetchOne(db, sql: "SELECT max(id) FROM cases") ?? 0
            let head = try SQLiteTransaction(db: db).trailHead()
            let first = slice.firstNumber
            if slice.caseCount > 0, first <= maxNumber || head != expected {
                let loaded = first > firstNumber ? "demo cases \(firstNumber)–\(first - 1) are in the store, the rest were not loaded"
                    : "no demo cases were loaded"
                let written = first <= maxNumber ? "case \(maxNumber) was opened" : "the trail reached event \(head.count)"
                throw StoreError.unavailable("\(written) while the demo was loading: \(loaded)")
            }
            // One statement per table (BulkInsert checks the packed values match the rows).
            try BulkInsert.run(db, sql: Self.bulkEventsSQL, count: slice.eventCount, rows: slice.events, columns: 7, firstPosition: slice.firstPosition)
            try BulkInsert.run(db, sql: Self.bulkLinksSQL, count: slice.eventCount, firstPosition: slice.firstPosition, blobs: slice.links,
                               blobSize: MemoryLayout<TrailDigest>.size)
            try BulkInsert.run(db, sql: Self.bulkCasesSQL, count: slice.caseCount, rows: slice.cases, columns: Self.projectionColumns.count)
            try BulkInsert.run(db, sql: Self.bulkFiguresSQL, count: slice.caseCount, rows: slice.figures, columns: CaseFigures.columns.count)
            try BulkInsert.run(db, sql: Self.bulkTextSQL, count: slice.caseCount, rows: slice.text, columns: 6)
            // The batch's cases counted in its own transaction.
            let addByHour = try FastInsert(db, sql: SQLiteTransaction.addToCountsSQL)
            let addToTotal = try FastInsert(db, sql: SQLiteTransaction.addToTotalsSQL)
            try buckets.rows.bytes.withUnsafeBufferPointer { bytes in
                var column = 0
                for _ in 0..<buckets.buckets {
                    column = try addByHour.run(buckets.rows, from: column, bytes: bytes)
                    column = try addToTotal.run(buckets.rows, from: column, bytes: bytes)
                }
            }
            try SQLiteTransaction(db: db).addToStatistics(counts)
        }
    }
}
