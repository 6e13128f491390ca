import CaseDesk
import Foundation
import GRDB

extension SQLiteCaseStore {
    static let rowColumns = CaseProjection.columns.joined(separator: ", ")
    /// The same, as columns of `cases c` in a join.
    static let joinedRowColumns = CaseProjection.columns.map { "c." + $0 }

    public func caseState(_ number: CaseNumber) throws(StoreError) -> CaseState {
        let events = try self.events(of: number)
        do {
            return try CaseState.fold(events)
        } catch {
            throw .noSuchCase(number)
        }
    }

    public func events(of number: CaseNumber) throws(StoreError) -> [Event] {
        let events = try read { db in try loadEvents(db, number) }
        if events.isEmpty { throw .noSuchCase(number) }
        return events
    }

    public func queue(_ query: QueueQuery, page: PageRequest, now: Date) throws(StoreError) -> [QueueRow] {
        try read { db in
            let plan = SQLiteCaseStore.queuePlan(for: query)
            // A team's or complaint type's cases, read once for every arm (each would read them again).
            let picked = plan.arms.count > 1 ? try figuresPick(db, query) : nil
            var (conditions, arguments) = try filter(db, query, now: now, pickedAs: picked.map { _ in "picked" })
            let keys = query.order.keyColumns
            var order = keys.joined(separator: ", ")
            let descending = keys.map { $0 + " DESC" }.joined(separator: ", ")
            var reverse = false
            var suffix = "LIMIT \(max(0, page.limit))"
            // The page starts after (or before) this position: a condition on each arm.
            var start: (position: QueuePosition, after: Bool)?
            switch page {
            case .first:
                break
            case .last:
                order = descending
                reverse = true
            case let .after(position, _):
                start = (position, true)
            case let .before(position, _):
                // An open queue's `tier < 3` follows from an open position; left in, SQLite takes it as the
                // descending scan's start instead of the position, and reads every later row first.
                if query.order == .deadline, query.scope == .open, position.tier < 3, conditions.first == "tier < 3" {
                    conditions.removeFirst()
                }
                start = (position, false)
                order = descending
                reverse = true
            case let .offset(offset, _):
                suffix += " OFFSET \(max(0, offset))"
            }
            // Each arm's conditions and arguments; an arm wholly before the page's start is left out.
            let arms = (plan.arms.isEmpty ? [QueuePlan.Arm(kind: query.kind)] : plan.arms).compactMap { arm -> (String, [DatabaseValueConvertible?])? in
                var armConditions = conditions + arm.conditions
                var armArguments = arguments + arm.arguments
                if let start {
                    guard let (condition, values) = SQLiteCaseStore.startCondition(start.position, after: start.after, query.order, kind: arm.kind) else {
                        return nil
                    }
                    armConditions += condition
                    armArguments += values
                }
                return (whereClause(armConditions), armArguments)
            }
            var sql = picked.map { "WITH picked(id) AS MATERIALIZED (\($0.sql)) " } ?? ""
            switch arms.count {
            case 0:
                return []
            case 1:
                sql += "SELECT \(SQLiteCaseStore.rowColumns), customer_key FROM cases INDEXED BY \(plan.index) "
                    + "\(arms[0].0) ORDER BY \(order) \(suffix)"
            default:
                // Each arm reads its range of the index in order, keys only; SQLite merges them
                // (a compound SELECT's ORDER BY), stops at the page's end, and only the page's
                // rows are read from the table.
                let selects = arms.map { "SELECT \(keys.joined(separator: ", ")) FROM cases INDEXED BY \(plan.index) \($0.0)" }
                let outer = keys.map { "p." + $0 + (reverse ? " DESC" : "") }.joined(separator: ", ")
                sql += "SELECT \(SQLiteCaseStore.joinedRowColumns.joined(separator: ", ")), c.customer_key FROM ("
                    + selects.joined(separator: " UNION ALL ") + " ORDER BY \(order) \(suffix)) p CROSS JOIN cases c ON c.id = p.id ORDER BY \(outer)"
            }
            let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments((picked?.arguments ?? []) + arms.flatMap(\.1))).map { row in
                var queueRow = queueRow(row)
                // Names are compared as the store lower-cases them, which is not quite Swift's.
                queueRow.position.customerKey = row["customer_key"]
                return queueRow
            }
            return try countIncidentReports(db, reverse ? rows.reversed() : rows, query, now: now)
        }
    }

    /// The condition of a page starting after (or before) `position`, on an arm of cases of `kind`
    /// (nil: of any kind); nil when the arm holds none. The kind order, in an arm of one kind,
    /// compares the kind here and leaves the rest a range of the index, whose columns after the
    /// kind are the stage's: `(kind, tier, sort_key, id) > …` would be checked on every entry.
    static func startCondition(_ position: QueuePosition, after: Bool, _ order: QueueQuery.Order,
                               kind: CaseKind?) -> ([String], [DatabaseValueConvertible?])? {
        let comparison = after ? ">" : "<"
        guard order == .kind, let kind else {
            let keys = order.keyColumns
            return (["(\(keys.joined(separator: ", "))) \(comparison) (\(keys.map { _ in "?" }.joined(separator: ", ")))"],
                    orderValues(position, order))
        }
        if kind.rawValue == position.kind {
            return (["(tier, sort_key, id) \(comparison) (?, ?, ?)"], [position.tier, position.sortKey, position.number])
        }
        // Kinds compare as SQLite compares their names (bytes; the names are ASCII).
        return (kind.rawValue > position.kind) == after ? ([], []) : nil
    }

    static func orderValues(_ position: QueuePosition, _ order: QueueQuery.Order) -> [DatabaseValueConvertible?] {
        switch order {
        case .deadline: [position.tier, position.sortKey, position.number]
        case .received: [position.received, position.number]
        case .customer: [position.customerKey, position.number]
        case .assignee: [position.assigneeKey, position.tier, position.sortKey, position.number]
        case .kind: [position.kind, position.tier, position.sortKey, position.number]
        }
    }

    public func search(_ text: String, scope: QueueQuery.Scope, limit: Int) throws(StoreError) -> [QueueRow] {
        guard SearchQuery.typed(text) != nil else { return [] }
        return try read { db in
            guard let match = try SearchPrefix.match(db, text) else { return [] }
            var conditions = ["case_text MATCH ?"]
            switch scope {
            case .open: conditions.append("c.tier < 3")
            case .closed: conditions.append("c.tier = 3")
            case .all: break
            }
            let columns = SQLiteCaseStore.joinedRowColumns.joined(separator: ", ")
            let sql = """
                SELECT \(columns) FROM case_text JOIN cases c ON c.id = case_text.rowid
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY case_text.rowid DESC LIMIT ?
                """
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [match, limit]).map(queueRow)
        }
    }

    public func rows(_ numbers: [CaseNumber]) throws(StoreError) -> [QueueRow] {
        guard !numbers.isEmpty else { return [] }
        let sorted = Array(Set(numbers)).sorted()
        // Many cases (a shift's at ten million cases: tens of thousands, each on a page of its own)
        // are read in two halves at once, one per core.
        var byNumber: [CaseNumber: QueueRow]
        if sorted.count >= 2_000 {
            let middle = sorted.count / 2
            let (lower, upper) = try Handoff.both({ () throws(StoreError) in try rows(sorted: sorted[..<middle]) },
                                                  { [self] () throws(StoreError) in try rows(sorted: sorted[middle...]) })
            byNumber = lower.merging(upper) { first, _ in first }
        } else {
            byNumber = try rows(sorted: sorted[...])
        }
        return numbers.compactMap { byNumber[$0] }
    }

    /// The rows of the cases numbered in `sorted` (ascending, no repeats), a chunk per statement
    /// (SQLite takes at most 32,766 parameters).
    private func rows(sorted: ArraySlice<CaseNumber>) throws(StoreError) -> [CaseNumber: QueueRow] {
        try read { db in
            var byNumber: [CaseNumber: QueueRow] = [:]
            byNumber.reserveCapacity(sorted.count)
            for start in stride(from: sorted.startIndex, to: sorted.endIndex, by: 1000) {
                let chunk = sorted[start..<min(start + 1000, sorted.endIndex)]
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT \(SQLiteCaseStore.rowColumns) FROM cases WHERE id IN (\(marks))"),
                                               arguments: StatementArguments(Array(chunk)))
                while let row = try rows.next() {
                    let queueRow = queueRow(row)
                    byNumber[queueRow.number] = queueRow
                }
            }
            return byNumber
        }
    }

    public func changeFeed() throws(StoreError) -> ChangeFeed {
        let feed = SQLiteChangeFeed(pool: pool, path: location)
        _ = try feed.poll()
        return feed
    }

    public func exportEvents(recordedFrom: Date?, to: Date?, _ body: ([Event]) throws -> Void) throws(StoreError) {
        var after: (Int64, CaseNumber, Int) = (recordedFrom.map(Millis.from).map { $0 - 1 } ?? Int64.min, .max, .max)
        let until = to.map(Millis.from) ?? Int64.max
        // An event that cannot be read is named at the end: the others are all exported first.
        var unreadable: [String] = []
        while true {
            let rows = try read { db in
                try Row.fetchAll(db, sql: """
                    SELECT case_id, seq, recorded_ms, actor, via, data FROM events
                    WHERE (recorded_ms, case_id, seq) > (?, ?, ?) AND recorded_ms < ?
                    ORDER BY recorded_ms, case_id, seq LIMIT 5000
                    """, arguments: [after.0, after.1, after.2, until])
            }
            guard let last = rows.last else { break }
            var batch: [Event] = []
            for row in rows {
                if let event = try? SQLiteCaseStore.event(row) {
                    batch.append(event)
                } else {
                    unreadable.append("case \(row["case_id"] as CaseNumber) event \(row["seq"] as Int)")
                }
            }
            try passOn(batch, to: body)
            after = (last["recorded_ms"], last["case_id"], last["seq"])
        }
        if !unreadable.isEmpty {
            throw .unavailable("\(unreadable.count) event(s) cannot be read and were left out (\(unreadable.prefix(5).joined(separator: ", "))\(unreadable.count > 5 ? ", …" : "")); run casedesk verify")
        }
    }

    public func exportCases(receivedFrom: Date?, to: Date?, _ body: ([CaseExport]) throws -> Void) throws(StoreError) {
        var after: CaseNumber = 0
        let from = receivedFrom.map(Millis.from) ?? Int64.min
        let until = to.map(Millis.from) ?? Int64.max
        let clockColumns = CaseFigures.clockKinds.flatMap { kind in
            let name = "f.\(kind.rawValue.replacingOccurrences(of: "-", with: "_"))"
            return [name + "_state", name + "_due"]
        }
        let columns = SQLiteCaseStore.joinedRowColumns
        while true {
            let batch = try read { db in
                try Row.fetchAll(db, sql: """
                    SELECT \((columns + clockColumns).joined(separator: ", ")) FROM cases c LEFT JOIN case_figures f ON f.id = c.id
                    WHERE c.id > ? AND c.received_ms >= ? AND c.received_ms < ? ORDER BY c.id LIMIT 2000
                    """, arguments: [after, from, until]).map { row in
                    var clocks: [Clock.Kind: CaseExport.Outcome] = [:]
                    for (index, kind) in CaseFigures.clockKinds.enumerated() {
                        let at = columns.count + 2 * index
                        if let code = (row[at] as Int64?).flatMap(CaseFigures.ClockState.init(rawValue:)) {
                            let due = (row[at + 1] as Int64?).map(Millis.date)
                            clocks[kind] = code == .running ? .running(due: due ?? .distantFuture) : .settled(code.name)
                        }
                    }
                    return CaseExport(row: queueRow(row), clocks: clocks)
                }
            }
            guard let last = batch.last else { return }
            try passOn(batch, to: body)
            after = last.row.number
        }
    }

    private func passOn<T>(_ batch: [T], to body: ([T]) throws -> Void) throws(StoreError) {
        do {
            try body(batch)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .unavailable("\(error)")
        }
    }

    static func event(_ row: Row) throws -> Event {
        let number: CaseNumber = row["case_id"]
        let sequence: Int = row["seq"]
        return Event(caseNumber: number, sequence: sequence, recorded: Millis.date(row["recorded_ms"]), actor: row["actor"],
                     via: row["via"], change: try EventCoding.decode(row["data"], case: number, sequence: sequence))
    }

    private func whereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }

    /// How a queue page reads the cases: a range of `index`, or one range of it per kind and stage
    /// the filter leaves open (`arms`), merged in order. The index is named, not left to the
    /// planner: without statistics SQLite may pick an index that has every row of a rare kind or
    /// stage read. The deadline order has an index of its own for kind and stage, assignee with
    /// kind and stage, and a reporter class; the whole queue, a kind or a stage alone, or an
    /// assignee without both reads the index of kind and stage (or of assignee, kind and stage) up
    /// to twelve times, a short range each, in place of an index each (migrations 18 and 19
    /// dropped them).
    struct QueuePlan {
        struct Arm {
            /// The kind of every case in the arm, when one is.
            var kind: CaseKind?
            var conditions: [String] = []
            var arguments: [DatabaseValueConvertible?] = []
        }

        var index: String
        var arms: [Arm] = []
    }

    /// The plan of `query`'s pages (the kind order is read like a kind filter, every kind at once).
    static func queuePlan(for query: QueueQuery) -> QueuePlan {
        // Another order reads its own index in order; the filters are checked on that index's other columns.
        switch query.order {
        case .received: return QueuePlan(index: "cases_received")
        case .customer: return QueuePlan(index: "cases_customer")
        case .assignee: return QueuePlan(index: "cases_assignee_order")
        case .deadline, .kind: break
        }
        let person = query.unassigned || query.assignee != nil
        // A reporter class picks out abuse reports only, fewer than any kind or stage does.
        if query.order == .deadline, query.reporterClass != nil, query.stage == nil, !person {
            return QueuePlan(index: "cases_reporter_class")
        }
        // An arm per kind the filter allows: a category, a reporter class or an incident is an abuse
        // report's, a complaint type a complaint's, a team feedback's (the procedure holds them so).
        // An arm whose kind the other conditions exclude would be read to its end for nothing.
        var kinds: [CaseKind?] = CaseKind.allCases
        if query.kind != nil {
            kinds = [nil]
        } else if query.category != nil || query.reporterClass != nil || query.incident != nil {
            kinds = [.abuse]
        } else if query.complaintType != nil {
            kinds = [.complaint]
        } else if query.team != nil {
            kinds = [.feedback]
        }
        let stages: [Stage?] = query.stage != nil ? [nil] : Stage.allCases
        let arms = kinds.flatMap { kind in
            stages.map { stage in
                var arm = QueuePlan.Arm(kind: kind ?? query.kind)
                if let kind {
                    arm.conditions.append("kind = ?")
                    arm.arguments.append(kind.rawValue)
                }
                if let stage {
                    arm.conditions.append("stage = ?")
                    arm.arguments.append(stage.rawValue)
                }
                return arm
            }
        }
        return QueuePlan(index: person ? "cases_assignee_kind_stage" : "cases_kind_stage", arms: arms)
    }

    /// What a filter's part-hours are counted from (a due range's hour at each end: a few cases), as
    /// `FROM` takes it: the index led by the filter's columns. The index of kind and stage (or of
    /// assignee, kind and stage) is read once per kind and stage the query leaves open (`IN`), a
    /// short range each: `cases` as a subquery SQLite folds into the count.
    static func countSource(for query: QueueQuery) -> String {
        let person = query.unassigned || query.assignee != nil
        if query.reporterClass != nil, query.stage == nil, !person { return "cases INDEXED BY cases_reporter_class" }
        let index = person ? "cases_assignee_kind_stage" : "cases_kind_stage"
        guard query.kind == nil || query.stage == nil else { return "cases INDEXED BY \(index)" }
        func list(_ names: [String]) -> String {
            let quoted: [String] = names.map { "'" + $0 + "'" }
            return "(\(quoted.joined(separator: ", ")))"
        }
        var open: [String] = []
        if query.kind == nil { open.append("kind IN \(list(CaseKind.allCases.map(\.rawValue)))") }
        if query.stage == nil { open.append("stage IN \(list(Stage.allCases.map(\.rawValue)))") }
        return "(SELECT * FROM cases INDEXED BY \(index) WHERE \(open.joined(separator: " AND "))) AS cases"
    }

    /// The whole queue's, which the header's counts read with every frame: made once.
    static let wholeQueueCountSource = countSource(for: QueueQuery())

    /// The cases of the query's team or complaint type: `SELECT id FROM case_figures WHERE …`, nil
    /// when it names neither. Teams and types are kept as codes into the policy's lists, in the
    /// statistics row.
    func figuresPick(_ db: Database, _ query: QueueQuery) throws -> (sql: String, arguments: [DatabaseValueConvertible?])? {
        let policy = try procedure(db).policy
        let named = [("team", query.team, policy.feedbackTeams), ("complaint_type", query.complaintType, policy.complaintTypes)]
            .compactMap { column, name, list in name.map { (column, CaseFigures.code($0, in: list)) } }
        guard !named.isEmpty else { return nil }
        return ("SELECT id FROM case_figures WHERE " + named.map { "\($0.0) = ?" }.joined(separator: " AND "), named.map(\.1))
    }

    /// The query's conditions on `cases`; `pickedAs`: the name the statement gives `figuresPick`'s
    /// cases (a WITH clause of its own), instead of the subquery in place.
    func filter(_ db: Database, _ query: QueueQuery, now: Date, pickedAs: String? = nil) throws -> ([String], [DatabaseValueConvertible?]) {
        var conditions: [String] = []
        var arguments: [DatabaseValueConvertible?] = []
        switch query.scope {
        case .open: conditions.append("tier < 3")
        case .closed: conditions.append("tier = 3")
        case .all: break
        }
        if let kind = query.kind {
            conditions.append("kind = ?")
            arguments.append(kind.rawValue)
        }
        if let stage = query.stage {
            conditions.append("stage = ?")
            arguments.append(stage.rawValue)
        }
        if query.unassigned {
            conditions.append("assignee IS NULL")
        } else if let assignee = query.assignee {
            conditions.append("assignee = ?")
            arguments.append(assignee)
        }
        if let pickedAs {
            conditions.append("id IN \(pickedAs)")
        } else if let pick = try figuresPick(db, query) {
            conditions.append("id IN (\(pick.sql))")
            arguments += pick.arguments
        }
        if let range = query.dueRange(now: now, calendar: try procedure(db).calendar) {
            // A due clock is an open case's: `tier < 3` left in beside `tier = 0`, SQLite took it as the range
            // of an index led by the assignee and read every open unassigned case (89,000 of a million) for
            // the unassigned cases due this week.
            conditions.removeAll { $0 == "tier < 3" }
            conditions.append("tier = 0")
            if let from = range.from {
                conditions.append("sort_key >= ?")
                arguments.append(from)
            }
            conditions.append("sort_key <= ?")
            arguments.append(range.until)
        }
        if let category = query.category {
            conditions.append("category = ?")
            arguments.append(category.rawValue)
        }
        if let reporterClass = query.reporterClass {
            conditions.append("reporter_class = ?")
            arguments.append(reporterClass.rawValue)
        }
        if let incident = query.incident {
            conditions.append("incident = ?")
            arguments.append(incident)
        }
        if query.collapseIncidents {
            // An incident's row is its report that comes first in deadline order among those the
            // filter finds (the same conditions, on the incident's reports: `o`; bare names are its).
            let inner = conditions.map { " AND " + $0 }.joined()
            conditions.append("(incident IS NULL OR id = (SELECT o.id FROM cases o INDEXED BY cases_incident "
                + "WHERE o.incident = cases.incident\(inner) ORDER BY o.tier, o.sort_key, o.id LIMIT 1))")
            arguments += arguments
        }
        return (conditions, arguments)
    }

    /// On a queue with incidents collapsed: how many of each shown incident's reports the filter finds.
    func countIncidentReports(_ db: Database, _ rows: [QueueRow], _ query: QueueQuery, now: Date) throws -> [QueueRow] {
        guard query.collapseIncidents, rows.contains(where: { $0.incident != nil }) else { return rows }
        var plain = query
        plain.collapseIncidents = false
        let (conditions, arguments) = try filter(db, plain, now: now)
        let sql = "SELECT count(*) FROM cases INDEXED BY cases_incident WHERE incident = ?"
            + conditions.map { " AND " + $0 }.joined()
        let statement = try db.cachedStatement(sql: sql)
        return try rows.map { row in
            guard let incident = row.incident else { return row }
            var counted = row
            counted.incidentReports = try Int.fetchOne(statement, arguments: StatementArguments([incident] + arguments))
            return counted
        }
    }

    func queueRow(_ row: Row) -> QueueRow {
        SQLiteCaseStore.projection(row).queueRow
    }
}

