import CaseDesk
@testable import CaseStore
import Foundation
import GRDB
import Testing

/// Someone with write access to the file edits it through SQLite itself: every kind of edit (insert,
/// change, delete; events, desk events, staff, cases; with the append-only triggers dropped where
/// they stand in the way) must make `verify` fail and name what it found.
@Suite("Tampering with the store through SQLite: verify names it", .serialized,
       .enabled(if: CaseDeskBinary.isAvailable, Comment(rawValue: CaseDeskBinary.missing)),
       .enabled(if: CaseDeskBinary.sqlite3 != nil, "sqlite3 is not installed (make setup installs it)"))
struct TamperTests {
    /// A copy of the scripted desk (made once: the edits each get their own copy of the file).
    static func scriptedDesk() throws -> CommandLineDesk {
        try CommandLineDesk(copying: template.get().db)
    }

    nonisolated(unsafe) private static let template = Result { try makeScriptedDesk() }

    /// Three complaints, a staff member added, notes, an assignment and a response.
    private static func makeScriptedDesk() throws -> CommandLineDesk {
        let desk = try CommandLineDesk()
        for customer in ["Élodie Müller", "Jonas Weber", "Claire Dubois"] {
            let opened = try desk.run("new", "--kind", "complaint", "--channel", "email", "--customer", customer,
                                      "--contact", "someone@example.org", "--subject", "Transfert bloqué")
            try #require(opened.status == 0, "new: \(opened.err)")
        }
        for arguments in [["staff", "add", "amelie", "--role", "supervisor"], ["note", "1", "called the customer"],
                          ["assign", "1", "--to", "amelie"], ["respond", "1", "--summary", "Transfer unblocked"],
                          ["note", "2", "waiting for the registry"], ["note", "3", "last event of the store"]] {
            let result = try desk.run(arguments)
            try #require(result.status == 0, "\(arguments): \(result.err)")
        }
        return desk
    }

    static let dropTriggers = """
        DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;
        DROP TRIGGER desk_events_append_only_update; DROP TRIGGER desk_events_append_only_delete;
        DROP TRIGGER trail_append_only_update; DROP TRIGGER trail_append_only_delete;
        """

    /// A copy of a case's row under another number (its projection's columns: the table has others it derives).
    static func copyCase(_ number: Int, to other: String) -> String {
        let columns = CaseProjection.columns.joined(separator: ", ")
        return "INSERT INTO cases (\(columns)) SELECT \(other)\(columns.dropFirst(2)) FROM cases WHERE id = \(number);"
    }

