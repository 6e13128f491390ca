import ArgumentParser
import CaseDesk
import CaseStore
import Foundation
import MailIntake

/// The message archive: what arrived and what the desk sent, shown as text or saved byte for byte.
struct MessageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message",
        abstract: "Show or save a message filed with a case (by its SHA-256, 8 digits of it, or its Message-ID).",
        subcommands: [MessageListCommand.self, MessageShowCommand.self, MessageSaveCommand.self])
}

struct MessageListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The messages filed with a case, oldest first.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The case number.") var id: CaseNumber

    func run() throws {
        let session = try store.session()
        let state = try cli { () throws(StoreError) in try session.store.caseState(id) }
        if store.json {
            struct Entry: Encodable { var direction: String; var filed: Date; var message: Change.Correspondence }
            try JSONOutput.print(state.messages.map { Entry(direction: $0.direction.rawValue, filed: $0.filed.at, message: $0.message) },
                                 calendar: session.calendar)
            return
        }
        if state.messages.isEmpty { print("case \(id) has no messages filed") }
        for record in state.messages {
            let message = record.message
            let who = record.direction == .incoming ? "from " + message.from : "to " + (message.to ?? "?")
            print(CaseReport.safe("\(message.sha256.prefix(12))  \(record.direction.rawValue.padding(toLength: 3, withPad: " ", startingAt: 0)) "
                                  + "\(session.calendar.readable(message.at))  \(who) — \(message.subject)"))
        }
    }
}

struct MessageShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A filed message as text: its headers, its readable body, its attachments (listed, not shown).",
        discussion: "Control characters and escape sequences in the message are shown as visible replacements; the archive keeps them as received.")
    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("The SHA-256 (or at least 8 digits of it) or the Message-ID.", valueName: "SHA|ID")) var key: String

    func run() throws {
        let session = try store.session()
        let stored = try cli { () throws(StoreError) in try session.store.storedMessage(key) }
        let raw = [UInt8](stored.raw)
        let verified = SHA256.hex(of: raw) == stored.sha256
        let calendar = session.calendar
        var lines = [
            "Message    \(stored.sha256) (\(verified ? "digest verified" : "DIGEST MISMATCH: the kept bytes changed"))",
            "Case       \(stored.caseNumber) · \(stored.direction == .incoming ? "received" : "sent") \(calendar.readable(stored.at)) · \(raw.count) bytes",
            "Origin     " + CaseReport.safe(stored.origin),
        ]
        do {
            let message = try MailMessage(bytes: raw)
            for name in ["From", "To", "Cc", "Date", "Subject", "Message-ID", "In-Reply-To"] {
                if let field = message.header.first(name) {
                    lines.append(name.padding(toLength: 11, withPad: " ", startingAt: 0) + CaseReport.safe(field.decodedValue))
                }
            }
            lines.append("")
            lines += CaseReport.safeBlock(message.bodyText).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let attachments = message.attachments
            if !attachments.isEmpty {
                lines.append("")
                lines.append("Attachments (save one with: casedesk message save \(stored.sha256.prefix(12)) --attachment N --out FILE)")
                for (index, attachment) in attachments.enumerated() {
                    lines.append("  \(index + 1). " + CaseReport.safe("\(attachment.filename ?? "(no name)") · \(attachment.contentType) · "
                        + "\(attachment.size) bytes · \(attachment.role.rawValue) · sha256 \(attachment.sha256.prefix(12))"))
                }
            }
            for defect in message.defects { lines.append("note: " + CaseReport.safe(defect.description)) }
        } catch {
            lines.append("")
            lines.append("(not readable as mail: \(error); save it to look at the bytes)")
        }
        for line in lines { print(line) }
    }
}

struct MessageSaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Save a filed message byte for byte as it arrived or was sent (or one of its attachments, decoded).")
    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("The SHA-256 (or at least 8 digits of it) or the Message-ID.", valueName: "SHA|ID")) var key: String
    @Option(help: ArgumentHelp("The file to write; - writes to standard output.", valueName: "FILE")) var out: String
    @Option(parsing: .unconditional, help: ArgumentHelp("Save the N-th attachment (as message show numbers them) instead of the message.", valueName: "N"))
    var attachment: Int?
    @Flag(help: "Replace FILE if it exists.") var force = false

    func run() throws {
        let session = try store.session()
        let stored = try cli { () throws(StoreError) in try session.store.storedMessage(key) }
        var bytes = stored.raw
        if let attachment {
            let parts = (try? MailMessage(bytes: [UInt8](stored.raw)))?.attachments ?? []
            guard attachment >= 1, attachment <= parts.count else {
                throw CLIError.usage("--attachment \(attachment): message \(stored.sha256.prefix(12)) has \(parts.count) attachment\(parts.count == 1 ? "" : "s")")
            }
            bytes = parts[attachment - 1].bytes
        }
        if out == "-" {
            FileHandle.standardOutput.write(bytes)
            return
        }
        let flags = O_CREAT | O_WRONLY | O_TRUNC | (force ? 0 : O_EXCL)
        let descriptor = Glibc.open(out, flags, 0o640)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it exists (--force replaces it)" : String(cString: strerror(errno))
            throw CLIError.refused("cannot write \(out): \(reason)")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
        } catch {
            throw CLIError.refused("cannot write \(out): \(error.localizedDescription)")
        }
        FileHandle.standardError.write(Data("saved \(bytes.count) bytes to \(CaseReport.safe(out))\n".utf8))
    }
}
