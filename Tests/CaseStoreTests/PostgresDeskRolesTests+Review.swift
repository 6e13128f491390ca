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
        func link(_ position: Int64) -> String {
            "INSERT INTO trail (pos, link) VALUES (\(position), decode(repeat('00', 32), 'hex'))"
        }
        let future = try psql(uri, as: "sam", link(head.count + 5))
        #expect(future.status != 0 && future.err.contains("sam may not link position \(head.count + 5) of the trail: the next position is \(head.count + 1)"),
                "\(future)")
        let bare = try psql(uri, as: "sam", link(head.count + 1))
        #expect(bare.status != 0 && bare.err.contains("no event is at that position"), "\(bare)")
        // The writes after go on, each linked after the one before.
        let asSam = try PostgresCaseStore.open(try self.uri(uri, as: "sam"))
        _ = try asSam.record(.noted(.init(text: "after the attempts")), on: opened.number, expectedVersion: nil, by: People.supervisor, at: now)
        #expect(try store.trailHead().count == head.count + 1)
        #expect(try store.verify().isClean)
        try PostgresConnection(store.address).execute("ALTER TABLE trail DISABLE TRIGGER trail_check_link")
        #expect(try store.verify().differences.contains { $0.contains("trail_check_link is missing or disabled") })
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
