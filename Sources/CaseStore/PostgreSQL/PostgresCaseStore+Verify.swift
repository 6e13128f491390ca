import CaseDesk
import Foundation

/// `verify` on PostgreSQL: the same checks as on SQLite — the record's append-only triggers, every
/// link of the trail, every event judged again (`TrailJudge`), every projection, statistics row,
/// search entry, staff member and setting rebuilt from the trails and compared, the queue's kept
/// totals recounted — in one snapshot.
extension PostgresCaseStore {
    public func verify(seal: TrailHead?) throws(StoreError) -> VerifyReport {
        try read { connection in
            // A store moved from SQLite keeps how its oldest events were first linked (SQLite's migration 4).
            let linkedByTime = try connection.execute("SELECT value FROM meta WHERE key = 'trail_linked_by_time'").first?.text(0)
            var judge = TrailJudge(linkedByTime: linkedByTime.flatMap { Int64($0) } ?? 0)
            try checkRecordIsGuarded(connection, into: &judge)
            for sql in RowsOutsideTheTrail.queries(textTable: "case_text", textID: "id",
                                                   domainIsNamed: "d.domain = ANY(string_to_array(c.domains, ' '))") {
                for row in try connection.execute(sql).rows {
                    judge.report(RowsOutsideTheTrail.problem(table: row.text(0) ?? "", number: row.integer(1) ?? 0, domain: row.text(2) ?? ""))
                }
            }
            let deskEvents = try connection.execute("SELECT \(PostgresTransaction.deskEventColumns) FROM desk_events ORDER BY pos, id").rows
                .map(PostgresTransaction.storedDeskEvent)
            judge.replayDesk(deskEvents)
            try compareStaff(connection, with: judge.staff, into: &judge)
            if try loadSettings(connection) != judge.settings {
                judge.report("settings: the stored policy or calendar is not the one the desk trail last set")
            }
            let procedure = try procedure(connection)
            let links = try Self.checkLinks(connection, deskEvents: deskEvents, seal: seal)
            var cases = 0
            var events = 0
            var recounted = StatisticsAggregate()
            var expectedNumber: CaseNumber = 1
            var after: CaseNumber = 0
            var searchWords: [(CaseNumber, String)] = []
            while true {
                let numbers = try Self.nextCaseNumbers(connection, after: after)
                guard let last = numbers.last else { break }
                let range = [PostgresValue.integer(numbers[0]), .integer(last)]
                let rows = Dictionary(try connection.execute("SELECT \(Self.rowColumns) FROM cases WHERE id BETWEEN $1 AND $2", range).rows
                    .map { (Self.projection($0).number, Self.projection($0)) }, uniquingKeysWith: { $1 })
                let figures = Dictionary(try connection.execute("""
                    SELECT \(CaseFigures.columns.joined(separator: ", ")) FROM case_figures WHERE id BETWEEN $1 AND $2
                    """, range).rows.map { row in
                        let figures = PostgresTransaction.figures(row)
                        return (figures.number, figures)
                    }, uniquingKeysWith: { $1 })
                var trails: [CaseNumber: [StoredEvent]] = [:]
                for row in try connection.execute("""
                    SELECT \(PostgresTransaction.storedEventColumns) FROM events WHERE case_id BETWEEN $1 AND $2 ORDER BY case_id, seq
                    """, range).rows {
                    let event = PostgresTransaction.storedEvent(row)
                    trails[event.caseNumber, default: []].append(event)
                }
                for number in numbers {
                    cases += 1
                    if number != expectedNumber {
                        judge.report(number == expectedNumber + 1 ? "case \(expectedNumber) is missing: no events and no case row"
                                                                  : "cases \(expectedNumber)–\(number - 1) are missing: no events and no case rows")
                    }
                    expectedNumber = number + 1
                    let trail = trails[number] ?? []
                    events += trail.count
                    guard let row = rows[number] else {
                        judge.report("case \(number): events without a case row")
                        continue
                    }
                    guard !trail.isEmpty else {
                        judge.report("case \(number): a case row without events")
                        continue
                    }
                    if let gap = trail.enumerated().first(where: { $0.element.sequence != $0.offset + 1 }) {
                        judge.report("case \(number): event \(gap.offset + 1) is numbered \(gap.element.sequence)")
                        continue
                    }
                    guard let state = judge.judge(trail) else { continue }
                    let clocks = CaseProjection.clocks(state, procedure: procedure)
                    let rebuilt = CaseProjection(state, procedure: procedure, clocks: clocks)
                    if row != rebuilt {
                        for difference in row.differences(from: rebuilt) { judge.report("case \(number): \(difference)") }
                    }
                    let figuresNow = CaseFigures(state, procedure: procedure, clocks: clocks)
                    recounted.add(figuresNow, times: 1)
                    if let stored = figures[number] {
                        for (column, (kept, rebuilt)) in zip(CaseFigures.columns, zip(stored.values, figuresNow.values)) where kept != rebuilt {
                            judge.report("case \(number): statistics \(column): stored \(kept.map(String.init) ?? "null"), trail gives \(rebuilt.map(String.init) ?? "null")")
                        }
                    } else {
                        judge.report("case \(number): no statistics row")
                    }
                    searchWords.append((number, PostgresSearch.words(SearchText(state).values.joined(separator: " "))))
                }
                try checkSearchEntries(connection, searchWords, into: &judge)
                searchWords.removeAll(keepingCapacity: true)
                after = last
            }
            for row in try connection.execute("SELECT id FROM case_text WHERE id NOT IN (SELECT id FROM cases) ORDER BY id LIMIT 20").rows {
                judge.report("search index row \(row.integer(0) ?? 0): words for a case that does not exist")
            }
            let statistics = StatisticsAggregate.differences(kept: try Self.keptStatistics(connection), recounted: recounted)
            let queueCounts = try Self.checkQueueCounts(connection)
            return VerifyReport(integrity: ["ok"], casesChecked: cases, eventsChecked: events, deskEventsChecked: deskEvents.count,
                                differences: links.problems + judge.problems + statistics + queueCounts, head: links.head, seal: seal)
        }
    }

