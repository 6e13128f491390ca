import Foundation
import Glibc
import Testing
import TerminalKit
@testable import CursesTerminal

/// ncurses keeps global state, so these run one at a time on the main actor, each on `newterm`
/// over /dev/null or a file, never on the real terminal.
@Suite(.serialized)
@MainActor
struct CursesTerminalTests {
    let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("screen-\(UUID().uuidString)").path

    func options(type: String = "xterm-256color", input: String = "/dev/null", size: Size? = Size(rows: 24, cols: 80),
                 signals: Bool = false) -> CursesTerminal.Options {
        CursesTerminal.Options(terminalType: type, inputPath: input, outputPath: outputPath, size: size,
                               allowsNonTerminal: true, handlesSignals: signals)
    }

    func written() -> String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    @Test func badTerminalTypeIsATypedErrorNotAnExit() {
        #expect(throws: TerminalError.unknownTerminalType("no-such-terminal")) {
            try CursesTerminal.start(options(type: "no-such-terminal"))
        }
        #expect(TerminalError.unknownTerminalType("foo").description
            == "casedesk: cannot use terminal type \"foo\" (TERM); set TERM to e.g. xterm-256color")
        #expect(throws: TerminalError.noTerminalType) { try CursesTerminal.start(options(type: "")) }
    }

    /// A terminal that cannot move the cursor is refused with one line, before anything is written to it.
    @Test func aTerminalWithoutCursorAddressingIsRefused() {
        #expect(throws: TerminalError.cannotAddressCursor("dumb")) { try CursesTerminal.start(options(type: "dumb")) }
        #expect(written().isEmpty, "nothing was sent to the terminal")
        #expect(!TerminalError.cannotAddressCursor("dumb").description.contains("\n"))
        let terminal = try? CursesTerminal.start(options())
        #expect(terminal != nil, "a usable terminal still opens afterwards")
        terminal?.stop()
    }

    /// SIGUSR1 and SIGUSR2 end a process by default: they stop the loop like SIGTERM, so the terminal
    /// is restored; SIGPIPE is ignored while the screen is open.
    @Test func userSignalsStopTheLoopAndABrokenPipeDoesNotKill() throws {
        for signal in [SIGUSR1, SIGUSR2] {
            let terminal = try CursesTerminal.start(options(size: nil, signals: true))
            raise(signal)
            #expect(terminal.pendingSignal == signal)
            terminal.stop()
        }
        let terminal = try CursesTerminal.start(options(size: nil, signals: true))
        raise(SIGPIPE)
        #expect(terminal.pendingSignal == nil)
        terminal.stop()
    }

    @Test func refusesInputThatIsNotATerminal() {
        var notATTY = options()
        notATTY.allowsNonTerminal = false
        #expect(throws: TerminalError.notATerminal) { try CursesTerminal.start(notATTY) }
        var missing = options()
        missing.inputPath = "/no/such/dir/keys"
        #expect(throws: TerminalError.cannotOpen(path: "/no/such/dir/keys", reason: "No such file or directory")) {
            try CursesTerminal.start(missing)
        }
    }

    @Test func startsAndStopsRestoringTheTerminal() throws {
        let terminal = try CursesTerminal.start(options())
        #expect(terminal.size == Size(rows: 24, cols: 80))
        #expect(terminal.colorCount == 256)
        #expect(throws: TerminalError.alreadyStarted) { try CursesTerminal.start(options()) }
        terminal.stop()
        terminal.stop()
        #expect(!terminal.isActive)
        #expect(written().contains("\u{1B}[?1049h"))
        #expect(written().contains("\u{1B}[?1049l"))
        let again = try CursesTerminal.start(options())
        again.stop()
    }

    @Test func runStopsTheScreenWhenTheBodyThrows() throws {
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try CursesTerminal.run(options()) { _ in throw Failure() }
        }
        #expect(written().contains("\u{1B}[?1049l"))
        try CursesTerminal.start(options()).stop()
    }

    @Test func paintsWideCharactersAndOnlyWhatChanged() throws {
        let terminal = try CursesTerminal.start(options())
        defer { terminal.stop() }
        terminal.apply(try #require(Theme.builtin(named: "default")))
        var grid = Grid(size: terminal.size)
        grid.put("漢字 😀 ❤\u{FE0F} 🇩🇪 e\u{301} 👨‍👩‍👧", row: 0, col: 0, role: .overdue)
        grid.put("end", row: 23, col: 77, role: .statusBar)
        grid.put("漢字漢字", row: 5, col: 75)
        terminal.present(grid)
        let first = written()
        #expect(first.contains("漢字"))
        #expect(first.contains("😀"))
        #expect(first.contains("en\u{1B}[?7ld"), "the bottom-right cell is written with auto-margins off")
        terminal.present(grid)
        #expect(written().utf8.count == first.utf8.count)
        grid.put("x", row: 10, col: 10)
        grid.cursor = Position(row: 2, col: 3)
        terminal.present(grid)
        let update = String(written().dropFirst(first.count))
        #expect(update.contains("x"))
        #expect(!update.contains("漢"))
    }

    @Test func coloursFollowTheTerminal() throws {
        for (type, colours) in [("xterm", 8), ("vt100", 0)] {
            let terminal = try CursesTerminal.start(options(type: type))
            #expect(terminal.colorCount == colours, "\(type)")
            terminal.apply(try #require(Theme.builtin(named: "high-contrast")))
            var grid = Grid(size: terminal.size)
            grid.put("colour check", row: 1, col: 1, role: .badgeAbuse)
            terminal.present(grid)
            terminal.stop()
            #expect(written().contains("colour check"))
        }
    }

    @Test func resizeArrivesAsAKeyWithTheNewSize() throws {
        let terminal = try CursesTerminal.start(options(size: Size(rows: 30, cols: 100)))
        defer { terminal.stop() }
        #expect(terminal.nextKey(timeoutMs: 0) == .resize(Size(rows: 30, cols: 100)))
        #expect(terminal.size == Size(rows: 30, cols: 100))
        terminal.present(Grid(size: terminal.size))
        #expect(terminal.nextKey(timeoutMs: 0) == nil)
    }

    @Test func decodesKeysTheTerminalSends() throws {
        var pipeEnds: [Int32] = [0, 0]
        try #require(pipe(&pipeEnds) == 0)
        defer { close(pipeEnds[0]) }
        let bytes = "aé\u{1B}OA\u{1B}[3~\u{1B}[Z\u{1B}OP\u{3}\u{7F}\r\t\u{1B}[H\u{1B}[6~\u{1B}x漢\u{1B}[4~\u{1B}"
        _ = bytes.utf8CString.withUnsafeBufferPointer { write(pipeEnds[1], $0.baseAddress, $0.count - 1) }
        close(pipeEnds[1])
        let terminal = try CursesTerminal.start(options(input: "/dev/fd/\(pipeEnds[0])", size: nil))
        defer { terminal.stop() }
        var keys: [KeyEvent] = []
        while let key = terminal.nextKey(timeoutMs: 200) { keys.append(key) }
        #expect(keys == [
            .character("a"), .character("é"), .up, .delete, .backTab, .function(1), .ctrl("c"), .backspace,
            .enter, .tab, .home, .pageDown, .alt("x"), .character("漢"), .end, .escape,
        ])
    }

    @Test func controlCodesBecomeKeys() {
        #expect(CursesTerminal.keyEvent(character: 1) == .ctrl("a"))
        #expect(CursesTerminal.keyEvent(character: 26) == .ctrl("z"))
        #expect(CursesTerminal.keyEvent(character: 8) == .backspace)
        #expect(CursesTerminal.keyEvent(character: 13) == .enter)
        #expect(CursesTerminal.keyEvent(character: 0) == nil)
        #expect(CursesTerminal.keyEvent(character: 0x9B) == nil)
        #expect(CursesTerminal.keyEvent(character: 0x1F600) == .character("😀"))
    }

    @Test func aStopSignalIsRecordedForTheLoop() throws {
        let terminal = try CursesTerminal.start(options(size: nil, signals: true))
        #expect(terminal.pendingSignal == nil)
        raise(SIGHUP)
        #expect(terminal.pendingSignal == SIGHUP)
        #expect(terminal.nextKey(timeoutMs: 0) == nil)
        terminal.stop()
        #expect(alarm(0) == 0, "stop cancels the last-resort alarm")
        let next = try CursesTerminal.start(options(signals: true))
        #expect(next.pendingSignal == nil)
        next.stop()
    }
}
