import CaseDesk
import Foundation
import GRDB

/// The store's schema, as numbered migrations run at open. A store whose `user_version` is above the
/// last number here was written by a newer casedesk and is refused.
extension SQLiteCaseStore {
    /// "CDS1": marks an SQLite file as a casedesk store.
    static let applicationID: Int32 = 0x4344_5331

    static let migrations: [(number: Int, sql: String)] = [
        (1, """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            INSERT INTO meta (key, value) VALUES ('settings_version', '0');

            CREATE TABLE staff (
              account TEXT PRIMARY KEY,
              roles TEXT NOT NULL,
              added_ms INTEGER NOT NULL,
              added_by TEXT NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE settings (
              key TEXT PRIMARY KEY,
              value TEXT,
              updated_ms INTEGER NOT NULL,
              updated_by TEXT NOT NULL
            ) WITHOUT ROWID;

            -- Changes to the desk itself (staff, policy, calendar): append-only like the case trail.
            CREATE TABLE desk_events (
              id INTEGER PRIMARY KEY,
              recorded_ms INTEGER NOT NULL,
              actor TEXT NOT NULL,
              via TEXT,
              type TEXT NOT NULL,
              data TEXT NOT NULL
            );

            -- The projection: one row per case, rebuilt from the trail by `verify`.
            CREATE TABLE cases (
              id INTEGER PRIMARY KEY,
              kind TEXT NOT NULL,
              channel TEXT NOT NULL,
              stage TEXT NOT NULL,
              is_open INTEGER NOT NULL,
              received_ms INTEGER NOT NULL,
              customer TEXT NOT NULL,
              subject TEXT NOT NULL,
              domains TEXT NOT NULL,
              category TEXT,
              assignee TEXT,
              tier INTEGER NOT NULL,
              sort_key INTEGER NOT NULL,
              next_clock TEXT,
              next_due_ms INTEGER,
              window_end_ms INTEGER,
              close_reason TEXT,
              closed_ms INTEGER,
              version INTEGER NOT NULL,
              updated_ms INTEGER NOT NULL,
              updated_by TEXT NOT NULL
            );
            \(queueIndexes.joined(separator: ";\n"));
            \(windowIndex);

            -- The trail. Append-only: the triggers below refuse every UPDATE and DELETE.
            CREATE TABLE events (
              case_id INTEGER NOT NULL,
              seq INTEGER NOT NULL,
              recorded_ms INTEGER NOT NULL,
              actor TEXT NOT NULL,
              via TEXT,
              type TEXT NOT NULL,
              data TEXT NOT NULL,
              changes TEXT NOT NULL,
              PRIMARY KEY (case_id, seq)
            ) WITHOUT ROWID;

            CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
              BEGIN SELECT RAISE(ABORT, 'casedesk: the case trail is append-only; events cannot be changed'); END;
            CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
              BEGIN SELECT RAISE(ABORT, 'casedesk: the case trail is append-only; events cannot be deleted'); END;
            CREATE TRIGGER desk_events_append_only_update BEFORE UPDATE ON desk_events
              BEGIN SELECT RAISE(ABORT, 'casedesk: the desk trail is append-only; events cannot be changed'); END;
            CREATE TRIGGER desk_events_append_only_delete BEFORE DELETE ON desk_events
              BEGIN SELECT RAISE(ABORT, 'casedesk: the desk trail is append-only; events cannot be deleted'); END;

            -- Full-text search, accent-insensitive (cafe finds Café). Contentless (the text lives in the
            -- trail) and without positions (searches are words ANDed, the last a prefix): small and fast.
            CREATE VIRTUAL TABLE case_text USING fts5 (
              subject, description, customer, domains, notes,
              content = '', detail = none, tokenize = 'unicode61 remove_diacritics 2'
            );
            """),
        // Mail in and letters out (issue 5): every message filed with a case, raw, under its SHA-256.
        (2, """
            -- The message archive: what arrived and what the desk sent, byte for byte. Append-only like
            -- the trail; a message_received or message_sent event on the case names each row by sha256.
            -- A rowid table: rows hold whole messages, too large for a WITHOUT ROWID b-tree.
            CREATE TABLE messages (
              id INTEGER PRIMARY KEY,
              sha256 TEXT NOT NULL UNIQUE,
              case_id INTEGER NOT NULL,
              seq INTEGER NOT NULL,
              direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
              message_id TEXT,
              at_ms INTEGER NOT NULL,
              origin TEXT NOT NULL,
              size INTEGER NOT NULL,
              raw BLOB NOT NULL
            );
            -- A Message-ID names one message: a second arrival of it is a duplicate, and a reply's
            -- In-Reply-To finds its case through it.
            CREATE UNIQUE INDEX messages_message_id ON messages (message_id) WHERE message_id IS NOT NULL;
            CREATE INDEX messages_case ON messages (case_id, seq);

            CREATE TRIGGER messages_append_only_update BEFORE UPDATE ON messages
              BEGIN SELECT RAISE(ABORT, 'casedesk: the message archive is append-only; messages cannot be changed'); END;
            CREATE TRIGGER messages_append_only_delete BEFORE DELETE ON messages
              BEGIN SELECT RAISE(ABORT, 'casedesk: the message archive is append-only; messages cannot be deleted'); END;
            """),
        (3, """
            -- Statistics: one row of small integers per case, derived from the trail like the projection.
            \(CaseFigures.createSQL);
            \(figuresDayIndex);
            -- The handover reads what happened in a shift: events by time.
            \(eventsRecordedIndex);
            """),
        // The tamper-evident trail (issue 10): every event, of a case or of the desk, has a place in
        // one store-wide order (`pos`) and a link there (TrailLink). Events written before this
        // migration are linked by it, in the order of their times.
        (4, """
            CREATE TABLE trail (
              pos INTEGER PRIMARY KEY,
              link BLOB NOT NULL CHECK (length(link) = 32)
            );
            CREATE TRIGGER trail_append_only_update BEFORE UPDATE ON trail
              BEGIN SELECT RAISE(ABORT, 'casedesk: the trail is append-only; links cannot be changed'); END;
            CREATE TRIGGER trail_append_only_delete BEFORE DELETE ON trail
              BEGIN SELECT RAISE(ABORT, 'casedesk: the trail is append-only; links cannot be deleted'); END;
            ALTER TABLE events ADD COLUMN pos INTEGER;
            ALTER TABLE desk_events ADD COLUMN pos INTEGER;
            """),
        // Issue 11: complaints counted by type, feedback by the team it was routed to (codes into the
        // policy's lists). Number 4 is the lead's; the migrations run in order of number.
        (5, """
            ALTER TABLE case_figures ADD COLUMN complaint_type INTEGER;
            ALTER TABLE case_figures ADD COLUMN team INTEGER;
            """),
        // Issue 11: versions of the rules. Each clock counts under the policy and calendar in force
        // when it started, read from the desk trail's settings events (found by this index); the
        // projections of a store made before are rebuilt when it is opened (see `upgrade`).
        (6, """
            CREATE INDEX IF NOT EXISTS desk_events_type ON desk_events (type);
            """),
        // Issue 13: the queue sorted by a column. The keys are columns the store computes (names in
        // lower case, nobody as ""), so an index holds them in order and a page starts at its place.
        (7, """
            ALTER TABLE cases ADD COLUMN customer_key TEXT GENERATED ALWAYS AS (lower(customer)) VIRTUAL;
            ALTER TABLE cases ADD COLUMN assignee_key TEXT GENERATED ALWAYS AS (ifnull(assignee, '')) VIRTUAL;
            \(sortIndexes.joined(separator: ";\n"));
            """),
        // Issue 15: the header's counts and the queue's totals kept per bucket by the write pipeline
        // (see `QueueBucket`), filled here from the cases already stored. Number 8 is another branch's.
        (9, queueCountsMigration),
        // Issue 15: statistics from counts kept per receipt day and dimension by the write pipeline
        // (StatisticsAggregate), counted once here from the statistics rows of the cases there are.
        (10, statisticsKeptSQL),
        // Issue 12: incidents. The report's incident in its row (derived from its linked/unlinked
        // events); the numbers ever handed out, so none is used twice; and the domains abuse reports
        // name, so an arriving report finds the open reports about its domain at once.
        (13, """
            ALTER TABLE cases ADD COLUMN incident INTEGER;
            CREATE INDEX cases_incident ON cases (incident, tier, sort_key, id) WHERE incident IS NOT NULL;
            CREATE TABLE incidents (id INTEGER PRIMARY KEY, opened_ms INTEGER NOT NULL);
            CREATE TABLE abuse_domains (
              domain TEXT NOT NULL,
              case_id INTEGER NOT NULL,
              PRIMARY KEY (domain, case_id)
            ) WITHOUT ROWID;
            """),
        // Issues 13 and 15: the queue's totals without the hour a clock falls due, beside the counters
        // by hour. Hour clocks spread the counters over thousands of hours (18,502 rows at a million
        // cases), and a total summed them all; now a total reads these few rows, and "due before"
        // subtracts from it only the hours still to come.
        (14, queueTotalsMigration),
        // Issue 12: the abuse report's reporter class in its row, so the queue filters and shows it;
        // filled for the reports already stored from their trails (the last reporter_classified
        // event, else intake's class, else public: as `CaseState.reporterClass` folds it).
        (15, reporterClassMigration),
        // Issue 15: a handover lists every note left for the next shift, however many other events
        // its shift has: the notes have an index of their own, so the others are not read for them.
        (16, eventsNotesIndex),
        // Issue 15: the queue's totals of an abuse category or a reporter class (the screen's `b`
        // and `B`) from the counters too, which keep both: counted on the cases, a reporter class's
        // total took 103 ms at ten million cases.
        (17, queueAbuseCountsMigration),
        // Issue 15: the queue of a kind alone, a stage alone or an assignee reads the index of kind
        // and stage (or of assignee, kind and stage), one short range per value the filter leaves
        // open, merged in order (`queuePlan`): three indexes fewer to keep up with every write, and
        // to build at the end of a large load (9–10 s each at ten million cases).
        (18, retiredQueueIndexes.map { "DROP INDEX IF EXISTS \($0)" }.joined(separator: ";\n")),
        // Issue 15: the whole queue in deadline order reads the index of kind and stage too, one
        // range per kind and stage, merged; its totals' part-hours likewise. One index fewer to
        // build at the end of a large load (8 s at ten million cases) and to keep with every write.
        (19, "DROP INDEX IF EXISTS \(plainQueueIndex)"),
    ]

