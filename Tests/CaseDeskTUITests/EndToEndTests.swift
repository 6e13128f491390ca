import CaseStore
import Foundation
import Testing

/// The real binary in tmux on a fresh demo store: move, search, open a case, acknowledge it (checked
/// in the store through the command line), shrink to 60×16 and below, grow back, see a second
/// process's write appear, quit, and stop on SIGTERM — the terminal restored each time. Then the
/// handover marked read, and an acknowledgement sent as a letter: in the outbox, and in the record.
///
/// Every wait polls the screen with a generous deadline (the machine may be busy building), never a
/// blind sleep.
@Suite("End to end in tmux", .serialized)
struct EndToEndTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let binary = packageRoot.appendingPathComponent(".build/debug/casedesk").path
    static let deadline: TimeInterval = 30

    /// A tmux server of our own (its own socket), killed at the end.
    final class Tmux {
        let socket = "casedesk-e2e-\(UUID().uuidString.prefix(8))"

        @discardableResult
        func run(_ arguments: [String]) throws -> String {
            try EndToEndTests.run("/usr/bin/tmux", ["-L", socket] + arguments)
        }

        func screen() -> String { (try? run(["capture-pane", "-p", "-t", "desk"])) ?? "" }

        func keys(_ keys: String...) throws { try run(["send-keys", "-t", "desk"] + keys) }

        /// Presses a key (tmux's name for it) and waits until the screen shows `text`.
        @discardableResult
        func press(_ key: String, until text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            try keys(key)
            return waitFor(text, sourceLocation: sourceLocation)
        }

        func text(_ text: String) throws { try run(["send-keys", "-t", "desk", "-l", text]) }

        func value(_ format: String) -> String {
            ((try? run(["display-message", "-p", "-t", "desk", format])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Waits until the screen shows `text`; returns the screen (or fails with the last screen seen).
        @discardableResult
        func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
            let end = Date().addingTimeInterval(EndToEndTests.deadline)
            var last = ""
            while Date() < end {
                last = screen()
                if last.contains(text) { return last }
                usleep(100_000)
            }
            Issue.record(Comment(rawValue: "waited \(Int(EndToEndTests.deadline)) s for “\(text)”; the screen shows:\n\(last)"),
                         sourceLocation: sourceLocation)
            return last
        }

        func kill() { _ = try? run(["kill-server"]) }
    }

    struct CommandFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a program, returns its standard output; a non-zero exit is an error with its output.
    ///
    /// Spawned by hand rather than with `Process`: the test runner's threads block signals, a child
    /// inherits that mask, and a tmux server started with SIGCHLD and SIGTERM blocked never reaps
    /// its panes nor stops. Output goes through a file, since that server would hold a pipe open.
    @discardableResult
    static func run(_ path: String, _ arguments: [String]) throws -> String {
        let (status, text) = try launch(path, arguments)
        guard status == 0 else {
            throw CommandFailure(description: "\(path) \(arguments.joined(separator: " ")) ended with status \(status): \(text)")
        }
        return text
    }

    /// Runs a program with `environment` changes; its exit status (128 + signal when killed) and output.
    static func launch(_ path: String, _ arguments: [String], environment changes: [String: String] = [:]) throws -> (Int32, String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("casedesk-e2e-out-\(UUID().uuidString)").path
        defer { unlink(file) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        var environment = ProcessInfo.processInfo.environment
        environment.merge(changes) { $1 }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw CommandFailure(description: "cannot start \(path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let signal = status & 0x7f
        return (signal == 0 ? (status >> 8) & 0xff : 128 + signal, text)
    }

    @discardableResult
    static func casedesk(_ arguments: String...) throws -> String { try run(binary, arguments) }

    func freshStore() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("casedesk-e2e-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("desk.sqlite").path
        try Self.casedesk("init", "--db", path, "--roles", "supervisor,abuse,head")
        try Self.casedesk("demo", "--db", path, "--cases", "120", "--seed", "3")
        return path
    }

    /// Searches for the case, opens it, fills in the acknowledgement and saves: the letter is offered.
    @discardableResult
    func offerAcknowledgement(_ tmux: Tmux, searching word: String, case number: Int,
                              sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try tmux.keys("/")
        try tmux.text(word)
        tmux.waitFor("1 found", sourceLocation: sourceLocation)
        try tmux.press("Enter", until: "Case \(number) ", sourceLocation: sourceLocation)
        try tmux.press("a", until: "Acknowledge — case \(number)", sourceLocation: sourceLocation)
        return try tmux.press("Enter", until: "Acknowledgement — case \(number)", sourceLocation: sourceLocation)
    }

    /// An `XDG_CONFIG_HOME` in `folder` whose `casedesk/config.toml` holds `text`.
    func configHome(in folder: URL, _ text: String) throws -> URL {
        let config = folder.appendingPathComponent("config")
        try FileManager.default.createDirectory(at: config.appendingPathComponent("casedesk"), withIntermediateDirectories: true)
        try text.write(to: config.appendingPathComponent("casedesk/config.toml"), atomically: true, encoding: .utf8)
        return config
    }

    func start(_ tmux: Tmux, store: String, environment: String = "") throws {
        try tmux.run(["new-session", "-d", "-s", "desk", "-x", "100", "-y", "30",
                      "\(environment)\(Self.binary) --db \(store); echo casedesk-exited-$?; sleep 60"])
    }

    @Test func moveOpenAcknowledgeResizeSeeAColleagueAndQuit() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build casedesk first: swift build")
        let store = try freshStore()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: store).deletingLastPathComponent().path) }
        let opened = try Self.casedesk("new", "--db", store, "--kind", "complaint", "--channel", "letter", "--stage", "head",
                                       "--customer", "Zoé Weiß-Müller", "--contact", "zoe@exemple.fr",
                                       "--subject", "Xylophon: Beschwerde « facture »", "--json")
        let number = try #require((try JSONSerialization.jsonObject(with: Data(opened.utf8)) as? [String: Any])?["number"] as? Int)
        let me = Identity.currentAccount()

        let tmux = Tmux()
        defer { tmux.kill() }
        try start(tmux, store: store)
        tmux.waitFor("QUEUE")
        #expect(tmux.value("#{alternate_on}") == "1", "the desk draws on the alternate screen")
        let first = tmux.waitFor("1/")
        #expect(first.contains("open cases"))
        try tmux.press("j", until: " 2/")

        try offerAcknowledgement(tmux, searching: "xylophon", case: number)
        let acknowledged = try tmux.press("n", until: "Case \(number): \(me) acknowledged it.")
        #expect(acknowledged.contains("met "), "the acknowledge clock shows as met")

        let shown = try Self.casedesk("show", "\(number)", "--db", store, "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])
        let clocks = try #require(json["clocks"] as? [[String: Any]])
        #expect(clocks.first { $0["kind"] as? String == "ack" }?["status"] as? String == "met")

        try tmux.run(["resize-window", "-t", "desk", "-x", "60", "-y", "16"])
        let narrow = tmux.waitFor("CASE \(number)")
        #expect(narrow.split(separator: "\n", omittingEmptySubsequences: false).allSatisfy { $0.count <= 60 })
        try tmux.run(["resize-window", "-t", "desk", "-x", "50", "-y", "12"])
        tmux.waitFor("Terminal too small")
        try tmux.run(["resize-window", "-t", "desk", "-x", "100", "-y", "30"])
        tmux.waitFor("q back · . moves · ? help")

        try Self.casedesk("note", "\(number)", "Notiz aus der Kommandozeile", "--db", store)
        tmux.waitFor("Notiz aus der Kommandozeile")

        try tmux.press("q", until: "SEARCH")
        try tmux.press("Escape", until: "QUEUE")
        try tmux.press("q", until: "casedesk-exited-0")
        #expect(tmux.value("#{alternate_on}") == "0", "quitting leaves the alternate screen")
        #expect(tmux.value("#{cursor_flag}") == "1", "the cursor is visible again")
    }

    /// SIGTERM, and SIGUSR1 whose default would end the process too, restore the terminal.
    @Test(arguments: [SIGTERM, SIGUSR1])
    func aStopSignalRestoresTheTerminal(_ signal: Int32) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build casedesk first: swift build")
        let store = try freshStore()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: store).deletingLastPathComponent().path) }
        let tmux = Tmux()
        defer { tmux.kill() }
        try start(tmux, store: store)
        tmux.waitFor("QUEUE")
        // The pane runs a shell that runs casedesk: the desk is the shell's child, which we started.
        let shell = tmux.value("#{pane_pid}")
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let desk = try #require(children.split(separator: " ").first.flatMap { Int32($0) })
        #expect(kill(desk, signal) == 0)
        tmux.waitFor("casedesk-exited-\(128 + signal)")
        #expect(tmux.value("#{alternate_on}") == "0")
        #expect(tmux.value("#{cursor_flag}") == "1")
    }

    @Test func noTerminalIsOneLineAndNonZero() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build casedesk first: swift build")
        let (status, text) = try Self.launch(Self.binary, ["--db", "/nonexistent/desk.sqlite"], environment: ["TERM": "xterm"])
        #expect(status == 1)
        #expect(text == "casedesk: the screen needs a terminal on stdin and stdout; run it in a terminal, or use a subcommand for scripts\n")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent"), "the store was not touched")
    }

    /// A theme or settings file that cannot be used stops casedesk with the file and the key, before
    /// the screen opens.
    @Test func brokenThemeOrSettingsNameTheFileAndKey() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build casedesk first: swift build")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("casedesk-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("casedesk"), withIntermediateDirectories: true)
        let theme = folder.appendingPathComponent("bad.toml").path
        try "[roles]\noverdue = { fg = \"reddish\" }\n".write(toFile: theme, atomically: true, encoding: .utf8)
        let (themeStatus, themeText) = try Self.launch(Self.binary, ["--theme", theme])
        #expect(themeStatus == 1)
        #expect(themeText.hasPrefix("casedesk: theme file \(theme): roles.overdue.fg = \"reddish\" is not a colour"))
        let config = folder.appendingPathComponent("casedesk/config.toml").path
        try "# the screen\ntheme = 3\n".write(toFile: config, atomically: true, encoding: .utf8)
        let (configStatus, configText) = try Self.launch(Self.binary, [], environment: ["XDG_CONFIG_HOME": folder.path])
        #expect(configStatus == 1)
        #expect(configText == "casedesk: \(config):2: key theme: expected a string, found an integer\n")
    }
}

