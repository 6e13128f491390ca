import ArgumentParser
import CaseDesk
import CaseStore
import Foundation
import Letters
import MailDesk
import MailIntake
import TerminalKit

struct LetterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "letter",
        abstract: "Write one of the procedure's letters for a case; --send mails it and records the matching event.",
        discussion: """
            TYPE: acknowledgement, extension-notice, response, escalation-acknowledgement, final-response, resolved, late-refusal. \
            Without --lang the letter is in the language the customer wrote in (guessed from the case's text), \
            else [mail] language of the config file, else English. --send writes the letter into the outbox \
            Maildir and records, at that moment and in one transaction with it: acknowledged (both \
            acknowledgements), extension notified (--until), responded or final response (--summary, which is \
            also the answer's text in the letter). If the store refuses the event, no letter is written. \
            --incident --send sends it on every report of the case's incident, each to its reporter; refusals are listed.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var mail: MailOptions
    @Argument(help: "The case number.") var id: CaseNumber
    @Argument(help: ArgumentHelp("Which letter.", valueName: "TYPE")) var type: String
    @Option(help: ArgumentHelp("en, fr or de (default: the customer's language).", valueName: "LANG")) var lang: String?
    @Option(help: ArgumentHelp("Extension notice: the promised date.", valueName: "DATE")) var until: String?
    @Option(help: ArgumentHelp("Response and final response: the answer's text (default when printing: the recorded summary).",
                               valueName: "TEXT"))
    var summary: String?
    @Flag(help: "Send it: write it into the outbox and record the event.") var send = false
    @Option(name: .customLong("if-version"), help: ArgumentHelp(
        "With --send: refuse unless the case is still at this version (what you read).", valueName: "N"))
    var ifVersion: Int?
    @Flag(help: """
        With --send: send the letter on every report of the case's incident, each to its own reporter with its own event; \
        all recorded in one transaction; a report the store refuses (or whose letter cannot be written) is listed and the others go out.
        """)
    var incident = false

    func validate() throws {
        if incident, !send { throw ValidationError("--incident sends the letter to every reporter of the incident: add --send") }
        if incident, ifVersion != nil { throw ValidationError("--if-version names one case's version; it does not go with --incident") }
    }

    func run() throws {
        guard let kind = LetterKind(argument: type) else {
            throw CLIError.usage("\"\(type)\" is not a letter: \(LetterKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var language: LetterLanguage?
        if let lang {
            guard let chosen = LetterLanguage(argument: lang) else { throw CLIError.usage("--lang \"\(lang)\": en, fr or de") }
            language = chosen
        }
        let promised = try parseDate(until, option: "--until")
        let session = try store.session()
        let settings = try mail.settings()
        let now = Date()
        var state = try cli { () throws(StoreError) in try session.store.caseState(id) }
        let templates = LetterTemplates(directory: settings.templates ?? LetterTemplates.defaultDirectory())
        let post = LetterPost(store: session.store, outbox: Outbox(path: settings.outboxPath(storePath: store.path)),
                              settings: settings, calendar: session.calendar)
        if incident {
            try sendToIncident(of: state, kind: kind, language: language, promised: promised, session: session, post: post,
                               templates: templates, now: now)
            return
        }
        let request = LetterRequest(
            kind: kind, language: language ?? LetterLanguage.guess(for: state) ?? settings.language ?? .english, sentAt: now,
            promised: promised, answer: summary, deskName: settings.deskName)
        let letter = try Self.render(request, state: state, session: session, templates: templates)

        guard send else {
            do throws(TransitionError) {
                try LetterPost.checkPrinting(request, state: state, procedure: session.procedure)
            } catch {
                throw CLIError.refused(error.description)
            }
            if store.json {
                try JSONOutput.print(LetterJSON(letter, case: id, sent: nil), calendar: session.calendar)
            } else {
                print("Subject: " + CaseReport.safe(CaseTag.subject(letter.subject, case: id)))
                print("")
                // Paragraphs are one line in the letter (mail clients wrap them): wrapped here for reading.
                print(TerminalText.wrap(CaseReport.safeBlock(letter.body), width: terminalWidth()).joined(separator: "\n"), terminator: "")
            }
            return
        }
        let (change, sent) = try Self.send(letter, request: request, on: state, expectedVersion: ifVersion ?? state.version,
                                           post: post, session: session, now: now)
        state = sent.state
        if store.json {
            try JSONOutput.print(LetterJSON(letter, case: id, sent: sent), calendar: session.calendar)
            return
        }
        let event = change.map { EventText.pastTense($0) + " and " } ?? ""
        print(CaseReport.safe("case \(id): \(session.actor.account) \(event)sent the \(kind.title) letter (\(letter.language.rawValue)) to \(sent.message.to.address)"))
        print("  " + CaseReport.safe(sent.path))
        print("  Message-ID <\(CaseReport.safe(sent.message.messageID))>, sha256 \(sent.sha256)")
        print("now \(CaseReport.stageLine(state))")
        if let next = session.procedure.nextClock(state, now: now) {
            print("next: \(CaseReport.clockLine(next, calendar: session.calendar, now: now))")
        }
    }

    /// Sends the rendered letter on one case with the event it goes with (the store judges both);
    /// a refusal names the case.
    static func send(_ letter: Letter, request: LetterRequest, on state: CaseState, expectedVersion: Int, post: LetterPost,
                     session: Session, now: Date) throws -> (Change?, LetterPost.Sent) {
        let change: Change?
        do throws(LetterError) {
            change = try LetterPost.change(for: request, at: now)
        } catch {
            throw Self.cliError(error)
        }
        do throws(LetterPostError) {
            // The store checks the version: the one given, else the one just read (its conflict says who and when).
            return (change, try post.send(letter, on: state, expectedVersion: expectedVersion, change: change, by: session.actor, at: now))
        } catch {
            switch error {
            case let .refused(storeError) where !Session.names(storeError.description, case: state.number):
                throw CLIError.refused("case \(state.number): \(error.description)")
            default: throw CLIError.refused(error.description)
            }
        }
    }

    /// `--incident --send`: the letter on every report of the incident (open and closed: an outcome
    /// letter follows the close), each in its reporter's language unless --lang says, all recorded
    /// in one transaction (`LetterPost.sendOnIncident`); one line per letter sent and one per
    /// refusal, then exit 1 if any was refused.
    func sendToIncident(of state: CaseState, kind: LetterKind, language: LetterLanguage?, promised: LocalDate?, session: Session,
                        post: LetterPost, templates: LetterTemplates, now: Date) throws {
        guard let number = state.incident else {
            throw CLIError.refused("case \(id) is in no incident (casedesk link groups reports); leave out --incident to send it on this case alone")
        }
        let settings = post.settings
        func request(for report: CaseState) -> LetterRequest {
            LetterRequest(kind: kind, language: language ?? LetterLanguage.guess(for: report) ?? settings.language ?? .english,
                          sentAt: now, promised: promised, answer: summary, deskName: settings.deskName)
        }
        do throws(LetterError) {
            // A detail the command must supply (--until, --summary) is missing for every report alike: said once.
            _ = try LetterPost.change(for: request(for: state), at: now)
        } catch {
            throw Self.cliError(error)
        }
        let outcome: IncidentLetters
        do throws(LetterPostError) {
            outcome = try post.sendOnIncident(number, procedure: session.procedure, templates: templates, by: session.actor, at: now,
                                              request: request)
        } catch {
            throw CLIError.refused(error.description)
        }
        if store.json {
            try JSONOutput.print(IncidentLettersJSON(incident: number, sent: outcome.sent.map { LetterJSON($0.letter, case: $0.number, sent: $0.sent) },
                                                     refused: outcome.refused.map { .init(case: $0.number, reason: $0.description) },
                                                     recorded_not_delivered: outcome.waiting.map { .init(case: $0.number, reason: $0.description) }),
                                 calendar: session.calendar)
        } else {
            for letter in outcome.sent {
                let event = letter.change.map { EventText.pastTense($0) + " and " } ?? ""
                print(CaseReport.safe("case \(letter.number): \(session.actor.account) \(event)sent the \(letter.letter.kind.title) letter "
                                      + "(\(letter.letter.language.rawValue)) to \(letter.sent.message.to.address)"))
            }
            for refusal in outcome.refused { print(CaseReport.safe("refused: " + refusal.description)) }
            for waiting in outcome.waiting { print(CaseReport.safe("recorded, not delivered: " + waiting.description)) }
            print("incident \(number): \(outcome.sent.count) letter\(outcome.sent.count == 1 ? "" : "s") sent, \(outcome.refused.count) refused"
                  + (outcome.waiting.isEmpty ? "" : ", \(outcome.waiting.count) recorded but waiting in the outbox's tmp/ (do not send them again)"))
        }
        if !outcome.refused.isEmpty || !outcome.waiting.isEmpty {
            fflush(nil)
            throw CLIError.refused(outcome.refused.isEmpty
                ? "\(outcome.waiting.count) recorded letter\(outcome.waiting.count == 1 ? " is" : "s are") not in the outbox yet (listed above)"
                : "\(outcome.refused.count) letter\(outcome.refused.count == 1 ? " was" : "s were") refused (listed above)")
        }
    }

    static func render(_ request: LetterRequest, state: CaseState, session: Session, templates: LetterTemplates) throws -> Letter {
        do throws(LetterError) {
            return try Letters.render(request, state: state, procedure: session.procedure, templates: templates)
        } catch {
            throw cliError(error)
        }
    }

    /// Missing details are the command's to supply (exit 2, naming the option); the rest are refusals.
    static func cliError(_ error: LetterError) -> CLIError {
        switch error {
        case let .missingDetail(_, what):
            let option = what.contains("date") ? "--until YYYY-MM-DD" : "--summary TEXT"
            return .usage("\(error.description) (\(option))")
        default:
            return .refused(error.description)
        }
    }
}

/// `letter --incident --send --json`: each letter sent, and each report refused.
struct IncidentLettersJSON: Encodable {
    var incident: IncidentNumber
    var sent: [LetterJSON]
    var refused: [EachJSON.Refused]
    /// Recorded on the report, but still in the outbox's tmp/: not to be sent again.
    var recorded_not_delivered: [EachJSON.Refused]
}

/// `letter --json`: the letter, and where it went when sent.
struct LetterJSON: Encodable {
    var `case`: CaseNumber
    var type: String
    var language: String
    var subject: String
    var body: String
    var template: String
    var outbox: String?
    var messageID: String?
    var sha256: String?

    enum CodingKeys: String, CodingKey {
        case `case`, type, language, subject, body, template, outbox, sha256
        case messageID = "message_id"
    }

    init(_ letter: Letter, case number: CaseNumber, sent: LetterPost.Sent?) {
        `case` = number
        type = letter.kind.rawValue
        language = letter.language.rawValue
        subject = sent?.message.subject ?? CaseTag.subject(letter.subject, case: number)
        body = letter.body
        template = letter.template
        outbox = sent?.path
        messageID = sent?.message.messageID
        sha256 = sent?.sha256
    }
}
