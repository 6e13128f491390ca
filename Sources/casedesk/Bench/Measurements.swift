import CaseStore
import Foundation

/// Timings in milliseconds, summarised the way the issues state their targets.
struct Samples {
    private(set) var values: [Double] = []

    mutating func time(_ body: () throws -> Void) rethrows {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        values.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    }

    /// A timing measured elsewhere (another process reported it).
    mutating func record(_ milliseconds: Double) {
        values.append(milliseconds)
    }

    /// The nearest-rank percentile.
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    var p50: Double { percentile(50) }
    var p99: Double { percentile(99) }
}

/// One line of the bench report.
struct BenchFigure: Encodable {
    var name: String
    var value: Double
    var unit: String
    /// The target the issue states, as text ("< 5 ms").
    var target: String?
    var met: Bool?
}

/// The figures of one bench run, each with its target where the issues give one.
struct BenchReport {
    private(set) var figures: [BenchFigure] = []

    mutating func add(_ name: String, _ value: Double, _ unit: String, below target: Double? = nil, above floor: Double? = nil) {
        let text = target.map { "< \(BenchCommand.format($0)) \(unit)" } ?? floor.map { ">= \(BenchCommand.format($0)) \(unit)" }
        let met = target.map { value < $0 } ?? floor.map { value >= $0 }
        figures.append(BenchFigure(name: name, value: value, unit: unit, target: text, met: met))
    }
}

enum ProcessStats {
    /// Peak resident set size of this process, in megabytes.
    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// Another writer, on a store opened on its own, taking the write lock every 20 ms while a long
/// change runs: the longest it waited is the longest the change held the lock at once.
final class WriteLockProbe: @unchecked Sendable {
    private let store: any CaseStore
    private let lock = NSLock()
    private var stopped = false
    private var waits = Samples()
    private let finished = DispatchGroup()

    init(path: String) throws(StoreError) {
        store = try CaseStores.open(path: path)
    }

    func start() {
        finished.enter()
        Thread { [self] in
            defer { finished.leave() }
            while !lock.withLock({ stopped }) {
                if let wait = try? store.writeLockWait() { lock.withLock { waits.record(wait) } }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }.start()
    }

    /// Stops the probe; the waits it measured.
    func stop() -> Samples {
        lock.withLock { stopped = true }
        finished.wait()
        return lock.withLock { waits }
    }
}
