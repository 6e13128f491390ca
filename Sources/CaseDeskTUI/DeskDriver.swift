import CaseDesk
import CaseStore
import Foundation
import Letters
import MailDesk
import TerminalKit

/// How the driver reaches a store: open an existing one, or create one on the first-run screen.
/// Closures, so the screens stay free of any one backend.
public struct StoreAccess: Sendable {
    public var open: @Sendable (String) throws(StoreError) -> any CaseStore
    public var create: @Sendable (String, Actor, Set<StaffRole>) throws(StoreError) -> any CaseStore
    /// Whether there is a store at the path (else the first-run screen).
    public var exists: @Sendable (String) -> Bool
    /// Fills the store with demo cases (the greeting's D); returns the cases' numbers.
    public var loadDemo: @Sendable (any CaseStore, Int, Actor, Date) throws(StoreError) -> ClosedRange<CaseNumber>?

    public init(open: @escaping @Sendable (String) throws(StoreError) -> any CaseStore,
                create: @escaping @Sendable (String, Actor, Set<StaffRole>) throws(StoreError) -> any CaseStore,
                exists: @escaping @Sendable (String) -> Bool,
                loadDemo: @escaping @Sendable (any CaseStore, Int, Actor, Date) throws(StoreError) -> ClosedRange<CaseNumber>?) {
        self.open = open
        self.create = create
        self.exists = exists
        self.loadDemo = loadDemo
    }

    /// The store where `--db` says: a file (offered to be made when missing) or a PostgreSQL
    /// database (always opened: a missing schema is named by the store, made by casedesk init).
    public static let sqlite = StoreAccess(
        open: { path throws(StoreError) in try CaseStores.open(path: path) },
        create: { path, actor, roles throws(StoreError) in try CaseStores.create(path: path, creator: actor, roles: roles) },
        exists: { path in
            if case .postgreSQL? = try? StoreLocation(path) { return true }
            return FileManager.default.fileExists(atPath: path)
        },
        loadDemo: { store, count, actor, now throws(StoreError) in
            try store.loadDemo(count: count, seed: UInt64(now.timeIntervalSince1970), by: actor, now: now, alongsideCases: false,
                               progress: nil)
        })
}

/// Holds the desk's state and runs `DeskUpdate`'s effects against the store, feeding the answers
/// back in. It knows no terminal: the loop gives it keys and time, and asks it for frames. Searches
/// as typed wait for `runDeferred()`, which the loop calls after presenting a frame.
public final class DeskDriver {
    public private(set) var state: DeskState
    public private(set) var store: (any CaseStore)?
    private var feed: (any ChangeFeed)?
    private let access: StoreAccess
    private let letters: LetterDesk
    private let config: DeskConfig
    private var deferred: [DeskEffect] = []
    private var lastSweep: Date?
    /// Set by the `.redraw` effect; the loop repaints everything and clears it.
    public var wantsRedraw = false
    /// The roles a store created on the first-run screen gives its creator.
    public static let creatorRoles: Set<StaffRole> = [.admin, .head, .supervisor, .abuse]
    /// How often the driver writes due lapses (the customer's window running out).
    public static let sweepInterval: TimeInterval = 60

    /// Opens the store at `path` (or prepares the first-run screen when there is none). Letters are
    /// written and sent with `letters`: the desk's `[mail]` settings and templates; `config` is the
    /// person's own settings (saved filters, whether a case taken in is theirs).
    public init(path: String, actor: Actor, size: Size, access: StoreAccess = .sqlite, letters: LetterDesk = .builtIn,
                config: DeskConfig = DeskConfig(), now: Date = Date()) throws(StoreError) {
        self.access = access
        self.letters = letters
        self.config = config
        guard access.exists(path) else {
            state = DeskState(mode: .firstRun, session: DeskSession(location: path, actor: actor, roles: [], procedure: Procedure()),
                              size: size)
            return
        }
        let store = try access.open(path)
        state = DeskState(mode: .desk, session: try Self.session(store, actor: actor, letters: letters, config: config), size: size)
        self.store = store
        feed = try store.changeFeed()
        lastSweep = now
        apply(DeskUpdate.start(&state), now: now)
    }

    static func session(_ store: any CaseStore, actor: Actor, letters: LetterDesk, config: DeskConfig) throws(StoreError) -> DeskSession {
        let actor = try store.acting(actor)
        return DeskSession(location: store.location, actor: actor, roles: try store.roles(of: actor.account),
                    procedure: try store.procedure(), staff: try store.staff(),
                    letterLanguage: letters.settings.language ?? .english, deskName: letters.settings.deskName,
                    filters: config.filters, assignsNewCasesToTaker: config.assignsNewCasesToTaker, printCommand: config.printCommand)
    }

    /// A key, a tick or a store answer: update, then run what it asks for.
    public func handle(_ input: DeskInput, now: Date) {
        apply(DeskUpdate.update(&state, input, now: now), now: now)
    }

