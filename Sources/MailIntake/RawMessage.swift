/// One message's bytes as read from a source, before any parsing.
public struct RawMessage: Sendable, Hashable {
    public let bytes: [UInt8]
    public let origin: MessageOrigin

    public init(bytes: [UInt8], origin: MessageOrigin) {
        self.bytes = bytes
        self.origin = origin
    }
}
