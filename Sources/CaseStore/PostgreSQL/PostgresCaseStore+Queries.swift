import CaseDesk
import Foundation

/// The queue, search, single cases and exports on PostgreSQL.
extension PostgresCaseStore {
    static let rowColumns = CaseProjection.columns.joined(separator: ", ")

    public func caseState(_ number: CaseNumber) throws(StoreError) -> CaseState {
        let events = try self.events(of: number)
        do {
            return try CaseState.fold(events)
        } catch {
            throw .noSuchCase(number)
        }
    }

    public func events(of number: CaseNumber) throws(StoreError) -> [Event] {
        let events = try read { connection in
            try PostgresTransaction(connection: connection).storedTrail(of: number).map { try $0.event() }
        }
        if events.isEmpty { throw .noSuchCase(number) }
        return events
    }

    public func queue(_ query: QueueQuery, page: PageRequest, now: Date) throws(StoreError) -> [QueueRow] {
        try read { connection in
            var filter = try self.filter(connection, query, now: now)
            let keys = query.order.keyColumns
            var order = keys.joined(separator: ", ")
            let descending = keys.map { $0 + " DESC" }.joined(separator: ", ")
            var reverse = false
            var suffix = "LIMIT \(max(0, page.limit))"
            func keyset(_ comparison: String, _ position: QueuePosition) {
                let values = Self.orderValues(position, query.order)
                let marks = values.map { filter.mark($0) }
                filter.conditions.append("(\(keys.joined(separator: ", "))) \(comparison) (\(marks.joined(separator: ", ")))")
            }
            switch page {
            case .first:
                break
            case .last:
                order = descending
                reverse = true
            case let .after(position, _):
                keyset(">", position)
            case let .before(position, _):
                keyset("<", position)
                order = descending
                reverse = true
            case let .offset(offset, _):
                suffix += " OFFSET \(max(0, offset))"
            }
            let sql = "SELECT \(Self.rowColumns), customer_key FROM cases \(filter.whereClause) ORDER BY \(order) \(suffix)"
            let rows = try connection.execute(sql, filter.values).rows.map { row in
                var queueRow = Self.projection(row).queueRow
                // Names are compared as the store lower-cases them, which is not quite Swift's.
                queueRow.position.customerKey = row.text("customer_key") ?? ""
                return queueRow
            }
            return try countIncidentReports(connection, reverse ? rows.reversed() : rows, query, now: now)
        }
    }

    /// On a queue with incidents collapsed: how many of each shown incident's reports the filter finds.
    func countIncidentReports(_ connection: PostgresConnection, _ rows: [QueueRow], _ query: QueueQuery, now: Date) throws -> [QueueRow] {
        guard query.collapseIncidents, rows.contains(where: { $0.incident != nil }) else { return rows }
        var plain = query
        plain.collapseIncidents = false
        var filter = try self.filter(connection, plain, now: now)
        let mark = filter.mark(.integer(0))
        let sql = "SELECT count(*) FROM cases WHERE " + (["incident = \(mark)"] + filter.conditions).joined(separator: " AND ")
        return try rows.map { row in
            guard let incident = row.incident else { return row }
            var values = filter.values
            values[values.count - 1] = .integer(incident)
            var counted = row
            counted.incidentReports = Int(try connection.execute(sql, values).first?.integer(0) ?? 0)
            return counted
        }
    }

    static func orderValues(_ position: QueuePosition, _ order: QueueQuery.Order) -> [PostgresValue] {
        switch order {
        case .deadline: [.integer(Int64(position.tier)), .integer(position.sortKey), .integer(position.number)]
        case .received: [.integer(position.received), .integer(position.number)]
        case .customer: [.text(position.customerKey), .integer(position.number)]
        case .assignee: [.text(position.assigneeKey), .integer(Int64(position.tier)), .integer(position.sortKey), .integer(position.number)]
        case .kind: [.text(position.kind), .integer(Int64(position.tier)), .integer(position.sortKey), .integer(position.number)]
        }
    }

    public func search(_ text: String, scope: QueueQuery.Scope, limit: Int) throws(StoreError) -> [QueueRow] {
        guard let query = PostgresSearch.query(text) else { return [] }
        return try read { connection in
            var conditions = ["t.words @@ \(PostgresSearch.querySQL("$1"))"]
            switch scope {
            case .open: conditions.append("c.tier < 3")
            case .closed: conditions.append("c.tier = 3")
            case .all: break
            }
            let columns = CaseProjection.columns.map { "c." + $0 }.joined(separator: ", ")
            return try connection.execute("""
                SELECT \(columns) FROM case_text t JOIN cases c ON c.id = t.id
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY t.id DESC LIMIT $2
                """, [.text(query), .integer(Int64(max(0, limit)))]).rows.map { Self.projection($0).queueRow }
        }
    }

