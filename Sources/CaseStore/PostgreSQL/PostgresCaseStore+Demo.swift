import CaseDesk
import Foundation
import Synchronization

/// Demo cases on PostgreSQL: generated like SQLite's (`DemoGenerator`, the same cases for a seed),
/// each with the rows the write pipeline would give it — events linked in the trail, projection,
/// statistics row and kept counts, search words, abuse domains — sent by `COPY`, 10,000 cases per
/// transaction. Two threads make the next batch while this one is written, the cases' search
/// vectors included (`PostgresSearchVectors`).
extension PostgresCaseStore {
    public func loadDemo(count: Int, seed: UInt64, by actor: Actor, now: Date, alongsideCases: Bool,
                         progress: (@Sendable (Int) -> Void)?) throws(StoreError) -> ClosedRange<CaseNumber>? {
        try loadDemo(count: count, seed: seed, by: actor, now: now, alongsideCases: alongsideCases, progress: progress,
                     indexesBuiltAtEndFrom: 100_000)
    }

    /// `indexesBuiltAtEndFrom`: the size of a load into an empty store from which the secondary
    /// indexes are dropped first and built at the end (tests make it small). `clientVectors`: false
    /// lets the server make every search vector (as when the client's would differ from them).
    func loadDemo(count: Int, seed: UInt64, by actor: Actor, now: Date, alongsideCases: Bool,
                  progress: (@Sendable (Int) -> Void)?, indexesBuiltAtEndFrom threshold: Int,
                  clientVectors: Bool = true) throws(StoreError) -> ClosedRange<CaseNumber>? {
        guard count > 0 else { return nil }
        let now = Millis.truncate(now)
        let procedure = try procedure()
        let first = try prepareDemo(count: count, seed: seed, by: actor, now: now, alongsideCases: alongsideCases)
        // A large load into an empty store builds its indexes (the search index above all) once at
        // the end, each in one sort, rather than row by row (`setIndexesAside`). It loads alone:
        // it holds the write lock from before it sets anything aside until all is back, on a
        // connection of its own; the desk's writes wait.
        let guardian = first == 1 && count >= threshold ? PostgresCaseStore(moving: address, connection: try PostgresConnection(address)) : nil
        _ = try guardian?.withConnection { connection in try connection.execute("SELECT pg_advisory_lock($1)", [.integer(Self.writeLock)]) }
        // Its session's end (the connection closed with the store) gives the lock back too.
        defer { _ = try? guardian?.withConnection { connection in try connection.execute("SELECT pg_advisory_unlock($1)", [.integer(Self.writeLock)]) } }
        let setAside = guardian != nil ? try setIndexesAside() : DemoSetAside()
        var loadError: StoreError?
        do throws(StoreError) {
            // Alone whenever the write lock is held for the load, whatever could be set aside: its
            // writers must not ask for the lock the guardian holds.
            try loadGenerated(count: count, seed: seed, from: first, procedure: procedure, now: now, via: actor.account,
                              alone: guardian != nil, clientVectors: clientVectors, progress: progress)
        } catch {
            loadError = error
        }
        try restoreIndexes(setAside)
        if let loadError { throw loadError }
        return first...(first + CaseNumber(count) - 1)
    }

