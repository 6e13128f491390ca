import CaseDesk
import Foundation

/// The database's own side of "who may do what" (issue 14): the store's tables owned by a role
/// nobody logs in as, one group role per desk role holding only the privileges that role's work
/// needs, and each member a login role of their own in their groups. The names start with the
/// database's name at `init` (kept in `meta.role_prefix`): roles belong to the whole cluster, and
/// two desks on one server must not share them.
enum PostgresDeskRoles {
    /// Every member reads the whole store, appends to the record and keeps the rows derived from it
    /// (a lapse is written by whoever notices it, so even a viewer's process writes a case's rows).
    static let everyRole: [(table: String, privileges: String)] = [
        ("events", "INSERT"), ("desk_events", "INSERT"), ("trail", "INSERT"), ("cases", "INSERT, UPDATE"),
        ("case_figures", "INSERT, UPDATE"), ("case_text", "INSERT, UPDATE"), ("statistics_kept", "INSERT, UPDATE, DELETE"),
        ("queue_counts", "INSERT, UPDATE, DELETE"), ("queue_totals", "INSERT, UPDATE, DELETE"),
    ]

    /// What a desk role writes beyond that, granted to the roles that hold one of the actions.
    static let byAction: [(actions: Set<Action>, table: String, privileges: String)] = [
        ([.intake, .fileMessage, .sendLetter], "messages", "INSERT"),
        ([.intake, .fileMessage, .sendLetter], "messages_id_seq", "USAGE"),
        // An abuse report taken in joins the incident of a report naming the same domain, and
        // lists its domains for the reports after it (only a new case's intake writes them).
        ([.intake, .link], "incidents", "INSERT"),
        ([.intake], "abuse_domains", "INSERT"),
        ([.manageStaff], "staff", "INSERT, UPDATE, DELETE"),
        ([.configure], "settings", "INSERT, UPDATE"),
        ([.configure], "meta", "UPDATE"),
    ]

    static func owner(_ prefix: String) -> String { "\(prefix)_owner" }
    static func group(_ prefix: String, _ role: Role) -> String { "\(prefix)_\(role.rawValue)" }

    /// An identifier quoted for SQL (role names come from account and database names).
    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// The tables, the triggers and the function that migration 3 adds; the roles themselves are
    /// made by `setUp`, which knows their names.
    static let migrationSQL = """
        INSERT INTO meta (key, value) VALUES ('role_prefix', current_database());

        -- Which desk role is which group role, and which event types each may append (generated
        -- from the permission table by casedesk: Permissions.eventTypes).
        CREATE TABLE desk_roles (desk_role TEXT PRIMARY KEY, db_role TEXT NOT NULL UNIQUE);
        CREATE TABLE event_permissions (
          desk_role TEXT NOT NULL REFERENCES desk_roles,
          event_type TEXT NOT NULL,
          PRIMARY KEY (desk_role, event_type)
        );

        -- The actor of an event is the session's database role, whatever the client sent; the
        -- event's type must be one a desk role of that member may append. A superuser is trusted
        -- with the actor it names (it can drop these triggers anyway): casedesk migrate copies a
        -- trail with its actors, and init records the store's creator.
        CREATE FUNCTION casedesk_check_append() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
        BEGIN
          IF (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
            RETURN NEW;
          END IF;
          NEW.actor := session_user;
          IF NOT EXISTS (SELECT 1 FROM event_permissions p JOIN desk_roles r USING (desk_role)
                         WHERE p.event_type = NEW.type AND pg_has_role(session_user, r.db_role, 'MEMBER')) THEN
            RAISE EXCEPTION 'casedesk: % may not append % events: none of their desk roles may (%)', session_user, NEW.type,
              coalesce((SELECT string_agg(r.desk_role, ', ' ORDER BY r.desk_role) FROM desk_roles r
                        WHERE pg_has_role(session_user, r.db_role, 'MEMBER')), 'no desk role')
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER events_check_append BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION casedesk_check_append();
        CREATE TRIGGER desk_events_check_append BEFORE INSERT ON desk_events FOR EACH ROW EXECUTE FUNCTION casedesk_check_append();

        -- staff add / staff remove: the member's login role (made when missing) joins exactly the
        -- groups of their desk roles. Runs as the owner, which may create roles; only an admin of
        -- this desk (or a superuser) may call it.
        CREATE FUNCTION casedesk_set_member(account TEXT, roles TEXT[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
          SET search_path = public, pg_temp AS $$
        DECLARE
          r RECORD;
        BEGIN
          IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
             AND NOT EXISTS (SELECT 1 FROM desk_roles WHERE desk_role = 'admin' AND pg_has_role(session_user, db_role, 'MEMBER')) THEN
            RAISE EXCEPTION 'casedesk: % may not manage the staff: that takes the desk role admin', session_user
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = account) THEN
            BEGIN
              EXECUTE format('CREATE ROLE %I LOGIN', account);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
              NULL; -- made by another desk at the same moment
            END;
          END IF;
          FOR r IN SELECT desk_role, db_role FROM desk_roles LOOP
            IF r.desk_role = ANY (roles) THEN
              EXECUTE format('GRANT %I TO %I', r.db_role, account);
            ELSIF EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = r.db_role)
                                                           AND m.member = (SELECT oid FROM pg_roles WHERE rolname = account)) THEN
              EXECUTE format('REVOKE %I FROM %I', r.db_role, account);
            END IF;
          END LOOP;
        END $$;
        """