    /// The next page of case numbers after `after` that have a case row, events, or both (a case
    /// row without events and events without a case row are both for verify to name). Read as two
    /// bounded ranges down the primary keys: one statement with a UNION of everything after
    /// `after` was planned as a hash of every remaining row for each page (quadratic: a million
    /// cases took over ten minutes).
    static func nextCaseNumbers(_ connection: PostgresConnection, after: CaseNumber, page: Int = 1000) throws -> [CaseNumber] {
        let rows = try connection.execute("SELECT id FROM cases WHERE id > $1 ORDER BY id LIMIT \(page)", [.integer(after)])
            .rows.compactMap { $0.integer(0) }
        // Events up to the page's last case row, or (after the last full page) the next `page` cases' events.
        let withEvents = try rows.count == page
            ? connection.execute("SELECT DISTINCT case_id FROM events WHERE case_id > $1 AND case_id <= $2 ORDER BY case_id",
                                 [.integer(after), .integer(rows[rows.count - 1])])
            : connection.execute("SELECT DISTINCT case_id FROM events WHERE case_id > $1 ORDER BY case_id LIMIT \(page)",
                                 [.integer(after)])
        // At most a page: every number up to the last one kept has been read from both tables.
        return Array(Set(rows).union(withEvents.rows.compactMap { $0.integer(0) }).sorted().prefix(page))
    }

    /// Each case's search entry holds exactly the words its trail gives: a page of cases in one
    /// statement (one per case made verify wait on a round trip per case).
    private func checkSearchEntries(_ connection: PostgresConnection, _ cases: [(number: CaseNumber, words: String)],
                                    into judge: inout TrailJudge) throws {
        guard !cases.isEmpty else { return }
        // Words are letters, digits and single spaces (`PostgresSearch.words`): quoted, never escaped.
        let numbers = "{" + cases.map { String($0.number) }.joined(separator: ",") + "}"
        let words = "{" + cases.map { "\"" + $0.words + "\"" }.joined(separator: ",") + "}"
        let rows = try connection.execute("""
            SELECT w.id, t.id IS NOT NULL, t.words = \(PostgresSearch.vectorSQL("w.words"))
            FROM unnest($1::bigint[], $2::text[]) AS w(id, words) LEFT JOIN case_text t ON t.id = w.id ORDER BY w.id
            """, [.text(numbers), .text(words)]).rows
        for row in rows {
            let number = row.integer(0) ?? 0
            if row.text(1) != "t" {
                judge.report("case \(number): no search entry: searching for its words does not find it")
            } else if row.text(2) != "t" {
                judge.report("case \(number): its search entry does not hold the words its trail gives (search finds it for other words, or misses it)")
            }
        }
    }