extension EndToEndTests {
    /// A terminal type terminfo does not know, and one that cannot move the cursor: one line, exit 1,
    /// the screen never opened.
    @Test(arguments: [
        ("no-such-terminal", "casedesk: cannot use terminal type \"no-such-terminal\" (TERM); set TERM to e.g. xterm-256color"),
        ("dumb", "casedesk: terminal type \"dumb\" (TERM) cannot move the cursor, so the screen cannot be drawn;"),
    ])
    func anUnusableTerminalIsOneLineAndNonZero(_ type: String, _ line: String) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build casedesk first: swift build")
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.run(["new-session", "-d", "-s", "desk", "-x", "100", "-y", "30",
                      "TERM=\(type) \(Self.binary) --db /nonexistent/desk.sqlite; echo casedesk-exited-$?; sleep 60"])
        let screen = tmux.waitFor("casedesk-exited-1")
        #expect(screen.contains(line))
        #expect(tmux.value("#{alternate_on}") == "0")
    }
}

extension EndToEndTests {
    /// The incoming supervisor opens the handover and marks it read; then a formal complaint is
    /// acknowledged with its letter, in French: the letter is in the outbox and the record has both.
    @Test func markTheHandoverReadAndSendAnAcknowledgement() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build casedesk first: swift build")
        let store = try freshStore()
        let folder = URL(fileURLWithPath: store).deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The desk's [mail] settings, read by the screen from the usual place.
        let config = try configHome(in: folder, "[mail]\nfrom = \"Registrar Support <complaints@registrar.example>\"\n")
        let opened = try Self.casedesk("new", "--db", store, "--kind", "complaint", "--channel", "email", "--stage", "head",
                                       "--customer", "Anaïs Quenneville", "--contact", "anais@exemple.fr",
                                       "--subject", "Plainte : transfert refusé",
                                       "--description", "Bonjour, je vous écris depuis une semaine pour le transfert de mon domaine. Merci.",
                                       "--json")
        let number = try #require((try JSONSerialization.jsonObject(with: Data(opened.utf8)) as? [String: Any])?["number"] as? Int)

