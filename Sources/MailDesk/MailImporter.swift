import CaseDesk
import CaseStore
import Foundation
import MailIntake

/// Mail in: reads `.eml` files, mboxes, Maildirs and standard input, parses each message and files
/// it in the store, up to `batchSize` messages per transaction (each judged on its own: a refused
/// message is rolled back alone). Nothing a message contains stops the others: each ends imported,
/// attached, duplicate, or rejected with its reason.
public struct MailImporter: Sendable {
    public let store: any CaseStore
    public let parser: IntakeParser
    public let actor: Actor
    /// Whether an abuse report naming the domain of an open report joins its incident (the default)
    /// or the result only suggests it.
    public var linkIncidents = true

    public init(store: any CaseStore, configuration: IntakeConfiguration = .standard, actor: Actor) {
        self.store = store
        self.parser = IntakeParser(configuration: configuration)
        self.actor = actor
    }

    /// Imports every message of every source in order, handing each result to `report` as soon as
    /// it is filed. A path that cannot be read counts as one rejected message.
    ///
    /// Reading and parsing run on a second thread, a batch ahead of filing: parsing takes more time
    /// than the store's writes, and the two no longer wait for each other. Results still come out
    /// in the order of the messages, on the calling thread.
    @discardableResult
    public func run(_ paths: [String], report: (ImportResult) -> Void) -> ImportTally {
        let parsed = BoundedQueue<Batch>(capacity: 2)
        let parser = self.parser
        let reader = Thread {
            Self.read(paths, parser: parser, into: parsed)
            parsed.finish()
        }
        reader.start()
        var tally = ImportTally()
        while let batch = parsed.take() {
            for result in file(batch) {
                tally.count(result)
                report(result)
            }
        }
        return tally
    }

    /// Reads and parses every message of every source into batches, in order.
    private static func read(_ paths: [String], parser: IntakeParser, into parsed: BoundedQueue<Batch>) {
        var batch = Batch()
        func flush() {
            if !batch.entries.isEmpty { parsed.put(batch) }
            batch = Batch()
        }
        for path in paths {
            let messages: MessageSequence
            do throws(SourceError) {
                let source = path == "-" ? MessageSource.standardInput : try MessageSource.detect(path: path)
                messages = try source.messages()
            } catch {
                batch.add(ImportResult(origin: path == "-" ? MessageOrigin.standardInput.description : path,
                                       outcome: .rejected(error.reason)))
                flush()
                continue
            }
            for message in messages {
                switch message {
                case let .success(raw): batch.add(raw, parser: parser)
                case let .failure(error): batch.add(ImportResult(origin: path, outcome: .rejected(error.description)))
                }
                if batch.entries.count >= Self.batchSize || batch.bytes >= Self.batchBytes { flush() }
            }
            // Results come out in order, and a source's last messages are not held back for the next.
            flush()
        }
    }

    /// Messages filed per transaction: a hundred hold the store for a fraction of a second.
    public static let batchSize = 100
    /// …or fewer, when they are large: a batch of big messages waits in memory at most this much.
    public static let batchBytes = 16 << 20

    /// Parses and files one message.
    public func file(_ raw: RawMessage, at now: Date) -> ImportResult {
        var batch = Batch(now: now)
        batch.add(raw, parser: parser)
        return file(batch)[0]
    }

    /// Messages parsed and waiting to be filed, in their order: each either a draft to file or
    /// already a result (a message that could not be read or parsed).
    struct Batch: Sendable {
        /// When the batch began: the receipt time of messages whose date is not taken, and the time
        /// the batch is recorded at.
        var now = Date()
        var entries: [Entry] = []
        /// The raw bytes of the messages waiting.
        var bytes = 0

        enum Entry: Sendable {
            case draft(origin: String, IntakeDraft)
            case done(ImportResult)
        }

        mutating func add(_ result: ImportResult) { entries.append(.done(result)) }

        mutating func add(_ raw: RawMessage, parser: IntakeParser) {
            let origin = raw.origin.description
            bytes += raw.bytes.count
            let parsed: IntakeDraft
            do throws(IntakeRejection) {
                parsed = try parser.draft(from: raw)
            } catch {
                return add(ImportResult(origin: origin, outcome: .rejected(error.description)))
            }
            var draft = parsed
            if let note = draft.receiptNote(at: now) { draft.notes.append(note) }
            if let reason = draft.unfileableReason {
                return add(ImportResult(origin: origin, outcome: .rejected(reason), notes: draft.notes))
            }
            entries.append(.draft(origin: origin, draft))
        }
    }

    /// Files the batch's drafts together; one result per entry, in order.
    private func file(_ batch: Batch) -> [ImportResult] {
        let drafts = batch.entries.compactMap { entry -> (String, IntakeDraft)? in
            if case let .draft(origin, draft) = entry { return (origin, draft) }
            return nil
        }
        let messages = drafts.map { draft in
            var message = draft.1.incomingMessage(at: batch.now)
            message.linkIncidents = linkIncidents
            return message
        }
        var outcomes = store.importMessages(messages, by: actor, at: batch.now).makeIterator()
        return batch.entries.map { entry in
            switch entry {
            case let .done(result):
                return result
            case let .draft(origin, draft):
                switch outcomes.next() ?? .failure(.unavailable("not filed")) {
                case let .success(.opened(state, grouping)):
                    var result = ImportResult(origin: origin, outcome: .imported(state, reason: draft.kindReason), notes: draft.notes)
                    result.incident = grouping
                    return result
                case let .success(.attached(state, reason, filed)):
                    return ImportResult(origin: origin, outcome: .attached(state, by: reason, filed: filed), notes: draft.notes)
                case let .success(.duplicate(duplicate)):
                    return ImportResult(origin: origin, outcome: .duplicate(duplicate), notes: draft.notes)
                case let .failure(error):
                    return ImportResult(origin: origin, outcome: .rejected(error.description), notes: draft.notes)
                }
            }
        }
    }
}
