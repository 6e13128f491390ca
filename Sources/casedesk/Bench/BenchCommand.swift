import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure casedesk on a generated store of N cases and print the figures against their targets.",
        discussion: """
            The store is generated once per size and seed and reused (kept in $CASEDESK_BENCH_DIR, \
            default /tmp/casedesk-bench); --fresh generates it again. Timings are milliseconds; p50/p99 \
            over --runs runs.
            """)

    @Option(parsing: .unconditional, help: "How many cases.") var cases: Int = 1_000_000
    @Option(help: "The seed of the generated store.") var seed: UInt64 = 7
    @Option(parsing: .unconditional, help: "Runs per timed operation.") var runs: Int = 200
    @Flag(help: "Generate the store again even if one exists.") var fresh = false
    @Flag(name: .customLong("json"), help: "Print the figures as JSON.") var json = false
    @Flag(name: .customLong("import-only"), help: "Measure only the mail imports (mixed, and abuse reports with incidents); no store is generated.")
    var importOnly = false
    @Option(name: .customLong("only"), parsing: .upToNextOption,
            help: ArgumentHelp("Measure only these parts (the store is generated or reused first): \(Part.allCases.map(\.rawValue).joined(separator: ", ")).",
                               valueName: "PART"))
    var only: [Part] = []
    @Option(name: .customLong("db"),
            help: ArgumentHelp("Measure also a PostgreSQL store of the same cases and print its figures beside SQLite's: the URI of an empty database (the bench generates the cases into it) or of one the bench generated before.",
                               valueName: "postgresql://…"))
    var postgres: String?

    /// The parts of the bench, to measure one after a change without the others (a 10M run takes minutes per part).
    enum Part: String, CaseIterable, ExpressibleByArgument {
        case queue, search, writes, record, verify, rules, mail, screen, change
    }

    private func measures(_ part: Part) -> Bool { only.isEmpty || only.contains(part) }

    func validate() throws {
        if cases < 100 { throw ValidationError("--cases must be at least 100") }
        if runs < 10 { throw ValidationError("--runs must be at least 10") }
    }

    func run() throws {
        if let postgres, case .sqliteFile = try cli({ () throws(StoreError) in try StoreLocation(postgres) }) {
            throw ValidationError("--db takes a PostgreSQL URI (postgresql://…); the SQLite store is the bench's own")
        }
        let directory = ProcessInfo.processInfo.environment["CASEDESK_BENCH_DIR"] ?? "/tmp/casedesk-bench"
        let path = "\(directory)/bench-\(cases)-\(seed).sqlite"
        if importOnly {
            var report = BenchReport()
            addImportFigures(&report, directory: directory, actor: Actor(account: Identity.currentAccount()))
            try printReport(report, header: "casedesk bench: mail import only, seed \(seed)")
            return
        }
        let sqlite = try measure(store: path, directory: directory)
        let scale = cases >= 1_000_000 ? "" : " (targets are for 1,000,000 cases)"
        guard let postgres else {
            return try printReport(sqlite, header: "casedesk bench: \(cases) cases, seed \(seed)\(scale)", store: path)
        }
        let postgresReport = try measure(store: postgres, directory: directory)
        try printBeside(sqlite: sqlite, postgres: postgresReport, header: "casedesk bench: \(cases) cases, seed \(seed)\(scale)",
                        stores: (path, postgres))
    }

    /// Every part asked for, on the store at `path` (an SQLite file, or a PostgreSQL URI), generated first if need be.
    private func measure(store path: String, directory: String) throws -> BenchReport {
        var report = BenchReport()
        let isPostgres = path.hasPrefix("postgres")
        func add(_ name: String, _ value: Double, _ unit: String, below target: Double? = nil, above floor: Double? = nil) {
            report.add(name, value, unit, below: target, above: floor)
        }
        let actor = Actor(account: Identity.currentAccount())
        let sidecar = path + ".json"

        // Generation.
        var generationRate: Double
        if isPostgres {
            generationRate = try preparePostgres(path, actor: actor)
        } else if fresh || !FileManager.default.fileExists(atPath: sidecar) {
            for suffix in ["", "-wal", "-shm", ".json"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            let store: any CaseStore
            (store, generationRate) = try generateStore(at: path, actor: actor)
            try cli { () throws(StoreError) in try store.checkpoint() }
            try JSONEncoder().encode(["generation_rate": generationRate]).write(to: URL(fileURLWithPath: sidecar))
        } else {
            let data = try Data(contentsOf: URL(fileURLWithPath: sidecar))
            generationRate = (try JSONDecoder().decode([String: Double].self, from: data))["generation_rate"] ?? 0
            log("reusing \(path) (generated earlier; --fresh to generate again)")
        }
        add("generation rate", generationRate, "cases/s", above: isPostgres ? 20_000 : 50_000)

        // Open.
        var open = Samples()
        for _ in 0..<20 {
            try open.time { _ = try cli { () throws(StoreError) in try CaseStores.open(path: path).procedure() } }
        }
        add("open p50", open.p50, "ms", below: 50)
        let store = try cli { () throws(StoreError) in try CaseStores.open(path: path) }
        let now = Date()

        // Queue pages.
        if measures(.queue) {
            var first = Samples()
            for _ in 0..<runs {
                try first.time { _ = try cli { () throws(StoreError) in try store.queue(QueueQuery(), page: .first(50), now: now) } }
            }
            add("queue first page p50", first.p50, "ms")
            add("queue first page p99", first.p99, "ms", below: 5)
            var filtered = Samples()
            let combos = CaseKind.allCases.flatMap { kind in
                [Stage.supervisor, .headOfSupport, .escalation].flatMap { stage in
                    QueueQuery.Due.allCases.map { QueueQuery(kind: kind, stage: stage, due: $0) }
                }
            }
            for index in 0..<runs {
                let query = combos[index % combos.count]
                try filtered.time { _ = try cli { () throws(StoreError) in try store.queue(query, page: .first(50), now: now) } }
            }
            add("filtered page p50", filtered.p50, "ms")
            add("filtered page p99", filtered.p99, "ms", below: 5)
            // A kind alone, a stage alone, an assignee or nobody: pages merged from a range per kind
            // and stage (`cases_kind_stage`, `cases_assignee_kind_stage`), the first and the next.
            let person = try cli { () throws(StoreError) in try store.queue(QueueQuery(), page: .first(50), now: now) }
                .compactMap(\.assignee).first ?? actor.account
            let merged = CaseKind.allCases.map { QueueQuery(kind: $0) } + Stage.allCases.map { QueueQuery(stage: $0) }
                + [QueueQuery(assignee: person), QueueQuery(unassigned: true), QueueQuery(kind: .abuse, assignee: person)]
            var mergedPages = Samples()
            for index in 0..<runs {
                let query = merged[index % merged.count]
                var first: [QueueRow] = []
                try mergedPages.time { first = try cli { () throws(StoreError) in try store.queue(query, page: .first(50), now: now) } }
                if let last = first.last?.position {
                    try mergedPages.time { _ = try cli { () throws(StoreError) in try store.queue(query, page: .after(last, 50), now: now) } }
                }
            }
            add("page of one kind, stage or person p99", mergedPages.p99, "ms", below: 5)
            try countFigures(store: store, report: &report)
            // By reporter class (B on the screen): its page from its own index (`cases_reporter_class`),
            // its total from the kept counters, as an abuse category's (b).
            var byClass = Samples()
            var classTotal = Samples()
            var categoryTotal = Samples()
            for index in 0..<runs {
                var byCategory = QueueQuery()
                byCategory.category = AbuseCategory.allCases[index % AbuseCategory.allCases.count]
                try categoryTotal.time { _ = try cli { () throws(StoreError) in try store.count(byCategory, now: now) } }
                var query = QueueQuery()
                query.reporterClass = ReporterClass.allCases[index % ReporterClass.allCases.count]
                try byClass.time { _ = try cli { () throws(StoreError) in try store.queue(query, page: .first(50), now: now) } }
                try classTotal.time { _ = try cli { () throws(StoreError) in try store.count(query, now: now) } }
            }
            add("queue by reporter class, first page p99", byClass.p99, "ms", below: 5)
            add("total by reporter class p50", classTotal.p50, "ms")
            add("total by reporter class p99", classTotal.p99, "ms", below: 1)
            add("total by abuse category p99", categoryTotal.p99, "ms", below: 1)
            // The queue sorted by another column (O on the screen): its first page, and a page deep in it.
            for order in QueueQuery.Order.allCases where order != .deadline {
                let query = QueueQuery(order: order)
                var sorted = Samples()
                for _ in 0..<runs {
                    try sorted.time { _ = try cli { () throws(StoreError) in try store.queue(query, page: .first(50), now: now) } }
                }
                add("queue sorted by \(order.rawValue), first page p99", sorted.p99, "ms", below: 5)
                let deep = try cli { () throws(StoreError) in try store.queue(query, page: .offset(cases / 4, 1), now: now) }
                if let position = deep.first?.position {
                    var after = Samples()
                    for _ in 0..<runs {
                        try after.time { _ = try cli { () throws(StoreError) in try store.queue(query, page: .after(position, 50), now: now) } }
                    }
                    add("queue sorted by \(order.rawValue), a page deep in it p99", after.p99, "ms", below: 5)
                }
            }
        }

        // Search: a word on very few cases and one on very many.
        if measures(.search) {
            let sample = try cli { () throws(StoreError) in try store.queue(QueueQuery(scope: .all), page: .offset(cases / 3, 20), now: now) }
            var rare = "zzzz"
            for row in sample {
                if let account = try cli({ () throws(StoreError) in try store.caseState(row.number) }).intake.account {
                    rare = account
                    break
                }
            }
            // A whole word (a space after it), and the same word as a beginning, as typed into the screen.
            for (label, word) in [("rare", rare + " "), ("common", "transfer "), ("common word as typed", "transfer")] {
                var search = Samples()
                var found = 0
                for _ in 0..<runs {
                    try search.time { found = try cli { () throws(StoreError) in try store.search(word, scope: .all, limit: 50) }.count }
                }
                let shown = word.trimmingCharacters(in: .whitespaces)
                add("search \(label) (\"\(shown)\", \(found) shown) p50", search.p50, "ms")
                add("search \(label) p99", search.p99, "ms", below: label == "common word as typed" ? nil : 50)
            }
        }

        // Writes: one transition each (assign), on cases spread over the store.
        if measures(.writes) {
            let open50 = try cli { () throws(StoreError) in try store.queue(QueueQuery(), page: .offset(1000, runs), now: now) }
            var writes = Samples()
            for row in open50 {
                let to = row.assignee == actor.account ? nil : actor.account
                try writes.time {
                    _ = try cli { () throws(StoreError) in
                        try store.record(.assigned(.init(to: to)), on: row.number, expectedVersion: row.version, by: actor, at: Date())
                    }
                }
            }
            add("write p50", writes.p50, "ms", below: 10)
            add("write p99", writes.p99, "ms")
        }

        // The record: the handover of the shift ending now, and statistics over every case.
        if measures(.record) { try recordFigures(store: store, now: now, report: &report) }

        // The whole record proved (issue 10): every link, every event judged again, every case rebuilt.
        if measures(.verify) {
            log("verifying the whole store …")
            var verified: VerifyReport?
            var verify = Samples()
            try verify.time { verified = try cli { () throws(StoreError) in try store.verify(seal: nil) } }
            add("verify (\(verified?.eventsChecked ?? 0) events)", verify.p50, "ms", below: 300_000)
            add("verify rate", Double(verified?.eventsChecked ?? 0) / max(verify.p50 / 1000, 0.001), "events/s")
            add("verify problems found", Double(verified?.differences.count ?? -1), "", below: 0.5)
        }

        // Long writes (issue 10): while a calendar change walks every open case to move its clocks
        // to the new rules (`--rebase-open`), another writer never waits a second. The change only
        // adds a comment, so it moves no clock: what is measured is the walk, in its batches.
        if measures(.rules) {
            log("changing the calendar with --rebase-open over every open case, with another writer waiting on the side …")
            let calendarText = (try cli { () throws(StoreError) in try store.settings() }).calendarText ?? ""
            let probe = try cli { () throws(StoreError) in try WriteLockProbe(path: path) }
            probe.start()
            var change = Samples()
            try change.time {
                _ = try cli { () throws(StoreError) in
                    try store.changeRules(RuleChange(setting: .calendar, text: calendarText + "\n# bench \(Date())\n", file: "bench",
                                                     rebaseOpen: true), by: actor, at: Date())
                }
            }
            let waits = probe.stop()
            add("calendar change, open clocks rebased", change.p50, "ms")
            add("longest wait of another write meanwhile", waits.percentile(100), "ms", below: 1000)
        }

        // A change on one connection seen on another (issue 14).
        if measures(.change) { try changeFigures(store: store, path: path, report: &report) }

        // Mail import (issues 5 and 12): into stores of its own, so once, beside SQLite.
        if measures(.mail), !isPostgres { addImportFigures(&report, directory: directory, actor: actor) }

        // The screen (issue 4): the real binary on a pseudo-terminal.
        if measures(.screen) { try screenFigures(store: path, report: &report) }

        // Size and memory.
        try cli { () throws(StoreError) in try store.checkpoint() }
        if !isPostgres {
            let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            add("bytes per case", Double(bytes) / Double(cases), "B", below: 2048)
        }
        add("peak RSS", ProcessStats.peakRSSMegabytes(), "MB")
        return report
    }

    private func printReport(_ report: BenchReport, header: String, store path: String = "") throws {
        if json {
            struct Report: Encodable { var cases: Int; var seed: UInt64; var store: String; var figures: [BenchFigure] }
            try JSONOutput.print(Report(cases: cases, seed: seed, store: path, figures: report.figures), calendar: .saarland)
            return
        }
        print(header)
        for figure in report.figures {
            let value = Self.format(figure.value).padding(toLength: 12, withPad: " ", startingAt: 0)
            let verdict = figure.met.map { $0 ? "ok" : "MISSED" } ?? ""
            print("  \(figure.name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(value) \(figure.unit.padding(toLength: 8, withPad: " ", startingAt: 0)) \((figure.target ?? "").padding(toLength: 14, withPad: " ", startingAt: 0)) \(verdict)")
        }
        if !importOnly { print(ScreenBench.method) }
    }

    /// Issue 15's totals kept, not recounted: the header's counts, and the queue's total of every
    /// filter the screen's keys combine (kind, stage, unassigned, due buckets), read from the counters.
    private func countFigures(store: any CaseStore, report: inout BenchReport) throws {
        let now = Date()
        var header = Samples()
        for _ in 0..<runs {
            try header.time { _ = try cli { () throws(StoreError) in try store.counts(now: now) } }
        }
        report.add("header counts (open, overdue, due today) p50", header.p50, "ms")
        report.add("header counts (open, overdue, due today) p99", header.p99, "ms", below: 1)
        let queries = [nil, CaseKind.abuse, .complaint].flatMap { kind in
            [nil, Stage.supervisor, .headOfSupport].flatMap { stage in
                [false, true].flatMap { unassigned in
                    ([nil] + QueueQuery.Due.allCases.map(Optional.some)).map { due in
                        QueueQuery(kind: kind, stage: stage, unassigned: unassigned, due: due)
                    }
                }
            }
        }
        var totals = Samples()
        for index in 0..<max(runs, queries.count) {
            let query = queries[index % queries.count]
            try totals.time { _ = try cli { () throws(StoreError) in try store.count(query, now: now) } }
        }
        report.add("queue total of a filter p50", totals.p50, "ms")
        report.add("queue total of a filter p99", totals.p99, "ms", below: 1)
    }

    /// Issue 6's figures: handover and statistics over the whole store; issue 15's targets (200 ms at ten million cases).
    private func recordFigures(store: any CaseStore, now: Date, report: inout BenchReport) throws {
        let procedure = try cli { () throws(StoreError) in try store.procedure() }
        let shifts = procedure.policy.shifts
        let calendar = procedure.calendar
        var handover = Samples()
        for _ in 0..<5 {
            try handover.time {
                let shift = shifts.endingShift(at: now, calendar: calendar)
                _ = try cli { () throws(StoreError) in
                    try HandoverReport.build(store: store, from: shift.start, until: shift.end, shiftName: shift.name,
                                             nextShift: shifts.next(after: shift, calendar: calendar),
                                             now: now)
                }
            }
        }
        report.add("handover (ending shift) p50", handover.p50, "ms", below: 200)
        var statistics = Samples()
        for _ in 0..<5 {
            try statistics.time { _ = try cli { () throws(StoreError) in try store.statistics(.init(by: .month), now: now) } }
        }
        report.add("statistics (all cases, by month) p50", statistics.p50, "ms", below: 200)
    }

    // MARK: Mail import (issue 5)

    /// Messages imported per second from a generated Maildir of 10,000 messages of every shape
    /// (plain, ISO-8859-1, HTML, ARF, X-ARF, attachments, replies, duplicates) into a fresh store;
    /// then 10,000 abuse reports (ARF, XARF 4.0.0, plain) about 400 domains, grouped in incidents
    /// as they arrive (issue 12).
    private func addImportFigures(_ report: inout BenchReport, directory: String, actor: Actor) {
        do {
            log("importing 10,000 generated messages from a Maildir into a fresh store …")
            let (rate, tally) = try MailBenchmark.importRate(count: 10_000, seed: seed, directory: directory, actor: actor)
            log("  \(tally.summary)")
            report.add("import rate (10,000 generated messages)", rate, "msgs/s", below: nil, above: 1_000)
            log("importing 10,000 generated abuse reports (ARF, XARF 4.0.0, plain; 400 domains) with incidents …")
            let abuse = try AbuseImportBenchmark.importRate(count: 10_000, seed: seed, directory: directory, actor: actor)
            log("  \(abuse.tally.summary); \(abuse.linked) linked on arrival into \(abuse.incidents) incidents")
            report.add("abuse import rate (10,000 reports, incidents)", abuse.rate, "msgs/s", below: nil, above: 1_000)
        } catch {
            log("  import not measured: \(error)")
        }
    }

    static func format(_ value: Double) -> String {
        value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
    }

    func log(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
