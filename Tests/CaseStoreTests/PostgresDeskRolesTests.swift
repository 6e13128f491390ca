@testable import CaseStore
import CaseDesk
import Foundation
import Synchronization
import Testing

/// Issue 14's "identity and rules enforced by the database": each member their own database role,
/// the actor written by the database, the permission table checked by a trigger — tried with the
/// real `psql` and with stores connected as the members themselves.
@Suite("PostgreSQL: each member a database role, the database checks who appends what",
       .enabled(if: PostgresTestCluster.isAvailable, Comment(rawValue: PostgresTestCluster.missing)))
struct PostgresDeskRolesTests {
    let now = at("2027-03-18T09:00:00+01:00")

    /// A store made by the superuser for ada (admin), with sam a supervisor and hana the head; its URI.
    func desk() throws -> (store: PostgresCaseStore, uri: String) {
        let uri = try PostgresTestCluster.get().newDatabase()
        let store = try PostgresCaseStore.create(PostgresAddress(uri), creator: People.admin, roles: [.admin], at: now)
        try store.setStaff(People.supervisor.account, roles: [.supervisor], by: People.admin, at: now)
        try store.setStaff(People.head.account, roles: [.head], by: People.admin, at: now)
        return (store, uri)
    }

    func drop(_ uri: String) {
        if let address = try? PostgresAddress(uri) { try? PostgresTestCluster.get().dropDatabase(address.database) }
    }

    /// The same database as `user` (the test cluster trusts its socket, as peer authentication would the account).
    func uri(_ uri: String, as user: String) throws -> PostgresAddress {
        try PostgresAddress(PostgresTestCluster.get().uri(try PostgresAddress(uri).database, user: user))
    }

