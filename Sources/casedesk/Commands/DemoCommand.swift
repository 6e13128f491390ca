import ArgumentParser
import CaseStore
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load realistic demo cases into the store (admins and the head of support).",
        discussion: """
            French, German and English customers, real-looking domains, every kind, channel and stage, \
            clocks met, open and overdue, spread over the last six months. The same seed gives the same \
            cases. The demo staff (amelie, jonas, claire, malik, sven, helene, audit) are added.
            """)

    @OptionGroup var store: StoreOptions
    @Option(parsing: .unconditional, help: "How many cases.") var cases: Int = 500
    @Option(help: "The seed: the same seed gives the same cases.") var seed: UInt64 = 1
    @Flag(help: "Load them even though the store already holds cases (they stay in its record for good).")
    var alongsideRealCases = false

    func validate() throws {
        if cases < 1 || cases > 10_000_000 { throw ValidationError("--cases must be between 1 and 10000000") }
    }

    func run() throws {
        let session = try store.session()
        let started = Date()
        let range = try cli { () throws(StoreError) in
            try session.store.loadDemo(count: cases, seed: seed, by: session.actor, now: Date(), alongsideCases: alongsideRealCases,
                                       progress: nil)
        }
        let seconds = Date().timeIntervalSince(started)
        if let range {
            if store.json {
                try JSONOutput.print(["first": range.lowerBound, "last": range.upperBound], calendar: session.calendar)
                return
            }
            print("loaded \(range.count) demo cases (\(range.lowerBound)–\(range.upperBound)) in \(String(format: "%.1f", seconds)) s")
        }
    }
}