    /// Each edit, and words `verify` must print about it.
    static let edits: [(name: String, sql: String, expected: [String])] = [
        ("change an event's text", dropTriggers + "UPDATE events SET data = replace(data, 'called', 'emailed') WHERE case_id = 1 AND seq = 2;",
         ["case 1 event 2 (note): its link does not match"]),
        ("change an event's actor", dropTriggers + "UPDATE events SET actor = 'amelie' WHERE case_id = 1 AND seq = 4;",
         ["case 1 event 4 (responded): its link does not match"]),
        ("change an event's time", dropTriggers + "UPDATE events SET recorded_ms = recorded_ms - 86400000 WHERE case_id = 1 AND seq = 4;",
         ["case 1 event 4 (responded): its link does not match"]),
        ("delete an event in the middle of a case", dropTriggers + "DELETE FROM events WHERE case_id = 1 AND seq = 2;",
         ["case 1: event 2 is numbered 3", "no event there any more"]),
        ("delete a case's last event", dropTriggers + "DELETE FROM events WHERE case_id = 2 AND seq = 2;",
         ["no event there any more", "case 2: version"]),
        ("delete a whole case", dropTriggers + "DELETE FROM events WHERE case_id = 2; DELETE FROM cases WHERE id = 2; DELETE FROM case_figures WHERE id = 2;",
         ["case 2 is missing", "no event there any more"]),
        ("insert an event without a place in the trail",
         "INSERT INTO events (case_id, seq, recorded_ms, actor, via, type, data, changes) SELECT case_id, 5, recorded_ms + 1, actor, via, type, data, changes FROM events WHERE case_id = 1 AND seq = 2;",
         ["case 1 event 5 (note): has no place in the trail", "case 1: version"]),
        ("insert an event with a made-up link",
         "INSERT INTO trail (pos, link) VALUES ((SELECT max(pos) + 1 FROM trail), randomblob(32)); INSERT INTO events (case_id, seq, pos, recorded_ms, actor, via, type, data, changes) SELECT case_id, 5, (SELECT max(pos) FROM trail), recorded_ms + 1, actor, via, type, data, changes FROM events WHERE case_id = 1 AND seq = 2;",
         ["case 1 event 5 (note): its link does not match"]),
        ("change a link", dropTriggers + "UPDATE trail SET link = randomblob(32) WHERE pos = 3;", ["its link does not match"]),
        ("delete a link", dropTriggers + "DELETE FROM trail WHERE pos = 3;", ["links were removed"]),
        ("change a desk event (the roles a person was given)",
         dropTriggers + "UPDATE desk_events SET data = replace(data, 'supervisor', 'head') WHERE type = 'staff_added';",
         ["(staff_added): its link does not match"]),
        ("delete a desk event", dropTriggers + "DELETE FROM desk_events WHERE type = 'staff_added';",
         ["no event there any more", "staff amelie: on the staff table, but the desk trail never added them"]),
        ("give someone a role in the staff table", "UPDATE staff SET roles = 'supervisor,head,admin' WHERE account = 'amelie';",
         ["staff amelie: the table says roles supervisor,head,admin"]),
        ("add someone to the staff table", "INSERT INTO staff (account, roles, added_ms, added_by) VALUES ('mallory', 'head', 0, 'root');",
         ["staff mallory: on the staff table, but the desk trail never added them"]),
        ("change a case's projection", "UPDATE cases SET stage = 'final', assignee = 'mallory' WHERE id = 3;",
         ["case 3: stage:", "case 3: assignee:"]),
        ("change a statistics row", "UPDATE case_figures SET kind = kind + 1 WHERE id = 2;", ["case 2: statistics kind"]),
        ("change the stored policy", "UPDATE settings SET value = 'x' WHERE key = 'policy'; INSERT OR IGNORE INTO settings (key, value, updated_ms, updated_by) VALUES ('policy', '[clocks]', 0, 'root');",
         ["settings: the stored policy or calendar is not the one the desk trail last set"]),
        ("add words to a case's search entry",
         "INSERT INTO case_text (rowid, subject, description, customer, domains, notes) VALUES (2, 'viagra', '', '', '', '');",
         ["case 2: its search entry does not hold the words its trail gives"]),
        ("hide a case from search (remove its entry with the words it holds)",
         "INSERT INTO case_text (case_text, rowid, subject, description, customer, domains, notes) VALUES ('delete', 3, 'Transfert bloqué', '', 'Claire Dubois someone@example.org', '', 'last event of the store');",
         ["case 3: ", "search entry"]),
        ("index words for a case that does not exist",
         "INSERT INTO case_text (rowid, subject, description, customer, domains, notes) VALUES (77, 'hidden', '', '', '', '');",
         ["search index row 77: words for a case that does not exist"]),
        ("drop the triggers and leave everything else", dropTriggers, ["the append-only trigger events_append_only_update is missing"]),
        // Rows that judging the cases never reads: numbered below 1, or with no case.
        ("add a case row numbered 0 (the queue shows it)",
         copyCase(1, to: "0"),
         ["cases: a row numbered 0, below 1"]),
        ("add statistics rows numbered -5 and for a case that does not exist",
         "CREATE TEMP TABLE t AS SELECT * FROM case_figures WHERE id = 1; UPDATE t SET id = -5; INSERT INTO case_figures SELECT * FROM t; UPDATE t SET id = 99; INSERT INTO case_figures SELECT * FROM t;",
         ["case_figures: a row numbered -5, below 1", "case_figures: a row for case 99, which has no case row"]),
        ("index words for case number 0", "INSERT INTO case_text (rowid, subject, description, customer, domains, notes) VALUES (0, 'hidden', '', '', '', '');",
         ["case_text: a row numbered 0, below 1"]),
        ("add a case row with a huge number (verify must not size its work by it)",
         copyCase(1, to: "1000000000000000000"),
         ["1000000000000000000"]),
        // The file's integrity: an index that does not hold what its table gives (the queue reads
        // the cases through such indexes). verify reads each index through against its table.
        ("swap two indexes of the cases (the queue filtered by kind and stage would list them by assignee)",
         "CREATE TEMP TABLE r AS SELECT name, rootpage FROM sqlite_master WHERE name IN ('cases_kind_stage', 'cases_assignee_kind_stage'); PRAGMA writable_schema = ON; UPDATE sqlite_master SET rootpage = (SELECT rootpage FROM r WHERE r.name <> sqlite_master.name) WHERE name IN ('cases_kind_stage', 'cases_assignee_kind_stage');",
         ["index cases_kind_stage: its entries are not the ones its table cases gives", "index cases_assignee_kind_stage: its entries are not the ones"]),
        ("change a partial index's condition under its entries (it misses rows it should hold)",
         "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, 'type = ''note''', 'type <> ''note''') WHERE name = 'events_notes';",
         ["index events_notes: 3 entries, but its table events gives"]),
        ("make an index UNIQUE over a key it holds twice",
         "CREATE TABLE extra (a); CREATE INDEX extra_a ON extra (a); INSERT INTO extra VALUES (1), (1), (NULL), (NULL); PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE UNIQUE INDEX extra_a ON extra (a)' WHERE name = 'extra_a';",
         ["index extra_a: 1 key is held more than once in a UNIQUE index"]),
        ("list a domain for a case that does not name it (import would group reports by it)",
         "INSERT INTO abuse_domains (domain, case_id) VALUES ('bank-verify.example', 1);",
         ["abuse_domains: case 1 is listed as naming bank-verify.example"]),
    ]