    /// About once a second: countdowns move (the next frame shows them), other processes' writes
    /// come in, and now and then the lapses due are written.
    public func tick(now: Date) {
        handle(.tick, now: now)
        guard let store, let feed else { return }
        do {
            let changed = try feed.poll()
            if feed.takeReconnection() {
                handle(.storeReconnected, now: now)
            } else if changed {
                handle(.storeChanged, now: now)
            }
        } catch {
            handle(.failed(error, .countCases), now: now)
        }
        if let lastSweep, now.timeIntervalSince(lastSweep) >= Self.sweepInterval {
            self.lastSweep = now
            // Anyone may record a lapse; someone not on the staff simply leaves it to the next desk.
            if let lapsed = try? store.sweep(by: state.session.actor, at: now), !lapsed.isEmpty {
                handle(.storeChanged, now: now)
            }
        }
    }

    /// Runs the search as typed that was put off until after the frame; true when what shows changed.
    @discardableResult
    public func runDeferred(now: Date) -> Bool {
        guard !deferred.isEmpty else { return false }
        let before = deferredView
        let pending = deferred
        deferred = []
        var seen: [DeskEffect] = []
        for effect in pending where !seen.contains(effect) {
            seen.append(effect)
            // A search for a text a newer key has changed would only be thrown away.
            if case let .searchAsTyped(request) = effect,
               request.text != state.queue.search?.field.text || request.scope != state.queue.search?.scope { continue }
            if let input = run(effect, now: now) { apply(DeskUpdate.update(&state, input, now: now), now: now) }
        }
        return before != deferredView
    }

    /// What a deferred effect or a count asked again can change on screen: the counts, the queue's
    /// total, the message, the search's results.
    private struct DeferredView: Equatable {
        var counts: QueueCounts?
        var total: Int?
        var totalCases: Int?
        var message: MessageLine?
        var searched: String?
        var results: [CaseNumber]?
    }

    private var deferredView: DeferredView {
        DeferredView(counts: state.counts, total: state.queue.total, totalCases: state.totalCases, message: state.message,
                     searched: state.queue.search?.searched, results: state.queue.search?.results.map(\.number))
    }

    /// The header's counts and the queue's total asked of the store now, as after a frame with the
    /// keyboard at rest (the bench times keys with them included).
    /// True when what they show changed (then the frame is drawn again).
    @discardableResult
    public func countNow(now: Date) -> Bool {
        let before = deferredView
        apply([.countCases, .countQueue(state.queue.query)], now: now)
        runDeferred(now: now)
        return before != deferredView
    }

    public func frame(now: Date, size: Size) -> Grid {
        DeskRenderer.render(state, now: now, size: size)
    }

