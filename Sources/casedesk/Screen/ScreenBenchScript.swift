import CaseDeskTUI
import CursesTerminal
import Foundation
import TerminalKit

/// The screen's side of `casedesk bench`: run inside the real binary on a pseudo-terminal, it tells
/// the bench when the first frame was painted, then times keys from press to painted frame (update,
/// the store reads the key causes, render into the grid, diff and paint) and reports the samples.
enum ScreenBenchScript {
    static let firstFrameLine = "first-frame\n"
    static let scenarios = ["moving", "paging", "filtering", "opening a case"]

    static func reportFirstFrame(_ fd: Int32) {
        write(fd, firstFrameLine)
    }

    /// What the child reports after the key script.
    struct Report: Codable {
        var samples: [String: [Double]]
        var peakRSSMegabytes: Double
        var size: String
    }

    @MainActor
    static func run(_ driver: DeskDriver, on terminal: CursesTerminal, report fd: Int32) {
        var samples: [String: [Double]] = [:]
        func press(_ key: KeyEvent, timing name: String?) {
            let start = DispatchTime.now().uptimeNanoseconds
            driver.handle(.key(key), now: Date())
            terminal.present(driver.frame(now: Date(), size: terminal.size))
            if let name {
                samples[name, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
            }
            // The counts the loop runs after a frame: outside the measurement, as in the loop.
            if driver.runDeferred(now: Date()) { terminal.present(driver.frame(now: Date(), size: terminal.size)) }
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
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let report = Report(samples: samples, peakRSSMegabytes: Double(usage.ru_maxrss) / 1024, size: "\(terminal.size)")
        if let data = try? JSONEncoder().encode(report) {
            write(fd, String(decoding: data, as: UTF8.self) + "\n")
        }
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
