import Foundation
import TerminalKit

/// What the loop needs of a terminal; `CursesTerminal` is one (the executable says so), and nothing
/// in this module knows ncurses.
@MainActor
public protocol DeskScreen: AnyObject {
    var size: Size { get }
    /// A stop signal (SIGTERM, SIGINT, SIGHUP) that arrived; the loop ends and the caller exits.
    var pendingSignal: Int32? { get }
    func nextKey(timeoutMs: Int) -> KeyEvent?
    func present(_ grid: Grid)
    func invalidate()
}

/// The key loop: keys (all that are waiting, so a paste draws once), a tick about every second
/// (countdowns, other people's writes, lapses), a frame when something changed (with the header's
/// counts and the queue's total, which the store keeps), then the search as typed that was put off
/// so the frame came first — unless another key is already waiting.
public enum DeskLoop {
    public enum Ending: Equatable, Sendable {
        case quit
        case signal(Int32)
    }

    /// Milliseconds a key read waits: short enough that ticks and signals are seen promptly.
    public static let keyTimeoutMs = 80
    /// Keys taken in one go before drawing (a long paste draws now and then, not once per key).
    static let keysPerFrame = 512

    @MainActor
    public static func run(_ driver: DeskDriver, on screen: some DeskScreen, afterFirstFrame: (() -> Bool)? = nil) -> Ending {
        screen.present(driver.frame(now: Date(), size: screen.size))
        if let afterFirstFrame, !afterFirstFrame() { return .quit }
        if driver.runDeferred(now: Date()) { screen.present(driver.frame(now: Date(), size: screen.size)) }
        var lastTick = Date()
        // A key that arrived while the frame was painted: it goes first, before any count.
        var waiting: KeyEvent?
        while true {
            if let signal = screen.pendingSignal { return .signal(signal) }
            var handled = 0
            var key = waiting ?? screen.nextKey(timeoutMs: keyTimeoutMs)
            waiting = nil
            while let pressed = key {
                driver.handle(.key(pressed), now: Date())
                handled += 1
                if driver.state.wantsQuit || handled >= keysPerFrame { break }
                key = screen.nextKey(timeoutMs: 0)
            }
            if driver.state.wantsQuit { return .quit }
            let now = Date()
            var changed = handled > 0
            if now.timeIntervalSince(lastTick) >= 1 {
                lastTick = now
                driver.tick(now: now)
                changed = true
            }
            if driver.wantsRedraw {
                driver.wantsRedraw = false
                screen.invalidate()
            }
            if changed { screen.present(driver.frame(now: now, size: screen.size)) }
            // A search as typed waits while keys arrive back to back: it runs once the keyboard rests.
            waiting = screen.nextKey(timeoutMs: 0)
            if waiting == nil, driver.runDeferred(now: Date()) { screen.present(driver.frame(now: Date(), size: screen.size)) }
        }
    }
}
