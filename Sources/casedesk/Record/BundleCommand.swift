import ArgumentParser
import CaseDesk
import CaseStore
import Foundation
import MailIntake

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Everything about one case for a compliance request, as files with a manifest of SHA-256 sums.",
        discussion: """
            Writes DIR/case-N/: case.json (the case, its clocks explained, its events), case.txt (the same \
            for reading), trail.jsonl (the events exactly as the store keeps them), messages/ (every message \
            received, byte for byte) and letters/ (every letter sent), and MANIFEST.sha256 (check it with: \
            sha256sum -c MANIFEST.sha256). An existing bundle folder is never overwritten.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The case number.") var id: CaseNumber
    @Option(help: ArgumentHelp("Where to write the case-N folder (default: the current folder).", valueName: "DIR")) var out: String = "."

    func run() throws {
        let session = try store.session()
        let now = Date()
        let head = try cli { () throws(StoreError) in try session.store.trailHead() }
        let (state, events) = try session.caseWithEvents(id)
        let folder = URL(fileURLWithPath: out).appendingPathComponent("case-\(id)")
        if FileManager.default.fileExists(atPath: folder.path) {
            throw CLIError.refused("\(folder.path) already exists; a bundle is never overwritten (choose another --out)")
        }
        var files: [(name: String, data: Data)] = []
        let encoder = JSONOutput.encoder(calendar: session.calendar, pretty: true)
        files.append(("case.json", try encoder.encode(CaseJSON(state, procedure: session.procedure, events: events, now: now, explain: true))))
        let report = CaseReport.lines(state, events: events, procedure: session.procedure, now: now, explain: true)
        files.append(("case.txt", Data((report.joined(separator: "\n") + "\n").utf8)))
        let trail = events.map { event in
            "{\"actor\":\(EventJSONText.quote(event.actor)),\"case\":\(event.caseNumber),\"data\":\(EventJSONText.encode(event.change)),"
                + "\"recorded_ms\":\(Millis.from(event.recorded)),\"seq\":\(event.sequence),\"via\":\(event.via.map(EventJSONText.quote) ?? "null")}"
        }
        files.append(("trail.jsonl", Data((trail.joined(separator: "\n") + "\n").utf8)))
        files.append(("SEAL", Data("\(head)\nThe store's trail head when this bundle was made: casedesk verify --seal \(head) proves the record up to it.\n".utf8)))
        for (index, record) in state.messages.enumerated() {
            let stored = try cli { () throws(StoreError) in try session.store.storedMessage(record.message.sha256) }
            let folder = record.direction == .incoming ? "messages" : "letters"
            let name = String(format: "%@/%02d-%@-%@.eml", folder, index + 1, record.message.letter ?? record.direction.rawValue,
                              String(record.message.sha256.prefix(12)))
            files.append((name, stored.raw))
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var manifest = ""
            for file in files {
                let target = folder.appendingPathComponent(file.name)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.data.write(to: folder.appendingPathComponent(file.name), options: .withoutOverwriting)
                manifest += "\(SHA256.hex(of: file.data))  \(file.name)\n"
            }
            try Data(manifest.utf8).write(to: folder.appendingPathComponent("MANIFEST.sha256"), options: .withoutOverwriting)
        } catch {
            throw CLIError.refused("cannot write the bundle in \(folder.path): \(error.localizedDescription)")
        }
        if store.json {
            try JSONOutput.print(["folder": folder.path, "files": String(files.count + 1), "trail_head": head.description], calendar: session.calendar)
        } else {
            let messages = files.filter { $0.name.hasPrefix("messages/") }.count
            let letters = files.filter { $0.name.hasPrefix("letters/") }.count
            print("bundle of case \(id) written to \(folder.path): case.json, case.txt, trail.jsonl, SEAL (\(head)), \(messages) message(s), \(letters) letter(s), MANIFEST.sha256")
        }
    }
}