/// Polls `PRAGMA data_version` on the writer connection: it changes when another connection (another
/// process) commits. GRDB's observation does not see other processes' writes on this platform.
final class SQLiteChangeFeed: ChangeFeed {
    private let pool: DatabasePool
    private let path: String
    private var last: Int?

    init(pool: DatabasePool, path: String) {
        self.pool = pool
        self.path = path
    }

    func poll() throws(StoreError) -> Bool {
        let version: Int
        do {
            version = try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        } catch {
            throw SQLiteCaseStore.storeError(error, path: path)
        }
        defer { last = version }
        return last.map { $0 != version } ?? false
    }
}

/// What a person types into search, as an FTS5 query: the words split the way the index splits
/// them (letters and digits), all of them required, the last one a prefix so results follow the
/// typing — unless a space after it says the word is complete (a whole word is found faster).
enum SearchQuery {
    static func match(_ text: String) -> String? {
        guard let (words, lastIsPrefix) = typed(text) else { return nil }
        return words.enumerated().map { index, word in
            "\"" + word + "\"" + (index == words.count - 1 && lastIsPrefix ? " *" : "")
        }.joined(separator: " ")
    }

    /// The words typed, and whether the last is still being typed (no space after it); nil for none.
    /// Every backend's search reads a query this way.
    static func typed(_ text: String) -> (words: [String], lastIsPrefix: Bool)? {
        let words = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        guard !words.isEmpty else { return nil }
        return (words, !(text.last?.isWhitespace ?? false))
    }
}
