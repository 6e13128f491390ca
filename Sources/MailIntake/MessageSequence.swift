import Foundation

/// The messages of a source, read one at a time. An element is a failure when that message could
/// not be read (a Maildir file removed meanwhile, an I/O error); reading goes on with the next.
public struct MessageSequence: Sequence {
    enum Storage {
        case single(RawMessage)
        case files([String], index: Int)
        case mbox(MboxReader)
    }

    private let storage: Storage

    init(_ storage: Storage) {
        self.storage = storage
    }

    public func makeIterator() -> Iterator { Iterator(storage: storage) }

    public struct Iterator: IteratorProtocol {
        fileprivate var storage: Storage?

        public mutating func next() -> Result<RawMessage, SourceError>? {
            switch storage {
            case .none:
                return nil
            case .single(let message):
                storage = nil
                return .success(message)
            case .files(let paths, let index):
                guard index < paths.count else {
                    storage = nil
                    return nil
                }
                storage = .files(paths, index: index + 1)
                let path = paths[index]
                guard let data = FileManager.default.contents(atPath: path) else {
                    return .failure(FileManager.default.fileExists(atPath: path)
                        ? .cannotRead(path: path, reason: "permission denied") : .notFound(path: path))
                }
                return .success(RawMessage(bytes: [UInt8](data), origin: MessageOrigin(path: path)))
            case .mbox(var reader):
                let result = reader.next()
                storage = result == nil ? nil : .mbox(reader)
                return result
            }
        }
    }
}