    /// Checks the role, adds the demo staff, records the load; returns the first case number.
    private func prepareDemo(count: Int, seed: UInt64, by actor: Actor, now: Date, alongsideCases: Bool) throws(StoreError) -> CaseNumber {
        let location = self.location
        // The demo's events are written as the demo staff; the database sets every other member's
        // events to their own role (and refuses the types their roles do not append), so only a
        // superuser's load keeps the trail it generates.
        guard try sessionRole().isSuperuser else {
            throw StoreError.invalid("demo cases are loaded into \(location) by a PostgreSQL superuser only: its events are written as the demo staff, and the database records each member's events as their own role. Connect as the cluster's owner (for example user=postgres) to load them")
        }
        return try write { transaction in
            let pipeline = deskPipeline(transaction)
            let roles = try pipeline.staffRoles(actor)
            guard roles.contains(.admin) || roles.contains(.head) else {
                throw StoreError.invalid("\(actor.account) may not load demo cases: that takes the role admin or head")
            }
            let existing = try transaction.lastCaseNumber()
            let cases = try transaction.connection.execute("SELECT count(*) FROM cases").first?.integer(0) ?? 0
            if cases > 0, !alongsideCases {
                throw StoreError.invalid("\(location) already holds \(cases) case\(cases == 1 ? "" : "s"): demo cases would stay in its record for good. Load them into a store of their own, or add --alongside-real-cases")
            }
            for member in DemoGenerator.staff where try transaction.roles(of: member.account).isEmpty {
                try transaction.connection.execute("INSERT INTO staff (account, roles, added_ms, added_by) VALUES ($1, $2, $3, $4)",
                                                   [.text(member.account), .text(Role.listed(member.roles)), .integer(Millis.from(now)), .text(actor.account)])
                try PostgresDeskRoles.setMember(transaction.connection, member.account)
                try pipeline.deskEvent(type: "staff_added", data: ["account": member.account, "before": "", "after": Role.listed(member.roles), "demo": "yes"],
                                       by: actor, at: now)
            }
            try pipeline.deskEvent(type: "demo_loaded", data: ["cases": String(count), "seed": String(seed)], by: actor, at: now)
            return existing + 1
        }
    }

    private func loadGenerated(count: Int, seed: UInt64, from first: CaseNumber, procedure: Procedure, now: Date, via: String,
                               alone: Bool, clientVectors: Bool, progress: (@Sendable (Int) -> Void)?) throws(StoreError) {
        let batches = (count + DemoGenerator.batchSize - 1) / DemoGenerator.batchSize
        // Each generating thread lexizes the words the client does not on a connection of its own.
        let agreed = clientVectors ? try PostgresSearchVectors.agreesWithServer(self) : false
        let vectors = agreed
            ? try (0..<2).map { _ throws(StoreError) in
                PostgresSearchVectors(store: PostgresCaseStore(moving: address, connection: try PostgresConnection(address)))
            }
            : nil
        let makers = DemoMakers(seed: seed, procedure: procedure, now: now, vectors: vectors)
        // Alone (a large load into an empty store, under the write lock loadDemo holds), two writers
        // take the batches in turn, each in its own transaction: one writes a batch's cases,
        // figures and search entries (the search words were a third of the server's time) while
        // the other appends the batch before it to the trail. The trail is appended in batch
        // order: a batch waits for the one before it to end. The trail's head is kept here from
        // batch to batch: its key is set aside while the load runs (reading the head would read
        // the whole trail), and no one else appends meanwhile. Otherwise one writer, each batch
        // under the write lock.
        let head = alone ? DemoTrailHead(try trailHead()) : nil
        let writers = head == nil ? [self] : [self, PostgresCaseStore(moving: address, connection: try PostgresConnection(address))]
        let queues = writers.indices.map { DispatchQueue(label: "casedesk.demo.writer.\($0)") }
        let slots = DispatchSemaphore(value: writers.count)
        let writing = DispatchGroup()
        let outcome = DemoWriteOutcome()
        let turns = DemoTurns()
        for index in 0..<batches {
            // This batch is made while those before it are written.
            let halves = try makers.make(index, of: count, from: first, seed: seed, via: via)
            slots.wait()
            if outcome.failure != nil {
                slots.signal()
                break
            }
            writing.enter()
            let writer = writers[index % writers.count]
            queues[index % writers.count].async {
                defer {
                    turns.end(index)
                    slots.signal()
                    writing.leave()
                }
                do throws(StoreError) {
                    try writer.writeGenerated(halves, loadFrom: first, head: head) { () throws(StoreError) in
                        turns.await(index)
                        if let failure = outcome.failure { throw failure }
                    }
                    progress?(outcome.add(halves.reduce(0) { $0 + $1.cases }))
                } catch {
                    outcome.fail(error)
                }
            }
        }
        writing.wait()
        if let failure = outcome.failure { throw failure }
    }

