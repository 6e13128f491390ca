import CaseDesk
import CaseDeskTUI
import CursesTerminal
import Foundation
import TerminalKit

/// The screen's side of `casedesk bench`: run inside the real binary on a pseudo-terminal, it tells
/// the bench when the first frame was painted, then times keys from press to painted frame (update,
/// the store reads the key causes, render into the grid, diff and paint) and reports the samples.
enum ScreenBenchScript {
    static let firstFrameLine = "first-frame\n"
    static let scenarios = ["moving", "paging", "filtering", "opening a case", "moving, counts included", "filtering, counts included",
                            "going to a case by number", "opening the mail thread", "opening a message of the thread"]

    static func reportFirstFrame(_ fd: Int32) {
        write(fd, firstFrameLine)
    }

    /// What the child reports after the key script.
    struct Report: Codable {
        /// Key to painted frame, per scenario.
        var samples: [String: [Double]]
        /// The bulk move: how many marked cases, how long from C-s to the painted frame, how many
        /// of the cases have the note afterwards.
        var bulkCases: Int = 0
        var bulkMs: Double = 0
        var bulkWritten: Int = 0
        /// The same keys in parts: "update" (with the store reads), "render", "paint" (diff and ncurses).
        var phases: [String: [String: [Double]]]
        var peakRSSMegabytes: Double
        var size: String
    }

    @MainActor
    static func run(_ driver: DeskDriver, on terminal: CursesTerminal, report fd: Int32) {
        var samples: [String: [Double]] = [:]
        var phases: [String: [String: [Double]]] = [:]
        /// `counts`: the key is timed to its frame with the header's and the queue's totals counted
        /// and painted too, as if each key were the last before the keyboard rests.
        func press(_ key: KeyEvent, timing name: String?, counts: Bool = false) {
            let start = DispatchTime.now().uptimeNanoseconds
            driver.handle(.key(key), now: Date())
            let updated = DispatchTime.now().uptimeNanoseconds
            let grid = driver.frame(now: Date(), size: terminal.size)
            let rendered = DispatchTime.now().uptimeNanoseconds
            terminal.present(grid)
            var painted = DispatchTime.now().uptimeNanoseconds
            if counts, driver.countNow(now: Date()) {
                terminal.present(driver.frame(now: Date(), size: terminal.size))
                painted = DispatchTime.now().uptimeNanoseconds
            } else if counts {
                painted = DispatchTime.now().uptimeNanoseconds
            }
            if let name {
                samples[name, default: []].append(Double(painted - start) / 1_000_000)
                phases[name, default: [:]]["update", default: []].append(Double(updated - start) / 1_000_000)
                phases[name, default: [:]]["render", default: []].append(Double(rendered - updated) / 1_000_000)
                phases[name, default: [:]]["paint", default: []].append(Double(painted - rendered) / 1_000_000)
            }
            // The counts the loop runs after a frame: outside the measurement, as in the loop.
            if driver.runDeferred(now: Date()) { terminal.present(driver.frame(now: Date(), size: terminal.size)) }
        }
        func type(_ text: String) {
            for character in text { press(.character(character), timing: nil) }
        }
        for _ in 0..<400 { press(.character("j"), timing: "moving") }
        for _ in 0..<200 { press(.character("k"), timing: "moving") }
        for _ in 0..<150 { press(.pageDown, timing: "paging") }
        for _ in 0..<50 { press(.pageUp, timing: "paging") }
        press(.character("g"), timing: nil)
        let filters: [KeyEvent] = ["1", "2", "3", "4", "t", "t", "t", "t", "s", "s", "s", "s", "s", "u", "u", "U", "U", "o", "o", "o", "0"]
            .map { .character(Character($0)) }
        for _ in 0..<8 {
            for key in filters { press(key, timing: "filtering") }
        }
        for _ in 0..<100 {
            press(.enter, timing: "opening a case")
            press(.character("q"), timing: nil)
            press(.character("j"), timing: nil)
        }
        // Keys back to back with the counts included: a held j, and the filters again.
        press(.character("g"), timing: nil)
        for _ in 0..<300 { press(.character("j"), timing: "moving, counts included", counts: true) }
        for _ in 0..<100 { press(.character("k"), timing: "moving, counts included", counts: true) }
        for _ in 0..<4 {
            for key in filters { press(key, timing: "filtering, counts included", counts: true) }
        }
        // Going to a case by number, from the queue: ':' and the digits, timed from Enter.
        var random = SystemRandomNumberGenerator()
        let last = max(1, driver.state.totalCases ?? 1)

        for _ in 0..<100 {
            press(.character(":"), timing: nil)
            type(String(Int.random(in: 1...last, using: &random)))
            press(.enter, timing: "going to a case by number")
            press(.character("q"), timing: nil)
        }
        // The mail thread of the first cases (the bench filed a message with each): t, then Enter on the first message.
        press(.character("g"), timing: nil)
        for _ in 0..<50 {
            press(.enter, timing: nil)
            press(.character("t"), timing: "opening the mail thread")
            press(.enter, timing: "opening a message of the thread")
            for _ in 0..<3 { press(.character("q"), timing: nil) }
            press(.character("j"), timing: nil)
        }
        // A bulk move: 50 cases marked with Space, a note on each (n, text, C-s), timed from C-s to
        // the painted frame with every note written.
        press(.character("g"), timing: nil)
        if let message = driver.state.message, !message.text.isEmpty { press(.ctrl("l"), timing: nil) }
        var marked: [CaseNumber] = []
        for _ in 0..<50 {
            if let number = driver.state.queue.window.selectedRow?.number { marked.append(number) }
            press(.character(" "), timing: nil)
        }
        var bulk = (cases: marked.count, ms: 0.0, written: 0)
        let text = "bench \(UInt64.random(in: 0...UInt64.max, using: &random))"
        press(.character("n"), timing: nil)
        if driver.state.form == nil { press(.character("n"), timing: nil) }
        if driver.state.form != nil {
            type(text)
            let start = DispatchTime.now().uptimeNanoseconds
            press(.ctrl("s"), timing: nil)
            bulk.ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
            if let store = driver.store {
                bulk.written = marked.filter { number in
                    (try? store.caseState(number))?.notes.contains { $0.text == text } ?? false
                }.count
            }
        }
        var report = Report(samples: samples, phases: phases, peakRSSMegabytes: peakRSSMegabytes(), size: "\(terminal.size)")
        report.bulkCases = bulk.cases
        report.bulkMs = bulk.ms
        report.bulkWritten = bulk.written
        if let data = try? JSONEncoder().encode(report) {
            write(fd, String(decoding: data, as: UTF8.self) + "\n")
        }
    }

    /// This process's peak resident memory: `VmHWM`, which belongs to the process's own memory map.
    /// (`getrusage`'s `ru_maxrss` is no use here: Linux carries it across `exec`, so a process spawned
    /// by the bench starts with the bench's own peak.)
    static func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return kilobytes / 1024
    }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { return }
            offset += written
        }
    }
}