    /// The triggers that refuse changing or removing the record are there and enabled.
    private func checkRecordIsGuarded(_ connection: PostgresConnection, into judge: inout TrailJudge) throws {
        let present = Set(try connection.execute("""
            SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'
            AND tgfoid = 'casedesk_append_only'::regproc
            """).rows.compactMap { $0.text(0) })
        for table in Self.appendOnlyTables {
            if !present.contains("\(table)_append_only") {
                judge.report("the append-only trigger \(table)_append_only is missing or disabled: the record could have been changed through SQL")
            }
        }
        // The database's own judgement of its members' SQL (migrations 3, 7 and 8): the triggers that
        // set the actor to the session's role, refuse event types, keep the trail in order and meta
        // as the store was made; the prefix setUp names the roles by; and the permission rows the
        // append check reads, equal to those generated from the permission table casedesk judges by.
        let enabled = Set(try connection.execute("""
            SELECT p.proname || ' ' || t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND p.pronamespace = current_schema()::regnamespace
            """).rows.compactMap { $0.text(0) })
        for (function, trigger, consequence) in Self.databaseChecks where !enabled.contains("\(function) \(trigger)") {
            judge.report("the trigger \(trigger) is missing or disabled: \(consequence)")
        }
        if let mismatch = try PostgresDeskRoles.prefixMismatch(connection) { judge.report(mismatch) }
        // The keys a large demo load sets aside and builds again, and any a member with the rights dropped.
        let keys = Set(try connection.execute("""
            SELECT c.relname || ' ' || k.contype::text || ' ' || pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            WHERE k.connamespace = current_schema()::regnamespace AND k.contype IN ('p', 'u')
            """).rows.compactMap { $0.text(0) })
        for (table, kind, definition) in Self.recordKeys where !keys.contains("\(table) \(kind) \(definition)") {
            let columns = definition.drop { $0 != "(" }
            judge.report("the table \(table) has lost its \(definition): two of its rows could hold the same \(columns)")
        }
        // A member (or everyone) who may create objects in the store's schema could make one that
        // stands in for what the store's SQL or another program calls there.
        let schema = try PostgresDeskRoles.storeSchema(connection)
        for row in try connection.execute("""
            SELECT 'every role (PUBLIC)', 'PUBLIC' WHERE has_schema_privilege('public', current_schema(), 'CREATE')
            UNION ALL
            SELECT quote_ident(r.rolname), quote_ident(r.rolname) FROM pg_roles r
            WHERE NOT r.rolsuper AND has_schema_privilege(r.oid, current_schema(), 'CREATE')
              AND (r.rolname IN (SELECT db_role FROM desk_roles) OR r.rolname IN (SELECT account FROM staff)
                   OR r.oid IN (SELECT m.member FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN desk_roles d ON d.db_role = g.rolname))
            ORDER BY 1
            """).rows {
            judge.report("\(row.text(0) ?? "") may CREATE in the store's schema \(schema): a function made there could stand in for one the store calls (REVOKE CREATE ON SCHEMA \(PostgresDeskRoles.quoted(schema)) FROM \(row.text(1) ?? ""))")
        }
        let stored = try PostgresDeskRoles.storedEventPermissions(connection)
        for role in Role.allCases {
            let expected = Permissions.eventTypes(for: role)
            let held = stored[role.rawValue] ?? []
            if held != expected {
                let extra = held.subtracting(expected).sorted(), missing = expected.subtracting(held).sorted()
                judge.report("event_permissions for \(role.rawValue) differ from casedesk's permission table"
                    + (extra.isEmpty ? "" : "; allowed there but not by casedesk: \(extra.joined(separator: ", "))")
                    + (missing.isEmpty ? "" : "; refused there but allowed by casedesk: \(missing.joined(separator: ", "))")
                    + " (opening the store as a PostgreSQL superuser writes them again)")
            }
        }
    }

