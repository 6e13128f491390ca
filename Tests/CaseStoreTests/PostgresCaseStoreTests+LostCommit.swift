@testable import CaseStore
import CaseDesk
import Foundation
import Synchronization
import Testing

extension PostgresCaseStoreTests {
    /// A cluster of its own: a COMMIT made to wait for a standby that never answers is a
    /// server-wide setting.
    @Test("the connection lost while COMMIT was on its way: a write that committed is returned and kept once, one that did not is the error, one the server cannot answer for says so")
    func lostAtCommit() throws {
        let cluster = try PostgresTestCluster.separate(listening: [], hostLines: [])
        defer { cluster.stop() }
        let uri = try cluster.newDatabase()
        let address = try PostgresAddress(uri)
        let store = try PostgresCaseStore.create(address, creator: People.admin, roles: [.admin, .supervisor], at: now)
        let opened = try store.open(complaint(received: now), by: People.admin, at: now)
        func notes() throws -> [String] {
            try store.events(of: opened.number).compactMap { if case let .noted(note) = $0.change { note.text } else { nil } }
        }

        // Committed: the commit is written before COMMIT waits for the standby; the backend ended
        // while it waits leaves it committed, and the client never hears so.
        try cluster.admin { admin in
            try admin.execute("ALTER DATABASE \(address.database) SET synchronous_commit = on")
            try admin.execute("ALTER SYSTEM SET synchronous_standby_names = 'nobody'")
            try admin.execute("SELECT pg_reload_conf()")
        }
        let writer = try PostgresCaseStore.open(address)
        let outcome = Mutex<Result<CaseState, StoreError>?>(nil)
        let thread = Thread {
            let result: Result<CaseState, StoreError>
            do throws(StoreError) {
                result = .success(try writer.record(.noted(.init(text: "kept once")), on: opened.number, expectedVersion: nil, by: People.admin, at: now))
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
        }
        thread.start()
        let watcher = try PostgresConnection(PostgresAddress(cluster.uri("postgres")))
        var ended = false
        for _ in 0..<600 where !ended && outcome.withLock({ $0 == nil }) {
            ended = try watcher.execute("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND wait_event = 'SyncRep'
                """, [.text(address.database)]).first?.integer(0) == 1
            if !ended { usleep(50_000) }
        }
        try cluster.admin { admin in
            try admin.execute("ALTER SYSTEM RESET synchronous_standby_names")
            try admin.execute("SELECT pg_reload_conf()")
        }
        while outcome.withLock({ $0 == nil }) { usleep(10_000) }
        #expect(ended, "the write never waited at COMMIT: \(String(describing: outcome.withLock { $0 }))")
        switch outcome.withLock({ $0 }) {
        case let .success(state)?: #expect(state.version == opened.version + 1)
        case let .failure(error)?: Issue.record("a committed write was reported as \(error)")
        case nil: break
        }
        #expect(try notes() == ["kept once"])

        // Aborted: the backend ends itself at COMMIT, before the commit is written.
        try PostgresConnection(address).execute("""
            CREATE FUNCTION public.end_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$;
            CREATE CONSTRAINT TRIGGER end_at_commit AFTER INSERT ON trail DEFERRABLE INITIALLY DEFERRED
              FOR EACH ROW EXECUTE FUNCTION public.end_at_commit();
            """)
        let aborted = storeError { try writer.record(.noted(.init(text: "never kept")), on: opened.number, expectedVersion: nil, by: People.admin, at: now) }
        guard case let .unavailable(message)? = aborted else { Issue.record("\(String(describing: aborted))"); return }
        #expect(message.contains("terminating connection") && !message.contains("unknown"), "\(message)")
        try PostgresConnection(address).execute("DROP TRIGGER end_at_commit ON trail; DROP FUNCTION public.end_at_commit()")
        #expect(try notes() == ["kept once"], "not kept, and not run again")

        // Unknown: a transaction still open elsewhere (the server's answer is "in progress").
        let other = try PostgresConnection(address)
        try other.execute("BEGIN")
        let xid = try #require(try other.execute("SELECT txid_current()").first?.integer(0))
        let probe = try PostgresConnection(address)
        do {
            _ = try store.committedAfterLoss(probe, xid: xid, PostgresFailure(sqlState: "57P01", message: "terminating connection"))
            Issue.record("an open transaction was taken for decided")
        } catch let error as StoreError {
            guard case let .outcomeUnknown(message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("whether the change was kept is unknown"), "\(message)")
        }
        try other.execute("ROLLBACK")
        #expect(try store.committedAfterLoss(probe, xid: xid, PostgresFailure(sqlState: "57P01", message: "")) == false)
        #expect(try store.verify().isClean)
        _ = try writer.record(.noted(.init(text: "after")), on: opened.number, expectedVersion: nil, by: People.admin, at: now)
        #expect(try notes() == ["kept once", "after"])
    }
}