    /// Migration 7, after a security review of migration 3:
    /// - the functions look nothing up through a schema a member may create in: their search path is
    ///   `pg_catalog, pg_temp` (temporary schemas are never searched for functions) and every table is
    ///   named with the store's schema, so a `public.pg_has_role` a member made is never called;
    /// - `casedesk_set_member` takes the member's roles from the staff table (written with its desk
    ///   event in the same transaction) instead of a parameter, and refuses the desk's own roles and
    ///   any role that cannot log in; a superuser is left as it is (it passes every check anyway);
    /// - the trail grows one position at a time, each link after its event (`casedesk_check_link`):
    ///   a link at a future position would make every later link wrong.
    /// The store's schema is the one the migration runs in, written into the functions' text. Run
    /// twice, it leaves the same.
    static let hardeningSQL = """
        DROP FUNCTION IF EXISTS casedesk_set_member(TEXT, TEXT[]);
        DO $migration$ BEGIN
        EXECUTE pg_catalog.replace($functions$
        CREATE OR REPLACE FUNCTION @store@.casedesk_check_append() RETURNS trigger LANGUAGE plpgsql
          SET search_path = pg_catalog, pg_temp AS $body$
        BEGIN
          IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user) THEN
            RETURN NEW;
          END IF;
          NEW.actor := session_user;
          IF NOT EXISTS (SELECT 1 FROM @store@.event_permissions p JOIN @store@.desk_roles r USING (desk_role)
                         WHERE p.event_type = NEW.type AND pg_catalog.pg_has_role(session_user, r.db_role, 'MEMBER')) THEN
            RAISE EXCEPTION 'casedesk: % may not append % events: none of their desk roles may (%)', session_user, NEW.type,
              coalesce((SELECT pg_catalog.string_agg(r.desk_role, ', ' ORDER BY r.desk_role) FROM @store@.desk_roles r
                        WHERE pg_catalog.pg_has_role(session_user, r.db_role, 'MEMBER')), 'no desk role')
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END $body$;

        -- A link goes at the next position of the trail, after its event (the pipeline inserts the
        -- event, then its link, holding the store's write lock). A superuser is trusted as above.
        CREATE OR REPLACE FUNCTION @store@.casedesk_check_link() RETURNS trigger LANGUAGE plpgsql
          SET search_path = pg_catalog, pg_temp AS $body$
        DECLARE
          next BIGINT;
        BEGIN
          IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user) THEN
            RETURN NEW;
          END IF;
          next := (SELECT coalesce(pg_catalog.max(t.pos), 0) + 1 FROM @store@.trail t);
          IF NEW.pos IS DISTINCT FROM next THEN
            RAISE EXCEPTION 'casedesk: % may not link position % of the trail: the next position is %', session_user, NEW.pos, next
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF NOT EXISTS (SELECT 1 FROM @store@.events e WHERE e.pos = NEW.pos)
             AND NOT EXISTS (SELECT 1 FROM @store@.desk_events d WHERE d.pos = NEW.pos) THEN
            RAISE EXCEPTION 'casedesk: % may not link position % of the trail: no event is at that position', session_user, NEW.pos
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END $body$;

        -- staff add / staff remove: the member's login role (made when missing) joins exactly the
        -- groups of the desk roles the staff table gives them, none when they are not on it. Runs
        -- as the owner, which may create roles; only an admin of this desk (or a superuser) may call it.
        CREATE OR REPLACE FUNCTION @store@.casedesk_set_member(account TEXT) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
          SET search_path = pg_catalog, pg_temp AS $body$
        DECLARE
          desk RECORD;
          listed TEXT;
          exists_now BOOLEAN;
          account_super BOOLEAN;
          account_login BOOLEAN;
        BEGIN
          IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user)
             AND NOT EXISTS (SELECT 1 FROM @store@.desk_roles r WHERE r.desk_role = 'admin'
                             AND pg_catalog.pg_has_role(session_user, r.db_role, 'MEMBER')) THEN
            RAISE EXCEPTION 'casedesk: % may not manage the staff: that takes the desk role admin', session_user
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF account = (SELECT m.value || '_owner' FROM @store@.meta m WHERE m.key = 'role_prefix')
             OR EXISTS (SELECT 1 FROM @store@.desk_roles r WHERE r.db_role = account) THEN
            RAISE EXCEPTION 'casedesk: % is a role of the desk itself, not a member''s account', account
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          SELECT rolsuper, rolcanlogin INTO account_super, account_login FROM pg_catalog.pg_roles WHERE rolname = account;
          exists_now := FOUND;
          IF exists_now AND account_super THEN
            RETURN;
          END IF;
          IF exists_now AND NOT account_login THEN
            RAISE EXCEPTION 'casedesk: % is a group role (it cannot log in), not a member''s account', account
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          SELECT s.roles INTO listed FROM @store@.staff s WHERE s.account = casedesk_set_member.account;
          IF listed IS NOT NULL AND NOT exists_now THEN
            BEGIN
              EXECUTE pg_catalog.format('CREATE ROLE %I LOGIN', account);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
              NULL; -- made by another desk at the same moment
            END;
          END IF;
          FOR desk IN SELECT r.desk_role, r.db_role FROM @store@.desk_roles r LOOP
            IF desk.desk_role = ANY (pg_catalog.string_to_array(listed, ',')) THEN
              EXECUTE pg_catalog.format('GRANT %I TO %I', desk.db_role, account);
            ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m
                          WHERE m.roleid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = desk.db_role)
                            AND m.member = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = account)) THEN
              EXECUTE pg_catalog.format('REVOKE %I FROM %I', desk.db_role, account);
            END IF;
          END LOOP;
        END $body$;
        $functions$, '@store@', pg_catalog.quote_ident(pg_catalog.current_schema()));
        END $migration$;
        DROP TRIGGER IF EXISTS trail_check_link ON trail;
        CREATE TRIGGER trail_check_link BEFORE INSERT ON trail FOR EACH ROW EXECUTE FUNCTION casedesk_check_link();
        """

