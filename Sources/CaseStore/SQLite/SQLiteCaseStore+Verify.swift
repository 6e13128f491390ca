import CaseDesk
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteCaseStore {
    public func trailHead() throws(StoreError) -> TrailHead {
        try read { db in try SQLiteTransaction(db: db).trailHead() }
    }

    public func verify(seal: TrailHead?) throws(StoreError) -> VerifyReport {
        // The check is cut into tasks that two workers (one per core) take in turn, each task on a
        // read connection of its own: the trail's counts and the desk's links, the search index's words, the queue's kept
        // totals, the file's integrity, and the cases in parts, each part reading its events once (in case order, with
        // the links at their places) to check their links and judge them. Largest first, so both cores stay busy to
        // the end; the parts are small enough that the last ones even out what the long single tasks leave.
        // Each task streams its rows: what it keeps grows with the problems it finds, not with the store
        // (except one 8-byte fingerprint per case for the search index, see `SearchIndexCheck`).
        // Up to the last case number, bounded by the number of cases: a row added by hand with a
        // huge number must not size the parts or the search fingerprints (8 bytes per number up to
        // it); what lies above falls in the last part and the fingerprints' dictionary.
        let (last, indexes) = try read { db in
            let highest = max(try CaseNumber.fetchOne(db, sql: "SELECT max(id) FROM cases") ?? 0,
                              try CaseNumber.fetchOne(db, sql: "SELECT max(case_id) FROM events") ?? 0)
            return (min(highest, 2 * (try CaseNumber.fetchOne(db, sql: "SELECT count(*) FROM cases") ?? 0) + 1_024), try IndexCheck.plan(db))
        }
        let partCount = last >= 20_000 ? 16 : 1
        let bounds = (0...partCount).map { index -> CaseNumber in index == partCount ? CaseNumber.max : last / CaseNumber(partCount) * CaseNumber(index) }
        let parts = (0..<partCount).map { index in
            (bounds[index] + 1)...(index == partCount - 1 ? CaseNumber.max : bounds[index + 1])
        }
        let links = Handoff<TrailCheck>()
        let searchIndex = Handoff<(flat: [UInt64], others: [Int64: UInt64])>()
        let integrity = Handoff<[String]>()
        let wholeTables = indexes.checkedWhole.map { _ in Handoff<[String]>() }
        // The table with the most indexes first: the longest of these tasks.
        let indexTables = indexes.indexes.keys.sorted { (indexes.indexes[$0]!.count, $1) > (indexes.indexes[$1]!.count, $0) }
        let indexProblems = indexTables.map { _ in Handoff<[String]>() }
        let queueCounts = Handoff<[String]>()
        let outside = Handoff<[String]>()
        let keptStatistics = Handoff<StatisticsAggregate>()
        let judged = parts.map { _ in Handoff<(VerifyReport, [String], [SearchFingerprint], StatisticsAggregate)>() }
        var tasks: [(name: String, run: @Sendable (Database) -> Void)] = []
        func task<T>(_ name: String, _ handoff: Handoff<T>, _ body: @escaping @Sendable (Database) throws -> T) {
            tasks.append((name, { db in
                do {
                    handoff.value = .success(try body(db))
                } catch let error as StoreError {
                    handoff.value = .failure(error)
                } catch {
                    handoff.value = .failure(SQLiteCaseStore.storeError(error, path: self.location))
                }
            }))
        }
        // The file's integrity: `PRAGMA quick_check`, and each index read through against its table (`IndexCheck`).
        task("quick_check", integrity) { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        for (table, handoff) in zip(indexTables, indexProblems) {
            let list = indexes.indexes[table]!
            task("the \(list.count) indexes of \(table)", handoff) { db in try IndexCheck.problems(db, table: table, indexes: list) }
        }
        for (table, handoff) in zip(indexes.checkedWhole, wholeTables) {
            task("integrity_check(\(table))", handoff) { db in try String.fetchAll(db, sql: "PRAGMA integrity_check(\(IndexCheck.quoted(table)))") }
        }
        task("search index", searchIndex) { db in try SearchIndexCheck.storedFingerprints(db, last: last) }
        task("trail counts and desk links", links) { db in try SQLiteCaseStore.checkLinks(db, seal: seal) }
        task("queue counters", queueCounts) { db in try SQLiteCaseStore.checkQueueCounts(db) }
        task("rows outside the trail", outside) { db in
            try RowsOutsideTheTrail.queries(textTable: "case_text", textID: "rowid",
                                            domainIsNamed: "instr(' ' || c.domains || ' ', ' ' || d.domain || ' ') > 0").flatMap { sql in
                try Row.fetchAll(db, sql: sql).map { RowsOutsideTheTrail.problem(table: $0[0], number: $0[1], domain: $0[2]) }
            }
        }
        task("kept statistics", keptStatistics) { db in try SQLiteCaseStore.keptStatistics(db) }
        for (index, part) in parts.enumerated() {
            task("cases \(part.lowerBound)…\(part.upperBound == CaseNumber.max ? "" : String(part.upperBound))", judged[index]) { [self] db in try judgeRecord(db, cases: part) }
        }
        let queue = TaskQueue(tasks)
        let done = DispatchGroup()
        let timings = VerifyTimings()
        for worker in 0..<max(2, min(ProcessInfo.processInfo.activeProcessorCount, 4)) {
            done.enter()
            Thread { [self] in
                defer { done.leave() }
                while let next = queue.next() {
                    let started = timings.now()
                    do throws(StoreError) {
                        try read { db in
                            try SQLiteCaseStore.mapForReading(db)
                            next.run(db)
                        }
                    } catch {
                        queue.fail(error)
                    }
                    timings.record(next.name, worker: worker, from: started)
                }
            }.start()
        }
        done.wait()
        let tasksDone = timings.now()
        if let failure = queue.failure { throw failure }
        var integrityParts = [try integrity.result()]
        for handoff in wholeTables + indexProblems { integrityParts.append(try handoff.result()) }
        var report = VerifyReport(integrity: IndexCheck.integrity(integrityParts), casesChecked: 0, eventsChecked: 0, differences: [])
        var expected: [SearchFingerprint] = []
        var recounted = StatisticsAggregate()
        var caseLinks: [String] = []
        for handoff in judged {
            let (part, partLinks, partExpected, partCounts) = try handoff.result()
            caseLinks += partLinks
            expected += partExpected
            recounted.add(partCounts)
            report.casesChecked += part.casesChecked
            report.eventsChecked += part.eventsChecked
            report.deskEventsChecked = max(report.deskEventsChecked, part.deskEventsChecked)
            report.differences += part.differences
        }
        report.differences += Self.compareSearchIndex(expected: expected, stored: try searchIndex.result())
        report.differences += try queueCounts.result()
        report.differences += try outside.result()
        report.differences += StatisticsAggregate.differences(kept: try keptStatistics.result(), recounted: recounted)
        let check = try links.result()
        report.head = check.head
        report.seal = seal
        // As one pass over the trail would list them: its counts, the case events in case order, the desk's, the seal.
        report.differences = check.counts + caseLinks + check.desk + report.differences
        timings.record("the parts' results brought together and compared", worker: 0, from: tasksDone)
        timings.print()
        return report
    }

    /// Reads the file through memory mapping on this connection: a check of the whole store reads
    /// every page, and copying each through `pread` took a third of its time (measured at a million
    /// cases). Mapping stops at 4 GiB; beyond that SQLite reads as usual.
    static func mapForReading(_ db: Database) throws {
        try db.execute(sql: "PRAGMA mmap_size = 4294967296")
    }

    /// Every event of the cases in `numbers` checked against its link in the trail (the problems
    /// apart, they are listed first), and judged again (with the staff and settings replayed from
    /// the desk trail), every projection and statistics row rebuilt, in one pass in case order; and
    /// the statistics those rows count, for comparing with the counts kept (a case that could not
    /// be judged counts as stored: its own problem is reported already).
    /// The part that judges the lower end also checks the
    /// triggers, the staff table and the settings; a part that ends before the last case reports
    /// cases missing up to its end.
    private func judgeRecord(_ db: Database, cases numbers: ClosedRange<CaseNumber>) throws
        -> (VerifyReport, [String], [SearchFingerprint], StatisticsAggregate) {
        let first = numbers.lowerBound == 1
        var judge = TrailJudge(linkedByTime: Int64(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'trail_linked_by_time'") ?? "0") ?? 0)
        let triggers = first ? try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'") : []
        for name in SQLiteCaseStore.appendOnlyTriggers
        where first && !triggers.contains(where: { $0["name"] == name && (($0["sql"] as String?)?.contains("RAISE(ABORT") ?? false) }) {
            judge.report("the append-only trigger \(name) is missing or altered: the record could have been changed through SQLite")
        }
        let deskEvents = try Row.fetchAll(db, sql: "SELECT id, pos, recorded_ms, actor, via, type, data FROM desk_events ORDER BY pos, id").map {
            StoredDeskEvent(id: $0["id"], position: $0["pos"] ?? 0, recordedMs: $0["recorded_ms"], actor: $0["actor"], via: $0["via"],
                            type: $0["type"], data: $0["data"])
        }
        judge.replayDesk(deskEvents)
        if first {
            try compareStaff(db, with: judge.staff, into: &judge)
            if try loadSettings(db) != judge.settings {
                judge.report("settings: the stored policy or calendar is not the one the desk trail last set")
            }
        } else {
            judge = TrailJudge(replayed: judge)  // the desk's own problems are the first part's to report
        }
        let procedure = try procedure(db)
        let tokenizer = try SearchIndexCheck.Tokenizer(db)
        var fingerprints: [SearchFingerprint] = []
        var counts = StatisticsAggregate()
        var cases = 0
        var events = 0
        var lastNumber: CaseNumber = numbers.lowerBound - 1
        // Read beside the trails, both in case order: a million cases' figures never sit in memory at once.
        let figureRows = try Row.fetchCursor(db, sql: "SELECT \(CaseFigures.columns.joined(separator: ", ")) FROM case_figures WHERE id BETWEEN ? AND ? ORDER BY id",
                                             arguments: [numbers.lowerBound, numbers.upperBound])
        var nextFigures = try figureRows.next().map(CaseFigures.init(row:))
        func storedFigures(_ number: CaseNumber) throws -> CaseFigures? {
            while let figures = nextFigures, figures.number < number {
                nextFigures = try figureRows.next().map(CaseFigures.init(row:))
            }
            return nextFigures?.number == number ? nextFigures : nil
        }
        var links: [String] = []
        try forEachStoredTrail(db, cases: numbers, linkProblems: &links) { number, trail, row in
            fingerprints.append(SearchFingerprint(number: number, value: nil))
            cases += 1
            events += trail.count
            if number != lastNumber + 1 {
                judge.report(number == lastNumber + 2 ? "case \(lastNumber + 1) is missing: no events and no case row"
                                                      : "cases \(lastNumber + 1)–\(number - 1) are missing: no events and no case rows")
            }
            lastNumber = number
            func countAsStored() throws {
                if let stored = try storedFigures(number) { counts.add(stored, times: 1) }
            }
            guard let row else {
                judge.report("case \(number): events without a case row")
                return try countAsStored()
            }
            guard !trail.isEmpty else {
                judge.report("case \(number): a case row without events")
                return try countAsStored()
            }
            for (index, event) in trail.enumerated() where event.sequence != index + 1 {
                judge.report("case \(number): event \(index + 1) is numbered \(event.sequence)")
                return try countAsStored()
            }
            guard let state = judge.judge(trail) else { return try countAsStored() }
            fingerprints[fingerprints.count - 1].value = tokenizer.fingerprint(SearchText(state).values)
            let clocks = CaseProjection.clocks(state, procedure: procedure)
            let rebuilt = CaseProjection(state, procedure: procedure, clocks: clocks)
            if row != rebuilt {
                for difference in row.differences(from: rebuilt) { judge.report("case \(number): \(difference)") }
            }
            let figures = CaseFigures(state, procedure: procedure, clocks: clocks)
            counts.add(figures, times: 1)
            if let stored = try storedFigures(number) {
                if stored != figures {
                    for (column, (kept, rebuilt)) in zip(CaseFigures.columns, zip(stored.values, figures.values)) where kept != rebuilt {
                        judge.report("case \(number): statistics \(column): stored \(kept.map(String.init) ?? "null"), trail gives \(rebuilt.map(String.init) ?? "null")")
                    }
                }
            } else {
                judge.report("case \(number): no statistics row")
            }
        }
        if numbers.upperBound != CaseNumber.max, lastNumber < numbers.upperBound {
            judge.report(lastNumber + 1 == numbers.upperBound ? "case \(numbers.upperBound) is missing: no events and no case row"
                                                              : "cases \(lastNumber + 1)–\(numbers.upperBound) are missing: no events and no case rows")
        }
        return (VerifyReport(integrity: ["ok"], casesChecked: cases, eventsChecked: events, deskEventsChecked: deskEvents.count,
                             differences: judge.problems), links, fingerprints, counts)
    }

    /// Each judged case's search entry as the index holds it against the one its trail gives, and
    /// any entry for a case that has none. (A case whose events could not be judged has no expected
    /// entry; its own problem is already listed.)
    private static func compareSearchIndex(expected: [SearchFingerprint], stored: (flat: [UInt64], others: [Int64: UInt64])) -> [String] {
        var problems: [String] = []
        var flat = stored.flat
        var others = stored.others
        for entry in expected {
            let kept: UInt64?
            if entry.number >= 0, entry.number < Int64(flat.count) {
                kept = flat[Int(entry.number)]
                flat[Int(entry.number)] = 0
            } else {
                kept = others.removeValue(forKey: entry.number)
            }
            guard let value = entry.value else { continue }
            if kept ?? 0 != value {
                problems.append(kept ?? 0 == 0
                    ? "case \(entry.number): no search entry: searching for its words does not find it"
                    : "case \(entry.number): its search entry does not hold the words its trail gives (search finds it for other words, or misses it)")
            }
        }
        // What is left was not expected: words indexed for a number that is no case.
        for (number, value) in flat.enumerated() where value != 0 {
            problems.append("search index row \(number): words for a case that does not exist")
        }
        for number in others.keys.sorted() {
            problems.append("search index row \(number): words for a case that does not exist")
        }
        return problems
    }

    /// The staff table is a projection of the desk trail: the same people, roles, and who added them when.
    private func compareStaff(_ db: Database, with replayed: [String: StaffMember], into judge: inout TrailJudge) throws {
        var stored: [String: StaffMember] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT account, roles, added_ms, added_by FROM staff") {
            let member = StaffMember(account: row["account"], roles: SQLiteCaseStore.decodeRoles(row["roles"]),
                                     added: Millis.date(row["added_ms"]), addedBy: row["added_by"])
            stored[member.account] = member
        }
        judge.compareStaff(stored)
    }

    /// What the trail check finds outside the cases' events: the trail's counts against the events',
    /// and (after the case events' links, which the parts that judge the cases check) the desk
    /// events' links and the seal.
    struct TrailCheck {
        var head: TrailHead
        var counts: [String]
        var desk: [String]
    }

    /// The trail's links as a whole: as many links as events, the desk events' links each
    /// recomputed from its event; with a seal, the link at the seal's place must be the seal's.
    /// (A case event's link is checked where its case is judged, `linkProblem`.)
    static func checkLinks(_ db: Database, seal: TrailHead?) throws -> TrailCheck {
        var counts: [String] = []
        var problems: [String] = []
        let transaction = SQLiteTransaction(db: db)
        let head = try transaction.trailHead()
        let links = try Int64.fetchOne(db, sql: "SELECT count(*) FROM trail") ?? 0
        let caseEvents = try Int64.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0
        let deskEvents = try Int64.fetchOne(db, sql: "SELECT count(*) FROM desk_events") ?? 0
        if links != head.count {
            counts.append("trail: \(links) links, but the last is at position \(head.count): links were removed")
        }
        if caseEvents + deskEvents != links {
            counts.append("trail: \(caseEvents) case events and \(deskEvents) desk events, but \(links) links")
            let orphans = try Int64.fetchAll(db, sql: """
                SELECT pos FROM trail WHERE pos NOT IN (SELECT pos FROM events WHERE pos IS NOT NULL)
                AND pos NOT IN (SELECT pos FROM desk_events WHERE pos IS NOT NULL) ORDER BY pos LIMIT 20
                """)
            for position in orphans { counts.append("trail position \(position): no event there any more (an event was deleted)") }
        }
        // Events numbered below the first case belong to no part that judges cases: their links are checked here.
        var outside = try LinkedEventReader(db, cases: CaseNumber.min...0)
        while try outside.next(&counts) != nil {}
        for row in try Row.fetchAll(db, sql: """
            SELECT d.id, d.pos, d.recorded_ms, d.actor, d.via, d.type, d.data, t.link, p.link AS previous
            FROM desk_events d LEFT JOIN trail t ON t.pos = d.pos LEFT JOIN trail p ON p.pos = d.pos - 1 ORDER BY d.id
            """) {
            let event = StoredDeskEvent(id: row["id"], position: row["pos"] ?? 0, recordedMs: row["recorded_ms"], actor: row["actor"],
                                        via: row["via"], type: row["type"], data: row["data"])
            let link: Data? = row["link"]
            let previous: Data? = row["previous"]
            let problem = link.withUnsafeBytesOrNil { stored in
                previous.withUnsafeBytesOrNil { before in
                    linkProblem(position: event.position, entry: TrailLink.deskEntry(event), link: stored, previous: before) {
                        "desk event \(event.id) (\(event.type))"
                    }
                }
            }
            if let problem { problems.append(problem) }
        }
        if let seal {
            if seal.count > head.count {
                problems.append("seal \(seal): the trail holds only \(head.count) events; events after \(head.count) were removed (or the seal is another store's)")
            } else if seal.count > 0 {
                let link = try Data.fetchOne(db, sql: "SELECT link FROM trail WHERE pos = ?", arguments: [seal.count])
                if link != seal.link {
                    problems.append("seal \(seal): the trail's link at \(seal.count) is \(link.map(TrailLink.hex) ?? "missing"): the record up to the seal was changed")
                }
            }
        }
        return TrailCheck(head: head, counts: counts, desk: problems)
    }

    /// An event's link recomputed from its entry and the stored link before it, against the stored
    /// link at its position (both as SQLite hands them over; nil where the trail has no row): a
    /// changed, inserted or removed event (of a case or of the desk) breaks the link at its place.
    static func linkProblem(position: Int64, entry: Data, link: UnsafeRawBufferPointer?, previous: UnsafeRawBufferPointer?,
                            _ place: () -> String) -> String? {
        guard position > 0 else { return "\(place()): has no place in the trail (added outside casedesk)" }
        guard let link else { return "\(place()): no link at its position \(position)" }
        let recomputed: Data
        if position == 1 {
            recomputed = TrailLink.link(previous: TrailLink.zero, position: position, entry: entry)
        } else if let previous {
            recomputed = TrailLink.link(previous: previous, position: position, entry: entry)
        } else {
            return "\(place()): no link before its position \(position)"
        }
        let matches = recomputed.withUnsafeBytes { $0.count == link.count && memcmp($0.baseAddress!, link.baseAddress!, link.count) == 0 }
        return matches ? nil : "\(place()): its link does not match: the event, or one before it in its case, was changed, inserted or removed"
    }

    /// Walks the trail (rows as stored) and the projection side by side in case order, one case at a
    /// time; every event's link is checked as it is read (into `linkProblems`), so the events are read once.
    private func forEachStoredTrail(_ db: Database, cases numbers: ClosedRange<CaseNumber>, linkProblems: inout [String],
                                    _ body: (CaseNumber, [StoredEvent], CaseProjection?) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT \(SQLiteCaseStore.rowColumns) FROM cases WHERE id BETWEEN ? AND ? ORDER BY id",
                                       arguments: [numbers.lowerBound, numbers.upperBound])
        var events = try LinkedEventReader(db, cases: numbers)
        var pendingRow = try rows.next().map(SQLiteCaseStore.projection)
        var pendingEvent = try events.next(&linkProblems)
        var trail: [StoredEvent] = []
        while pendingRow != nil || pendingEvent != nil {
            let number = min(pendingRow?.number ?? .max, pendingEvent?.caseNumber ?? .max)
            trail.removeAll(keepingCapacity: true)
            while let event = pendingEvent, event.caseNumber == number {
                trail.append(event)
                pendingEvent = try events.next(&linkProblems)
            }
            var row: CaseProjection?
            if let candidate = pendingRow, candidate.number == number {
                row = candidate
                pendingRow = try rows.next().map(SQLiteCaseStore.projection)
            }
            if row == nil, trail.isEmpty { break }
            try body(number, trail, row)
        }
    }

    /// A row that selected `CaseProjection.columns` first, in their order (every query of the
    /// projection does), read by position: by name was most of reading a handover's cases.
    static func projection(_ row: Row) -> CaseProjection {
        CaseProjection(
            number: row[0],
            kind: CaseKind(rawValue: row[1]) ?? .complaint,
            channel: Channel(rawValue: row[2]) ?? .email,
            stage: Stage(rawValue: row[3]) ?? .supervisor,
            isOpen: row[4],
            received: row[5],
            customer: row[6],
            subject: row[7],
            domains: row[8],
            category: (row[9] as String?).flatMap(AbuseCategory.init(rawValue:)),
            assignee: row[10],
            tier: row[11],
            sortKey: row[12],
            nextClock: (row[13] as String?).flatMap(Clock.Kind.init(rawValue:)),
            nextDue: row[14],
            windowEnd: row[15],
            closeReason: (row[16] as String?).flatMap(CloseReason.init(rawValue:)),
            closed: row[17],
            version: row[18],
            updated: row[19],
            updatedBy: row[20],
            incident: row[21],
            reporterClass: (row[22] as String?).flatMap(ReporterClass.init(rawValue:)))
    }
}

/// A case's search entry brought to one number (see `SearchIndexCheck`).
struct SearchFingerprint {
    var number: CaseNumber
    /// nil for a case whose trail could not be judged (its problem is listed already).
    var value: UInt64?
}

/// The events of a range of cases in case order, each with the stored links at its position and
/// the one before (looked up by SQLite in the same statement), stepped through SQLite's C API: the
/// row decoder's values were a large part of reading four million events. Each event's link is
/// checked as it is read, its case's chain of entries carried from one event to the next.
private struct LinkedEventReader {
    private let statement: Statement
    private var caseNumber: CaseNumber = 0
    private var caseHead: Data?
    /// The last event's `changes` and their digest (most events change nothing: `{}`).
    private var lastChanges = ""
    private var lastChangesDigest = TrailLink.digest(of: "")

    init(_ db: Database, cases numbers: ClosedRange<CaseNumber>) throws {
        statement = try db.makeStatement(sql: """
            SELECT e.case_id, e.seq, e.pos, e.recorded_ms, e.actor, e.via, e.type, e.data, e.changes, t.link, p.link
            FROM events e LEFT JOIN trail t ON t.pos = e.pos LEFT JOIN trail p ON p.pos = e.pos - 1
            WHERE e.case_id BETWEEN ? AND ? ORDER BY e.case_id, e.seq
            """)
        try statement.setArguments([numbers.lowerBound, numbers.upperBound])
    }

    /// The next event, its link checked (a problem appended to `problems`); nil after the last.
    mutating func next(_ problems: inout [String]) throws -> StoredEvent? {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
        }
        let event = StoredEvent(
            caseNumber: sqlite3_column_int64(handle, 0), sequence: Int(sqlite3_column_int64(handle, 1)),
            position: sqlite3_column_int64(handle, 2), recordedMs: sqlite3_column_int64(handle, 3),
            actor: RowStepper.text(handle, 4) ?? "", via: RowStepper.text(handle, 5), type: RowStepper.text(handle, 6) ?? "",
            data: RowStepper.text(handle, 7) ?? "", changes: RowStepper.text(handle, 8) ?? "")
        if event.caseNumber != caseNumber {
            caseNumber = event.caseNumber
            caseHead = nil
        }
        if event.changes != lastChanges {
            lastChanges = event.changes
            lastChangesDigest = TrailLink.digest(of: event.changes)
        }
        let entry = TrailLink.caseEntry(previous: caseHead, event, changesDigest: lastChangesDigest)
        caseHead = entry
        if let problem = SQLiteCaseStore.linkProblem(position: event.position, entry: entry, link: Self.blob(handle, 9),
                                                     previous: Self.blob(handle, 10), {
                                                         "case \(event.caseNumber) event \(event.sequence) (\(event.type))"
                                                     }) {
            problems.append(problem)
        }
        return event
    }

    /// A blob column's bytes, valid until the next step; nil for NULL.
    private static func blob(_ handle: OpaquePointer, _ column: Int32) -> UnsafeRawBufferPointer? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
        let length = Int(sqlite3_column_bytes(handle, column))
        return UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, column), count: length)
    }
}

