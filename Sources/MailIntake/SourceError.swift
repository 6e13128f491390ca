/// Why a source of messages could not be read. Per-message problems are `IntakeRejection`s;
/// these concern the file or folder itself.
public enum SourceError: Error, Hashable, Sendable, CustomStringConvertible {
    case notFound(path: String)
    case notMailSource(path: String, reason: String)
    case cannotRead(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path), .notMailSource(let path, _), .cannotRead(let path, _): "\(path): \(reason)"
        }
    }

    /// What is wrong, without the path: for lines that name the path already.
    public var reason: String {
        switch self {
        case .notFound: "no such file or folder"
        case .notMailSource(_, let reason): reason
        case .cannotRead(_, let reason): "cannot be read (\(reason))"
        }
    }
}