    /// The keys of the tables that hold the record and what is rebuilt from it: (table, `p` for a
    /// primary key or `u` for a unique constraint, its definition as PostgreSQL gives it).
    static let recordKeys: [(table: String, kind: String, definition: String)] = [
        ("cases", "p", "PRIMARY KEY (id)"), ("events", "p", "PRIMARY KEY (case_id, seq)"), ("events", "u", "UNIQUE (pos)"),
        ("trail", "p", "PRIMARY KEY (pos)"), ("case_figures", "p", "PRIMARY KEY (id)"), ("case_text", "p", "PRIMARY KEY (id)"),
        ("abuse_domains", "p", "PRIMARY KEY (domain, case_id)"), ("desk_events", "p", "PRIMARY KEY (id)"), ("desk_events", "u", "UNIQUE (pos)"),
        ("messages", "p", "PRIMARY KEY (id)"), ("messages", "u", "UNIQUE (sha256)"), ("messages", "u", "UNIQUE (message_id)"),
    ]

    /// The triggers by which the database judges its members' own SQL (migrations 3, 7 and 8): the
    /// function each runs, and what a member could do without it.
    static let databaseChecks: [(function: String, trigger: String, consequence: String)] = [
        ("casedesk_check_append", "events_check_append", "a member could append as someone else, or what their role does not allow, through SQL"),
        ("casedesk_check_append", "desk_events_check_append", "a member could append as someone else, or what their role does not allow, through SQL"),
        ("casedesk_check_link", "trail_check_link", "a member could link a future position of the trail through SQL, and every later link would be wrong"),
        ("casedesk_check_position", "events_check_position", "a member could append an event at a future position through SQL, and every write reaching it would fail"),
        ("casedesk_check_position", "desk_events_check_position", "a member could append an event at a future position through SQL, and every write reaching it would fail"),
        ("casedesk_check_position", "events_check_linked", "a member could leave an event unlinked through SQL, and every write after it would fail"),
        ("casedesk_check_position", "desk_events_check_linked", "a member could leave an event unlinked through SQL, and every write after it would fail"),
        ("casedesk_check_meta", "meta_check_change", "an admin could change meta.role_prefix or schema_version through SQL"),
    ]

    private func compareStaff(_ connection: PostgresConnection, with replayed: [String: StaffMember], into judge: inout TrailJudge) throws {
        var stored: [String: StaffMember] = [:]
        for row in try connection.execute("SELECT account, roles, added_ms, added_by FROM staff").rows {
            let member = StaffMember(account: row.text(0) ?? "", roles: Role.parseListed(row.text(1) ?? ""),
                                     added: Millis.date(row.integer(2) ?? 0), addedBy: row.text(3) ?? "")
            stored[member.account] = member
        }
        judge.compareStaff(stored)
        // The database's groups hold exactly the desk's members in those roles (the owner administers
        // every group; a superuser needs none). Not judged under a prefix that is not the groups'
        // (named with the database's checks).
        guard try PostgresDeskRoles.prefixMismatch(connection) == nil else { return }
        let prefix = try PostgresDeskRoles.rolePrefix(connection)
        let owner = PostgresDeskRoles.owner(prefix)
        var held: [String: Set<Role>] = [:]
        var superusers: Set<String> = []
        for row in try connection.execute("""
            SELECT DISTINCT d.desk_role, m.rolname, m.rolsuper FROM desk_roles d
            JOIN pg_roles g ON g.rolname = d.db_role JOIN pg_auth_members a ON a.roleid = g.oid JOIN pg_roles m ON m.oid = a.member
            WHERE m.rolname <> $1
            UNION
            SELECT NULL, r.rolname, r.rolsuper FROM pg_roles r WHERE r.rolname IN (SELECT account FROM staff)
            """, [.text(owner)]).rows {
            let account = row.text(1) ?? ""
            if let role = row.text(0).flatMap(Role.init(rawValue:)) { held[account, default: []].insert(role) }
            if row.text(2) == "t" { superusers.insert(account) }
        }
        for account in Set(held.keys).union(replayed.keys).sorted() {
            let inDatabase = held[account] ?? [], onDesk = replayed[account]?.roles ?? []
            for role in Role.allCases where inDatabase.contains(role) && !onDesk.contains(role) {
                judge.report("\(account) is a member of \(PostgresDeskRoles.group(prefix, role)) in the database but not \(Self.withArticle(role)) on the desk: the database lets them do that role's work")
            }
            for role in Role.allCases where onDesk.contains(role) && !inDatabase.contains(role) && !superusers.contains(account) {
                judge.report("\(account) is \(Self.withArticle(role)) on the desk but not a member of \(PostgresDeskRoles.group(prefix, role)) in the database: the database refuses that role's work (staff add \(account) again)")
            }
        }
    }

