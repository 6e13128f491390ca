import CaseDesk
import CaseStore
import Foundation
import Glibc
import MailDesk
import MailIntake

/// The bench's side of the screen figures: launches the real `casedesk` binary on a pseudo-terminal of
/// a fixed size and times it from spawn to its first painted frame (it reports on a pipe), several
/// times; the last launch also runs the key script (`ScreenBenchScript`) and reports its samples.
struct ScreenBench {
    var binary: String
    var store: String
    var rows = 40
    var cols = 132

    /// How the screen figures are taken, printed under them.
    static let method = """
        screen figures: the real casedesk binary on a 132×40 pseudo-terminal (TERM=xterm-256color), store above.
          first frame: from spawning the process to its report that the first full frame was painted (10 launches).
          key → frame: in that process, from a key to the painted frame: update, the store reads the key causes,
          render into the grid, diff and paint, the header's counts and the queue's total read with the key (the
          store keeps them). Moving: 400 j + 200 k; paging: 150 PgDn + 50 PgUp;
          filtering: 168 filter keys (1-4, t, s, u, U, o, 0); opening a case: 100 × Enter.
          counts included: keys back to back, each timed until the header's counts and the queue's total are
          read once more too, and painted again when they changed (300 j + 100 k; 84 filter keys). The totals are sums of
          counters every write keeps in its own transaction (per kind, stage, assignee, team, type, abuse category,
          reporter class and due hour); a due bucket counts from the index only the clocks due in the hour before its ends.
          going to a case by number: ':' and a random number, timed from Enter (100 ×); the mail thread: t on the
          first 50 cases of the queue (the bench files a message with each), then Enter on its first message.
          bulk move: 50 cases marked with Space, a note on each, from C-s to the painted frame; every note checked.
        """

    struct Launch {
        var firstFrameMs: Double
        var report: ScreenBenchScript.Report?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The running binary's own path, so the bench times exactly what it is.
    static func currentBinary() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    /// TIOCSPTLCK and TIOCGPTN (asm-generic/ioctls.h), which Swift's Glibc does not bring in.
    private let lockRequest: UInt = 0x4004_5431
    private let numberRequest: UInt = 0x8004_5430

    func launch(runKeys: Bool) throws -> Launch {
        // posix_openpt and friends are hidden behind feature macros in Swift's Glibc; these are their
        // Linux insides: open the multiplexer, unlock the other end, ask for its number.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, lockRequest, &unlock) == 0, ioctl(master, numberRequest, &number) == 0 else {
            throw Failure(description: "cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        defer { close(master) }
        let name = "/dev/pts/\(number)"
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(cols), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else { throw Failure(description: "cannot open the pseudo-terminal's other end") }
        var report: [Int32] = [0, 0]
        guard pipe(&report) == 0 else { throw Failure(description: "cannot make a pipe") }
        for end in report { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }

        // The screen writes to the terminal; something must read it or the child blocks.
        let drained = DispatchGroup()
        DispatchQueue.global().async(group: drained) {
            var sink = [UInt8](repeating: 0, count: 65_536)
            while read(master, &sink, sink.count) > 0 {}
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target: Int32 in [0, 1, 2] { posix_spawn_file_actions_adddup2(&actions, slave, target) }
        posix_spawn_file_actions_adddup2(&actions, report[1], 3)
        var arguments = [binary, "--db", store, "--bench-report", "3"]
        if runKeys { arguments.append("--bench-keys") }
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment["LANG"] = environment["LANG"] ?? "C.UTF-8"
        environment.removeValue(forKey: "LINES")
        environment.removeValue(forKey: "COLUMNS")
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let started = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, binary, &actions, nil, argv, envp)
        close(report[1])
        guard spawned == 0 else {
            close(report[0])
            close(slave)
            throw Failure(description: "cannot start \(binary): \(String(cString: strerror(spawned)))")
        }

        var received = [UInt8]()
        var firstFrame: Double?
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(report[0], &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
            if firstFrame == nil, received.contains(UInt8(ascii: "\n")) {
                firstFrame = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
            }
        }
        close(report[0])
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(slave)
        drained.wait()
        guard let firstFrame else {
            throw Failure(description: "casedesk did not show its first frame (exit status \(status)); run it by hand: \(arguments.joined(separator: " "))")
        }
        let lines = String(decoding: received, as: UTF8.self).split(separator: "\n")
        let decoded = lines.dropFirst().first.flatMap { try? JSONDecoder().decode(ScreenBenchScript.Report.self, from: Data($0.utf8)) }
        if runKeys, decoded == nil { throw Failure(description: "casedesk ran the key script but reported nothing") }
        return Launch(firstFrameMs: firstFrame, report: decoded)
    }
}

extension BenchCommand {
    /// Issue 4's figures: launch to first frame, key to frame for moving, paging, filtering and opening
    /// a case, and the screen's peak memory, on the bench's store.
    func screenFigures(store path: String, report: inout BenchReport) throws {
        try fileThreadMessages(store: path)
        let screen = ScreenBench(binary: ScreenBench.currentBinary(), store: path)
        var launches = Samples()
        for _ in 0..<10 { launches.record(try screen.launch(runKeys: false).firstFrameMs) }
        report.add("screen: launch to first frame p50", launches.p50, "ms", below: 100)
        report.add("screen: launch to first frame max", launches.percentile(100), "ms")
        guard let keys = try screen.launch(runKeys: true).report else { return }
        for name in ScreenBenchScript.scenarios {
            var samples = Samples()
            for value in keys.samples[name] ?? [] { samples.record(value) }
            report.add("screen: key → frame, \(name) p50", samples.p50, "ms")
            report.add("screen: key → frame, \(name) p99", samples.p99, "ms", below: 8)
            for phase in ["update", "render", "paint"] {
                var parts = Samples()
                for value in keys.phases[name]?[phase] ?? [] { parts.record(value) }
                report.add("screen:   \(name): \(phase) p50", parts.p50, "ms")
                report.add("screen:   \(name): \(phase) p99", parts.p99, "ms")
            }
        }
        report.add("screen: bulk move over \(keys.bulkCases) marked cases", keys.bulkMs, "ms", below: 1000)
        report.add("screen: bulk move, cases written", Double(keys.bulkWritten), "cases", above: Double(max(1, keys.bulkCases)) - 0.5)
        report.add("screen: peak RSS (\(keys.size))", keys.peakRSSMegabytes, "MB", below: 60)
    }

    /// A reply filed with each of the queue's first 50 cases (by its tag), so the mail thread has
    /// something to open; the same Message-IDs every run, so a store reused keeps one each.
    func fileThreadMessages(store path: String) throws {
        let store = try cli { () throws(StoreError) in try CaseStores.open(path: path) }
        let rows = try cli { () throws(StoreError) in try store.queue(QueueQuery(), page: .first(50), now: Date()) }
        let importer = MailImporter(store: store, actor: Actor(account: Identity.currentAccount()))
        for row in rows {
            let text = """
                From: Bench Customer <customer@bench.example>\r
                To: complaints@registrar.example\r
                Subject: [casedesk #\(row.number)] Re: your message\r
                Date: Tue, 2 Mar 2027 09:15:00 +0100\r
                Message-ID: <bench-thread-\(row.number)@bench.example>\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                Hello,\r
                thank you for the answer; the transfer is still blocked. Could you look again?\r
                Regards\r

                """
            _ = importer.file(RawMessage(bytes: Array(text.utf8), origin: MessageOrigin(path: "bench-thread")), at: Date())
        }
    }
}