    /// One batch in one transaction, by `COPY`: first its cases, figures, domains and search
    /// entries; then, once `turn` returns (the batches before it committed), the trail's positions
    /// and links, made from the entries hashed on the generating threads, and the events. Under the
    /// write lock, which a load alone holds for its writers; such a load keeps the trail's `head`
    /// itself, each batch moving it in turn.
    private func writeGenerated(_ halves: [GeneratedRows], loadFrom first: CaseNumber, head: DemoTrailHead?,
                                turn: () throws(StoreError) -> Void) throws(StoreError) {
        let alone = head != nil
        try write(takingWriteLock: !alone) { transaction in
            let connection = transaction.connection
            try connection.execute("SET LOCAL synchronous_commit = off")
            // The loader is a superuser (prepareDemo): the append check returns a superuser's rows
            // as they are, so it is skipped as a restore skips triggers; it was a third of the
            // server's time per row. verify judges the load after.
            try connection.execute("SET LOCAL session_replication_role = replica")
            if !alone, let number = halves.first?.firstNumber, try transaction.lastCaseNumber() >= number {
                let loaded = number > first ? "demo cases \(first)–\(number - 1) are in the store, the rest were not loaded" : "no demo cases were loaded"
                throw StoreError.unavailable("a case was opened while the demo was loading: \(loaded)")
            }
            var counts = StatisticsAggregate()
            for half in halves {
                try connection.copy(into: "cases", columns: CaseProjection.columns, half.projection)
                try connection.copy(into: "case_figures", columns: CaseFigures.columns, half.figures)
                try connection.copy(into: "abuse_domains", columns: ["domain", "case_id"], half.domains)
                if let vectors = half.searchVectors {
                    try connection.copy(into: "case_text", columns: ["id", "words"], vectors)
                } else {
                    try connection.execute("CREATE TEMP TABLE IF NOT EXISTS demo_words (id BIGINT, words TEXT) ON COMMIT DELETE ROWS")
                    try connection.copy(into: "demo_words", columns: ["id", "words"], half.words)
                }
                counts.add(half.counts)
            }
            if halves.contains(where: { $0.searchVectors == nil }) {
                try connection.execute("INSERT INTO case_text (id, words) SELECT id, \(PostgresSearch.vectorSQL("words")) FROM demo_words")
            }
            try turn()
            var chain = TrailChain(after: try head?.current ?? transaction.trailHead())
            let eventCount = halves.reduce(0) { $0 + $1.entries.count }
            var events = PostgresCopyText(capacity: halves.reduce(0) { $0 + $1.events.bytes.count } + eventCount * 10)
            var trail = PostgresCopyText(capacity: eventCount * 80)
            for half in halves {
                var start = 0
                for (entry, end) in zip(half.entries, half.eventEnds) {
                    let link = chain.append(entry: entry)
                    events.integer(chain.count)
                    events.text(bytes: [])  // the tab before the row's other values
                    events.append(rows: half.events.bytes[start..<end])
                    start = end
                    trail.integer(chain.count)
                    trail.bytea(link)
                    trail.endRow()
                }
            }
            try connection.copy(into: "events", columns: ["pos"] + GeneratedRows.eventColumns, events)
            try connection.copy(into: "trail", columns: ["pos", "link"], trail)
            head?.current = chain.head
            try transaction.addToStatistics(counts)
            try Self.addToQueueCounts(connection, halves)
            try transaction.notifyChange()
        }
    }

