@testable import CaseStore
import CaseDesk
import Foundation
import Testing

/// The holes a security review of the database's roles found, each tried as the reviewer did: the
/// member's own SQL through the real `psql`, then what verify says.
extension PostgresDeskRolesTests {
    @Test("a member's function in public standing in for pg_has_role or format is never called; verify names who may CREATE in the store's schema")
    func noFunctionOfAMemberIsCalled() throws {
        let (store, uri) = try desk()
        defer { drop(uri) }
        let address = store.address
        let opened = try store.open(complaint(received: now, stage: .headOfSupport), by: People.supervisor, at: now)
        #expect(try value(address, "SELECT has_schema_privilege('public', 'public', 'CREATE')::text") == "false", "setUp revokes it")
        // As a database from PostgreSQL 14 and before has it, or one that grants it.
        try PostgresConnection(address).execute("GRANT CREATE ON SCHEMA public TO PUBLIC")
        let report = try store.verify()
        #expect(report.differences.contains { $0.contains("every role (PUBLIC) may CREATE in the store's schema public") },
                "\(report.differences)")

        // sam's pg_has_role says yes to everything; the append check does not ask it.
        let shadow = try psql(uri, as: "sam", """
            CREATE FUNCTION public.pg_has_role(name, text, text) RETURNS boolean LANGUAGE sql AS 'SELECT true'
            """)
        try #require(shadow.status == 0, "the attack needs the function: \(shadow.err)")
        let refused = try psql(uri, as: "sam", """
            INSERT INTO events (case_id, seq, pos, recorded_ms, actor, type, data, changes)
            VALUES (\(opened.number), \(opened.version + 1), 900, 0, 'sam', 'acknowledged', '{}', '[]')
            """)
        #expect(refused.status != 0 && refused.err.contains("may not append acknowledged events"), "\(refused)")

        // ada's format would run as the owner inside casedesk_set_member; it is not called either.
        let trap = try psql(uri, as: "ada", """
            CREATE TABLE public.evidence (who TEXT); GRANT INSERT ON public.evidence TO PUBLIC;
            CREATE FUNCTION public.format(text, text, text) RETURNS text LANGUAGE sql
              AS $$ INSERT INTO public.evidence VALUES (current_user); SELECT 'SELECT 1' $$;
            """)
        try #require(trap.status == 0, "\(trap.err)")
        let called = try psql(uri, as: "ada", "SELECT casedesk_set_member('sam')")
        #expect(called.status == 0, "\(called.err)")
        #expect(try value(address, "SELECT count(*) FROM public.evidence") == "0")
        try store.setStaff("sam", roles: [.supervisor, .abuse], by: People.admin, at: now)
        #expect(try value(address, "SELECT count(*) FROM public.evidence") == "0")
        #expect(try value(address, "SELECT pg_has_role('sam', '\(try PostgresAddress(uri).database)_abuse', 'MEMBER')::text") == "true")

