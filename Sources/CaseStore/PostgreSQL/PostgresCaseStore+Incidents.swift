import CaseDesk
import Foundation

/// Incidents on PostgreSQL (migration 2): the queries the write pipeline's incident rules ask, and
/// the store's incident commands, each one transaction — the same as SQLite's, in PostgreSQL's SQL.
extension PostgresTransaction {
    func addAbuseDomains(_ number: CaseNumber, _ domains: [String]) throws {
        for domain in domains {
            try connection.execute("INSERT INTO abuse_domains (domain, case_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                                   [.text(domain), .integer(number)])
        }
    }

    func reportsNaming(_ domains: [String], except number: CaseNumber) throws -> [IncidentCandidate] {
        // Open abuse reports, and reports of an incident that still has an open report; incidents
        // first (lowest number), then single reports (lowest number).
        var found: [IncidentCandidate] = []
        for domain in domains {
            let rows = try connection.execute("""
                SELECT c.id, c.incident FROM abuse_domains d JOIN cases c ON c.id = d.case_id
                WHERE d.domain = $1 AND c.id <> $2 AND c.kind = 'abuse'
                  AND (c.tier < 3 OR (c.incident IS NOT NULL AND EXISTS (
                       SELECT 1 FROM cases o WHERE o.incident = c.incident AND o.tier < 3)))
                ORDER BY c.incident IS NULL, c.incident, c.id
                """, [.text(domain), .integer(number)]).rows
            found += rows.map { IncidentCandidate(number: $0.integer(0) ?? 0, incident: $0.integer(1), domain: domain) }
        }
        return found
    }

    func newIncidentNumber(openedMs: Int64) throws -> IncidentNumber {
        let number = (try connection.execute("SELECT coalesce(max(id), 0) FROM incidents").first?.integer(0) ?? 0) + 1
        try connection.execute("INSERT INTO incidents (id, opened_ms) VALUES ($1, $2)", [.integer(number), .integer(openedMs)])
        return number
    }

    func incidentMembers(_ incident: IncidentNumber) throws -> [CaseNumber] {
        try connection.execute("SELECT id FROM cases WHERE incident = $1 ORDER BY id", [.integer(incident)]).rows.compactMap { $0.integer(0) }
    }

    /// A savepoint inside the write transaction: released when `body` returns, rolled back to
    /// (and released) when it throws, so the transaction goes on without what `body` wrote.
    func inSavepoint(_ body: () throws -> Void) throws {
        try connection.execute("SAVEPOINT casedesk_attempt")
        do {
            try body()
        } catch {
            try connection.execute("ROLLBACK TO SAVEPOINT casedesk_attempt")
            try connection.execute("RELEASE SAVEPOINT casedesk_attempt")
            throw error
        }
        try connection.execute("RELEASE SAVEPOINT casedesk_attempt")
    }
}

extension PostgresCaseStore {
    public func link(_ numbers: [CaseNumber], reason: String?, by actor: Actor, at now: Date) throws(StoreError) -> LinkOutcome {
        let actor = try acting(actor)
        let now = Millis.truncate(now)
        return try write { transaction in try pipeline(transaction).link(numbers, reason: reason, by: actor, at: now) }
    }

    public func recordEach(_ change: Change, on numbers: [CaseNumber], by actor: Actor, at now: Date) throws(StoreError) -> BatchOutcome {
        let actor = try acting(actor)
        let now = Millis.truncate(now)
        return try write { transaction in try pipeline(transaction).recordEach(change, on: numbers, by: actor, at: now) }
    }

    public func recordOnIncident(_ change: Change, incident: IncidentNumber, by actor: Actor, at now: Date) throws(StoreError) -> BatchOutcome {
        let actor = try acting(actor)
        let now = Millis.truncate(now)
        return try write { transaction in
            let pipeline = try pipeline(transaction)
            let members = try transaction.incidentMembers(incident)
            if members.isEmpty { throw StoreError.noSuchIncident(incident) }
            return try pipeline.recordEach(change, on: members, by: actor, at: now)
        }
    }

    public func incidentReports(_ incident: IncidentNumber) throws(StoreError) -> [CaseNumber] {
        try read { connection in try PostgresTransaction(connection: connection).incidentMembers(incident) }
    }
}
