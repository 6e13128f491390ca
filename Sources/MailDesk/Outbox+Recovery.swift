import CaseStore
import Foundation
import MailIntake

extension Outbox {
    /// What `recoverStranded` found in `tmp/`.
    public struct Recovery: Sendable, Equatable {
        /// Letters the store had recorded as sent but that were still in `tmp/` (the sender died
        /// between the store's commit and the move): now in `new/`.
        public var delivered: [String] = []
        /// Letters the store never recorded: nothing was sent and nothing recorded; left in `tmp/`
        /// for a person to look at (a send under way in another process also shows here).
        public var unrecorded: [String] = []
        /// Letters recorded as sent that could not be moved, with why: they are still unsent.
        public var stuck: [String] = []

        public var isEmpty: Bool { delivered.isEmpty && unrecorded.isEmpty && stuck.isEmpty }

        /// One line per finding, naming the file, for `sweep`, `verify` and the screen's start.
        public var lines: [String] {
            delivered.map { "outbox: delivered \($0), recorded as sent but left in tmp/" }
                + stuck.map { "outbox: NOT SENT: \($0)" }
                + unrecorded.map { "outbox: \($0) was never recorded as sent and was not sent" }
        }
    }

    /// Finds letters left in `tmp/` and hands over every one the store recorded as sent (its
    /// SHA-256 is in the archive as an outgoing message), so nothing recorded as sent silently
    /// stays unsent. A missing outbox has nothing stranded.
    public func recoverStranded(store: any CaseStore) -> Recovery {
        var recovery = Recovery()
        let folder = "\(path)/tmp"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return recovery }
        for name in names.sorted() where !name.hasPrefix(".") {
            let temporary = "\(folder)/\(name)"
            guard let bytes = FileManager.default.contents(atPath: temporary) else {
                recovery.stuck.append("\(temporary) cannot be read")
                continue
            }
            let recorded: Bool
            do throws(StoreError) {
                recorded = try store.storedMessage(SHA256.hex(of: bytes)).direction == .outgoing
            } catch {
                if case .noSuchMessage = error { recorded = false } else {
                    recovery.stuck.append("\(temporary): \(error.description)")
                    continue
                }
            }
            guard recorded else {
                recovery.unrecorded.append(temporary)
                continue
            }
            do throws(OutboxError) {
                recovery.delivered.append(try deliver(StagedLetter(name: name, temporaryPath: temporary)))
            } catch {
                recovery.stuck.append(error.description)
            }
        }
        return recovery
    }
}