    @Test("every kind of edit through sqlite3 fails verify with the problem named", arguments: 0..<TamperTests.edits.count)
    func editIsNamed(_ index: Int) throws {
        let edit = Self.edits[index]
        let desk = try Self.scriptedDesk()
        defer { desk.remove() }
        let before = try desk.run("verify")
        #expect(before.status == 0, "\(edit.name): verify before the edit: \(before.out)")
        let sqlite3 = try #require(CaseDeskBinary.sqlite3)
        let edited = try CaseDeskBinary.runProcess(sqlite3, [desk.db, edit.sql], in: desk.folder)
        try #require(edited.status == 0, "\(edit.name): sqlite3: \(edited.err)")
        let verify = try desk.run("verify")
        #expect(verify.status == 1, "\(edit.name): verify exited \(verify.status): \(verify.out) \(verify.err)")
        for words in edit.expected {
            #expect(verify.out.contains(words), "\(edit.name): verify did not say \"\(words)\":\n\(verify.out)")
        }
    }

    @Test("a seal kept outside proves what plain verify cannot: the last event removed with its link and its effects")
    func sealCatchesARewrittenEnd() throws {
        let desk = try Self.scriptedDesk()
        defer { desk.remove() }
        let before = try desk.run("seal")
        try #require(before.status == 0)
        let seal = before.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(TrailHead(text: seal) != nil, "seal printed \(seal)")
        #expect(try desk.run("verify", "--seal", seal).status == 0)
        // The desk goes on: the old seal still holds.
        try #require(try desk.run("staff", "add", "jonas", "--role", "viewer").status == 0)
        let later = try desk.run("verify", "--seal", seal)
        #expect(later.status == 0, "\(later.out)")
        let newSeal = try desk.run("seal").out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(newSeal != seal)
        // Someone removes the last event (a desk event), its link, and what it did to the staff table.
        let sqlite3 = try #require(CaseDeskBinary.sqlite3)
        let edited = try CaseDeskBinary.runProcess(sqlite3, [desk.db, Self.dropTriggers + """
            DELETE FROM desk_events WHERE id = (SELECT max(id) FROM desk_events);
            DELETE FROM trail WHERE pos = (SELECT max(pos) FROM trail);
            DELETE FROM staff WHERE account = 'jonas';
            \(TrailJudgeSQL.restoreTriggers)
            """], in: desk.folder)
        try #require(edited.status == 0, "\(edited.err)")
        #expect(try desk.run("verify").status == 0, "without a seal the removal of the very last event cannot be seen")
        let sealed = try desk.run("verify", "--seal", newSeal)
        #expect(sealed.status == 1)
        #expect(sealed.out.contains("events after"), "\(sealed.out)")
        #expect(try desk.run("verify", "--seal", seal).status == 0, "the record up to the first seal is still whole")
        let bad = try desk.run("verify", "--seal", "12:abc")
        #expect(bad.status == 2 && bad.err.contains("COUNT:DIGEST"), "\(bad.err)")
    }

