/// Why a source of messages could not be read. Per-message problems are `IntakeRejection`s;
/// these concern the file or folder itself.
public enum SourceError: Error, Hashable, Sendable, CustomStringConvertible {
    case notFound(path: String)
    case notMailSource(path: String, reason: String)
    case cannotRead(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path): "\(path): no such file or folder"
        case .notMailSource(let path, let reason): "\(path): \(reason)"
        case .cannotRead(let path, let reason): "\(path): cannot be read (\(reason))"
        }
    }
}
