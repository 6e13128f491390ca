import CaseDesk
import CaseStore
import Foundation
import MailIntake

/// Mail in: reads `.eml` files, mboxes, Maildirs and standard input, parses each message and files
/// it in the store, one transaction per message. Nothing a message contains stops the others: each
/// ends imported, attached, duplicate, or rejected with its reason.
public struct MailImporter: Sendable {
    public let store: any CaseStore
    public let parser: IntakeParser
    public let actor: Actor

    public init(store: any CaseStore, configuration: IntakeConfiguration = .standard, actor: Actor) {
        self.store = store
        self.parser = IntakeParser(configuration: configuration)
        self.actor = actor
    }

    /// Imports every message of every source in order, handing each result to `report` as soon as
    /// it is filed. A path that cannot be read counts as one rejected message.
    @discardableResult
    public func run(_ paths: [String], report: (ImportResult) -> Void) -> ImportTally {
        var tally = ImportTally()
        func emit(_ result: ImportResult) {
            tally.count(result)
            report(result)
        }
        for path in paths {
            let messages: MessageSequence
            do throws(SourceError) {
                let source = path == "-" ? MessageSource.standardInput : try MessageSource.detect(path: path)
                messages = try source.messages()
            } catch {
                emit(ImportResult(origin: path == "-" ? MessageOrigin.standardInput.description : path,
                                  outcome: .rejected(error.reason)))
                continue
            }
            for message in messages {
                switch message {
                case let .success(raw): emit(file(raw, at: Date()))
                case let .failure(error): emit(ImportResult(origin: path, outcome: .rejected(error.description)))
                }
            }
        }
        return tally
    }

    /// Parses and files one message.
    public func file(_ raw: RawMessage, at now: Date) -> ImportResult {
        let origin = raw.origin.description
        let parsed: IntakeDraft
        do throws(IntakeRejection) {
            parsed = try parser.draft(from: raw)
        } catch {
            return ImportResult(origin: origin, outcome: .rejected(error.description))
        }
        var draft = parsed
        if let note = draft.receiptNote(at: now) { draft.notes.append(note) }
        if let reason = draft.unfileableReason {
            return ImportResult(origin: origin, outcome: .rejected(reason), notes: draft.notes)
        }
        do throws(StoreError) {
            switch try store.importMessage(draft.incomingMessage(at: now), by: actor, at: now) {
            case let .opened(state):
                return ImportResult(origin: origin, outcome: .imported(state, reason: draft.kindReason), notes: draft.notes)
            case let .attached(state, reason, filed):
                return ImportResult(origin: origin, outcome: .attached(state, by: reason, filed: filed), notes: draft.notes)
            case let .duplicate(duplicate):
                return ImportResult(origin: origin, outcome: .duplicate(duplicate), notes: draft.notes)
            }
        } catch {
            return ImportResult(origin: origin, outcome: .rejected(error.description), notes: draft.notes)
        }
    }
}