    /// Indexes of migration 1 that migration 18 drops (`queuePlan` reads the others in their place).
    static let retiredQueueIndexes = ["cases_kind", "cases_stage", "cases_assignee"]
    /// The plain deadline order's index of migration 1, which migration 19 drops.
    static let plainQueueIndex = "cases_queue"

    /// The notes on cases by time (migration 16, and PostgreSQL's 9): `handoverCaseNotes` reads these alone.
    static let eventsNotesIndex = "CREATE INDEX IF NOT EXISTS events_notes ON events (recorded_ms) WHERE type = 'note'"

    /// Migration 15 (and PostgreSQL's 4, with its own JSON operator): the column, its index, and
    /// the class of every abuse report there is, read from its trail.
    static func reporterClassSQL(json: (String) -> String) -> String {
        """
        ALTER TABLE cases ADD COLUMN reporter_class TEXT;
        UPDATE cases SET reporter_class = coalesce(
            (SELECT \(json("e.data")) FROM events e WHERE e.case_id = cases.id AND e.type = 'reporter_classified'
             ORDER BY e.seq DESC LIMIT 1),
            (SELECT \(json("e.data")) FROM events e WHERE e.case_id = cases.id AND e.type = 'received' ORDER BY e.seq LIMIT 1),
            'public')
          WHERE kind = 'abuse';
        \(reporterClassIndex);
        """
    }

