import CaseDesk
import Foundation

/// The store's schema on PostgreSQL, as numbered migrations of its own (they do not follow SQLite's
/// numbers). `meta.schema_version` holds the last one run; a database from a newer casedesk is refused.
extension PostgresCaseStore {
    /// `meta.application`: marks a database as a casedesk store.
    static let applicationMark = "casedesk"

    static let migrations: [(number: Int, sql: String)] = [
        (1, """
            CREATE EXTENSION IF NOT EXISTS unaccent;

            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta (key, value) VALUES ('application', '\(applicationMark)'), ('settings_version', '0'), ('schema_version', '0');

            CREATE TABLE staff (
              account TEXT PRIMARY KEY,
              roles TEXT NOT NULL,
              added_ms BIGINT NOT NULL,
              added_by TEXT NOT NULL
            );

            CREATE TABLE settings (
              key TEXT PRIMARY KEY,
              value TEXT,
              updated_ms BIGINT NOT NULL,
              updated_by TEXT NOT NULL
            );

            -- Changes to the desk itself (staff, rules, handover reads and notes): append-only.
            CREATE TABLE desk_events (
              id BIGINT PRIMARY KEY,
              pos BIGINT NOT NULL UNIQUE,
              recorded_ms BIGINT NOT NULL,
              actor TEXT NOT NULL,
              via TEXT,
              type TEXT NOT NULL,
              data TEXT NOT NULL
            );
            CREATE INDEX desk_events_type ON desk_events (type, recorded_ms);

            -- The projection: one row per case, rebuilt from the trail by `verify`.
            CREATE TABLE cases (
              id BIGINT PRIMARY KEY,
              kind TEXT NOT NULL,
              channel TEXT NOT NULL,
              stage TEXT NOT NULL,
              is_open INTEGER NOT NULL,
              received_ms BIGINT NOT NULL,
              customer TEXT NOT NULL,
              subject TEXT NOT NULL,
              domains TEXT NOT NULL,
              category TEXT,
              assignee TEXT,
              tier INTEGER NOT NULL,
              sort_key BIGINT NOT NULL,
              next_clock TEXT,
              next_due_ms BIGINT,
              window_end_ms BIGINT,
              close_reason TEXT,
              closed_ms BIGINT,
              version INTEGER NOT NULL,
              updated_ms BIGINT NOT NULL,
              updated_by TEXT NOT NULL,
              customer_key TEXT COLLATE "C" GENERATED ALWAYS AS (lower(customer)) STORED,
              assignee_key TEXT COLLATE "C" GENERATED ALWAYS AS (coalesce(assignee, '')) STORED
            );
            CREATE INDEX cases_queue ON cases (tier, sort_key, id);
            CREATE INDEX cases_kind ON cases (kind, tier, sort_key, id);
            CREATE INDEX cases_stage ON cases (stage, tier, sort_key, id);
            CREATE INDEX cases_assignee ON cases (assignee, tier, sort_key, id);
            CREATE INDEX cases_received ON cases (received_ms, id);
            CREATE INDEX cases_customer ON cases (customer_key, id);
            CREATE INDEX cases_assignee_order ON cases (assignee_key, tier, sort_key, id);
            CREATE INDEX cases_window ON cases (window_end_ms) WHERE window_end_ms IS NOT NULL;

            -- The trail of the cases. Append-only: privileges and the triggers below.
            CREATE TABLE events (
              case_id BIGINT NOT NULL,
              seq INTEGER NOT NULL,
              pos BIGINT NOT NULL UNIQUE,
              recorded_ms BIGINT NOT NULL,
              actor TEXT NOT NULL,
              via TEXT,
              type TEXT NOT NULL,
              data TEXT NOT NULL,
              changes TEXT NOT NULL,
              PRIMARY KEY (case_id, seq)
            );
            CREATE INDEX events_recorded ON events (recorded_ms, case_id, seq);

            -- One store-wide order of every event, each linked to the one before (TrailLink).
            CREATE TABLE trail (
              pos BIGINT PRIMARY KEY,
              link BYTEA NOT NULL CHECK (length(link) = 32)
            );

            -- The message archive: what arrived and what the desk sent, byte for byte.
            CREATE TABLE messages (
              id BIGSERIAL PRIMARY KEY,
              sha256 TEXT NOT NULL UNIQUE,
              case_id BIGINT NOT NULL,
              seq INTEGER NOT NULL,
              direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
              message_id TEXT UNIQUE,
              at_ms BIGINT NOT NULL,
              origin TEXT NOT NULL,
              size BIGINT NOT NULL,
              raw BYTEA NOT NULL
            );
            CREATE INDEX messages_case ON messages (case_id, seq);

            -- Statistics: one row of small integers per case, derived from the trail like the projection.
            CREATE TABLE case_figures (id BIGINT PRIMARY KEY, \(CaseFigures.columns.dropFirst().map { "\($0) BIGINT" }.joined(separator: ", ")));
            CREATE INDEX case_figures_day ON case_figures (received_day);

            -- Full-text search: the words of a case (accents removed) as a tsvector, found through GIN.
            CREATE TABLE case_text (id BIGINT PRIMARY KEY, words TSVECTOR NOT NULL);
            CREATE INDEX case_text_words ON case_text USING gin (words);

            CREATE FUNCTION casedesk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'casedesk: % is append-only; rows cannot be changed or removed (% refused)', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
            END $$;
            \(appendOnlyTables.map { table in
                // Per statement, so a statement that touches no row is refused too.
                "CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION casedesk_append_only();"
            }.joined(separator: "\n"))
            """),
        // Main's issues 12 and 15, after the backend's first schema: the report's incident in its row
        // (derived from its linked/unlinked events); the incident numbers ever handed out, so none is
        // used twice; the domains abuse reports name (filled here from the reports there are); and the
        // statistics counts kept per receipt day and dimension by the write pipeline (counted from the
        // statistics rows there are by `migrate`).
        (2, """
            ALTER TABLE cases ADD COLUMN incident BIGINT;
            CREATE INDEX cases_incident ON cases (incident, tier, sort_key, id) WHERE incident IS NOT NULL;
            CREATE TABLE incidents (id BIGINT PRIMARY KEY, opened_ms BIGINT NOT NULL);
            CREATE TABLE abuse_domains (
              domain TEXT NOT NULL,
              case_id BIGINT NOT NULL,
              PRIMARY KEY (domain, case_id)
            );
            INSERT INTO abuse_domains (domain, case_id)
              SELECT DISTINCT d, id FROM cases, unnest(string_to_array(domains, ' ')) d WHERE kind = 'abuse' AND d <> ''
              ON CONFLICT DO NOTHING;
            CREATE TABLE statistics_kept (
              day BIGINT NOT NULL,
              dimension BIGINT NOT NULL,
              key BIGINT NOT NULL,
              n BIGINT NOT NULL,
              PRIMARY KEY (day, dimension, key)
            );
            \(SQLiteCaseStore.runningClockIndexes.joined(separator: ";\n"));
            """),
        // Issue 14: identity and the permission table in the database (PostgresDeskRoles); the
        // roles, owner and grants are made by `PostgresDeskRoles.setUp` right after.
        (3, PostgresDeskRoles.migrationSQL),
        // Issue 12: the abuse report's reporter class in its row, filled from the trails as SQLite's
        // migration 15 does.
        (4, SQLiteCaseStore.reporterClassSQL(json: { "(\($0)::jsonb ->> 'reporterClass')" })),
        // Issue 14's figures: a queue filtered by kind and stage (with or without an assignee) read
        // 50 rows from an index on kind or stage alone, skipping the other's cases: 11 ms p99 at a
        // million cases. SQLite has had these since its queue indexes were sized.
        (5, """
            CREATE INDEX IF NOT EXISTS cases_kind_stage ON cases (kind, stage, tier, sort_key, id);
            CREATE INDEX IF NOT EXISTS cases_assignee_kind_stage ON cases (assignee, kind, stage, tier, sort_key, id);
            """),
        // The queue's totals kept by the write pipeline, as on SQLite (migrations 9 and 14 there),
        // instead of counted when read: filled here from the cases there are.
        (6, queueCountsMigration),
        // Issue 14's security review: the functions name every object with its schema, staff add
        // takes a member's roles from the staff table, the trail grows one position at a time.
        (7, PostgresDeskRoles.hardeningSQL),
        // Issue 14's review, after migration 7: a member's event goes at the trail's next position and
        // is linked before commit; only a superuser changes what meta says the store is.
        (8, PostgresDeskRoles.positionSQL),
        // Issue 15: the notes left for the next shift by time, as SQLite's migration 16.
        (9, SQLiteCaseStore.eventsNotesIndex),
        // Issue 15: the counters keep the abuse category and reporter class, as SQLite's migration 17.
        (10, queueAbuseCountsMigration),
    ]

