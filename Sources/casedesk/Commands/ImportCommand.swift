import ArgumentParser
import CaseDesk
import CaseStore
import Foundation
import Letters
import MailDesk
import MailIntake

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "File mail: .eml files, mboxes, Maildir folders (new/ and cur/), or - for one message on standard input.",
        discussion: """
            Each message becomes a new case (its kind from the recipient address, or an abuse report \
            for ARF and X-ARF reports), joins the case whose letter it answers or whose tag \
            [casedesk #N] its subject carries (and files the formal complaint or escalation when it \
            carries the complaint marker after the case's answer), or is a duplicate (same Message-ID \
            or same bytes) and changes nothing. An abuse report naming a domain that an open abuse \
            report (or an incident) names joins that incident (a new one, with the report, if it is in \
            none) when you may link reports (abuse, head); undo with casedesk unlink. With --no-link, \
            or without that role, the line only suggests the casedesk link command. Each message is one transaction. One line per message, \
            then: imported N, attached N, duplicates N, rejected N. Exits 1 if any message was rejected.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var mail: MailOptions
    @Flag(name: .customLong("no-link"), help: "Do not link abuse reports about the same domain into incidents; only suggest it.")
    var noLink = false
    @Argument(help: ArgumentHelp("Files, mboxes, Maildir folders; - reads one message (or an mbox) from standard input.",
                                 valueName: "PATH"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file, mbox or Maildir folder, or - for standard input") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read once") }
    }

    func run() throws {
        let session = try store.session()
        let settings = try mail.settings()
        // The marker words are the store's policy, as the procedure reads them when filing.
        let vocabulary = ChecklistVocabulary(markerWords: session.procedure.policy.complaintMarkers)
        var importer = MailImporter(store: session.store,
                                    configuration: IntakeConfiguration(addresses: settings.addresses, vocabulary: vocabulary),
                                    actor: session.actor)
        importer.linkIncidents = !noLink
        var results: [ImportJSON.Result] = []
        var toConfirm: [CaseState] = []
        let tally = importer.run(paths) { result in
            if case let .imported(state, _) = result.outcome, ReceiptConfirmation.isDue(state, procedure: session.procedure) {
                toConfirm.append(state)
            }
            if store.json {
                results.append(ImportJSON.Result(result))
            } else {
                for line in ImportReport.lines(result) { print(line) }
            }
        }
        // Abuse reports get their confirmation of receipt now, when the policy says so ([abuse] confirm_on_import).
        let confirmation = ReceiptConfirmation(
            post: LetterPost(store: session.store, outbox: Outbox(path: settings.outboxPath(storePath: store.path)), settings: settings,
                             calendar: session.calendar),
            settings: settings, templates: LetterTemplates(directory: settings.templates ?? LetterTemplates.defaultDirectory()))
        for state in toConfirm {
            let note: String
            switch confirmation.send(state, procedure: session.procedure, by: session.actor, at: Date()) {
            case let .success(sent): note = "case \(state.number): receipt confirmed to \(sent.message.to.address)"
            case let .failure(error): note = "case \(state.number): receipt not confirmed by letter: \(error) (casedesk confirm \(state.number) once done)"
            }
            FileHandle.standardError.write(Data((CaseReport.safe(note) + "\n").utf8))
        }
        if store.json {
            try JSONOutput.print(ImportJSON(results: results, imported: tally.imported, attached: tally.attached,
                                            duplicates: tally.duplicates, rejected: tally.rejected), calendar: session.calendar)
        } else {
            print(tally.summary)
        }
        if tally.rejected > 0 {
            fflush(nil)
            Foundation.exit(1)
        }
    }
}

/// `import --json`: one entry per message, then the counts.
struct ImportJSON: Encodable {
    struct Result: Encodable {
        var origin: String
        var outcome: String
        var `case`: CaseNumber?
        var filed: String?
        var reason: String?
        var sha256: String?
        /// The incident an abuse report joined, or the report it would join (`linked` false).
        var incident: IncidentJSON?

        struct IncidentJSON: Encodable {
            var incident: IncidentNumber?
            var domain: String
            var report: CaseNumber
            var linked: Bool
            var notLinkedBecause: String?
        }

        init(_ result: ImportResult) {
            incident = result.incident.map {
                IncidentJSON(incident: $0.incident, domain: $0.domain, report: $0.report, linked: $0.linked, notLinkedBecause: $0.notLinkedBecause)
            }
            origin = result.origin
            outcome = result.verdict
            switch result.outcome {
            case let .imported(state, why):
                `case` = state.number
                reason = why
                sha256 = state.messages.last?.message.sha256
            case let .attached(state, by, change):
                `case` = state.number
                reason = by.description
                filed = change?.type
                sha256 = state.messages.last { $0.direction == .incoming }?.message.sha256
            case let .duplicate(duplicate):
                `case` = duplicate.caseNumber
                reason = "same \(duplicate.match.rawValue)"
                sha256 = duplicate.sha256
            case let .rejected(why):
                reason = why
            }
        }
    }

    var results: [Result]
    var imported: Int
    var attached: Int
    var duplicates: Int
    var rejected: Int
}