    @Test("one unreadable event: verify names it and checks the rest; show, handover and export go on for the other cases")
    func unreadableEvent() throws {
        let desk = try Self.scriptedDesk()
        defer { desk.remove() }
        let sqlite3 = try #require(CaseDeskBinary.sqlite3)
        let edited = try CaseDeskBinary.runProcess(sqlite3, [desk.db, Self.dropTriggers + """
            UPDATE events SET data = '{"noted": {' WHERE case_id = 1 AND seq = 2;
            """], in: desk.folder)
        try #require(edited.status == 0, "\(edited.err)")
        let verify = try desk.run("verify")
        #expect(verify.status == 1)
        #expect(verify.out.contains("case 1 event 2: cannot be read"), "\(verify.out)")
        #expect(verify.out.contains("checked 3 cases"), "\(verify.out)")
        #expect(verify.out.contains("the append-only trigger"), "\(verify.out)")
        #expect(try desk.run("show", "2").status == 0)
        #expect(try desk.run("handover", "--since", "2000-01-01").status == 0)
        let export = try desk.run("export", "--what", "events")
        #expect(export.status == 1)
        #expect(export.err.contains("case 1 event 2"), "\(export.err)")
        #expect(export.out.contains("waiting for the registry"), "case 2's events are exported: \(export.out)")
    }

    @Test("the reports carry the head they were made from: handover, export, bundle, the mark-read event")
    func reportsCarryTheHead() throws {
        let desk = try Self.scriptedDesk()
        defer { desk.remove() }
        let seal = try desk.run("seal").out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try desk.run("handover", "--since", "2000-01-01").out.contains("Trail head \(seal)"))
        #expect(try desk.run("export").err.contains("trail head \(seal)"))
        let bundle = try desk.run("bundle", "1", "--out", desk.folder.file("bundles"))
        #expect(bundle.status == 0, "\(bundle.err)")
        let sealFile = try String(contentsOfFile: desk.folder.file("bundles/case-1/SEAL"), encoding: .utf8)
        #expect(sealFile.hasPrefix(seal + "\n"))
        #expect(try desk.run("handover", "--mark-read").status == 0)
        let store = try SQLiteCaseStore.open(path: desk.db)
        let data = try store.read { db in try String.fetchOne(db, sql: "SELECT data FROM desk_events WHERE type = 'handover_read'") }
        #expect(data?.contains("\"trail_head\":\"\(seal)\"") == true, "\(data ?? "no handover_read event")")
    }
}

/// Events written with a correct link but outside the rules: only re-judging finds them.
@Suite("verify re-judges every event with the rules in force when it was written")
struct RejudgeTests {
    /// Appends `change` as `actor` without asking the procedure or the permission table, linked
    /// exactly as the store links: what someone with the file and casedesk's source could do.
    func forge(_ store: SQLiteCaseStore, _ change: Change, on number: CaseNumber, by actor: String, at now: Date) throws {
        try store.write { db in
            let pipeline = try store.pipeline(db)
            let before = try pipeline.currentState(number, expectedVersion: nil)
            let event = try pipeline.normalized(Event(caseNumber: number, sequence: before.version + 1, recorded: now, actor: actor, change: change))
            var after = before
            after.fold(event)
            try pipeline.append(event, before: before, after: after)
        }
    }

