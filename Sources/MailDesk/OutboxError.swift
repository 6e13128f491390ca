/// The outbox cannot take the letter: the folder and why.
public enum OutboxError: Error, Equatable, Sendable, CustomStringConvertible {
    case unusable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unusable(path, reason): "the outbox \(path) cannot take the letter: \(reason)"
        }
    }
}