    /// Sets aside what makes each row of a large load into an empty store cost more than its share
    /// of a sort at the end: the secondary indexes of the tables it fills, their keys and unique
    /// constraints (each row of the trail and the events went into two or three B-trees, one at a
    /// time), and the checks that run before each event or link is inserted (a table with one
    /// takes COPY's rows one at a time instead of a page at a time; a superuser's load skips them
    /// anyway). Returns what builds them again. The load holds the write lock throughout, so the
    /// desk's own writes wait for it; `verify` names a key, index or check still missing after.
    private func setIndexesAside() throws(StoreError) -> DemoSetAside {
        do throws(StoreError) {
            return try write(takingWriteLock: false) { transaction in
                let connection = transaction.connection
                let tables = "('cases', 'events', 'trail', 'case_figures', 'case_text', 'abuse_domains')"
                let here = "relnamespace = current_schema()::regnamespace"
                var aside = DemoSetAside()
                // Keys and unique constraints no foreign key leans on: built again as unique indexes
                // (beside the other builds), then made constraints again. Not the cases' key: each
                // batch counts its cases for the queue's totals by it.
                for row in try connection.execute("""
                    SELECT k.conrelid::regclass::text, k.conname, k.contype, pg_get_indexdef(k.conindid)
                    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                    WHERE c.relname IN \(tables) AND c.relname <> 'cases' AND c.\(here) AND k.contype IN ('p', 'u')
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = k.conindid)
                    ORDER BY 1, 2
                    """).rows {
                    guard let table = row.text(0), let name = row.text(1), let definition = row.text(3) else { continue }
                    try connection.execute("ALTER TABLE \(table) DROP CONSTRAINT \(name)")
                    aside.builds.append(definition)
                    aside.finish.append("ALTER TABLE \(table) ADD CONSTRAINT \(name) \(row.text(2) == "p" ? "PRIMARY KEY" : "UNIQUE") USING INDEX \(name)")
                }
                // The other indexes (those behind a constraint went with it).
                for row in try connection.execute("""
                    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
                    WHERE c.relname IN \(tables) AND c.\(here)
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = i.indexrelid)
                    """).rows {
                    try connection.execute("DROP INDEX \(row.text(0) ?? "")")
                    aside.builds.append(row.text(1) ?? "")
                }
                // Enabled row triggers that run before an insert (bits: row 1, before 2, insert 4).
                for row in try connection.execute("""
                    SELECT t.tgrelid::regclass::text, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                    WHERE c.relname IN \(tables) AND c.\(here) AND NOT t.tgisinternal AND t.tgconstraint = 0
                      AND t.tgtype & 7 = 7 AND t.tgenabled = 'O'
                    ORDER BY 1, 2
                    """).rows {
                    guard let table = row.text(0), let name = row.text(1), let definition = row.text(2) else { continue }
                    try connection.execute("DROP TRIGGER \(name) ON \(table)")
                    aside.finish.append(definition)
                }
                return aside
            }
        } catch {
            return DemoSetAside()  // not the tables' owner: the load keeps them and is only slower
        }
    }

    /// Builds what was set aside and refreshes the planner's statistics of the loaded tables.
    private func restoreIndexes(_ aside: DemoSetAside) throws(StoreError) {
        let analyses = ["trail", "statistics_kept", "abuse_domains", "case_figures", "events", "cases", "case_text"].map { "ANALYZE \($0)" }
        guard !aside.isEmpty else {
            return try withConnection { connection in try connection.execute(analyses.joined(separator: "; ")) }
        }
        // On two connections at once, one build each (the load used both cores, and so do they:
        // no parallel workers of their own), the search index (the longest) first: each build
        // locks its table against writes only, so two builds on one table go together. Then the
        // keys and checks, in one transaction; then each table's statistics.
        let second = PostgresCaseStore(moving: address, connection: try PostgresConnection(address))
        let ordered = aside.builds.sorted { ($0.contains("USING gin") ? 0 : 1) < ($1.contains("USING gin") ? 0 : 1) }
        try runOnBoth(second, ordered) { statement in
            // The search index builds faster in less memory (its lists stay in the cache).
            "SET LOCAL maintenance_work_mem = '\(statement.contains("USING gin") ? "64MB" : "512MB")'; SET LOCAL max_parallel_maintenance_workers = 0"
        }
        try write(takingWriteLock: false) { transaction in
            for statement in aside.finish { try transaction.connection.execute(statement) }
        }
        try runOnBoth(second, analyses) { _ in "" }
    }