    /// The record: rows here are never changed or removed; `verify` checks their triggers are there.
    static let appendOnlyTables = ["events", "desk_events", "trail", "messages"]

    static var latestSchema: Int { migrations.last?.number ?? 0 }

    /// Runs the migrations the database lacks, inside the caller's transaction.
    static func migrate(_ connection: PostgresConnection, from current: Int) throws {
        for migration in migrations where migration.number > current {
            try connection.execute(migration.sql)
            try connection.execute("UPDATE meta SET value = $1 WHERE key = 'schema_version'", [.integer(Int64(migration.number))])
            if migration.number == 2 { try rebuildStatisticsKept(connection) }
        }
        // Tables made by any migration are handed to the owner and granted to the desk's groups.
        if current < latestSchema, latestSchema >= 3 { try PostgresDeskRoles.setUp(connection) }
        // A desk from before migration 3: its members become database roles in their groups.
        if current > 0, current < 3, latestSchema >= 3 {
            for row in try connection.execute("SELECT account FROM staff ORDER BY account").rows {
                try PostgresDeskRoles.setMember(connection, row.text(0) ?? "")
            }
        }
    }

    /// What the database holds: nothing, another program's tables, or a casedesk store at a schema version.
    enum DatabaseState: Equatable {
        case empty
        case foreign
        case store(version: Int)
    }

    static func state(_ connection: PostgresConnection) throws -> DatabaseState {
        let tables = try connection.execute("""
            SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()
            """).first?.integer(0) ?? 0
        if tables == 0 { return .empty }
        let hasMeta = try connection.execute("SELECT to_regclass('meta') IS NOT NULL").first?.text(0) == "t"
        guard hasMeta else { return .foreign }
        let rows = try connection.execute("SELECT key, value FROM meta WHERE key IN ('application', 'schema_version')").rows
        let values = Dictionary(rows.compactMap { row in row.text(0).map { ($0, row.text(1) ?? "") } }, uniquingKeysWith: { $1 })
        guard values["application"] == applicationMark else { return .foreign }
        return .store(version: Int(values["schema_version"] ?? "") ?? 0)
    }
}