    public func rows(_ numbers: [CaseNumber]) throws(StoreError) -> [QueueRow] {
        guard !numbers.isEmpty else { return [] }
        return try read { connection in
            let rows = try connection.execute("SELECT \(Self.rowColumns) FROM cases WHERE id = ANY($1::bigint[])",
                                              [.text("{" + numbers.map(String.init).joined(separator: ",") + "}")]).rows.map { Self.projection($0).queueRow }
            let byNumber = Dictionary(uniqueKeysWithValues: rows.map { ($0.number, $0) })
            return numbers.compactMap { byNumber[$0] }
        }
    }

    public func changeFeed() throws(StoreError) -> ChangeFeed {
        let feed = try PostgresChangeFeed(store: self)
        _ = try feed.poll()
        return feed
    }

    /// The server process of this store's own connection: its writes are not news to it.
    func ownBackendPID() throws(StoreError) -> Int32 {
        try withConnection { connection in connection.backendPID }
    }

    public func exportEvents(recordedFrom: Date?, to: Date?, _ body: ([Event]) throws -> Void) throws(StoreError) {
        var after: (Int64, CaseNumber, Int64) = (recordedFrom.map(Millis.from).map { $0 - 1 } ?? Int64.min, .max, .max)
        let until = to.map(Millis.from) ?? Int64.max
        var unreadable: [String] = []
        while true {
            let rows = try read { connection in
                try connection.execute("""
                    SELECT \(PostgresTransaction.storedEventColumns) FROM events
                    WHERE (recorded_ms, case_id, seq) > ($1, $2, $3) AND recorded_ms < $4
                    ORDER BY recorded_ms, case_id, seq LIMIT 5000
                    """, [.integer(after.0), .integer(after.1), .integer(min(after.2, Int64(Int32.max))), .integer(until)]).rows
                    .map(PostgresTransaction.storedEvent)
            }
            guard let last = rows.last else { break }
            var batch: [Event] = []
            for stored in rows {
                if let event = try? stored.event() {
                    batch.append(event)
                } else {
                    unreadable.append("case \(stored.caseNumber) event \(stored.sequence)")
                }
            }
            try passOn(batch, to: body)
            after = (last.recordedMs, last.caseNumber, Int64(last.sequence))
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
        let columns = CaseProjection.columns.map { "c." + $0 }
        while true {
            let batch = try read { connection in
                try connection.execute("""
                    SELECT \((columns + clockColumns).joined(separator: ", ")) FROM cases c LEFT JOIN case_figures f ON f.id = c.id
                    WHERE c.id > $1 AND c.received_ms >= $2 AND c.received_ms < $3 ORDER BY c.id LIMIT 2000
                    """, [.integer(after), .integer(from), .integer(until)]).rows.map { row in
                    var clocks: [Clock.Kind: CaseExport.Outcome] = [:]
                    for (index, kind) in CaseFigures.clockKinds.enumerated() {
                        let at = columns.count + 2 * index
                        if let code = row.integer(at).flatMap(CaseFigures.ClockState.init(rawValue:)) {
                            let due = row.integer(at + 1).map(Millis.date)
                            clocks[kind] = code == .running ? .running(due: due ?? .distantFuture) : .settled(code.name)
                        }
                    }
                    return CaseExport(row: Self.projection(row).queueRow, clocks: clocks)
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

    /// A `cases` row read by position, its columns in `CaseProjection.columns` order.
    static func projection(_ row: PostgresRow) -> CaseProjection {
        CaseProjection(
            number: row.integer(0) ?? 0,
            kind: row.text(1).flatMap(CaseKind.init(rawValue:)) ?? .complaint,
            channel: row.text(2).flatMap(Channel.init(rawValue:)) ?? .email,
            stage: row.text(3).flatMap(Stage.init(rawValue:)) ?? .supervisor,
            isOpen: row.integer(4) == 1,
            received: row.integer(5) ?? 0,
            customer: row.text(6) ?? "",
            subject: row.text(7) ?? "",
            domains: row.text(8) ?? "",
            category: row.text(9).flatMap(AbuseCategory.init(rawValue:)),
            assignee: row.text(10),
            tier: Int(row.integer(11) ?? 0),
            sortKey: row.integer(12) ?? 0,
            nextClock: row.text(13).flatMap(Clock.Kind.init(rawValue:)),
            nextDue: row.integer(14),
            windowEnd: row.integer(15),
            closeReason: row.text(16).flatMap(CloseReason.init(rawValue:)),
            closed: row.integer(17),
            version: Int(row.integer(18) ?? 0),
            updated: row.integer(19) ?? 0,
            updatedBy: row.text(20) ?? "",
            incident: row.integer(21),
            reporterClass: row.text(22).flatMap(ReporterClass.init(rawValue:)))
    }

    /// A queue filter's conditions and their parameters ($1, $2, … in order).
    struct Filter {
        var conditions: [String] = []
        var values: [PostgresValue?] = []

        /// The next parameter's placeholder, holding `value`.
        mutating func mark(_ value: PostgresValue) -> String {
            values.append(value)
            return "$\(values.count)"
        }

        var whereClause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
    }

    func filter(_ connection: PostgresConnection, _ query: QueueQuery, now: Date) throws -> Filter {
        var filter = Filter()
        switch query.scope {
        case .open: filter.conditions.append("tier < 3")
        case .closed: filter.conditions.append("tier = 3")
        case .all: break
        }
        if let kind = query.kind { filter.conditions.append("kind = \(filter.mark(.text(kind.rawValue)))") }
        if let stage = query.stage { filter.conditions.append("stage = \(filter.mark(.text(stage.rawValue)))") }
        if query.unassigned {
            filter.conditions.append("assignee IS NULL")
        } else if let assignee = query.assignee {
            filter.conditions.append("assignee = \(filter.mark(.text(assignee)))")
        }
        let procedure = try procedure(connection)
        for (column, name, list) in [("team", query.team, procedure.policy.feedbackTeams),
                                     ("complaint_type", query.complaintType, procedure.policy.complaintTypes)] {
            guard let name else { continue }
            let code = CaseFigures.code(name, in: list)
            filter.conditions.append("id IN (SELECT id FROM case_figures WHERE \(column) = \(filter.mark(.integer(code))))")
        }
        if let range = query.dueRange(now: now, calendar: procedure.calendar) {
            filter.conditions.append("tier = 0")
            if let from = range.from { filter.conditions.append("sort_key >= \(filter.mark(.integer(from)))") }
            filter.conditions.append("sort_key <= \(filter.mark(.integer(range.until)))")
        }
        if let category = query.category { filter.conditions.append("category = \(filter.mark(.text(category.rawValue)))") }
        if let reporterClass = query.reporterClass {
            filter.conditions.append("reporter_class = \(filter.mark(.text(reporterClass.rawValue)))")
        }
        if let incident = query.incident { filter.conditions.append("incident = \(filter.mark(.integer(incident)))") }
        if query.collapseIncidents {
            // An incident's row is its report that comes first in deadline order among those the
            // filter finds (the same conditions, on the incident's reports: `o`; bare names are its;
            // the same parameters serve both).
            let inner = filter.conditions.map { " AND " + $0 }.joined()
            filter.conditions.append("(incident IS NULL OR id = (SELECT o.id FROM cases o "
                + "WHERE o.incident = cases.incident\(inner) ORDER BY o.tier, o.sort_key, o.id LIMIT 1))")
        }
        return filter
    }
}

/// Listens on its own connection for the store's notifications (`pg_notify` in every write
/// transaction, delivered at commit): a write of another connection is news, this store's own is
/// not. A lost connection is made again; what happened meanwhile is unknown, so the next poll
/// says "changed" and the screen reads again.
final class PostgresChangeFeed: ChangeFeed {
    static let channel = "casedesk_changes"
    private let store: PostgresCaseStore
    private let listener: PostgresConnection

    init(store: PostgresCaseStore) throws(StoreError) {
        self.store = store
        listener = try PostgresConnection(store.address)
        do {
            try listener.execute("LISTEN \(Self.channel)")
        } catch {
            throw .unavailable("cannot listen for changes on \(store.address): \(error.message)")
        }
    }

    func poll() throws(StoreError) -> Bool {
        let own = try store.ownBackendPID()
        do {
            return try listener.notifications().contains { $0.pid != own }
        } catch {
            guard listener.reset() else { throw .unavailable("lost the connection to \(store.address) and cannot make it again") }
            do {
                try listener.execute("LISTEN \(Self.channel)")
            } catch {
                throw .unavailable("cannot listen for changes on \(store.address): \(error.message)")
            }
            // The store's own connection most likely went with it: made again now, so the screen's
            // reads that follow find it working and the outage is reported once.
            _ = try? store.read { connection in try connection.execute("SELECT 1") }
            store.reconnected.store(true, ordering: .relaxed)
            return true
        }
    }

    /// The listener's connection or the store's was made again since the last time asked.
    func takeReconnection() -> Bool {
        store.reconnected.exchange(false, ordering: .relaxed)
    }
}
