import CNCursesW
import Glibc
import TerminalKit

/// The screen: the only place that talks to ncurses.
///
/// The app renders `Grid`s and reads `KeyEvent`s; this class turns keys into events and grids
/// into screen updates, painting only what changed. Use it from the main actor, one at a time:
///
/// ```swift
/// let terminal = try CursesTerminal.start()
/// defer { terminal.stop() }
/// terminal.apply(try Theme.select(requested: nil, userDirectory: …, environment: …,
///                                 colorCount: terminal.colorCount))
/// while terminal.pendingSignal == nil {
///     if let key = terminal.nextKey(timeoutMs: 100) { … }
///     terminal.present(render(state, now, terminal.size))
/// }
/// ```
@MainActor
public final class CursesTerminal {
    /// Where the screen opens; the defaults are the process's terminal.
    public struct Options: Sendable {
        /// `nil` reads `TERM`.
        public var terminalType: String?
        /// Paths to read keys from and paint to; `nil` is stdin / stdout.
        public var inputPath: String?
        public var outputPath: String?
        /// A fixed size instead of the terminal's (tests over /dev/null).
        public var size: Size?
        /// Accept input or output that is not a terminal (tests only).
        public var allowsNonTerminal: Bool
        /// Install the SIGTERM/SIGINT/SIGHUP handlers that restore the terminal.
        public var handlesSignals: Bool

        public init(terminalType: String? = nil, inputPath: String? = nil, outputPath: String? = nil,
                    size: Size? = nil, allowsNonTerminal: Bool = false, handlesSignals: Bool = true) {
            self.terminalType = terminalType
            self.inputPath = inputPath
            self.outputPath = outputPath
            self.size = size
            self.allowsNonTerminal = allowsNonTerminal
            self.handlesSignals = handlesSignals
        }
    }

    /// The screen's size now; it changes when a `.resize` key arrives.
    public internal(set) var size: Size
    /// How many colours the terminal has (`COLORS`; 0 without colour support).
    public let colorCount: Int
    public var colorDepth: ColorDepth { ColorDepth(colorCount: colorCount) }

    let screen: OpaquePointer
    let input: UnsafeMutablePointer<FILE>
    let output: UnsafeMutablePointer<FILE>
    let handlesSignals: Bool
    let hasDefaultColors: Bool
    var palette = ColorPalette()
    var lastFrame: Grid?
    var isCursorVisible = false
    private var isOpen = true

    private static var current: CursesTerminal?

    private init(screen: OpaquePointer, input: UnsafeMutablePointer<FILE>, output: UnsafeMutablePointer<FILE>,
                 colorCount: Int, hasDefaultColors: Bool, handlesSignals: Bool) {
        self.screen = screen
        self.input = input
        self.output = output
        self.colorCount = colorCount
        self.hasDefaultColors = hasDefaultColors
        self.handlesSignals = handlesSignals
        self.size = Size(rows: Int(cnc_lines()), cols: Int(cnc_cols()))
    }

