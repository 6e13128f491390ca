import Foundation
import Testing

/// The built `casedesk` binary, run as the mail server and the desk run it: its own settings
/// folder, input on standard input when given, output through files.
struct CommandLine {
    /// Beside the running test bundle first (the same build configuration), then `.build/debug`.
    static let binary: String? = {
        var candidates: [String] = []
        if let runner = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: runner).deletingLastPathComponent().appendingPathComponent("casedesk").path)
        }
        candidates.append(Sample.testsFolder.deletingLastPathComponent().appendingPathComponent(".build/debug/casedesk").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let missing = "the casedesk binary is not built; run swift build --build-tests (swift test does) and test again"

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: Data
        var out: String { String(decoding: stdout, as: UTF8.self) }
        var err: String { String(decoding: stderr, as: UTF8.self) }
        var lines: [String] { out.split(separator: "\n", omittingEmptySubsequences: false).dropLast(out.hasSuffix("\n") ? 1 : 0).map(String.init) }
    }

    let folder: String
    let db: String

    /// A folder with a new store created by the account running the tests, and a settings folder.
    init(roles: String = "supervisor,abuse,head,admin") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("casedesk-mailcli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/config/casedesk", withIntermediateDirectories: true)
        db = folder + "/desk/cases.sqlite"
        let created = try run(["init", "--db", db, "--roles", roles])
        try #require(created.status == 0, "init: \(created.err)")
    }

    func path(_ name: String) -> String { folder + "/" + name }

    /// Writes the [mail] settings the letters need.
    func configure(_ toml: String = "[mail]\nfrom = \"Registrar Support <complaints@registrar.example>\"\n") throws {
        try Data(toml.utf8).write(to: URL(fileURLWithPath: folder + "/config/casedesk/config.toml"))
    }

    /// Runs `casedesk ARGS --db DB`.
    @discardableResult
    func desk(_ arguments: String..., input: Data? = nil) throws -> Result {
        try run(arguments + ["--db", db], input: input)
    }

    func run(_ arguments: [String], input: Data? = nil) throws -> Result {
        let executable = try #require(Self.binary, Comment(rawValue: Self.missing))
        let id = UUID().uuidString
        let (inPath, outPath, errPath) = (path("in-\(id)"), path("out-\(id)"), path("err-\(id)"))
        defer { for file in [inPath, outPath, errPath] { try? FileManager.default.removeItem(atPath: file) } }
        for (file, contents) in [(inPath, input ?? Data()), (outPath, Data()), (errPath, Data())] {
            try #require(FileManager.default.createFile(atPath: file, contents: contents), "cannot create \(file)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder, "XDG_CONFIG_HOME": folder + "/config", "LANG": "C.UTF-8"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: try Data(contentsOf: URL(fileURLWithPath: outPath)),
                      stderr: try Data(contentsOf: URL(fileURLWithPath: errPath)))
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// A message dated `date` (RFC 5322 form), for flows that run on the real clock.
    static func message(from: String, subject: String, date: Date = Date(), messageID: String, inReplyTo: String? = nil, body: String) -> Data {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var lines = ["From: \(from)", "To: complaints@registrar.example", "Subject: \(subject)", "Date: \(formatter.string(from: date))",
                     "Message-ID: <\(messageID)>"]
        if let inReplyTo { lines.append("In-Reply-To: <\(inReplyTo)>") }
        lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "", body]
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }
}

/// Bytes that would drive a terminal: ESC, BEL, CSI (U+009B, in UTF-8 C2 9B), and the other C0 controls.
func terminalControls(in data: Data) -> [UInt8] {
    let bytes = [UInt8](data)
    var found = bytes.filter { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x7F }
    for index in bytes.indices.dropLast() where bytes[index] == 0xC2 && (0x80...0x9F).contains(bytes[index + 1]) {
        found.append(bytes[index + 1])
    }
    return found
}
