import CaseDesk
import CaseStore
import Foundation
import MailDesk
import MailIntake
import Testing

let saarland = BusinessCalendar.saarland

func at(_ text: String) -> Date {
    guard let date = saarland.parseMoment(text) else { fatalError("bad test moment \(text)") }
    return date
}

/// Sample messages by path: this target's own, then MailIntake's (the same shapes, written for its tests).
enum Sample {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ name: String) -> String {
        let own = testsFolder.appendingPathComponent("MailDeskTests/Samples/\(name)").path
        return FileManager.default.fileExists(atPath: own) ? own : testsFolder.appendingPathComponent("MailIntakeTests/Samples/\(name)").path
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    static func raw(_ name: String) throws -> RawMessage {
        RawMessage(bytes: try bytes(name), origin: MessageOrigin(path: name))
    }
}

/// A real SQLite store in a temporary folder, with a mail account and people of each role.
struct TestDesk {
    static let setUp = at("2027-01-04T09:00:00+01:00")
    /// The account the mail server runs `casedesk import` as.
    static let mailbot = Actor(account: "casedesk")
    static let supervisor = Actor(account: "sam")
    static let head = Actor(account: "hana")
    static let viewer = Actor(account: "vic")

    let folder: URL
    let store: SQLiteCaseStore

    init(mailbotRoles: Set<Role> = [.supervisor, .abuse, .head]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("casedesk-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let admin = Actor(account: "ada")
        store = try SQLiteCaseStore.create(path: folder.appendingPathComponent("cases.sqlite").path, creator: admin, roles: [.admin],
                                           at: Self.setUp)
        let people: [(Actor, Set<Role>)] = [
            (Self.mailbot, mailbotRoles), (Self.supervisor, [.supervisor]), (Self.head, [.head]), (Self.viewer, [.viewer]),
        ]
        for (person, roles) in people {
            try store.setStaff(person.account, roles: roles, by: admin, at: Self.setUp)
        }
    }

    func importer(as actor: Actor = TestDesk.mailbot) -> MailImporter {
        MailImporter(store: store, actor: actor)
    }

    /// Imports one sample at `now`.
    func file(_ name: String, at now: String, as actor: Actor = TestDesk.mailbot) throws -> ImportResult {
        importer(as: actor).file(try Sample.raw(name), at: at(now))
    }

    /// How many messages the archive holds (read through the file, as a second process would).
    func archiveCount() throws -> Int {
        let path = folder.appendingPathComponent("cases.sqlite").path
        let output = try SQLiteShell.run(path, "SELECT count(*) FROM messages")
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Records a letter with a chosen Message-ID, as if casedesk had sent it: what a customer's reply refers to.
    @discardableResult
    func recordSentLetter(on number: CaseNumber, messageID: String, change: Change?, at moment: String, by actor: Actor = TestDesk.head) throws -> CaseState {
        let bytes = Data("Message-ID: <\(messageID)>\r\nSubject: letter\r\n\r\nText of the letter.\r\n".utf8)
        let message = OutgoingMessage(raw: bytes, origin: "test", correspondence: Change.Correspondence(
            sha256: SHA256.hex(of: bytes), messageID: messageID, at: at(moment), from: "complaints@registrar.example",
            to: "elodie@exemple.fr", subject: "letter", letter: "response", language: "fr"))
        return try store.recordLetter(message, with: change, on: number, expectedVersion: nil, by: actor, at: at(moment))
    }
}

/// The sqlite3 tool, to look at the file the way an administrator would.
enum SQLiteShell {
    static let path = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The output of `sqlite3 DATABASE SQL`; with `errors`, standard error too.
    static func run(_ database: String, _ sql: String, errors: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path, "sqlite3 is not installed (make setup installs it)"))
        process.arguments = [database, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = errors ? pipe : FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

extension ImportResult {
    var state: CaseState? {
        switch outcome {
        case let .imported(state, _), let .attached(state, _, _): state
        default: nil
        }
    }

    var rejection: String? {
        if case let .rejected(reason) = outcome { return reason }
        return nil
    }
}
