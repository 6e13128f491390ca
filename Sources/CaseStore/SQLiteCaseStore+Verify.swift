import CaseDesk
import Foundation
import GRDB

extension SQLiteCaseStore {
    public func verify() throws(StoreError) -> VerifyReport {
        try read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let procedure = try procedure(db)
            var differences: [String] = []
            var cases = 0
            var events = 0
            // Read beside the trails, both in case order: a million cases' figures never sit in memory at once.
            let figureRows = try Row.fetchCursor(db, sql: "SELECT \(CaseFigures.columns.joined(separator: ", ")) FROM case_figures ORDER BY id")
            var nextFigures = try figureRows.next().map(CaseFigures.init(row:))
            func storedFigures(_ number: CaseNumber) throws -> CaseFigures? {
                while let figures = nextFigures, figures.number < number {
                    nextFigures = try figureRows.next().map(CaseFigures.init(row:))
                }
                return nextFigures?.number == number ? nextFigures : nil
            }
            try forEachTrail(db) { number, trail, row in
                cases += 1
                events += trail.count
                guard let row else {
                    differences.append("case \(number): events without a case row")
                    return
                }
                guard !trail.isEmpty else {
                    differences.append("case \(number): a case row without events")
                    return
                }
                for (index, event) in trail.enumerated() where event.sequence != index + 1 {
                    differences.append("case \(number): event \(index + 1) is numbered \(event.sequence)")
                    return
                }
                do {
                    let state = try CaseState.fold(trail)
                    let clocks = CaseProjection.clocks(state, procedure: procedure)
                    let rebuilt = CaseProjection(state, procedure: procedure, clocks: clocks)
                    if row != rebuilt {
                        differences += row.differences(from: rebuilt).map { "case \(number): \($0)" }
                    }
                    let figures = CaseFigures(state, procedure: procedure, clocks: clocks)
                    if let stored = try storedFigures(number) {
                        if stored != figures {
                            differences += zip(CaseFigures.columns, zip(stored.values, figures.values)).filter { $0.1.0 != $0.1.1 }.map {
                                "case \(number): statistics \($0.0): stored \($0.1.0.map(String.init) ?? "null"), trail gives \($0.1.1.map(String.init) ?? "null")"
                            }
                        }
                    } else {
                        differences.append("case \(number): no statistics row")
                    }
                } catch {
                    differences.append("case \(number): the trail does not fold: \(error)")
                }
            }
            return VerifyReport(integrity: integrity, casesChecked: cases, eventsChecked: events, differences: differences)
        }
    }

    /// Rebuilds every projection row (after the policy or calendar changed the due moments).
    func reprojectAll(_ db: Database, procedure: Procedure) throws {
        try forEachTrail(db) { _, trail, _ in
            guard !trail.isEmpty else { return }
            let state = try CaseState.fold(trail)
            let clocks = CaseProjection.clocks(state, procedure: procedure)
            try saveProjection(db, CaseProjection(state, procedure: procedure, clocks: clocks))
            try saveFigures(db, CaseFigures(state, procedure: procedure, clocks: clocks))
        }
    }

    /// Walks the trail and the projection side by side in case order, one case at a time.
    private func forEachTrail(_ db: Database, _ body: (CaseNumber, [Event], CaseProjection?) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM cases ORDER BY id")
        let eventRows = try Row.fetchCursor(db, sql: "SELECT case_id, seq, recorded_ms, actor, via, data FROM events ORDER BY case_id, seq")
        var pendingRow = try rows.next().map(SQLiteCaseStore.projection)
        var pendingEvent = try eventRows.next().map(SQLiteCaseStore.event)
        while pendingRow != nil || pendingEvent != nil {
            let number = min(pendingRow?.number ?? .max, pendingEvent?.caseNumber ?? .max)
            var trail: [Event] = []
            while let event = pendingEvent, event.caseNumber == number {
                trail.append(event)
                pendingEvent = try eventRows.next().map(SQLiteCaseStore.event)
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

    static func projection(_ row: Row) -> CaseProjection {
        CaseProjection(
            number: row["id"],
            kind: CaseKind(rawValue: row["kind"]) ?? .complaint,
            channel: Channel(rawValue: row["channel"]) ?? .email,
            stage: Stage(rawValue: row["stage"]) ?? .supervisor,
            isOpen: row["is_open"],
            received: row["received_ms"],
            customer: row["customer"],
            subject: row["subject"],
            domains: row["domains"],
            category: (row["category"] as String?).flatMap(AbuseCategory.init(rawValue:)),
            assignee: row["assignee"],
            tier: row["tier"],
            sortKey: row["sort_key"],
            nextClock: (row["next_clock"] as String?).flatMap(Clock.Kind.init(rawValue:)),
            nextDue: row["next_due_ms"],
            windowEnd: row["window_end_ms"],
            closeReason: (row["close_reason"] as String?).flatMap(CloseReason.init(rawValue:)),
            closed: row["closed_ms"],
            version: row["version"],
            updated: row["updated_ms"],
            updatedBy: row["updated_by"])
    }
}

private extension CaseFigures {
    init(row: Row) {
        self.init(values: (0..<CaseFigures.columns.count).map { row[$0] as Int64? })
    }
}