    private func apply(_ effects: [DeskEffect], now: Date) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            if effect.isDeferred {
                deferred.append(effect)
                continue
            }
            if let input = run(effect, now: now) {
                queue += DeskUpdate.update(&state, input, now: now)
            }
        }
    }

    /// Writes a letter to a file; `~/` is the home folder, a relative path is under the current one.
    /// An existing file is left alone: a letter never replaces something else by accident.
    static func save(_ text: String, to path: String, what: String, note: String?) -> DeskInput {
        let expanded = (path as NSString).expandingTildeInPath
        let url = URL(fileURLWithPath: expanded, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
            .standardizedFileURL
        do {
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            return .fileSaved(path: url.path, what: what, note: note, failure: nil)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "that file exists already; choose another name"
                                                                          : "the file could not be written (does its folder exist?)"
            return .fileSaved(path: url.path, what: what, note: note, failure: reason)
        }
    }

    /// Pipes a letter to the print command (argv; the program looked up on PATH unless it has a
    /// slash). A missing program, one that fails or one that does not finish within 30 seconds is
    /// told on the message line: printing never stops the desk.
    static func print(_ text: String, command: [String]) -> DeskInput {
        guard let program = command.first, !program.isEmpty else {
            return .printed(command: "", failure: "no print command is set (print_command in config.toml)")
        }
        let shown = command.joined(separator: " ")
        guard let path = executable(program) else {
            return .printed(command: shown, failure: "the print command “\(program)” was not found; "
                + "install it, or set print_command in config.toml (w saves the letter to a file instead)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = Array(command.dropFirst())
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .printed(command: shown, failure: "“\(shown)” could not be started (\(error.localizedDescription))")
        }
        // The pipe's far end may close early (a command that reads nothing): no SIGPIPE, just an error.
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            return .printed(command: shown, failure: "“\(shown)” did not finish within 30 seconds and was stopped")
        }
        let said = String(decoding: (try? errors.fileHandleForReading.readToEnd()) ?? Data(), as: UTF8.self)
            .split(separator: "\n").first.map { TerminalText.sanitize(String($0)) }
        guard process.terminationStatus == 0 else {
            return .printed(command: shown, failure: "“\(shown)” failed (exit \(process.terminationStatus))" + (said.map { ": " + $0 } ?? ""))
        }
        return .printed(command: shown, failure: nil)
    }

    /// A program's path: as given when it names a folder, else the first executable of that name on PATH.
    static func executable(_ program: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// One effect against the store; its answer as an input.
    private func run(_ effect: DeskEffect, now: Date) -> DeskInput? {
        if case .redraw = effect {
            wantsRedraw = true
            return nil
        }
        if case .createStore = effect { return createStore(now: now) }
        if case let .saveFile(text, path, what, note) = effect { return Self.save(text, to: path, what: what, note: note) }
        if case let .printText(text, command) = effect { return Self.print(text, command: command) }
        guard let store else { return nil }
        let actor = state.session.actor
        let procedure = state.session.procedure
        switch effect {
        case let .renderLetter(request, caseState):
            return .letterRendered(letters.preview(request, state: caseState, procedure: procedure))
        case let .sendLetter(request, change, caseState):
            do throws(LetterDesk.Failure) {
                let sent = try letters.send(request, change: change, on: caseState, store: store, storePath: state.session.location,
                                            procedure: procedure, by: actor, at: now)
                return .letterSent(sent, change, request)
            } catch {
                return .letterNotSent(caseState.number, error)
            }
        case let .sendIncidentLetters(incident, kind):
            let result: Result<IncidentLetters, LetterDesk.Failure>
            do throws(LetterDesk.Failure) {
                result = .success(try letters.sendOnIncident(incident, kind: kind, store: store, storePath: state.session.location,
                                                             procedure: procedure, by: actor, at: now))
            } catch {
                result = .failure(error)
            }
            return .answered(StoreAnswer { state, _ in IncidentScreen.lettersSent(&state, incident: incident, kind: kind, result) })
        default:
            break
        }
        do throws(StoreError) {
            switch effect {
            case let .fetchQueue(query, fetch):
                return .queueLoaded(query, try store.queue(query, page: fetch.page, now: now), fetch.placement)
            case let .countQueue(query):
                return .queueCounted(query, try store.count(query, now: now))
            case .countCases:
                return .casesCounted(try store.counts(now: now), total: try store.count(QueueQuery(scope: .all), now: now))
            case let .search(request), let .searchAsTyped(request):
                return .searched(request, try store.search(request.text, scope: request.scope, limit: request.limit))
            case let .loadCase(number):
                let events = try store.events(of: number)
                return .caseLoaded(try store.caseState(number), events)
            case let .loadPreview(number):
                return .previewLoaded(try store.caseState(number))
            case .loadStaff:
                return .staffLoaded(try store.staff(), roles: try store.roles(of: actor.account))
            case let .record(change, number, expectedVersion):
                return .recorded(try store.record(change, on: number, expectedVersion: expectedVersion, by: actor, at: now), change)
            case let .recordEach(change, numbers):
                // One transaction, each case judged on its own (a refusal stops none of the others).
                return .recordedEach(change, MarkedOutcome(try store.recordEach(change, on: numbers, by: actor, at: now)))
            case let .openCase(intake, assignee):
                let opened = try store.open(intake, by: actor, at: now)
                guard let assignee else { return .opened(opened, assignmentRefused: nil) }
                do throws(StoreError) {
                    let assigned = try store.record(.assigned(.init(to: assignee)), on: opened.number, expectedVersion: opened.version,
                                                    by: actor, at: now)
                    return .opened(assigned, assignmentRefused: nil)
                } catch {
                    return .opened(opened, assignmentRefused: error)
                }
            case let .loadDemo(count):
                return .demoLoaded(try access.loadDemo(store, count, actor, now))
            case let .loadHandover(shift):
                // The lists of what comes due are for the shift after the one ending now: the reader's.
                let shifts = procedure.policy.shifts
                let upcoming = shifts.next(after: shifts.endingShift(at: now, calendar: procedure.calendar), calendar: procedure.calendar)
                // The store reads up to `until` exclusive and keeps milliseconds: a millisecond more takes in
                // what was written at this very instant (one's own note, a moment ago in the same key).
                let until = min(shift.end, now.addingTimeInterval(0.001))
                return .handoverLoaded(shift, try HandoverReport.build(store: store, from: shift.start, until: until,
                                                                       shiftName: shift.name, nextShift: upcoming, now: now))
            case let .markHandoverRead(shift):
                try store.markHandoverRead(shiftStart: shift.start, shiftEnd: min(shift.end, now), by: actor, at: now)
                return .handoverMarked(shift)
            case let .loadStatistics(query):
                return .statisticsLoaded(query, try store.statistics(query, now: now))
            case let .call(call):
                return .answered(try call.run(store, now))
            case .createStore, .redraw, .renderLetter, .sendLetter, .sendIncidentLetters, .saveFile, .printText:
                return nil
            }
        } catch {
            return .failed(error, effect)
        }
    }

    private func createStore(now: Date) -> DeskInput? {
        let session = state.session
        do throws(StoreError) {
            let store = try access.create(session.location, session.actor, Self.creatorRoles)
            self.store = store
            feed = try store.changeFeed()
            lastSweep = now
            return .storeOpened(try Self.session(store, actor: session.actor, letters: letters, config: config))
        } catch {
            return .failed(error, .createStore)
        }
    }
}