    /// "an admin", "a viewer".
    private static func withArticle(_ role: Role) -> String {
        ("aeiou".contains(role.rawValue.prefix(1)) ? "an " : "a ") + role.rawValue
    }

    /// Every link recomputed from its event, in pages of positions.
    static func checkLinks(_ connection: PostgresConnection, deskEvents: [StoredDeskEvent], seal: TrailHead?) throws -> (head: TrailHead, problems: [String]) {
        var problems: [String] = []
        let head = try PostgresTransaction(connection: connection).trailHead()
        let counts = try connection.execute("SELECT (SELECT count(*) FROM trail), (SELECT count(*) FROM events)").first
        let links = counts?.integer(0) ?? 0
        let caseEvents = counts?.integer(1) ?? 0
        if links != head.count {
            problems.append("trail: \(links) links, but the last is at position \(head.count): links were removed")
        }
        if caseEvents + Int64(deskEvents.count) != links {
            problems.append("trail: \(caseEvents) case events and \(deskEvents.count) desk events, but \(links) links")
        }
        var stored: [Int64: Data] = [:]
        for row in try connection.execute("SELECT pos, link FROM trail").rows {
            if let position = row.integer(0), let link = row.bytes(1) { stored[position] = link }
        }
        func check(_ position: Int64, entry: Data, _ place: String) {
            guard let link = stored[position] else { return problems.append("\(place): no link at its position \(position)") }
            guard let previous = position == 1 ? TrailLink.zero : stored[position - 1] else {
                return problems.append("\(place): no link before its position \(position)")
            }
            if TrailLink.link(previous: previous, position: position, entry: entry) != link {
                problems.append("\(place): its link does not match: the event, or one before it in its case, was changed, inserted or removed")
            }
        }
        var after: (CaseNumber, Int64) = (Int64.min, 0)
        var caseHead: Data?
        while true {
            let rows = try connection.execute("""
                SELECT \(PostgresTransaction.storedEventColumns) FROM events WHERE (case_id, seq) > ($1, $2) ORDER BY case_id, seq LIMIT 10000
                """, [.integer(after.0), .integer(after.1)]).rows.map(PostgresTransaction.storedEvent)
            guard let last = rows.last else { break }
            for event in rows {
                if event.caseNumber != after.0 { caseHead = nil }
                after = (event.caseNumber, Int64(event.sequence))
                let entry = TrailLink.caseEntry(previous: caseHead, event)
                caseHead = entry
                check(event.position, entry: entry, "case \(event.caseNumber) event \(event.sequence) (\(event.type))")
            }
            after = (last.caseNumber, Int64(last.sequence))
        }
        for event in deskEvents {
            check(event.position, entry: TrailLink.deskEntry(event), "desk event \(event.id) (\(event.type))")
        }
        if let seal {
            if seal.count > head.count {
                problems.append("seal \(seal): the trail holds only \(head.count) events; events after \(head.count) were removed (or the seal is another store's)")
            } else if seal.count > 0, stored[seal.count] != seal.link {
                problems.append("seal \(seal): the trail's link at \(seal.count) is \(stored[seal.count].map(TrailLink.hex) ?? "missing"): the record up to the seal was changed")
            }
        }
        return (head, problems)
    }
}