private extension Optional where Wrapped == Data {
    /// The bytes of the data, or nil, to a body that takes either.
    func withUnsafeBytesOrNil<T>(_ body: (UnsafeRawBufferPointer?) -> T) -> T {
        switch self {
        case let data?: data.withUnsafeBytes { body($0) }
        case nil: body(nil)
        }
    }
}

/// What a helper thread (verify, a handover's reads, a change of the rules' judging) found, handed
/// back to the waiting one (written once, read after the thread has left the dispatch group).
final class Handoff<T>: @unchecked Sendable {
    var value: Result<T, StoreError>?

    func result() throws(StoreError) -> T {
        switch value {
        case let .success(found)?: return found
        case let .failure(error)?: throw error
        case nil: throw StoreError.unavailable("a part of the work on another thread did not finish")
        }
    }

    /// `first` on this thread while `second` runs on a helper thread: two halves of one read at once,
    /// one per core, each on a read connection of its own.
    static func both<First>(_ first: () throws(StoreError) -> First,
                            _ second: @escaping @Sendable () throws(StoreError) -> T) throws(StoreError) -> (First, T) {
        let handoff = Handoff<T>()
        let done = DispatchGroup()
        done.enter()
        Thread {
            defer { done.leave() }
            do throws(StoreError) {
                handoff.value = .success(try second())
            } catch {
                handoff.value = .failure(error)
            }
        }.start()
        let mine: First
        do throws(StoreError) {
            mine = try first()
        } catch {
            done.wait()
            throw error
        }
        done.wait()
        return (mine, try handoff.result())
    }