    static let reporterClassMigration = reporterClassSQL(json: { "json_extract(\($0), '$.reporterClass')" })

    /// The queue of one reporter class in deadline order, and its totals: the kept counters are not
    /// split by class (a count of law-enforcement reports reads this index, not the counters).
    static let reporterClassIndex =
        "CREATE INDEX cases_reporter_class ON cases (reporter_class, tier, sort_key, id) WHERE reporter_class IS NOT NULL"

    /// The indexes of the queue's other orders (migration 7), each with the filter columns after its
    /// keys so a filter is checked on the index alone.
    static let sortIndexes = [
        "CREATE INDEX cases_received ON cases (received_ms, id, tier, sort_key, kind, stage, assignee)",
        "CREATE INDEX cases_customer ON cases (customer_key, id, tier, sort_key, kind, stage, assignee)",
        "CREATE INDEX cases_assignee_order ON cases (assignee_key, tier, sort_key, id, kind, stage, assignee)",
    ]

    /// The triggers that keep the record append-only; `verify` checks that each is there.
    static let appendOnlyTriggers = [
        "events_append_only_update", "events_append_only_delete", "desk_events_append_only_update",
        "desk_events_append_only_delete", "messages_append_only_update", "messages_append_only_delete",
        "trail_append_only_update", "trail_append_only_delete",
    ]