    @Test("rules set to take effect before they were recorded, and a clock moved by someone who may not change the rules, are named")
    func forgedRuleChanges() throws {
        let folder = try TemporaryDirectory("casedesk-rejudge-rules")
        defer { folder.remove() }
        let root = Actor(account: "root")
        let store = try SQLiteCaseStore.create(path: folder.file("s.sqlite"), creator: root, roles: [.admin, .head],
                                               at: at("2027-03-01T08:00:00Z"))
        try store.setStaff("sam", roles: [.supervisor], by: root, at: at("2027-03-01T08:01:00Z"))
        _ = try store.open(complaint(received: at("2027-03-01T07:00:00Z"), stage: .headOfSupport), by: root, at: at("2027-03-01T09:00:00Z"))
        let calendar = "[[closure]]\ndate = 2027-03-02\nname = \"Backdated\"\n"
        try store.write { db in
            try db.execute(sql: "INSERT INTO settings (key, value, updated_ms, updated_by) VALUES ('calendar', ?, 0, 'root')", arguments: [calendar])
            try db.execute(sql: "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'settings_version'")
            try store.deskEvent(db, type: "calendar_set", data: ["before": "(built-in default)", "after": calendar,
                                                                 "from": String(Millis.from(at("2027-03-01T00:00:00Z"))), "version": "2"],
                                by: root, at: at("2027-03-02T08:00:00Z"))
        }
        try forge(store, .clockRebased(.init(clock: .respond, version: 2, from: at("2027-03-15T22:59:59Z"), to: at("2027-03-16T22:59:59Z"),
                                             reason: "forged")), on: 1, by: "sam", at: at("2027-03-02T09:00:00Z"))
        let report = try store.verify()
        #expect(report.differences.contains { $0.contains("(calendar_set): its rules take effect before it was recorded") },
                "\(report.differences)")
        #expect(report.differences.contains { $0.hasPrefix("case 1 event 2 (clock_rebased by sam") && $0.contains("permission table refuses it") },
                "\(report.differences)")
    }

    @Test("a link on a complaint, a link by a supervisor and an unlink of a report in no incident, linked correctly, are named")
    func forgedIncidentLinks() throws {
        let folder = try TemporaryDirectory("casedesk-rejudge-incidents")
        defer { folder.remove() }
        let root = Actor(account: "root")
        let store = try SQLiteCaseStore.create(path: folder.file("s.sqlite"), creator: root, roles: [.admin, .head, .abuse],
                                               at: at("2027-03-01T08:00:00Z"))
        try store.setStaff("sam", roles: [.supervisor], by: root, at: at("2027-03-01T08:01:00Z"))
        _ = try store.open(complaint(received: at("2027-03-01T07:00:00Z")), by: root, at: at("2027-03-01T09:00:00Z"))
        _ = try store.open(abuseReport(received: at("2027-03-01T07:00:00Z")), by: root, at: at("2027-03-01T09:00:00Z"))
        _ = try store.open(abuseReport(received: at("2027-03-01T07:00:00Z")), by: root, at: at("2027-03-01T09:00:00Z"))
        try forge(store, .linked(.init(incident: 1)), on: 1, by: "root", at: at("2027-03-01T10:00:00Z"))
        try forge(store, .linked(.init(incident: 1)), on: 2, by: "sam", at: at("2027-03-01T10:00:00Z"))
        try forge(store, .unlinked(.init(incident: 1)), on: 3, by: "root", at: at("2027-03-01T10:00:00Z"))
        let report = try store.verify()
        #expect(report.differences.contains { $0.hasPrefix("case 1 event 2 (linked") && $0.contains("only abuse reports are grouped") },
                "\(report.differences)")
        #expect(report.differences.contains { $0.hasPrefix("case 2 event 2 (linked by sam") && $0.contains("permission table refuses it") },
                "\(report.differences)")
        #expect(report.differences.contains { $0.hasPrefix("case 3 event 2 (unlinked") && $0.contains("it is not in an incident") },
                "\(report.differences)")
    }

    @Test("a viewer's acknowledgement and a final response at stage 1, linked correctly, are named; staff changes count from their place")
    func forgedEvents() throws {
        let folder = try TemporaryDirectory("casedesk-rejudge")
        defer { folder.remove() }
        let root = Actor(account: "root")
        let store = try SQLiteCaseStore.create(path: folder.file("s.sqlite"), creator: root, roles: [.admin, .supervisor, .head],
                                               at: at("2027-03-01T08:00:00Z"))
        try store.setStaff("vera", roles: [.viewer], by: root, at: at("2027-03-01T08:01:00Z"))
        _ = try store.open(complaint(received: at("2027-03-01T07:00:00Z")), by: root, at: at("2027-03-01T09:00:00Z"))
        // A formal complaint follows the supervisor's answer.
        _ = try store.record(.responded(.init(summary: "answer", at: at("2027-03-01T12:00:00Z"))), on: 1, expectedVersion: nil, by: root,
                             at: at("2027-03-01T12:00:00Z"))
        _ = try store.record(.formalComplaintFiled(.init(received: at("2027-03-02T07:00:00Z"), channel: .email)), on: 1, expectedVersion: nil, by: root,
                             at: at("2027-03-02T09:00:00Z"))
        #expect(try store.verify().isClean)
        try forge(store, .acknowledged(.init(at: at("2027-03-02T10:00:00Z"))), on: 1, by: "vera", at: at("2027-03-02T10:00:00Z"))
        _ = try store.open(complaint(received: at("2027-03-03T07:00:00Z")), by: root, at: at("2027-03-03T09:00:00Z"))
        try forge(store, .finalResponseSent(.init(summary: "no", at: at("2027-03-03T10:00:00Z"))), on: 2, by: "root",
                  at: at("2027-03-03T10:00:00Z"))
        // Made head only now: her earlier acknowledgement stays refused.
        try store.setStaff("vera", roles: [.head], by: root, at: at("2027-03-04T08:00:00Z"))
        let report = try store.verify()
        #expect(!report.isClean)
        #expect(report.differences.contains { $0.hasPrefix("case 1 event 4 (acknowledged by vera") && $0.contains("permission table refuses it") },
                "\(report.differences)")
        #expect(report.differences.contains { $0.hasPrefix("case 2 event 2 (final_response by root") && $0.contains("procedure refuses it") },
                "\(report.differences)")
        #expect(!report.differences.contains { $0.contains("its link does not match") }, "the forged events are linked correctly")
    }

    @Test("a store judged in two halves at once: clean as a whole, and cases missing across the middle are named")
    func judgedInHalves() throws {
        let folder = try TemporaryDirectory("casedesk-halves")
        defer { folder.remove() }
        let path = folder.file("s.sqlite")
        let root = Actor(account: "root")
        let store = try SQLiteCaseStore.create(path: path, creator: root, roles: [.admin, .supervisor, .head])
        try store.loadDemo(count: 20_000, seed: 3, by: root, now: at("2027-03-01T08:00:00Z"))
        let clean = try store.verify()
        #expect(clean.isClean, "\(clean.differences.prefix(5))")
        #expect(clean.casesChecked == 20_000)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: TamperTests.dropTriggers + """
                DELETE FROM events WHERE case_id IN (10000, 10001); DELETE FROM cases WHERE id IN (10000, 10001);
                DELETE FROM case_figures WHERE id IN (10000, 10001);
                """)
        }
        let report = try store.verify()
        #expect(report.casesChecked == 19_998)
        #expect(report.differences.contains("case 10000 is missing: no events and no case row"), "\(report.differences.prefix(8))")
        #expect(report.differences.contains("case 10001 is missing: no events and no case row"), "\(report.differences.prefix(8))")
    }

    @Test("verify's work split over both cores misses no tamper in the upper end of the cases")
    func tamperInTheUpperParts() throws {
        let folder = try TemporaryDirectory("casedesk-upper")
        defer { folder.remove() }
        let path = folder.file("s.sqlite")
        let root = Actor(account: "root")
        let store = try SQLiteCaseStore.create(path: path, creator: root, roles: [.admin, .supervisor, .head])
        try store.loadDemo(count: 20_000, seed: 5, by: root, now: at("2027-03-01T08:00:00Z"))
        try #require(try store.verify().isClean)
        // An event's text in the last part, the next case's row, and the very last case's statistics.
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: TamperTests.dropTriggers + """
                UPDATE events SET data = replace(data, '"', ' "') WHERE case_id = 19990 AND seq = 1;
                UPDATE cases SET subject = 'forged' WHERE id = 19991;
                UPDATE case_figures SET received_day = received_day + 1 WHERE id = 20000;
                """)
        }
        let report = try store.verify()
        #expect(report.casesChecked == 20_000)
        #expect(report.differences.contains { $0.hasPrefix("case 19990 event 1 (") && $0.contains("its link does not match") },
                "\(report.differences.prefix(8))")
        #expect(report.differences.contains { $0.hasPrefix("case 19991: ") }, "\(report.differences.prefix(8))")
        #expect(report.differences.contains { $0.hasPrefix("case 20000: statistics ") }, "\(report.differences.prefix(8))")
    }

    @Test("a store from before the links gets them when opened, and verifies clean")
    func linksOldStores() throws {
        let folder = try TemporaryDirectory("casedesk-migrate")
        defer { folder.remove() }
        let path = folder.file("s.sqlite")
        let root = Actor(account: "root")
        do {
            let store = try SQLiteCaseStore.create(path: path, creator: root, roles: [.admin, .supervisor, .head])
            _ = try store.open(complaint(received: at("2027-03-01T07:00:00Z")), by: root, at: at("2027-03-01T09:00:00Z"))
            _ = try store.record(.noted(.init(text: "hello")), on: 1, expectedVersion: nil, by: root, at: at("2027-03-01T10:00:00Z"))
            try store.setStaff("ada", roles: [.supervisor], by: root, at: at("2027-03-01T11:00:00Z"))
        }
        // Back to schema 3, as casedesk before the links left it.
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                DROP TABLE trail; ALTER TABLE events DROP COLUMN pos; ALTER TABLE desk_events DROP COLUMN pos;
                ALTER TABLE case_figures DROP COLUMN complaint_type; ALTER TABLE case_figures DROP COLUMN team;
                DROP INDEX cases_received; DROP INDEX cases_customer; DROP INDEX cases_assignee_order;
                ALTER TABLE cases DROP COLUMN customer_key; ALTER TABLE cases DROP COLUMN assignee_key;
                DROP INDEX cases_incident; ALTER TABLE cases DROP COLUMN incident; DROP TABLE incidents; DROP TABLE abuse_domains;
                    DROP INDEX cases_reporter_class; ALTER TABLE cases DROP COLUMN reporter_class;
                DROP TABLE queue_counts; DROP TABLE queue_totals;
                DROP TABLE statistics_kept;
                \(SQLiteCaseStore.figuresClockColumns.map { "DROP INDEX case_figures_running_\($0);" }.joined(separator: " "))
                PRAGMA user_version = 3;
                """)
        }
        let store = try SQLiteCaseStore.open(path: path)
        let report = try store.verify()
        #expect(report.isClean, "\(report.differences)")
        #expect(report.head.count == 4)
        _ = try store.record(.noted(.init(text: "after")), on: 1, expectedVersion: nil, by: root, at: at("2027-03-01T12:00:00Z"))
        #expect(try store.verify().isClean)
    }
}