        let tmux = Tmux()
        defer { tmux.kill() }
        try start(tmux, store: store, environment: "XDG_CONFIG_HOME=\(config.path) ")
        tmux.waitFor("QUEUE")
        try tmux.press("H", until: "Handover — shift")
        try tmux.press("M", until: "by you at")
        try tmux.press("q", until: "QUEUE")

        let offer = try offerAcknowledgement(tmux, searching: "quenneville", case: number)
        #expect(offer.contains("Votre plainte"), "the letter is in the customer's language")
        try tmux.press("s", until: "acknowledged it and sent the acknowledgement letter (fr) to anais@exemple.fr")

        let waiting = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("outbox/new").path)
        #expect(waiting.count == 1)
        let mail = try String(contentsOf: folder.appendingPathComponent("outbox/new/\(try #require(waiting.first))"), encoding: .utf8)
        #expect(mail.contains("X-Casedesk-Case: \(number)\r\n"))
        let shown = try Self.casedesk("show", "\(number)", "--db", store, "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])
        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.compactMap { $0["type"] as? String }.suffix(2) == ["acknowledged", "message_sent"])
        let handover = try Self.casedesk("handover", "--db", store, "--format", "json")
        let read = try #require((try JSONSerialization.jsonObject(with: Data(handover.utf8)) as? [String: Any])?["read_by"] as? [[String: Any]])
        #expect(read.compactMap { $0["account"] as? String } == [Identity.currentAccount()])
        try tmux.press("q", until: "SEARCH")
        try tmux.press("Escape", until: "QUEUE")
        try tmux.press("q", until: "casedesk-exited-0")
    }
}

