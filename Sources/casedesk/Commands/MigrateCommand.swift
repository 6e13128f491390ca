import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

/// Moves a desk from its SQLite file to a PostgreSQL database and proves nothing was lost.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy an SQLite store into an empty PostgreSQL database and prove the copy.",
        discussion: """
            Copies the trail, the desk trail and its links, the message archive, the staff and the settings \
            exactly as stored, rebuilds every case, statistics row and search entry from the trail, then \
            proves the copy: the trail heads of both stores must match and verify must be clean on both. \
            The source is only read; the database must exist and be empty (casedesk init is not needed). \
            Exits 1 when the proof fails.
            """)

    @Option(help: ArgumentHelp("The SQLite store file to copy.", valueName: "PATH"))
    var from: String

    @Option(help: ArgumentHelp("The PostgreSQL database to copy it into (postgresql://user@host/dbname).", valueName: "URI"))
    var to: String

    func run() throws {
        let report = try cli { () throws(StoreError) in try CaseStores.move(from: from, to: to) }
        print("copied \(report.cases) case(s) with \(report.events) event(s), \(report.deskEvents) desk event(s) and \(report.messages) message(s)")
        print("trail head: \(report.sourceHead) in \(from), \(report.copyHead) in the copy\(report.sourceHead == report.copyHead ? " — the same" : " — DIFFERENT")")
        print("verify: \(report.source.isClean ? "clean" : "PROBLEMS") in \(from), \(report.copy.isClean ? "clean" : "PROBLEMS") in the copy")
        for problem in report.copy.differences.prefix(20) { print("  \(CaseReport.safe(problem))") }
        if !report.isProven { throw ExitCode(1) }
    }
}
