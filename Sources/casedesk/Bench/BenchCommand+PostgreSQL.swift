import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

/// The bench on PostgreSQL (issue 14): the same parts on a PostgreSQL store of the same cases,
/// printed beside SQLite's figures of the same run, and how soon another connection sees a change.
extension BenchCommand {
    /// The store at `uri`: generated into an empty database, or reused when the bench generated it
    /// before (its generation rate kept beside SQLite's stores). Returns the generation rate.
    func preparePostgres(_ uri: String, actor: Actor) throws -> Double {
        let directory = ProcessInfo.processInfo.environment["CASEDESK_BENCH_DIR"] ?? "/tmp/casedesk-bench"
        let name = String(uri.map { $0.isLetter || $0.isNumber ? $0 : "_" })
        let sidecar = "\(directory)/bench-postgres-\(name)-\(cases)-\(seed).json"
        if (try? CaseStores.open(path: uri)) != nil {
            guard !fresh, FileManager.default.fileExists(atPath: sidecar) else {
                throw CLIError.refused("\(uri) already holds a store the bench did not generate for \(cases) cases, seed \(seed) (or --fresh was given): the bench generates into an empty database only. Make one: dropdb …; createdb …")
            }
            let data = try Data(contentsOf: URL(fileURLWithPath: sidecar))
            log("reusing \(uri) (generated earlier; --fresh with an empty database to generate again)")
            return (try JSONDecoder().decode([String: Double].self, from: data))["generation_rate"] ?? 0
        }
        let rate = try generateStore(at: uri, actor: actor).rate
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try JSONEncoder().encode(["generation_rate": rate]).write(to: URL(fileURLWithPath: sidecar))
        return rate
    }

    /// A new store at `path` (a file, or an empty PostgreSQL database) with the bench's cases; its
    /// generation rate in cases per second.
    func generateStore(at path: String, actor: Actor) throws -> (store: any CaseStore, rate: Double) {
        let store = try cli { () throws(StoreError) in
            try CaseStores.create(path: path, creator: actor, roles: [.admin, .head, .supervisor, .abuse])
        }
        log("generating \(cases) cases into \(path) …")
        let started = DispatchTime.now().uptimeNanoseconds
        _ = try cli { () throws(StoreError) in
            let progress: @Sendable (Int) -> Void = { done in
                if done % 100_000 == 0 {
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                    FileHandle.standardError.write(Data("  \(done) cases, \(String(format: "%.1f", seconds)) s\n".utf8))
                }
            }
            // The store is the bench's alone and kept only once finished (the sidecar is written last).
            try store.loadDemoIntoScratchStore(count: cases, seed: seed, by: actor, now: Date(), progress: progress)
        }
        log(String(format: "  generated in %.1f s", Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9))
        return (store, Double(cases) / (Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9))
    }

    /// A write on this store, and the time until a second connection's change feed (the screen's)
    /// reports it and that connection has read the queue's first page again. The screen asks its
    /// feed once per tick (about a second), so on screen add up to one tick to these figures.
    func changeFigures(store: any CaseStore, path: String, report: inout BenchReport) throws {
        let other = try cli { () throws(StoreError) in try CaseStores.open(path: path) }
        let feed = try cli { () throws(StoreError) in try other.changeFeed() }
        _ = try cli { () throws(StoreError) in try feed.poll() }
        let actor = Actor(account: Identity.currentAccount())
        let now = Date()
        let rows = try cli { () throws(StoreError) in try store.queue(QueueQuery(), page: .offset(min(2_000, cases / 10), min(runs, 100)), now: now) }
        var seen = Samples()
        var missed = 0
        for row in rows {
            let to = row.assignee == actor.account ? nil : actor.account
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try cli { () throws(StoreError) in
                try store.record(.assigned(.init(to: to)), on: row.number, expectedVersion: row.version, by: actor, at: Date())
            }
            var noticed = false
            while !noticed, DispatchTime.now().uptimeNanoseconds - start < 5_000_000_000 {
                noticed = try cli { () throws(StoreError) in try feed.poll() }
            }
            if !noticed {
                missed += 1
                continue
            }
            _ = try cli { () throws(StoreError) in try other.queue(QueueQuery(), page: .first(50), now: Date()) }
            seen.record(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        }
        guard !seen.values.isEmpty || missed > 0 else { return log("  change not measured: no open case to write") }
        report.add("change seen elsewhere (write, notice, queue read) p50", seen.p50, "ms")
        report.add("change seen elsewhere p99", seen.p99, "ms", below: 1000)
        report.add("changes never noticed within 5 s (of \(rows.count))", Double(missed), "", below: 0.5)
    }

    /// The two reports side by side: a figure of one backend beside the same figure of the other
    /// (names matched without what they hold in brackets, which may differ), each judged on its target.
    func printBeside(sqlite: BenchReport, postgres: BenchReport, header: String, stores: (sqlite: String, postgres: String)) throws {
        if json {
            struct Report: Encodable {
                var cases: Int; var seed: UInt64; var sqliteStore: String; var postgresStore: String
                var sqlite: [BenchFigure]; var postgresql: [BenchFigure]
            }
            try JSONOutput.print(Report(cases: cases, seed: seed, sqliteStore: stores.sqlite, postgresStore: stores.postgres,
                                        sqlite: sqlite.figures, postgresql: postgres.figures), calendar: .saarland)
            return
        }
        func key(_ name: String) -> String {
            name.replacingOccurrences(of: #"\s*\([^)]*\)"#, with: "", options: .regularExpression)
        }
        var postgresByKey: [String: BenchFigure] = [:]
        for figure in postgres.figures { postgresByKey[key(figure.name)] = figure }
        let sqliteKeys = Set(sqlite.figures.map { key($0.name) })
        let rows = sqlite.figures.map { ($0, postgresByKey[key($0.name)]) as (BenchFigure?, BenchFigure?) }
            + postgres.figures.filter { !sqliteKeys.contains(key($0.name)) }.map { (nil, $0) as (BenchFigure?, BenchFigure?) }
        func verdict(_ figure: BenchFigure?) -> String { figure?.met.map { $0 ? "ok" : "MISSED" } ?? "" }
        func value(_ figure: BenchFigure?) -> String { figure.map { Self.format($0.value) } ?? "–" }
        print(header)
        print("  SQLite: \(stores.sqlite)")
        print("  PostgreSQL: \(stores.postgres)")
        print("  " + "figure".padding(toLength: 56, withPad: " ", startingAt: 0) + " " + "SQLite".padding(toLength: 18, withPad: " ", startingAt: 0)
              + " " + "PostgreSQL".padding(toLength: 18, withPad: " ", startingAt: 0) + " unit     target")
        for (left, right) in rows {
            let figure = left ?? right
            let name = (figure?.name ?? "").padding(toLength: 56, withPad: " ", startingAt: 0)
            let sqliteText = "\(value(left)) \(verdict(left))".padding(toLength: 18, withPad: " ", startingAt: 0)
            let postgresText = "\(value(right)) \(verdict(right))".padding(toLength: 18, withPad: " ", startingAt: 0)
            // Where the issues set PostgreSQL a target of its own (generation), both are shown.
            let target = right?.target.flatMap { $0 == left?.target ? nil : "\(left?.target ?? "–"); PostgreSQL \($0)" } ?? figure?.target ?? ""
            print("  \(name) \(sqliteText) \(postgresText) \((figure?.unit ?? "").padding(toLength: 8, withPad: " ", startingAt: 0)) \(target)")
        }
        print(ScreenBench.method)
    }
}