    /// Migration 8, the review's two holes after migration 7:
    /// - an event goes at the trail's next position and is linked before its transaction commits
    ///   (`casedesk_check_position`, before each insert and again, deferred, at commit): a member's
    ///   event left unlinked at a position casedesk reaches later would make every write after it
    ///   fail on that position's uniqueness;
    /// - the store's `meta` rows say what the store is (its application, schema version, the prefix
    ///   of its roles): a member changes `settings_version` alone (`casedesk_check_meta`), so an
    ///   admin cannot point a superuser's `setUp` at another desk's roles.
    /// A superuser is trusted as in migration 7. Run twice, it leaves the same.
    static let positionSQL = """
        DO $migration$ BEGIN
        EXECUTE pg_catalog.replace($functions$
        -- Before the insert: the event is at the next position (the pipeline inserts the event, then
        -- its link, holding the store's write lock). At commit: the trail links its position.
        CREATE OR REPLACE FUNCTION @store@.casedesk_check_position() RETURNS trigger LANGUAGE plpgsql
          SET search_path = pg_catalog, pg_temp AS $body$
        DECLARE
          next BIGINT;
        BEGIN
          IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user) THEN
            RETURN NEW;
          END IF;
          IF TG_WHEN = 'BEFORE' THEN
            next := (SELECT coalesce(pg_catalog.max(t.pos), 0) + 1 FROM @store@.trail t);
            IF NEW.pos IS DISTINCT FROM next THEN
              RAISE EXCEPTION 'casedesk: % may not append a % event at position % of the trail: the next position is %',
                session_user, NEW.type, NEW.pos, next USING ERRCODE = 'insufficient_privilege';
            END IF;
          ELSIF NOT EXISTS (SELECT 1 FROM @store@.trail t WHERE t.pos = NEW.pos) THEN
            RAISE EXCEPTION 'casedesk: % may not leave the % event at position % of the trail unlinked: its link goes in with it',
              session_user, NEW.type, NEW.pos USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END $body$;

        CREATE OR REPLACE FUNCTION @store@.casedesk_check_meta() RETURNS trigger LANGUAGE plpgsql
          SET search_path = pg_catalog, pg_temp AS $body$
        BEGIN
          IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user)
             OR (OLD.key = 'settings_version' AND NEW.key = 'settings_version') THEN
            RETURN NEW;
          END IF;
          RAISE EXCEPTION 'casedesk: % may not change meta.%: it says what the store is; only a superuser changes it', session_user, OLD.key
            USING ERRCODE = 'insufficient_privilege';
        END $body$;
        $functions$, '@store@', pg_catalog.quote_ident(pg_catalog.current_schema()));
        END $migration$;
        DROP TRIGGER IF EXISTS events_check_position ON events;
        DROP TRIGGER IF EXISTS desk_events_check_position ON desk_events;
        DROP TRIGGER IF EXISTS events_check_linked ON events;
        DROP TRIGGER IF EXISTS desk_events_check_linked ON desk_events;
        DROP TRIGGER IF EXISTS meta_check_change ON meta;
        CREATE TRIGGER events_check_position BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION casedesk_check_position();
        CREATE TRIGGER desk_events_check_position BEFORE INSERT ON desk_events FOR EACH ROW EXECUTE FUNCTION casedesk_check_position();
        CREATE CONSTRAINT TRIGGER events_check_linked AFTER INSERT ON events DEFERRABLE INITIALLY DEFERRED
          FOR EACH ROW EXECUTE FUNCTION casedesk_check_position();
        CREATE CONSTRAINT TRIGGER desk_events_check_linked AFTER INSERT ON desk_events DEFERRABLE INITIALLY DEFERRED
          FOR EACH ROW EXECUTE FUNCTION casedesk_check_position();
        CREATE TRIGGER meta_check_change BEFORE UPDATE ON meta FOR EACH ROW EXECUTE FUNCTION casedesk_check_meta();
        """