        // Taken from everyone but granted to one member: verify names the member.
        try PostgresConnection(address).execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT CREATE ON SCHEMA public TO sam")
        let named = try store.verify().differences.filter { $0.contains("may CREATE") }
        #expect(named.count == 1 && named[0].contains("sam may CREATE in the store's schema public") && named[0].contains("FROM sam"), "\(named)")
        try PostgresConnection(address).execute("""
            REVOKE CREATE ON SCHEMA public FROM sam; DROP FUNCTION public.pg_has_role(name, text, text);
            DROP FUNCTION public.format(text, text, text); DROP TABLE public.evidence
            """)
        #expect(try store.verify().isClean)
    }

    @Test("casedesk_set_member takes the roles from the staff table and refuses the desk's own roles and roles that cannot log in; verify compares the groups with the staff")
    func setMemberTrustsTheStaffTable() throws {
        let (store, uri) = try desk()
        defer { drop(uri) }
        let address = store.address
        let database = try PostgresAddress(uri).database
        func members(_ group: String) throws -> [String] {
            try PostgresConnection(address).execute("""
                SELECT u.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                WHERE g.rolname = $1 ORDER BY 1
                """, [.text(group)]).rows.compactMap { $0.text(0) }
        }
        let admins = try members("\(database)_admin")
        // Every viewer an admin, in the database only; the owner stripped of its groups.
        for (account, reason) in [("\(database)_viewer", "is a role of the desk itself"), ("\(database)_owner", "is a role of the desk itself")] {
            let attempt = try psql(uri, as: "ada", """
                INSERT INTO staff (account, roles, added_ms, added_by) VALUES ('\(account)', 'admin', 0, 'ada');
                SELECT casedesk_set_member('\(account)')
                """)
            #expect(attempt.status != 0 && attempt.err.contains(reason), "\(account): \(attempt)")
        }
        #expect(try members("\(database)_admin") == admins)
        #expect(try members("\(database)_viewer").count == 1, "the owner only")
        // Another group of the cluster cannot be made a member either.
        try PostgresConnection(address).execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'auditors') THEN CREATE ROLE auditors NOLOGIN; END IF; END $$")
        let group = try psql(uri, as: "ada", """
            INSERT INTO staff (account, roles, added_ms, added_by) VALUES ('auditors', 'admin', 0, 'ada');
            SELECT casedesk_set_member('auditors')
            """)
        #expect(group.status != 0 && group.err.contains("auditors is a group role (it cannot log in)"), "\(group)")
        // Nobody on the staff: no login role is made, whatever the caller wants.
        let stranger = try psql(uri, as: "ada", "SELECT casedesk_set_member('mallory_\(database)')")
        #expect(stranger.status == 0, "\(stranger.err)")
        #expect(try value(address, "SELECT count(*) FROM pg_roles WHERE rolname = 'mallory_\(database)'") == "0")
        #expect(try store.verify().isClean)

        // ada makes sam an admin in the staff table and the database without a desk event: verify names both.
        let quiet = try psql(uri, as: "ada", "UPDATE staff SET roles = 'supervisor,admin' WHERE account = 'sam'; SELECT casedesk_set_member('sam')")
        #expect(quiet.status == 0, "\(quiet.err)")
        var differences = try store.verify().differences
        #expect(differences.contains("sam is a member of \(database)_admin in the database but not an admin on the desk: the database lets them do that role's work"),
                "\(differences)")
        #expect(differences.contains { $0.hasPrefix("staff sam: the table says roles supervisor,admin") }, "\(differences)")
        // And a member the database left out of their group.
        try PostgresConnection(address).execute("UPDATE staff SET roles = 'supervisor' WHERE account = 'sam'")
        try PostgresConnection(address).execute("REVOKE \"\(database)_admin\", \"\(database)_supervisor\" FROM sam")
        differences = try store.verify().differences
        #expect(differences == ["sam is a supervisor on the desk but not a member of \(database)_supervisor in the database: the database refuses that role's work (staff add sam again)"])
        try store.setStaff("sam", roles: [.supervisor], by: People.admin, at: now)
        #expect(try store.verify().isClean)
    }

    @Test("a member's link at a future position of the trail, or one without its event, is refused; verify names the check when it is off")
    func theTrailGrowsOnePositionAtATime() throws {
        let (store, uri) = try desk()
        defer { drop(uri) }
        let opened = try store.open(complaint(received: now), by: People.supervisor, at: now)
        let head = try store.trailHead()
        let future = try psql(uri, as: "sam", Self.link(head.count + 5))
        #expect(future.status != 0 && future.err.contains("sam may not link position \(head.count + 5) of the trail: the next position is \(head.count + 1)"),
                "\(future)")
        let bare = try psql(uri, as: "sam", Self.link(head.count + 1))
        #expect(bare.status != 0 && bare.err.contains("no event is at that position"), "\(bare)")
        // The writes after go on, each linked after the one before.
        let asSam = try PostgresCaseStore.open(try self.uri(uri, as: "sam"))
        _ = try asSam.record(.noted(.init(text: "after the attempts")), on: opened.number, expectedVersion: nil, by: People.supervisor, at: now)
        #expect(try store.trailHead().count == head.count + 1)
        #expect(try store.verify().isClean)
        try PostgresConnection(store.address).execute("ALTER TABLE trail DISABLE TRIGGER trail_check_link")
        #expect(try store.verify().differences.contains { $0.contains("trail_check_link is missing or disabled") })
    }

    @Test("a member's event at a future position is refused, one left unlinked is refused at commit; casedesk's writes go on; a superuser's is let in and named by verify")
    func noEventBlocksTheWritesAfterIt() throws {
        let (store, uri) = try desk()
        defer { drop(uri) }
        let opened = try store.open(complaint(received: now), by: People.supervisor, at: now)
        let next = try store.trailHead().count + 1
        func note(seq: Int, pos: Int64) -> String {
            """
            INSERT INTO events (case_id, seq, pos, recorded_ms, actor, type, data, changes)
            VALUES (\(opened.number), \(seq), \(pos), 0, 'sam', 'note', '{}', '[]')
            """
        }
        // Far ahead, or the next position a write of casedesk takes: either would block that write.
        let ahead = try psql(uri, as: "sam", note(seq: 50, pos: next + 3))
        #expect(ahead.status != 0 && ahead.err.contains("sam may not append a note event at position \(next + 3) of the trail: the next position is \(next)"),
                "\(ahead)")
        let unlinked = try psql(uri, as: "sam", note(seq: 50, pos: next))
        #expect(unlinked.status != 0 && unlinked.err.contains("sam may not leave the note event at position \(next) of the trail unlinked"),
                "\(unlinked)")
        // Asking for the check at once changes nothing: the event is refused before its link goes in.
        let immediate = try psql(uri, as: "sam", "SET CONSTRAINTS ALL IMMEDIATE; " + note(seq: 50, pos: next) + "; " + Self.link(next))
        #expect(immediate.status != 0 && immediate.err.contains("unlinked"), "\(immediate)")
        let desk = try psql(uri, as: "sam", """
            INSERT INTO desk_events (id, pos, recorded_ms, actor, type, data) VALUES (50, \(next), 0, 'sam', 'handover_note', '{"text":"x"}')
            """)
        #expect(desk.status != 0 && desk.err.contains("sam may not leave the handover_note event at position \(next) of the trail unlinked"),
                "\(desk)")
        #expect(try PostgresConnection(store.address).execute("SELECT count(*) FROM events WHERE pos >= \(next)").first?.integer(0) == 0)
        // casedesk's writes go on at that position, as sam and as a superuser.
        let asSam = try PostgresCaseStore.open(try self.uri(uri, as: "sam"))
        _ = try asSam.record(.noted(.init(text: "after the attempts")), on: opened.number, expectedVersion: nil, by: People.supervisor, at: now)
        try asSam.addHandoverNote("for the next shift", by: People.supervisor, at: now)
        _ = try store.record(.noted(.init(text: "and the superuser")), on: opened.number, expectedVersion: nil, by: People.head, at: now)
        #expect(try store.trailHead().count == next + 2)
        #expect(try store.verify().isClean)
        // Each check off is named.
        for trigger in ["events_check_position", "desk_events_check_linked"] {
            let table = trigger.hasPrefix("desk_") ? "desk_events" : "events"
            try PostgresConnection(store.address).execute("ALTER TABLE \(table) DISABLE TRIGGER \(trigger)")
            #expect(try store.verify().differences.contains { $0.hasPrefix("the trigger \(trigger) is missing or disabled") })
            try PostgresConnection(store.address).execute("ALTER TABLE \(table) ENABLE TRIGGER \(trigger)")
        }
        // A superuser is trusted (migrate copies a trail, the demo load writes its own): its
        // unlinked event goes in, and verify names it.
        try PostgresConnection(store.address).execute(note(seq: 99, pos: 999))
        #expect(try store.verify().differences.contains { $0.contains("no link at its position 999") })
    }

    @Test("an admin may not change what meta says the store is (its role prefix, schema version); a prefix changed by a superuser is named by verify and stops setUp")
    func rolePrefixStaysTheDesks() throws {
        let (store, uri) = try desk()
        defer { drop(uri) }
        let address = store.address
        let database = try PostgresAddress(uri).database
        for (key, value) in [("role_prefix", "postgres"), ("schema_version", "0"), ("application", "other")] {
            let attempt = try psql(uri, as: "ada", "UPDATE meta SET value = '\(value)' WHERE key = '\(key)'")
            #expect(attempt.status != 0 && attempt.err.contains("ada may not change meta.\(key)"), "\(key): \(attempt)")
        }
        let renamed = try psql(uri, as: "ada", "UPDATE meta SET key = 'settings_version' WHERE key = 'role_prefix'")
        #expect(renamed.status != 0 && renamed.err.contains("may not change meta.role_prefix"), "\(renamed)")
        #expect(try value(address, "SELECT value FROM meta WHERE key = 'role_prefix'") == database)
        // What an admin's casedesk writes there goes on: a change of the rules moves settings_version.
        let asAdmin = try PostgresCaseStore.open(try self.uri(uri, as: "ada"))
        _ = try asAdmin.changeRules(RuleChange(setting: .policy, text: """
            [complaints]
            types = ["transfer", "billing", "other"]
            """, file: "policy.toml"), by: People.admin, at: now)
        #expect(try value(address, "SELECT value FROM meta WHERE key = 'settings_version'") == "1")
        #expect(try store.verify().isClean)

        // A superuser changes it anyway: verify names it, and setUp (an upgrade's) refuses to run.
        try PostgresConnection(address).execute("UPDATE meta SET value = 'postgres' WHERE key = 'role_prefix'")
        let named = try store.verify().differences
        #expect(named.count == 1 && named[0].hasPrefix("meta.role_prefix is 'postgres', but the desk's group role for abuse is \(database)_abuse")
                && named[0].hasSuffix("UPDATE meta SET value = '\(database)' WHERE key = 'role_prefix'"), "\(named)")
        try PostgresConnection(address).execute("UPDATE meta SET value = '\(PostgresCaseStore.latestSchema - 1)' WHERE key = 'schema_version'")
        let refused = storeError { _ = try PostgresCaseStore.open(address) }
        #expect("\(String(describing: refused))".contains("was not set up: meta.role_prefix is 'postgres'"), "\(String(describing: refused))")
        #expect(try value(address, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '\(database)_owner'") == "0")
        #expect(try value(address, "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'postgres\\_%'") == "0")
        // Set back, the upgrade runs (migration 8 again leaves the same) and verify is clean.
        try PostgresConnection(address).execute("UPDATE meta SET value = '\(database)' WHERE key = 'role_prefix'")
        _ = try PostgresCaseStore.open(address)
        #expect(try value(address, "SELECT value FROM meta WHERE key = 'schema_version'") == "\(PostgresCaseStore.latestSchema)")
        #expect(try store.verify().isClean)
    }

    @Test("only the roles that take reports in list abuse domains: a viewer's INSERT is refused; an admin's new policy rebuilds an abuse report without one")
    func abuseDomainsByIntakeOnly() throws {
        let (store, uri) = try desk()
        defer { drop(uri) }
        try store.setStaff("vic", roles: [.viewer], by: People.admin, at: now)
        let report = try PostgresCaseStore.open(try self.uri(uri, as: "sam")).open(abuseReport(received: now), by: People.supervisor, at: now)
        let byViewer = try psql(uri, as: "vic", "INSERT INTO abuse_domains (domain, case_id) VALUES ('example.org', \(report.number))")
        #expect(byViewer.status != 0 && byViewer.err.contains("permission denied for table abuse_domains"), "\(byViewer)")
        let asAdmin = try PostgresCaseStore.open(try self.uri(uri, as: "ada"))
        _ = try asAdmin.changeRules(RuleChange(setting: .policy, text: """
            [complaints]
            types = ["transfer", "billing", "other"]
            """, file: "policy.toml"), by: People.admin, at: now)
        #expect(try store.verify().isClean)
    }
}
