import Foundation

/// Hands values from one thread to another in order, holding at most `capacity` of them: the
/// reading thread waits while the queue is full, so a fast reader cannot fill memory ahead of a
/// slow writer.
final class BoundedQueue<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var values: [Value] = []
    private var finished = false
    private let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Adds a value, waiting while the queue is full.
    func put(_ value: Value) {
        condition.lock()
        defer { condition.unlock() }
        while values.count >= capacity { condition.wait() }
        values.append(value)
        condition.broadcast()
    }

    /// No value follows: `take` answers nil once the queue is empty.
    func finish() {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        condition.broadcast()
    }

    /// The next value, waiting for one; nil when the queue is empty and finished.
    func take() -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while values.isEmpty && !finished { condition.wait() }
        if values.isEmpty { return nil }
        condition.broadcast()
        return values.removeFirst()
    }
}