    /// Opens the screen. Throws, leaving the terminal untouched, when there is no usable
    /// terminal; the caller prints the error's one line and exits non-zero.
    public static func start(_ options: Options = Options()) throws(TerminalError) -> CursesTerminal {
        guard current == nil else { throw .alreadyStarted }
        setlocale(LC_ALL, "")
        TerminalText.ensureUTF8Locale()
        let type = options.terminalType ?? getenv("TERM").map { String(cString: $0) } ?? ""
        guard !type.isEmpty else { throw .noTerminalType }
        let input = try open(options.inputPath, descriptor: 0, mode: "r")
        let output: UnsafeMutablePointer<FILE>
        do {
            output = try open(options.outputPath, descriptor: 1, mode: "w")
        } catch {
            fclose(input)
            throw error
        }
        guard options.allowsNonTerminal || (isatty(fileno(input)) == 1 && isatty(fileno(output)) == 1) else {
            fclose(input)
            fclose(output)
            throw .notATerminal
        }
        if options.handlesSignals { SignalGuard.saveModes(inputFD: fileno(input)) }
        // A terminal that cannot move the cursor (TERM=dumb) would open a screen nobody can use:
        // refuse it before anything is written to it. `setupterm` only reads terminfo.
        var status: Int32 = 0
        if setupterm(type, fileno(output), &status) == cnc_ok() {
            let cursorAddress = tigetstr("cup")
            del_curterm(set_curterm(nil))
            if cursorAddress == nil || Int(bitPattern: cursorAddress) == -1 {
                fclose(input)
                fclose(output)
                throw .cannotAddressCursor(type)
            }
        }
        guard let screen = newterm(type, output, input) else {
            fclose(input)
            fclose(output)
            throw .unknownTerminalType(type)
        }
        configureInput()
        var hasDefaultColors = false
        if has_colors() {
            start_color()
            hasDefaultColors = use_default_colors() == cnc_ok()
        }
        if let size = options.size { resizeterm(Int32(size.rows), Int32(size.cols)) }
        let terminal = CursesTerminal(screen: screen, input: input, output: output,
                                      colorCount: has_colors() ? Int(cnc_colors()) : 0,
                                      hasDefaultColors: hasDefaultColors, handlesSignals: options.handlesSignals)
        if options.handlesSignals { SignalGuard.install(outputFD: fileno(output)) }
        current = terminal
        return terminal
    }

    /// Opens the screen, runs `body`, and restores the terminal however `body` ends.
    public static func run<T>(_ options: Options = Options(), _ body: (CursesTerminal) throws -> T) throws -> T {
        let terminal = try start(options)
        defer { terminal.stop() }
        return try body(terminal)
    }

    /// Restores the terminal (leaves the alternate screen, shows the cursor, restores modes).
    /// Safe to call more than once.
    public func stop() {
        guard isOpen else { return }
        isOpen = false
        if handlesSignals { SignalGuard.uninstall() }
        endwin()
        delscreen(screen)
        fclose(input)
        fclose(output)
        Self.current = nil
    }

    /// The signal (SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2) that asked the process to stop; the loop should
    /// then `stop()` and exit with status 128 + signal.
    public var pendingSignal: Int32? { SignalGuard.pending }

    /// Whether the screen is still open (false after `stop()`).
    public var isActive: Bool { isOpen }

    /// Paints everything on the next `present`, e.g. after C-l or when another program
    /// scribbled on the screen.
    public func invalidate() {
        lastFrame = nil
        clearok(cnc_curscr(), true)
    }

    /// Opens `path`, or a duplicate of `descriptor` (so closing the screen leaves stdin and
    /// stdout open for the app's last words).
    private static func open(_ path: String?, descriptor: Int32,
                             mode: String) throws(TerminalError) -> UnsafeMutablePointer<FILE> {
        let file = if let path { fopen(path, mode) } else { fdopen(dup(descriptor), mode) }
        guard let file else {
            let name = path ?? (descriptor == 0 ? "stdin" : "stdout")
            throw .cannotOpen(path: name, reason: String(cString: strerror(errno)))
        }
        return file
    }

    /// Raw mode, so C-c, C-s, C-z reach the app as keys (it decides about unsaved text); no echo;
    /// function keys decoded; Esc alone recognised after 25 ms; no scrolling, ever.
    private static func configureInput() {
        let window = cnc_stdscr()
        raw()
        noecho()
        nonl()
        keypad(window, true)
        intrflush(window, false)
        scrollok(window, false)
        set_escdelay(25)
        wtimeout(window, 100)
        curs_set(0)
        for (sequence, key) in alternativeKeys where key_defined(sequence) == 0 {
            define_key(sequence, key)
        }
    }

    /// Home/End/Delete sequences that terminals send in one cursor mode or another, or under a
    /// TERM that does not quite match (xterm's entry only has `\EOH` for Home, for one).
    private static let alternativeKeys: [(String, Int32)] = [
        ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME), ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME),
        ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END), ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END),
        ("\u{1B}[3~", KEY_DC),
    ]
}