    /// `body` over each half of `items` at once, one per core (`both`).
    static func halves<Element: Sendable>(_ items: [Element],
                                          _ body: @escaping @Sendable (ArraySlice<Element>) throws(StoreError) -> T) throws(StoreError) -> (T, T) {
        let half = items.count / 2
        return try both({ () throws(StoreError) in try body(items[..<half]) }, { () throws(StoreError) in try body(items[half...]) })
    }
}

extension CaseFigures {
    init(row: Row) {
        self.init(values: (0..<CaseFigures.columns.count).map { row[$0] as Int64? })
    }
}

/// How long each of verify's tasks took, on which worker, from when the check began: printed to
/// standard error when `CASEDESK_VERIFY_TIMES` is set (to see which task is the check's critical path).
final class VerifyTimings: @unchecked Sendable {
    private let lock = NSLock()
    private let began = DispatchTime.now().uptimeNanoseconds
    private var lines: [(start: Double, text: String)] = []
    let isOn = !(ProcessInfo.processInfo.environment["CASEDESK_VERIFY_TIMES"] ?? "").isEmpty

    /// Seconds since the check began.
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9 }

    func record(_ name: String, worker: Int, from start: Double) {
        guard isOn else { return }
        let end = now()
        let text = "verify: worker \(worker) \(Self.seconds(start))–\(Self.seconds(end)) s: \(name) (\(Self.seconds(end - start)) s)"
        lock.withLock { lines.append((start, text)) }
    }

    func print() {
        guard isOn else { return }
        let text = lines.sorted { $0.start < $1.start }.map(\.text).joined(separator: "\n")
        FileHandle.standardError.write(Data((text + "\nverify: tasks done after \(Self.seconds(now())) s\n").utf8))
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.1f", value) }
}