extension CommandLineDesk {
    /// A desk on a copy of another's store (no process has it open: the file and its log are copied).
    init(copying db: String) throws {
        folder = try TemporaryDirectory("casedesk-cli")
        self.db = folder.file("cases.sqlite")
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: db + suffix) {
            try FileManager.default.copyItem(atPath: db + suffix, toPath: self.db + suffix)
        }
    }
}

enum TrailJudgeSQL {
    /// The append-only triggers as migration 1 and 4 create them (so only the seal can tell).
    static let restoreTriggers = """
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
          BEGIN SELECT RAISE(ABORT, 'casedesk: the case trail is append-only; events cannot be changed'); END;
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
          BEGIN SELECT RAISE(ABORT, 'casedesk: the case trail is append-only; events cannot be deleted'); END;
        CREATE TRIGGER desk_events_append_only_update BEFORE UPDATE ON desk_events
          BEGIN SELECT RAISE(ABORT, 'casedesk: the desk trail is append-only; events cannot be changed'); END;
        CREATE TRIGGER desk_events_append_only_delete BEFORE DELETE ON desk_events
          BEGIN SELECT RAISE(ABORT, 'casedesk: the desk trail is append-only; events cannot be deleted'); END;
        CREATE TRIGGER trail_append_only_update BEFORE UPDATE ON trail
          BEGIN SELECT RAISE(ABORT, 'casedesk: the trail is append-only; links cannot be changed'); END;
        CREATE TRIGGER trail_append_only_delete BEFORE DELETE ON trail
          BEGIN SELECT RAISE(ABORT, 'casedesk: the trail is append-only; links cannot be deleted'); END;
        """
}
