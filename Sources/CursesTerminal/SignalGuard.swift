import CNCursesW
import Glibc
import Synchronization

/// Restores the terminal when the process is told to stop (SIGTERM, SIGINT, SIGHUP, and SIGUSR1 and
/// SIGUSR2, whose default also ends the process) or exits. SIGPIPE is ignored while the screen is
/// open: a write to a closed pipe fails with an error its caller reports, and never kills the
/// process with the terminal raw.
///
/// The signals are unblocked on the thread that opens the screen while it is open (a test
/// harness, for one, blocks them), so a stop request always reaches the handler.
///
/// `endwin` is not async-signal-safe, so a signal handler only records the signal; the key loop
/// sees `CursesTerminal.pendingSignal` within one key timeout (≤ 100 ms), calls `stop()` and
/// exits. If the loop is busy, the handler's `alarm(2)` — or a second signal — triggers the last
/// resort: write the terminal's saved reset strings (leave the alternate screen, show the cursor,
/// plain attributes) and restore the saved tty modes with async-signal-safe calls only, then die
/// of the original signal. `atexit` calls `endwin` for an `exit()` that skipped `stop()`.
enum SignalGuard {
    static let handledSignals: [Int32] = [SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2]

    /// Saves the tty modes the screen found, before it changes them: the emergency reset puts
    /// them back. Call it before `newterm`, which already changes some (`onlcr`).
    static func saveModes(inputFD: Int32) {
        emergencyInputFD = inputFD
        hasSavedModes = tcgetattr(inputFD, &savedModes) == 0
    }

    /// Installs the handlers and remembers how to reset `outputFD` in an emergency. Call it after
    /// the screen is set up: the reset strings come from its terminfo entry.
    static func install(outputFD: Int32) {
        prepareEmergencyReset(outputFD: outputFD)
        pendingSignal.store(0, ordering: .sequentiallyConsistent)
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.__sigaction_handler.sa_handler = { signal in
            if pendingSignal.exchange(signal, ordering: .sequentiallyConsistent) != 0 {
                emergencyReset(dyingOf: signal)
            }
            alarm(2)
        }
        for signal in handledSignals {
            sigaction(signal, &action, &previousActions[Int(signal)])
        }
        var lastResort = sigaction()
        sigemptyset(&lastResort.sa_mask)
        lastResort.__sigaction_handler.sa_handler = { _ in
            emergencyReset(dyingOf: pendingSignal.load(ordering: .sequentiallyConsistent))
        }
        sigaction(SIGALRM, &lastResort, &previousActions[Int(SIGALRM)])
        var ignore = sigaction()
        sigemptyset(&ignore.sa_mask)
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        sigaction(SIGPIPE, &ignore, &previousActions[Int(SIGPIPE)])
        var handled = sigset_t()
        sigemptyset(&handled)
        for signal in handledSignals + [SIGALRM] { sigaddset(&handled, signal) }
        pthread_sigmask(SIG_UNBLOCK, &handled, &previousMask)
        registerAtExitOnce()
        screenIsOpen.store(true, ordering: .sequentiallyConsistent)
    }

    static func uninstall() {
        screenIsOpen.store(false, ordering: .sequentiallyConsistent)
        alarm(0)
        for signal in handledSignals + [SIGALRM, SIGPIPE] {
            sigaction(signal, &previousActions[Int(signal)], nil)
        }
        pthread_sigmask(SIG_SETMASK, &previousMask, nil)
    }

    /// The signal that asked the process to stop, if any.
    static var pending: Int32? {
        let signal = pendingSignal.load(ordering: .sequentiallyConsistent)
        return signal == 0 ? nil : signal
    }

    private static func prepareEmergencyReset(outputFD: Int32) {
        emergencyOutputFD = outputFD
        var bytes: [UInt8] = []
        for capability in ["rmcup", "cnorm", "sgr0", "rmkx"] {
            guard let value = tigetstr(capability), Int(bitPattern: value) != -1 else { continue }
            bytes += Array(String(cString: value).utf8)
        }
        bytes += Array("\r\n".utf8)
        emergencyBytes.deallocate()
        emergencyBytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = emergencyBytes.initialize(from: bytes)
    }

    private static func registerAtExitOnce() {
        guard !atExitRegistered.exchange(true, ordering: .sequentiallyConsistent) else { return }
        atexit {
            if screenIsOpen.load(ordering: .sequentiallyConsistent) { endwin() }
        }
    }
}

/// Set by the signal handler, read by the loop; 0 means none.
private let pendingSignal = Atomic<Int32>(0)
private let screenIsOpen = Atomic<Bool>(false)
private let atExitRegistered = Atomic<Bool>(false)

// Written in `saveModes` and `install`, before the handlers that read them exist.
nonisolated(unsafe) private var previousActions: [sigaction] = Array(repeating: sigaction(), count: 65)
nonisolated(unsafe) private var emergencyBytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0)
nonisolated(unsafe) private var emergencyOutputFD: Int32 = -1
nonisolated(unsafe) private var emergencyInputFD: Int32 = -1
nonisolated(unsafe) private var savedModes = termios()
nonisolated(unsafe) private var previousMask = sigset_t()
nonisolated(unsafe) private var hasSavedModes = false

/// Async-signal-safe: write(2), tcsetattr(3), signal(2), raise(3).
private func emergencyReset(dyingOf signal: Int32) -> Never {
    if let base = emergencyBytes.baseAddress { _ = write(emergencyOutputFD, base, emergencyBytes.count) }
    if hasSavedModes { tcsetattr(emergencyInputFD, TCSANOW, &savedModes) }
    let fatal = signal == 0 ? SIGTERM : signal
    Glibc.signal(fatal, SIG_DFL)
    raise(fatal)
    _exit(128 + fatal)
}