    /// Runs `statements` on this store's connection and `second`'s, each taking the next in its
    /// own transaction after `settings`.
    private func runOnBoth(_ second: PostgresCaseStore, _ statements: [String], settings: @escaping @Sendable (String) -> String) throws(StoreError) {
        let queue = TaskQueue(statements)
        let done = DispatchGroup()
        for builder in [self, second] {
            done.enter()
            Thread {
                defer { done.leave() }
                while let statement = queue.next() {
                    do throws(StoreError) {
                        try builder.write(takingWriteLock: false) { transaction in
                            let set = settings(statement)
                            if !set.isEmpty { try transaction.connection.execute(set) }
                            try transaction.connection.execute(statement)
                        }
                    } catch {
                        queue.fail(error)
                    }
                }
            }.start()
        }
        done.wait()
        if let failure = queue.failure { throw failure }
    }
}

/// What a large load into an empty store set aside: the indexes to build again (on two
/// connections), then the statements that make keys of them and put the insert checks back.
struct DemoSetAside: Sendable {
    var builds: [String] = []
    var finish: [String] = []
    var isEmpty: Bool { builds.isEmpty && finish.isEmpty }
}

/// The trail's head during a load alone, moved by each batch in turn (`DemoTurns`).
private final class DemoTrailHead: @unchecked Sendable {
    private let lock = NSLock()
    private var head: TrailHead

    init(_ head: TrailHead) { self.head = head }

    var current: TrailHead {
        get { lock.withLock { head } }
        set { lock.withLock { head = newValue } }
    }
}

/// The rows of half a batch of generated cases, in COPY's text format, made on a generating thread.
struct GeneratedRows: Sendable {
    /// `events` without `pos`, which the writer puts in front of each row.
    static let eventColumns = ["case_id", "seq", "recorded_ms", "actor", "via", "type", "data", "changes"]

    var firstNumber: CaseNumber?
    var cases = 0
    var events: PostgresCopyText
    /// Where each event's row ends in `events`.
    var eventEnds: [Int] = []
    /// Each event's entry digest (TrailLink), hashed here so the writer only links them.
    var entries: [TrailDigest] = []
    var projection = PostgresCopyText()
    var figures = PostgresCopyText()
    var domains = PostgresCopyText()
    /// Each case's search words.
    var searchWords = SearchWordList()
    /// Their vectors, when the client makes them (`PostgresSearchVectors`).
    var searchVectors: PostgresCopyBinary?
    var counts = StatisticsAggregate()
    /// How many of its cases stand in each of the queue's kept buckets.
    var buckets: [QueueBucket: Int] = [:]
    /// Room for an event's JSON, reused from one to the next.
    private var json: [UInt8] = []

    /// Rows for about `cases` cases.
    init(cases: Int) {
        events = PostgresCopyText(capacity: cases * 2_000)
    }

    /// Adds the rows of a case.
    mutating func add(_ caseEvents: [Event], _ state: borrowing CaseState, procedure: borrowing Procedure, via: String) {
        if firstNumber == nil { firstNumber = state.number }
        cases += 1
        var previous: TrailDigest?
        for index in caseEvents.indices {
            let event = caseEvents[index]
            let type = event.change.type
            json.removeAll(keepingCapacity: true)
            EventJSONWriter.write(event.change, into: &json)
            let recorded = Millis.from(event.recorded)
            let entry = json.withUnsafeBytes { bytes in
                TrailLink.caseEntry(previous: previous, number: state.number, sequence: event.sequence, recordedMs: recorded,
                                    actor: event.actor, via: via, type: type, data: bytes, changesDigest: GeneratedRows.changesDigest)
            }
            previous = entry
            entries.append(entry)
            events.integer(state.number)
            events.integer(Int64(event.sequence))
            events.integer(recorded)
            events.text(event.actor)
            events.text(via)
            events.text(type)
            events.text(bytes: json)
            events.text(GeneratedRows.changes)
            events.endRow()
            eventEnds.append(events.bytes.count)
        }
        let clocks = CaseProjection.clocks(state, procedure: procedure)
        let row = CaseProjection(state, procedure: procedure, clocks: clocks)
        row.write(into: &projection)
        projection.endRow()
        let caseFigures = CaseFigures(state, procedure: procedure, clocks: clocks)
        buckets[QueueBucket(row, caseFigures), default: 0] += 1
        caseFigures.forEachValue { figures.integer($0) }
        figures.endRow()
        counts.add(caseFigures, times: 1)
        if state.kind == .abuse {
            var seen: Set<String> = []
            for domain in state.intake.domains.map(\.unicode) where seen.insert(domain).inserted {
                domains.text(domain)
                domains.integer(state.number)
                domains.endRow()
            }
        }
        searchWords.append(state.number, values: SearchText(state).values)
    }