    /// Runs the real `psql` as `user` on the store's database; its exit status, output and errors.
    func psql(_ uri: String, as user: String, _ sql: String) throws -> (status: Int32, out: String, err: String) {
        let cluster = try PostgresTestCluster.get()
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let result = try CaseDeskBinary.runProcess("\(cluster.binaries)/psql",
                                                   ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", cluster.socketFolder, "-U", user,
                                                    "-d", try PostgresAddress(uri).database, "-c", sql], in: folder)
        return (result.status, String(decoding: result.stdout, as: UTF8.self), String(decoding: result.stderr, as: UTF8.self))
    }

    /// A member's INSERT of a trail link at `position` (not the link the trail gives: verify names it).
    static func link(_ position: Int64) -> String {
        "INSERT INTO trail (pos, link) VALUES (\(position), decode(repeat('00', 32), 'hex'))"
    }

    func value(_ address: PostgresAddress, _ sql: String) throws -> String? {
        try PostgresConnection(address).execute(sql).first?.text(0)
    }

    @Test("init: the tables belong to a role nobody logs in as; staff add makes the member a login role in their desk role's group")
    func rolesMadeByInitAndStaffAdd() throws {
        let (store, uri) = try desk()
        defer { drop(uri) }
        let database = try PostgresAddress(uri).database
        let owner = "\(database)_owner"
        let address = store.address
        #expect(try value(address, "SELECT rolcanlogin::text FROM pg_roles WHERE rolname = '\(owner)'") == "false")
        #expect(try value(address, """
            SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '\(owner)'
            """) == "0")
        for role in Role.allCases {
            #expect(try value(address, "SELECT rolcanlogin::text FROM pg_roles WHERE rolname = '\(database)_\(role.rawValue)'") == "false")
        }
        func groups(_ account: String) throws -> [String] {
            try PostgresConnection(address).execute("""
                SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                WHERE u.rolname = $1 AND g.rolname LIKE $2 ORDER BY 1
                """, [.text(account), .text(database + "\\_%")]).rows.compactMap { $0.text(0) }
        }
        #expect(try value(address, "SELECT rolcanlogin::text FROM pg_roles WHERE rolname = 'sam'") == "true")
        #expect(try groups("sam") == ["\(database)_supervisor"])
        #expect(try groups("ada") == ["\(database)_admin"])
        try store.setStaff("sam", roles: [.supervisor, .abuse], by: People.admin, at: now)
        #expect(try groups("sam") == ["\(database)_abuse", "\(database)_supervisor"])
        try store.removeStaff("sam", by: People.admin, at: now)
        #expect(try groups("sam").isEmpty)
        // What a group may append is the permission table's answer, row for row.
        for role in Role.allCases {
            let types = try PostgresConnection(address).execute("SELECT event_type FROM event_permissions WHERE desk_role = $1 ORDER BY 1",
                                                                [.text(role.rawValue)]).rows.compactMap { $0.text(0) }
            #expect(types == Permissions.eventTypes(for: role).sorted(), "\(role)")
        }
        // ada, connected as herself (no superuser), adds zoe: the database makes zoe's login role.
        let asAdmin = try PostgresCaseStore.open(try self.uri(uri, as: "ada"))
        try asAdmin.setStaff("zoe", roles: [.viewer], by: People.admin, at: now)
        #expect(try value(address, "SELECT rolcanlogin::text FROM pg_roles WHERE rolname = 'zoe'") == "true")
        #expect(try groups("zoe") == ["\(database)_viewer"])
        // The head may not call the function that does it, not even through psql.
        let byHead = try psql(uri, as: "hana", "SELECT casedesk_set_member('mallory')")
        #expect(byHead.status != 0 && byHead.err.contains("permission denied"), "\(byHead.err)")
        #expect(try groups("mallory").isEmpty)
        #expect(try store.verify().isClean)
    }

    @Test("casedesk init and staff add on PostgreSQL make the roles; the member's casedesk and psql are refused the same move",
          .enabled(if: CaseDeskBinary.isAvailable, Comment(rawValue: CaseDeskBinary.missing)))
    func theBinaryMakesRoles() throws {
        let uri = try PostgresTestCluster.get().newDatabase()
        defer { drop(uri) }
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let binary = try #require(CaseDeskBinary.path)
        let sam = try self.uri(uri, as: "sam").description
        func run(_ db: String, _ arguments: String...) throws -> CaseDeskBinary.Result {
            try CaseDeskBinary.runProcess(binary, arguments + ["--db", db], in: folder)
        }
        // init runs as the cluster's superuser, as `sudo -u postgres casedesk init` does.
        let created = try run(uri, "init", "--roles", "supervisor")
        try #require(created.status == 0, "init: \(created.err)")
        let added = try run(uri, "staff", "add", "sam", "--role", "supervisor")
        #expect(added.status == 0, "staff add: \(added.err)")
        let opened = try run(sam, "new", "--kind", "complaint", "--channel", "email", "--customer", "Jo", "--contact", "jo@example.com",
                             "--subject", "Transfer", "--description", "Blocked.", "--stage", "head")
        #expect(opened.status == 0, "new as sam: \(opened.err)")
        let refused = try run(sam, "ack", "1")
        #expect(refused.status != 0 && refused.err.contains("may not acknowledge case 1"), "ack as sam: \(refused.err)")
        let byPsql = try psql(uri, as: "sam", """
            INSERT INTO events (case_id, seq, pos, recorded_ms, actor, type, data, changes)
            VALUES (1, 2, 900, 0, 'sam', 'acknowledged', '{}', '[]')
            """)
        #expect(byPsql.status != 0 && byPsql.err.contains("may not append acknowledged events"), "\(byPsql.err)")
        let noted = try run(sam, "note", "1", "Called the customer.")
        #expect(noted.status == 0, "note as sam: \(noted.err)")
        let shown = try run(uri, "show", "1", "--json")
        #expect(shown.out.contains("\"actor\" : \"sam\"") || shown.out.contains("\"actor\":\"sam\""), "\(shown.out)")
        let verified = try run(uri, "verify")
        #expect(verified.status == 0, "verify: \(verified.out) \(verified.err)")
    }

    @Test("verify names a disabled append check and permission rows that differ from casedesk's table; a superuser's open writes them again; only a superuser loads demo cases")
    func verifyJudgesTheDatabasesOwnRules() throws {
        let (store, uri) = try desk()
        defer { drop(uri) }
        let address = store.address
        try PostgresConnection(address).execute("ALTER TABLE events DISABLE TRIGGER events_check_append")
        try PostgresConnection(address).execute("DELETE FROM event_permissions WHERE desk_role = 'supervisor' AND event_type = 'assigned'")
        try PostgresConnection(address).execute("INSERT INTO event_permissions (desk_role, event_type) VALUES ('viewer', 'closed')")
        let report = try store.verify()
        #expect(report.differences.contains { $0.contains("events_check_append is missing or disabled") }, "\(report.differences)")
        #expect(report.differences.contains { $0.contains("event_permissions for supervisor") && $0.contains("refused there but allowed by casedesk: assigned") },
                "\(report.differences)")
        #expect(report.differences.contains { $0.contains("event_permissions for viewer") && $0.contains("allowed there but not by casedesk: closed") },
                "\(report.differences)")
        // A member's open leaves the rows as they are; the superuser's writes them again.
        _ = try PostgresCaseStore.open(try self.uri(uri, as: "ada"))
        #expect(try value(address, "SELECT count(*) FROM event_permissions WHERE desk_role = 'viewer' AND event_type = 'closed'") == "1")
        _ = try PostgresCaseStore.open(address)
        #expect(try value(address, "SELECT count(*) FROM event_permissions WHERE desk_role = 'viewer' AND event_type = 'closed'") == "0")
        try PostgresConnection(address).execute("ALTER TABLE events ENABLE TRIGGER events_check_append")
        #expect(try store.verify().isClean)
        // ada is the admin but not a superuser: her demo load would be recorded as hers, event by event.
        let asAdmin = try PostgresCaseStore.open(try self.uri(uri, as: "ada"))
        #expect(throws: StoreError.self) {
            _ = try asAdmin.loadDemo(count: 5, seed: 1, by: People.admin, now: now, alongsideCases: false, progress: nil)
        }
        #expect(try value(address, "SELECT count(*) FROM cases") == "0")
    }

    @Test("the actor of an event is the session's database role: a store connected as sam writes as sam, whoever the client names")
    func actorIsTheSessionRole() throws {
        let (store, uri) = try desk()
        defer { drop(uri) }
        let opened = try store.open(complaint(received: now), by: People.supervisor, at: now)
        let asSam = try PostgresCaseStore.open(try self.uri(uri, as: "sam"))
        #expect(try asSam.acting(People.stranger) == Actor(account: "sam"))
        let noted = try asSam.record(.noted(.init(text: "written by sam, claimed by mallory")), on: opened.number, expectedVersion: nil,
                                     by: People.stranger, at: now)
        #expect(try store.events(of: noted.number).last?.actor == "sam")
        // Through psql: the actor column sent is overwritten by the database.
        let next = try store.trailHead().count + 1
        let inserted = try psql(uri, as: "sam", """
            INSERT INTO events (case_id, seq, pos, recorded_ms, actor, type, data, changes)
            VALUES (\(opened.number), 99, \(next), 0, 'mallory', 'note', '{}', '[]');
            \(Self.link(next));
            SELECT actor FROM events WHERE pos = \(next)
            """)
        #expect(inserted.status == 0 && inserted.out.trimmingCharacters(in: .whitespacesAndNewlines) == "sam", "\(inserted)")
    }

    @Test("a member refused a move by casedesk is refused the same INSERT through psql; moves their role may make go in")
    func refusedThroughPsqlToo() throws {
        let (store, uri) = try desk()
        defer { drop(uri) }
        // A complaint at the head of support's stage: acknowledging it takes the head.
        let opened = try store.open(complaint(received: now, stage: .headOfSupport), by: People.supervisor, at: now)
        let asSam = try PostgresCaseStore.open(try self.uri(uri, as: "sam"))
        let refused = storeError { try asSam.record(.acknowledged(.init(at: now)), on: opened.number, expectedVersion: nil, by: People.supervisor, at: now) }
        guard case .forbidden? = refused else { Issue.record("casedesk let a supervisor acknowledge: \(String(describing: refused))"); return }
        let sequence = opened.version + 1
        func insert(_ type: String, seq: Int, pos: Int64) -> String {
            """
            INSERT INTO events (case_id, seq, pos, recorded_ms, actor, type, data, changes)
            VALUES (\(opened.number), \(seq), \(pos), \(Millis.from(now)), 'sam', '\(type)', '{"type":"\(type)","at":0}', '[]')
            """
        }
        let next = try store.trailHead().count + 1
        let byPsql = try psql(uri, as: "sam", insert("acknowledged", seq: sequence, pos: next))
        #expect(byPsql.status != 0, "psql let sam append an acknowledgement")
        #expect(byPsql.err.contains("may not append acknowledged events"), "\(byPsql.err)")
        // The head's INSERT of the same row, at the trail's next position and linked, is let
        // through, and so is sam's note.
        let byHead = try psql(uri, as: "hana", insert("acknowledged", seq: sequence, pos: next) + ";\n" + Self.link(next))
        #expect(byHead.status == 0, "\(byHead.err)")
        let note = try psql(uri, as: "sam", insert("note", seq: sequence + 1, pos: next + 1) + ";\n" + Self.link(next + 1))
        #expect(note.status == 0, "\(note.err)")
        // Their links are not those of the trail, which verify names: the database checks who and
        // where, casedesk the rest.
        #expect(try store.verify().differences.contains { $0.contains("(acknowledged): its link does not match") })
        // Desk events too: sam may not add staff by hand.
        let staff = try psql(uri, as: "sam", """
            INSERT INTO desk_events (id, pos, recorded_ms, actor, type, data) VALUES (900, \(next + 2), 0, 'sam', 'staff_added', '{}')
            """)
        #expect(staff.status != 0 && staff.err.contains("may not append staff_added events"), "\(staff.err)")
        // And no member may rewrite the trail or the staff table.
        #expect(try psql(uri, as: "hana", "UPDATE staff SET roles = 'admin'").status != 0)
        #expect(try psql(uri, as: "hana", "DELETE FROM events").status != 0)
    }

    @Test("two members as two database roles on two connections edit one case at once: one write wins, the other is a conflict")
    func twoRolesAtOnce() throws {
        let (store, uri) = try desk()
        defer { drop(uri) }
        try store.setStaff("sue", roles: [.supervisor], by: People.admin, at: now)
        let opened = try store.open(complaint(received: now), by: People.supervisor, at: now)
        let sam = try PostgresCaseStore.open(try self.uri(uri, as: "sam"))
        let sue = try PostgresCaseStore.open(try self.uri(uri, as: "sue"))
        for round in 0..<5 {
            let version = try store.events(of: opened.number).count
            let members = [(sam, "sam"), (sue, "sue")]
            let outcomes = Mutex<[Result<CaseState, StoreError>]>([])
            DispatchQueue.concurrentPerform(iterations: members.count) { index in
                let (member, account) = members[index]
                let outcome: Result<CaseState, StoreError>
                do throws(StoreError) {
                    outcome = .success(try member.record(.noted(.init(text: "round \(round) by \(account)")), on: opened.number,
                                                         expectedVersion: version, by: Actor(account: account), at: now))
                } catch {
                    outcome = .failure(error)
                }
                outcomes.withLock { $0.append(outcome) }
            }
            let results = outcomes.withLock { $0 }
            let written = results.filter { if case .success = $0 { true } else { false } }
            #expect(written.count == 1, "round \(round): \(results)")
            for case let .failure(error) in results {
                guard case let .conflict(number, expected, current, by, _, what) = error else {
                    Issue.record("round \(round): \(error)"); continue
                }
                #expect(number == opened.number && expected == version && current == version + 1 && ["sam", "sue"].contains(by))
                #expect(what == "added a note")
            }
        }
        let actors = Set(try store.events(of: opened.number).dropFirst().map(\.actor))
        #expect(actors.isSubset(of: ["sam", "sue"]) && !actors.isEmpty)
        #expect(try store.verify().isClean)
    }

    @Test("a connection the server ends is made again: the feed says changed and reconnected, reads go on")
    func reconnectAfterTermination() throws {
        let (store, uri) = try desk()
        defer { drop(uri) }
        let opened = try store.open(complaint(received: now), by: People.supervisor, at: now)
        let reader = try PostgresCaseStore.open(try self.uri(uri, as: "sam"))
        let feed = try reader.changeFeed()
        #expect(try !feed.poll() && !feed.takeReconnection())
        let database = try PostgresAddress(uri).database
        let ended = try PostgresTestCluster.get().uri("postgres")
        let admin = try PostgresConnection(PostgresAddress(ended))
        let count = try admin.execute("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND usename = 'sam'
            """, [.text(database)]).first?.integer(0)
        #expect(count == 2, "the store's connection and the feed's")
        // A write made while the reader was away.
        _ = try store.record(.noted(.init(text: "while sam was away")), on: opened.number, expectedVersion: nil, by: People.head, at: now)
        #expect(try feed.poll())
        #expect(feed.takeReconnection())
        #expect(!feed.takeReconnection(), "said once")
        #expect(try reader.events(of: opened.number).last?.actor == "hana")
        // The feed listens again: the next write of another connection is news.
        #expect(try !feed.poll())
        _ = try store.record(.noted(.init(text: "after")), on: opened.number, expectedVersion: nil, by: People.head, at: now)
        #expect(try feed.poll())
        // Writes go on too, on the connection made again.
        _ = try reader.record(.noted(.init(text: "sam again")), on: opened.number, expectedVersion: nil, by: People.supervisor, at: now)
        #expect(try store.verify().isClean)
    }
}

@Suite("The permission table by event type covers every kind of change")
struct EventTypeCoverageTests {
    /// The database's trigger knows a change only by its type: each change's type must name the
    /// action casedesk checks it as, or the database would refuse what casedesk allows.
    @Test func everyChangesTypeNamesItsAction() {
        for change in EventJSONWriterTests.changes {
            #expect(Permissions.actionsByEventType[change.type]?.contains(Action(change)) == true, "\(change.type)")
        }
    }
}
