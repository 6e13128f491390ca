import CaseDesk
import Foundation

/// The clock moves a change of the rules with `--rebase-open` still owes, as both backends keep
/// them between batches (SQLite in `meta`, PostgreSQL in `settings`, under `rebase`):
/// `VERSION NEXT-CASE MILLIS ACCOUNT [VIA]` — the version the open clocks move to, the first case
/// not yet judged, and the moment and the person of the change, which every move is recorded with.
struct RebaseMarker: Equatable {
    /// Open cases judged per transaction: another writer waits for one batch at most.
    static let casesPerBatch = 200

    var version: Int
    var nextCase: CaseNumber
    var at: Date
    var actor: Actor

    /// A change's marker, before any case was judged.
    init(version: Int, at: Date, by actor: Actor) {
        self.version = version
        nextCase = 0
        self.at = at
        self.actor = actor
    }

    /// The marker a batch left; nil when it does not read as one.
    init?(_ text: String) {
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count >= 4, let version = Int(parts[0]), let next = CaseNumber(parts[1]), let millis = Int64(parts[2]) else { return nil }
        self.version = version
        nextCase = next
        at = Millis.date(millis)
        actor = Actor(account: parts[3], via: parts.count > 4 ? parts[4] : nil)
    }

    var text: String {
        "\(version) \(nextCase) \(Millis.from(at)) \(actor.account)" + (actor.via.map { " \($0)" } ?? "")
    }

    /// The same marker, its next batch starting after case `number`.
    func after(_ number: CaseNumber) -> RebaseMarker {
        var next = self
        next.nextCase = number + 1
        return next
    }
}
