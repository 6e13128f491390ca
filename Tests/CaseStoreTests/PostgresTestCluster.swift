@testable import CaseStore
import CaseDesk
import Foundation
import Synchronization
import Testing

/// A throwaway PostgreSQL cluster for this test process: made with `initdb` in a temporary folder
/// the first time a test asks for it, listening only on a Unix socket in that folder, and stopped
/// (and removed) when the process exits. As root, the server runs as a plain account made for it
/// (PostgreSQL refuses to run as root). Each store gets a database of its own.
final class PostgresTestCluster: Sendable {
    /// The OS account the server runs as when the tests run as root.
    static let serverAccount = "cdpostgres"
    /// The database superuser the tests connect as.
    static let superuser = "casedesk_test"

    let folder: String
    let socketFolder: String
    let binaries: String

    /// The folder of PostgreSQL's programs (the newest installed version), nil when none is installed.
    static let binaryFolder: String? = {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return versions.reversed().map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }()

    static var isAvailable: Bool { binaryFolder != nil }
    static let missing = "PostgreSQL's server is not installed (make setup installs postgresql)"

    /// Started once per process, on first use.
    static let shared: Result<PostgresTestCluster, TestClusterError> = {
        do {
            let cluster = try PostgresTestCluster()
            startedCluster.withLock { $0 = cluster }
            atexit { PostgresTestCluster.stopStarted() }
            return .success(cluster)
        } catch let error as TestClusterError {
            return .failure(error)
        } catch {
            return .failure(TestClusterError(message: "\(error)"))
        }
    }()

    private static let startedCluster = Mutex<PostgresTestCluster?>(nil)

    static func stopStarted() {
        startedCluster.withLock { cluster in
            cluster?.stop()
            cluster = nil
        }
    }

    static func get() throws -> PostgresTestCluster {
        try shared.get()
    }

    /// A cluster of its own that also listens on TCP at `addresses`, with `hostLines` added to its
    /// `pg_hba.conf` (for members connecting from other "hosts"); the caller stops it.
    static func separate(listening addresses: [String], hostLines: [String]) throws -> PostgresTestCluster {
        try PostgresTestCluster(listening: addresses, hostLines: hostLines)
    }

    private init(listening addresses: [String] = [], hostLines: [String] = []) throws {
        guard let binaries = Self.binaryFolder else { throw TestClusterError(message: Self.missing) }
        self.binaries = binaries
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("casedesk-pg-\(UUID().uuidString.prefix(8))").path
        socketFolder = folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        chmod(folder, 0o755)
        if Self.isRoot {
            try Self.ensureServerAccount()
            try Self.run("/bin/chown", [Self.serverAccount, folder])
        }
        try runAsServer("\(binaries)/initdb", ["-D", "\(folder)/data", "-U", Self.superuser, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8",
                                               "--no-sync"])
        if !hostLines.isEmpty {
            let hba = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(folder)/data/pg_hba.conf"))
            try hba.seekToEnd()
            try hba.write(contentsOf: Data(("\n" + hostLines.joined(separator: "\n") + "\n").utf8))
            try hba.close()
        }
        let listen = "'" + addresses.joined(separator: ",") + "'"
        try runAsServer("\(binaries)/pg_ctl", ["-D", "\(folder)/data", "-l", "\(folder)/server.log", "-w", "-s", "-o",
                                               "-k \(folder) -c listen_addresses=\(listen) -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                                               "start"])
    }

    func stop() {
        _ = try? runAsServer("\(binaries)/pg_ctl", ["-D", "\(folder)/data", "-m", "immediate", "-w", "-s", "stop"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A URI for `database` as `user` (the superuser by default), through the cluster's socket.
    func uri(_ database: String, user: String = PostgresTestCluster.superuser) -> String {
        "postgresql:///\(database)?host=\(socketFolder)&user=\(user)"
    }

    private let counter = Mutex(0)

    /// A new, empty database; its URI.
    func newDatabase() throws -> String {
        let name = "casedesk_\(getpid())_\(counter.withLock { $0 += 1; return $0 })"
        try admin { try $0.execute("CREATE DATABASE \(name)") }
        return uri(name)
    }

    func dropDatabase(_ name: String) {
        try? admin { try $0.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    /// Runs SQL as the superuser on the `postgres` database.
    func admin(_ body: (PostgresConnection) throws -> Void, database: String = "postgres") throws {
        let connection = try PostgresConnection(PostgresAddress(uri(database)))
        try body(connection)
    }

    private func runAsServer(_ executable: String, _ arguments: [String]) throws {
        if Self.isRoot {
            try Self.run("/usr/sbin/runuser", ["-u", Self.serverAccount, "--", executable] + arguments)
        } else {
            try Self.run(executable, arguments)
        }
    }

    static var isRoot: Bool { getuid() == 0 }

    private static func ensureServerAccount() throws {
        if getpwnam(serverAccount) == nil {
            try run("/usr/sbin/useradd", ["-M", "-s", "/usr/sbin/nologin", serverAccount])
        }
    }

    /// Runs a program and waits for it with `waitpid` (Foundation's Process waited for ever for
    /// `pg_ctl start`, whose server lives on); its errors go into a file, named if it fails.
    static func run(_ executable: String, _ arguments: [String]) throws {
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("casedesk-pg-\(UUID().uuidString).err").path
        defer { try? FileManager.default.removeItem(atPath: errorFile) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw TestClusterError(message: "cannot run \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        guard status == 0 else {
            let message = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
            throw TestClusterError(message: "\(executable) \(arguments.joined(separator: " ")) failed: \(message)")
        }
    }
}

struct TestClusterError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension CaseStoreBackend {
    /// PostgreSQL on the test cluster, a new database per store.
    static let postgreSQL = CaseStoreBackend(
        name: "PostgreSQL",
        create: { creator, roles, now in
            let uri = try PostgresTestCluster.get().newDatabase()
            return try PostgresCaseStore.create(PostgresAddress(uri), creator: creator, roles: roles, at: now)
        },
        connectAgain: { store in try CaseStores.open(path: store.location) },
        destroy: { store in
            guard let address = try? PostgresAddress(store.location), let cluster = try? PostgresTestCluster.get() else { return }
            cluster.dropDatabase(address.database)
        })
}

@Suite("The CaseStore contract on PostgreSQL", .enabled(if: PostgresTestCluster.isAvailable, Comment(rawValue: PostgresTestCluster.missing)))
struct PostgresCaseStoreContractTests {
    @Test(arguments: CaseStoreContract.checks)
    func contract(_ check: ContractCheck) throws {
        try check.body(CaseStoreContract(backend: .postgreSQL))
    }

    /// The checks above pass on any store; this one makes sure theirs is a PostgreSQL database, not
    /// a SQLite file a wrong URI silently made.
    @Test("the contract's stores are databases of the test cluster, reached by a postgresql:// URI")
    func storesArePostgreSQL() throws {
        let backend = CaseStoreBackend.postgreSQL
        let store = try backend.create(People.admin, [.admin], CaseStoreContract.setUp)
        defer { backend.destroy(store) }
        #expect(store.location.hasPrefix("postgresql://"), "\(store.location)")
        #expect(!FileManager.default.fileExists(atPath: store.location))
    }
}
