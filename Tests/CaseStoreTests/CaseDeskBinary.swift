import CaseStore
import Foundation
import Testing

/// The built `casedesk` executable, run as a separate process the way people and scripts run it.
/// `swift build --build-tests` (and so `swift test`) builds it: the test target depends on it.
enum CaseDeskBinary {
    /// The package root, three levels above this file (Tests/CaseStoreTests/…).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Beside the running test bundle first (the same build configuration), then `.build/debug`.
    static let path: String? = {
        var candidates: [String] = []
        if let runner = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: runner).deletingLastPathComponent().appendingPathComponent("casedesk").path)
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/casedesk").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isAvailable: Bool { path != nil }
    static let missing = "the casedesk binary is not built; run swift build --build-tests (swift test does) and test again"

    static var isRoot: Bool { geteuid() == 0 }

    /// The sqlite3 command-line tool, if installed (`make setup` installs it).
    static let sqlite3: String? = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A fixed, small environment: no CASEDESK_DB from the person running the tests, a UTF-8 locale.
    static let environment: [String: String] = [
        "PATH": "/usr/bin:/bin",
        "HOME": FileManager.default.temporaryDirectory.path,
        "LANG": "C.UTF-8",
        "COLUMNS": "120",
    ]

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: Data

        var out: String { String(decoding: stdout, as: UTF8.self) }
        var err: String { String(decoding: stderr, as: UTF8.self) }
        /// The lines of standard error, without the empty one after the last newline.
        var errorLines: [Substring] { err.split(separator: "\n", omittingEmptySubsequences: false).dropLast(err.hasSuffix("\n") ? 1 : 0).map { $0 } }
    }

    /// Runs `casedesk` with `arguments` and waits for it. Output goes through files, so large
    /// output cannot block the child on a full pipe.
    static func run(_ arguments: [String], in folder: TemporaryDirectory) throws -> Result {
        guard let path else { throw CaseDeskBinaryError.missing }
        return try runProcess(path, arguments, in: folder)
    }

    static func runProcess(_ executable: String, _ arguments: [String], in folder: TemporaryDirectory) throws -> Result {
        let id = UUID().uuidString
        let outPath = folder.file("stdout-\(id)")
        let errPath = folder.file("stderr-\(id)")
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let process = try start(executable, arguments, environment: environment, stdout: outPath, stderr: errPath, in: folder)
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: try Data(contentsOf: URL(fileURLWithPath: outPath)),
                      stderr: try Data(contentsOf: URL(fileURLWithPath: errPath)))
    }

    /// Starts `/bin/sh -c script` (with `$CASEDESK_BIN` set); the caller waits or kills it.
    static func startShell(_ script: String, environment extra: [String: String] = [:], stdout: String, stderr: String,
                           in folder: TemporaryDirectory) throws -> Process {
        var environment = Self.environment.merging(extra) { _, new in new }
        environment["CASEDESK_BIN"] = path
        return try start("/bin/sh", ["-c", script], environment: environment, stdout: stdout, stderr: stderr, in: folder)
    }

    /// Starts a process with no input and its output into two new files.
    private static func start(_ executable: String, _ arguments: [String], environment: [String: String],
                              stdout: String, stderr: String, in folder: TemporaryDirectory) throws -> Process {
        _ = FileManager.default.createFile(atPath: stdout, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = folder.url
        process.standardInput = FileHandle.nullDevice
        let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
        let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        try outHandle.close()
        try errHandle.close()
        return process
    }

    /// The processes whose parent is `pid` (from /proc).
    static func children(of pid: Int32) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> Int32? in
            guard let child = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            // After "pid (comm) ": state, then the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == pid ? child : nil
        }
    }
}

enum CaseDeskBinaryError: Error, CustomStringConvertible {
    case missing
    var description: String { CaseDeskBinary.missing }
}

/// A folder with a fresh store, created by `casedesk init` as the account running the tests.
struct CommandLineDesk {
    let folder: TemporaryDirectory
    let db: String

    /// `db`: the store's location, a SQLite file in the desk's folder when nil.
    init(roles: String = "supervisor,head", db: String? = nil) throws {
        folder = try TemporaryDirectory("casedesk-cli")
        self.db = db ?? folder.file("cases.sqlite")
        let result = try CaseDeskBinary.run(["init", "--db", self.db, "--roles", roles], in: folder)
        guard result.status == 0 else { throw CommandLineDeskError.initFailed(result.err) }
    }

    /// Runs a store command on this desk (`--db` added).
    @discardableResult
    func run(_ arguments: String...) throws -> CaseDeskBinary.Result {
        try run(arguments)
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> CaseDeskBinary.Result {
        try CaseDeskBinary.run(arguments + ["--db", db], in: folder)
    }

    /// `show N --json`, decoded.
    func show(_ number: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let result = try run("show", String(number), "--json")
        #expect(result.status == 0, "show \(number): \(result.err)", sourceLocation: sourceLocation)
        return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], sourceLocation: sourceLocation)
    }

    /// Removes the folder, and the desk's database when it is one of the PostgreSQL test cluster's.
    func remove() {
        folder.remove()
        if db.hasPrefix("postgresql:"), let address = try? PostgresAddress(db), let cluster = try? PostgresTestCluster.get() {
            cluster.dropDatabase(address.database)
        }
    }
}

enum CommandLineDeskError: Error {
    case initFailed(String)
}
