import Foundation
import TerminalKit
import Testing

/// Screen snapshots: the grid's text lines (and, where colour matters, its role codes) compared with
/// a file under `Snapshots/`, committed with the tests. A mismatch is reported as a line diff.
/// `CASEDESK_RECORD_SNAPSHOTS=1 swift test --filter CaseDeskTUITests` writes the files that differ
/// afresh, and still fails each check it rewrote (record mode never makes a check pass); review them
/// with `git diff`, then run the tests again without it.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    static var recording: Bool { ProcessInfo.processInfo.environment["CASEDESK_RECORD_SNAPSHOTS"] == "1" }

    /// The text a snapshot file holds: a frame of `|` so trailing spaces and the width show.
    static func text(_ grid: Grid, styles: Bool) -> String {
        var lines = ["size \(grid.size)"] + grid.lines.map { line in "|" + line }
        if styles {
            lines.append("-- roles (see Role.snapshotCode)")
            lines += grid.styleLines.map { line in "|" + line }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func check(_ grid: Grid, _ name: String, styles: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = folder.appendingPathComponent(name + ".txt")
        let actual = text(grid, styles: styles)
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if recording, expected != actual {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded snapshot \(name) afresh: review it with git diff, then test again without CASEDESK_RECORD_SNAPSHOTS",
                         sourceLocation: sourceLocation)
            return
        }
        guard let expected else {
            Issue.record("no snapshot \(url.path); record it with CASEDESK_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let report = "screen \(name) differs from its snapshot:\n" + diff(expected, actual)
            Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
        }
    }

    /// Line by line: `-` expected, `+` actual, with the line number; equal lines are left out.
    static func diff(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for index in 0..<max(old.count, new.count) {
            let a = index < old.count ? String(old[index]) : nil
            let b = index < new.count ? String(new[index]) : nil
            if a == b { continue }
            if let a { out.append(String(format: "%3d - %@", index, a)) }
            if let b { out.append(String(format: "%3d + %@", index, b)) }
        }
        return out.joined(separator: "\n")
    }
}