    /// The search words as rows (id, words) for the server to make the vectors of.
    var words: PostgresCopyText {
        var rows = PostgresCopyText()
        for index in searchWords.cases.indices {
            rows.integer(searchWords.cases[index].number)
            searchWords.words(index) { rows.text(bytes: $0) }
            rows.endRow()
        }
        return rows
    }

    /// The before/after values of a generated event: none (its case was never shown before it).
    static let changes = "{}"
    /// Their digest, as each event's trail entry takes it: hashed once.
    static let changesDigest = TrailLink.digest(of: changes)
}

/// The two generators of a demo load, each making one half of every batch on its own thread;
/// each keeps the names and domains it built.
private final class DemoMakers: @unchecked Sendable {
    /// One per thread, each only ever touched by its own half.
    private let generators: UnsafeMutablePointer<DemoGenerator>
    /// The procedure for each half's rows, each in a box of its own (`Procedure.ownCopy`).
    private let procedures: [Procedure]
    /// Each half's search vectors (nil: the server makes them).
    private let vectors: UnsafeMutablePointer<PostgresSearchVectors>?

    init(seed: UInt64, procedure: Procedure, now: Date, vectors: [PostgresSearchVectors]?) {
        procedures = [procedure.ownCopy(), procedure.ownCopy()]
        if let vectors {
            self.vectors = .allocate(capacity: 2)
            self.vectors?.initialize(from: vectors, count: 2)
        } else {
            self.vectors = nil
        }
        generators = .allocate(capacity: 2)
        generators.initialize(to: DemoGenerator(seed: seed, procedure: procedure, now: now))
        (generators + 1).initialize(to: DemoGenerator(seed: seed, procedure: procedure, now: now))
    }

    deinit {
        generators.deinitialize(count: 2)
        generators.deallocate()
        vectors?.deinitialize(count: 2)
        vectors?.deallocate()
    }

    func make(_ index: Int, of count: Int, from first: CaseNumber, seed: UInt64, via: String) throws(StoreError) -> [GeneratedRows] {
        let halves = Mutex<[Int: Result<GeneratedRows, StoreError>]>([:])
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            let procedure = procedures[half]
            var rows = GeneratedRows(cases: DemoGenerator.batchSize / 2)
            generators[half].batch(index, of: count, from: first, seed: seed, half: half) { events, state in
                rows.add(events, state, procedure: procedure, via: via)
            }
            let made = Result { () throws(StoreError) in
                rows.searchVectors = try vectors.map { vectors throws(StoreError) in try vectors[half].rows(rows.searchWords) }
                return rows
            }
            halves.withLock { $0[half] = made }
        }
        return try halves.withLock { halves in (0..<2).compactMap { halves[$0] } }.map { made throws(StoreError) in try made.get() }
    }
}

/// What the writer of a demo load has done: cases written, or the failure that stopped it.
/// The order in which a load's batches reach the trail: a batch's turn comes when every batch
/// before it has ended (committed, or failed).
private final class DemoTurns: @unchecked Sendable {
    private let condition = NSCondition()
    private var ended: Set<Int> = []
    private var next = 0

    func await(_ index: Int) {
        condition.lock()
        while next < index { condition.wait() }
        condition.unlock()
    }

    func end(_ index: Int) {
        condition.lock()
        ended.insert(index)
        while ended.remove(next) != nil { next += 1 }
        condition.broadcast()
        condition.unlock()
    }
}

private final class DemoWriteOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var written = 0
    private var stopped: StoreError?

    var failure: StoreError? { lock.withLock { stopped } }
    func fail(_ error: StoreError) { lock.withLock { stopped = error } }
    func add(_ cases: Int) -> Int { lock.withLock { written += cases; return written } }
}