    /// The indexes the queue pages through. Part of migration 1: never change them here; a later
    /// migration adds or replaces indexes (18 drops `retiredQueueIndexes`, 19 `cases_queue`). A
    /// large load into an empty store drops and rebuilds the others.
    static let queueIndexes = [
        // Each leads with what it filters on, then the queue's order, then the other filter columns,
        // so a filter the index does not lead with is checked on the index alone, never on the row.
        "CREATE INDEX cases_queue ON cases (tier, sort_key, id, kind, stage, assignee)",
        "CREATE INDEX cases_kind_stage ON cases (kind, stage, tier, sort_key, id, assignee)",
        "CREATE INDEX cases_kind ON cases (kind, tier, sort_key, id, stage, assignee)",
        "CREATE INDEX cases_stage ON cases (stage, tier, sort_key, id, kind, assignee)",
        "CREATE INDEX cases_assignee ON cases (assignee, tier, sort_key, id, kind, stage)",
        "CREATE INDEX cases_assignee_kind_stage ON cases (assignee, kind, stage, tier, sort_key, id)",
    ]

    static let windowIndex = "CREATE INDEX cases_window ON cases (window_end_ms) WHERE window_end_ms IS NOT NULL"
    static let figuresDayIndex = "CREATE INDEX case_figures_day ON case_figures (received_day)"
    static let eventsRecordedIndex = "CREATE INDEX events_recorded ON events (recorded_ms)"

    /// The indexes a large load into an empty store builds once at the end instead of row by row:
    /// those that cost more kept up row by row than built in one sort (measured at a million cases;
    /// the reporter class's at ten million, where its open reports had every commit rewrite hundreds
    /// of its pages). The others' keys arrive nearly in order (receipt days, window ends) and cost
    /// little to keep.
    static let bulkLoadIndexes: [String] = queueIndexes.filter { !(retiredQueueIndexes + [plainQueueIndex]).contains(indexName($0)) }
        + sortIndexes + [eventsRecordedIndex, reporterClassIndex]

    /// The index a `CREATE INDEX name ON …` statement of this file makes.
    static func indexName(_ sql: String) -> String {
        String(sql.split(separator: " ")[2])
    }

