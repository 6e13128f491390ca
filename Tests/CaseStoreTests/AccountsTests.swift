import CaseStore
import Foundation
import Testing

/// Operating-system accounts the desk is made of: a reader who may not write the store, and a
/// group whose members share it. Run as root, which creates the accounts it needs (useradd) and
/// runs the real binary as each of them (runuser).
@Suite("The store as other operating-system accounts see it", .serialized,
       .enabled(if: CaseDeskBinary.isAvailable, Comment(rawValue: CaseDeskBinary.missing)),
       .enabled(if: CaseDeskBinary.isRoot, "needs root, to create the accounts and run casedesk as them"))
struct AccountsTests {
    static let group = "cddesk"
    static let reader = "cdreader"
    static let members = ["cdann", "cdbob"]

    /// Creates the group and the accounts once (no home folder, no login shell).
    static func ensureAccounts() throws {
        if getgrnam(group) == nil { try system("/usr/sbin/groupadd", [group]) }
        for account in [reader] + members where getpwnam(account) == nil {
            try system("/usr/sbin/useradd", ["-M", "-s", "/usr/sbin/nologin"] + (members.contains(account) ? ["-G", group] : []) + [account])
        }
    }

    static func system(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(executable) \(arguments.joined(separator: " ")) failed")
    }

    /// `casedesk ARGS` as `account`.
    static func run(as account: String, _ arguments: [String], in folder: TemporaryDirectory) throws -> CaseDeskBinary.Result {
        let binary = try #require(CaseDeskBinary.path)
        return try CaseDeskBinary.runProcess("/usr/sbin/runuser", ["-u", account, "--", binary] + arguments, in: folder)
    }

    /// A folder every account may enter (the test's own temporary folders are root's).
    static func openFolder(_ label: String) throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory(label)
        chmod(folder.path, 0o1777)
        return folder
    }

    @Test("a store the account may not write: list, show, search, export and verify work; a write is refused in one line")
    func readOnlyStore() throws {
        try Self.ensureAccounts()
        let folder = try Self.openFolder("casedesk-readonly")
        defer { folder.remove() }
        let db = folder.file("desk/cases.sqlite")
        try #require(try CaseDeskBinary.run(["init", "--db", db, "--roles", "supervisor"], in: folder).status == 0)
        try #require(try CaseDeskBinary.run(["new", "--db", db, "--kind", "complaint", "--channel", "email", "--customer", "Ann",
                                             "--contact", "ann@example.org", "--subject", "Transfer blocked"], in: folder).status == 0)
        try #require(try CaseDeskBinary.run(["staff", "add", Self.reader, "--role", "supervisor", "--db", db], in: folder).status == 0)
        // Readable by everyone, writable by its owner only: the file, and (second round) the folder too.
        chmod(db, 0o644)
        chmod(folder.file("desk"), 0o755)
        for round in ["file read-only", "file writable, folder read-only"] {
            for arguments in [["list", "--all"], ["show", "1"], ["search", "Transfer"], ["export"], ["export", "--format", "json"], ["verify"]] {
                let result = try Self.run(as: Self.reader, arguments + ["--db", db], in: folder)
                #expect(result.status == 0, "\(round): \(arguments): \(result.err)")
                #expect(result.out.contains("Transfer blocked") || arguments == ["verify"], "\(round): \(arguments): \(result.out)")
            }
            let write = try Self.run(as: Self.reader, ["note", "1", "a note", "--db", db], in: folder)
            #expect(write.status == 1)
            #expect(write.errorLines.count == 1, "\(write.err)")
            #expect(write.err.contains("is read-only for this account"), "\(round): \(write.err)")
            chmod(db, 0o666)
        }
        #expect(try CaseDeskBinary.run(["show", "1", "--db", db, "--json"], in: folder).out.contains("\"version\" : 1"))
    }

    @Test("init --group: the store, its -wal and -shm and the outbox are usable by every member of the group")
    func groupSharing() throws {
        try Self.ensureAccounts()
        let folder = try Self.openFolder("casedesk-group")
        defer { folder.remove() }
        let db = folder.file("desk/cases.sqlite")
        let (ann, bob) = (Self.members[0], Self.members[1])
        let created = try Self.run(as: ann, ["init", "--db", db, "--group", Self.group, "--roles", "supervisor,head"], in: folder)
        try #require(created.status == 0, "\(created.err)")
        #expect(try Self.run(as: ann, ["staff", "add", bob, "--role", "supervisor", "--db", db], in: folder).status == 0)
        let config = folder.file("config.toml")
        try Data("[mail]\nfrom = \"Support <complaints@registrar.example>\"\n".utf8).write(to: URL(fileURLWithPath: config))
        chmod(config, 0o644)

        let opened = try Self.run(as: bob, ["new", "--db", db, "--kind", "complaint", "--channel", "email", "--customer", "Ann",
                                            "--contact", "customer@example.org", "--subject", "Transfer"], in: folder)
        #expect(opened.status == 0, "\(opened.err)")
        let noted = try Self.run(as: ann, ["note", "1", "called back", "--db", db], in: folder)
        #expect(noted.status == 0, "\(noted.err)")
        // Each member sends a letter: the outbox one made, the other writes into.
        for (account, text) in [(ann, "Unlocked."), (bob, "Unlocked, really.")] {
            let sent = try Self.run(as: account, ["letter", "1", "response", "--summary", text, "--send", "--config", config, "--db", db],
                                    in: folder)
            #expect(sent.status == 0 || sent.err.contains("already"), "\(account): \(sent.err)")
        }
        let letters = try FileManager.default.contentsOfDirectory(atPath: folder.file("desk/outbox/new"))
        #expect(!letters.isEmpty)

        let gid = try #require(getgrnam(Self.group)).pointee.gr_gid
        for path in [folder.file("desk"), db, folder.file("desk/outbox"), folder.file("desk/outbox/new")]
            + letters.map({ folder.file("desk/outbox/new/\($0)") }) {
            var status = stat()
            try #require(stat(path, &status) == 0, "\(path)")
            #expect(status.st_gid == gid, "\(path) belongs to group \(status.st_gid)")
            #expect(status.st_mode & 0o060 != 0, "\(path) mode \(String(status.st_mode, radix: 8))")
        }
        // A member's open connection keeps -wal and -shm: the other member writes through them.
        let holder = try CaseDeskBinary.startShell(
            "exec runuser -u \(bob) -- sqlite3 \"$DB\" \"SELECT count(*) FROM cases, (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000000) SELECT x FROM c)\"",
            environment: ["DB": db], stdout: folder.file("hold-out"), stderr: folder.file("hold-err"), in: folder)
        usleep(300_000)
        let during = try Self.run(as: ann, ["note", "1", "while bob reads", "--db", db], in: folder)
        #expect(during.status == 0, "\(during.err)")
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: db + suffix) {
            var status = stat()
            #expect(stat(db + suffix, &status) == 0 && status.st_gid == gid && status.st_mode & 0o060 == 0o060,
                    "\(suffix): group \(status.st_gid), mode \(String(status.st_mode, radix: 8))")
        }
        holder.waitUntilExit()
        #expect(try Self.run(as: bob, ["verify", "--db", db], in: folder).status == 0)
    }
}
