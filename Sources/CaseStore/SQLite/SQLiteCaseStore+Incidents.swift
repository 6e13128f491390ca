import CaseDesk
import Foundation
import GRDB

/// Incidents on SQLite (migration 13): the queries the write pipeline's incident rules ask, and
/// the store's incident commands, each one transaction.
extension SQLiteTransaction {
    func addAbuseDomains(_ number: CaseNumber, _ domains: [String]) throws {
        let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO abuse_domains (domain, case_id) VALUES (?, ?)")
        for domain in domains { try statement.execute(arguments: [domain, number]) }
    }

    func reportsNaming(_ domains: [String], except number: CaseNumber) throws -> [IncidentCandidate] {
        // Open abuse reports, and reports of an incident that still has an open report; incidents
        // first (lowest number), then single reports (lowest number).
        let statement = try db.cachedStatement(sql: """
            SELECT c.id, c.incident FROM abuse_domains d JOIN cases c ON c.id = d.case_id
            WHERE d.domain = ? AND c.id != ? AND c.kind = 'abuse'
              AND (c.tier < 3 OR (c.incident IS NOT NULL AND EXISTS (
                   SELECT 1 FROM cases o WHERE o.incident = c.incident AND o.tier < 3)))
            ORDER BY c.incident IS NULL, c.incident, c.id
            """)
        var found: [IncidentCandidate] = []
        for domain in domains {
            let rows = try Row.fetchAll(statement, arguments: [domain, number])
            found += rows.map { IncidentCandidate(number: $0[0], incident: $0[1], domain: domain) }
        }
        return found
    }

    func newIncidentNumber(openedMs: Int64) throws -> IncidentNumber {
        let number = (try IncidentNumber.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM incidents")) ?? 0) + 1
        try db.cachedStatement(sql: "INSERT INTO incidents (id, opened_ms) VALUES (?, ?)").execute(arguments: [number, openedMs])
        return number
    }

    func incidentMembers(_ incident: IncidentNumber) throws -> [CaseNumber] {
        try CaseNumber.fetchAll(db.cachedStatement(sql: "SELECT id FROM cases WHERE incident = ? ORDER BY id"), arguments: [incident])
    }

    func inSavepoint(_ body: () throws -> Void) throws {
        try db.inSavepoint {
            try body()
            return .commit
        }
    }
}

extension SQLiteCaseStore {
    public func link(_ numbers: [CaseNumber], reason: String?, by actor: Actor, at now: Date) throws(StoreError) -> LinkOutcome {
        let now = Millis.truncate(now)
        return try write { db in try pipeline(db).link(numbers, reason: reason, by: actor, at: now) }
    }

    public func recordEach(_ change: Change, on numbers: [CaseNumber], by actor: Actor, at now: Date) throws(StoreError) -> BatchOutcome {
        let now = Millis.truncate(now)
        return try write { db in try pipeline(db).recordEach(change, on: numbers, by: actor, at: now) }
    }

    public func recordOnIncident(_ change: Change, incident: IncidentNumber, by actor: Actor, at now: Date) throws(StoreError) -> BatchOutcome {
        let now = Millis.truncate(now)
        return try write { db in
            let pipeline = try pipeline(db)
            let members = try pipeline.transaction.incidentMembers(incident)
            if members.isEmpty { throw StoreError.noSuchIncident(incident) }
            return try pipeline.recordEach(change, on: members, by: actor, at: now)
        }
    }

    public func incidentReports(_ incident: IncidentNumber) throws(StoreError) -> [CaseNumber] {
        try read { db in try SQLiteTransaction(db: db).incidentMembers(incident) }
    }

    /// Lists in `abuse_domains` the domains of the abuse reports numbered above `after` (up to
    /// `through`): the reports a store held before migration 13, or a demo load wrote without the pipeline.
    static func indexAbuseDomains(_ db: Database, after: CaseNumber, through: CaseNumber = .max) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, domains FROM cases WHERE kind = 'abuse' AND id > ? AND id <= ? AND domains != ''
            """, arguments: [after, through])
        let transaction = SQLiteTransaction(db: db)
        while let row = try rows.next() {
            let domains: String = row[1]
            try transaction.addAbuseDomains(row[0], CaseProjection.domainNames(domains))
        }
    }
}