extension EndToEndTests {
    /// The real binary reads the person's saved filters from config.toml: v shows the first
    /// ("overdue or due today" as one view); Space marks the selected case and A assigns every
    /// marked case, the store judging each.
    @Test func aSavedFilterFromTheConfigAndAMoveOnMarkedCases() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build casedesk first: swift build")
        let store = try freshStore()
        let folder = URL(fileURLWithPath: store).deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try configHome(in: folder, "[[filter]]\nname = \"urgent\"\ndue = \"overdue-or-today\"\n")
        let me = Identity.currentAccount()

        let tmux = Tmux()
        defer { tmux.kill() }
        try start(tmux, store: store, environment: "XDG_CONFIG_HOME=\(config.path) ")
        tmux.waitFor("QUEUE")
        let urgent = try tmux.press("v", until: "Filter “urgent” (1/1)")
        #expect(urgent.contains("“urgent” · open cases · overdue or due today"))
        try tmux.press("v", until: "Every open case (v again for “urgent”)")
        try tmux.press("Space", until: "1 marked: A @ n c")
        try tmux.press("Space", until: "2 marked: A @ n c")
        let assigned = try tmux.press("A", until: ": \(me) assigned it to \(me)")
        #expect(!assigned.contains("marked: A @ n c") || assigned.contains("Refused, still marked"),
                "the cases assigned are no longer marked")
        try tmux.press("q", until: "casedesk-exited-0")
    }
}