    /// Builds any of `bulkLoadIndexes` that is missing; nothing when all are there.
    static func ensureBulkLoadIndexes(_ db: Database) throws {
        for sql in bulkLoadIndexes {
            try db.execute(sql: sql.replacingOccurrences(of: "CREATE INDEX", with: "CREATE INDEX IF NOT EXISTS"))
        }
    }

    static var latestSchema: Int { migrations.last?.number ?? 0 }

    /// Runs the migrations the file lacks, each in a savepoint of the opening transaction.
    static func migrate(_ db: Database, from current: Int) throws {
        for migration in migrations where migration.number > current {
            try db.inSavepoint {
                try db.execute(sql: migration.sql)
                if migration.number == 4 { try linkExistingTrail(db) }
                if migration.number == 13 { try indexAbuseDomains(db, after: 0) }
                if migration.number == 10 { try rebuildStatisticsKept(db) }
                try db.execute(sql: "PRAGMA user_version = \(migration.number)")
                return .commit
            }
        }
    }
}

extension SQLiteCaseStore {
    /// Links the events a store held before it had links, in the order of their times (the desk's
    /// before a case's at the same millisecond). The append-only triggers stand aside for these
    /// updates only; `meta.trail_linked_by_time` says how many were placed this way.
    static func linkExistingTrail(_ db: Database) throws {
        let caseEvents = try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0
        let deskEvents = try Int.fetchOne(db, sql: "SELECT count(*) FROM desk_events") ?? 0
        guard caseEvents + deskEvents > 0 else { return }
        let triggers = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('events_append_only_update', 'desk_events_append_only_update')
            """)
        for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger["name"] as String)") }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT 0 AS desk, id AS case_id, 0 AS seq, recorded_ms, actor, via, type, data, '' AS changes FROM desk_events
            UNION ALL
            SELECT 1 AS desk, case_id, seq, recorded_ms, actor, via, type, data, changes FROM events
            ORDER BY recorded_ms, desk, case_id, seq
            """)
        var heads: [CaseNumber: Data] = [:]
        var previous = TrailLink.zero
        var position: Int64 = 0
        var pending: [(desk: Bool, number: Int64, sequence: Int, position: Int64)] = []
        while let row = try rows.next() {
            position += 1
            let entry: Data
            let isDesk = (row["desk"] as Int) == 0
            if isDesk {
                entry = TrailLink.deskEntry(StoredDeskEvent(id: row["case_id"], position: position, recordedMs: row["recorded_ms"],
                                                            actor: row["actor"], via: row["via"], type: row["type"], data: row["data"]))
            } else {
                let event = StoredEvent(caseNumber: row["case_id"], sequence: row["seq"], position: position, recordedMs: row["recorded_ms"],
                                        actor: row["actor"], via: row["via"], type: row["type"], data: row["data"], changes: row["changes"])
                entry = TrailLink.caseEntry(previous: event.sequence == 1 ? nil : heads[event.caseNumber], event)
                heads[event.caseNumber] = entry
            }
            previous = TrailLink.link(previous: previous, position: position, entry: entry)
            try db.cachedStatement(sql: "INSERT INTO trail (pos, link) VALUES (?, ?)").execute(arguments: [position, previous])
            pending.append((isDesk, row["case_id"], row["seq"], position))
        }
        for item in pending {
            if item.desk {
                try db.cachedStatement(sql: "UPDATE desk_events SET pos = ? WHERE id = ?").execute(arguments: [item.position, item.number])
            } else {
                try db.cachedStatement(sql: "UPDATE events SET pos = ? WHERE case_id = ? AND seq = ?")
                    .execute(arguments: [item.position, item.number, item.sequence])
            }
        }
        for trigger in triggers { try db.execute(sql: trigger["sql"] as String) }
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('trail_linked_by_time', ?)", arguments: [String(position)])
    }
}