    /// Makes the owner and the group roles when missing, hands the owner every table, sequence and
    /// function, grants each group what its desk role needs and fills the permission tables from
    /// `Permissions`. Runs as a superuser (init, or opening a store whose schema is older); run again
    /// after later migrations, it brings new tables under the same rules.
    static func setUp(_ connection: PostgresConnection) throws {
        let prefix = try rolePrefix(connection)
        if let mismatch = try prefixMismatch(connection) {
            throw StoreError.unavailable("the store \(connection.address) was not set up: \(mismatch)")
        }
        let owner = owner(prefix)
        try createRole(connection, owner, "NOLOGIN CREATEROLE")
        for role in Role.allCases { try createRole(connection, group(prefix, role), "NOLOGIN") }
        let tables = try connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
            .rows.compactMap { $0.text(0) }
        for table in tables {
            try connection.execute("ALTER TABLE \(quoted(table)) OWNER TO \(quoted(owner))")
            try connection.execute("REVOKE ALL ON \(quoted(table)) FROM PUBLIC")
        }
        for function in ["casedesk_append_only()", "casedesk_check_append()", "casedesk_check_link()", "casedesk_check_position()",
                         "casedesk_check_meta()", setMemberFunction] {
            try connection.execute("ALTER FUNCTION \(function) OWNER TO \(quoted(owner))")
        }
        try connection.execute("REVOKE ALL ON FUNCTION \(setMemberFunction) FROM PUBLIC")
        // Nobody but its owner makes objects in the store's schema: a function made there could
        // stand in for one the store's functions call (migration 7 names theirs, but also any
        // other program's).
        let schema = quoted(try storeSchema(connection))
        try connection.execute("REVOKE CREATE ON SCHEMA \(schema) FROM PUBLIC")
        try connection.execute("DELETE FROM event_permissions")
        try connection.execute("DELETE FROM desk_roles")
        for role in Role.allCases {
            let name = quoted(group(prefix, role))
            // PostgreSQL 16 lets a CREATEROLE role grant only groups it administers.
            try connection.execute("GRANT \(name) TO \(quoted(owner)) WITH ADMIN OPTION")
            try connection.execute("REVOKE CREATE ON SCHEMA \(schema) FROM \(name)")
            try connection.execute("GRANT SELECT ON \(tables.map(quoted).joined(separator: ", ")) TO \(name)")
            for grant in everyRole { try connection.execute("GRANT \(grant.privileges) ON \(grant.table) TO \(name)") }
            for grant in byAction where Permissions.holds(role, anyOf: grant.actions) {
                let kind = grant.table.hasSuffix("_seq") ? "SEQUENCE " : ""
                try connection.execute("GRANT \(grant.privileges) ON \(kind)\(grant.table) TO \(name)")
            }
            if Permissions.holds(role, anyOf: [.manageStaff]) {
                try connection.execute("GRANT EXECUTE ON FUNCTION \(setMemberFunction) TO \(name)")
            }
            try connection.execute("INSERT INTO desk_roles (desk_role, db_role) VALUES ($1, $2)", [.text(role.rawValue), .text(group(prefix, role))])
            for type in Permissions.eventTypes(for: role).sorted() {
                try connection.execute("INSERT INTO event_permissions (desk_role, event_type) VALUES ($1, $2)", [.text(role.rawValue), .text(type)])
            }
        }
    }

