import Foundation

/// Tasks that a few worker threads take in turn, in the order given; the first failure stops the
/// rest (verify's parts on SQLite; a PostgreSQL load's index builds).
final class TaskQueue<Task>: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [Task]
    private(set) var failure: StoreError?

    init(_ tasks: [Task]) { self.tasks = tasks.reversed() }

    func next() -> Task? {
        lock.withLock { failure == nil ? tasks.popLast() : nil }
    }

    func fail(_ error: StoreError) {
        lock.withLock { if failure == nil { failure = error } }
    }
}