    /// The event types each desk role may append, as the database holds them.
    static func storedEventPermissions(_ connection: PostgresConnection) throws -> [String: Set<String>] {
        var stored: [String: Set<String>] = [:]
        for row in try connection.execute("SELECT desk_role, event_type FROM event_permissions").rows {
            stored[row.text(0) ?? "", default: []].insert(row.text(1) ?? "")
        }
        return stored
    }

    /// Whether the permission rows differ from those this casedesk generates (a newer casedesk whose
    /// permission table changed, with no migration of its own).
    static func eventPermissionsStale(_ connection: PostgresConnection) throws -> Bool {
        let stored = try storedEventPermissions(connection)
        return Role.allCases.contains { stored[$0.rawValue] ?? [] != Permissions.eventTypes(for: $0) }
    }

    static let setMemberFunction = "casedesk_set_member(TEXT)"

    /// The member's login role joins exactly the groups of their roles in the staff table, written
    /// first in the same transaction (not on it: they leave every group of this desk).
    static func setMember(_ connection: PostgresConnection, _ account: String) throws {
        try connection.execute("SELECT casedesk_set_member($1)", [.text(account)])
    }

    /// The schema the store's tables are in (the first of the search path that exists).
    static func storeSchema(_ connection: PostgresConnection) throws -> String {
        try connection.execute("SELECT current_schema()").first?.text(0) ?? "public"
    }

    static func rolePrefix(_ connection: PostgresConnection) throws -> String {
        guard let prefix = try connection.execute("SELECT value FROM meta WHERE key = 'role_prefix'").first?.text(0) else {
            throw StoreError.unavailable("the store \(connection.address) names no role prefix (meta.role_prefix); run casedesk verify")
        }
        return prefix
    }

    /// Why `meta.role_prefix` is not the prefix of the group roles the desk was set up with, nil
    /// when it is (or no group is recorded yet): with another prefix, `setUp` would hand the tables
    /// to another desk's roles.
    static func prefixMismatch(_ connection: PostgresConnection) throws -> String? {
        let prefix = try rolePrefix(connection)
        let groups = try connection.execute("SELECT desk_role, db_role FROM desk_roles ORDER BY desk_role").rows
            .map { (desk: $0.text(0) ?? "", database: $0.text(1) ?? "") }
        guard let stray = groups.first(where: { $0.database != "\(prefix)_\($0.desk)" }) else { return nil }
        let named = stray.database.hasSuffix("_" + stray.desk) ? String(stray.database.dropLast(stray.desk.count + 1)) : nil
        return "meta.role_prefix is \(literal(prefix)), but the desk's group role for \(stray.desk) is \(stray.database): "
            + "a superuser's open would hand the tables to the roles of \(literal(prefix))"
            + (named.map { "; set it back as a superuser: UPDATE meta SET value = \(literal($0)) WHERE key = 'role_prefix'" } ?? "")
    }

    private static func createRole(_ connection: PostgresConnection, _ name: String, _ options: String) throws {
        try connection.execute("""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \(literal(name))) THEN
                CREATE ROLE \(quoted(name)) \(options);
              END IF;
            END $$
            """)
    }

    private static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}
