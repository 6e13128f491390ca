import CaseDesk
import Foundation

/// Demo cases on PostgreSQL: generated like SQLite's (`DemoGenerator`), each written with its
/// trail links, projection, statistics row and search words, a few hundred cases per transaction.
extension PostgresCaseStore {
    public func loadDemo(count: Int, seed: UInt64, by actor: Actor, now: Date, alongsideCases: Bool,
                         progress: (@Sendable (Int) -> Void)?) throws(StoreError) -> ClosedRange<CaseNumber>? {
        guard count > 0 else { return nil }
        let now = Millis.truncate(now)
        let procedure = try procedure()
        let location = self.location
        let first = try write { transaction in
            let pipeline = deskPipeline(transaction)
            let roles = try pipeline.staffRoles(actor)
            guard roles.contains(.admin) || roles.contains(.head) else {
                throw StoreError.invalid("\(actor.account) may not load demo cases: that takes the role admin or head")
            }
            let existing = try transaction.lastCaseNumber()
            let cases = try transaction.connection.execute("SELECT count(*) FROM cases").first?.integer(0) ?? 0
            if cases > 0, !alongsideCases {
                throw StoreError.invalid("\(location) already holds \(cases) case\(cases == 1 ? "" : "s"): demo cases would stay in its record for good. Load them into a store of their own, or add --alongside-real-cases")
            }
            for member in DemoGenerator.staff where try transaction.roles(of: member.account).isEmpty {
                try transaction.connection.execute("INSERT INTO staff (account, roles, added_ms, added_by) VALUES ($1, $2, $3, $4)",
                                                   [.text(member.account), .text(Role.listed(member.roles)), .integer(Millis.from(now)), .text(actor.account)])
                try pipeline.deskEvent(type: "staff_added", data: ["account": member.account, "before": "", "after": Role.listed(member.roles), "demo": "yes"],
                                       by: actor, at: now)
            }
            try pipeline.deskEvent(type: "demo_loaded", data: ["cases": String(count), "seed": String(seed)], by: actor, at: now)
            return existing + 1
        }
        var generator = DemoGenerator(seed: seed, procedure: procedure, now: now)
        var written = 0
        let slice = 500
        for start in stride(from: 0, to: count, by: slice) {
            var made: [(events: [Event], state: CaseState)] = []
            for offset in start..<min(start + slice, count) {
                if let generated = generator.nextCase(number: first + CaseNumber(offset), position: Double(offset) / Double(count)) {
                    made.append(generated)
                }
            }
            try write { transaction in
                if let number = made.first?.state.number, try transaction.lastCaseNumber() >= number {
                    throw StoreError.unavailable("a case was opened while the demo was loading: demo cases \(first)–\(number - 1) are in the store, the rest were not loaded")
                }
                var head = try transaction.trailHead()
                for (events, state) in made {
                    var previous: Data?
                    for event in events {
                        let stored = StoredEvent(caseNumber: state.number, sequence: event.sequence, position: head.count + 1,
                                                 recordedMs: Millis.from(event.recorded), actor: event.actor, via: actor.account,
                                                 type: event.change.type, data: EventCoding.encode(event.change), changes: "{}")
                        let entry = TrailLink.caseEntry(previous: previous, stored)
                        previous = entry
                        try transaction.insert(stored)
                        head = TrailHead(count: stored.position, link: TrailLink.link(previous: head.link, position: stored.position, entry: entry))
                        try transaction.insertLink(position: head.count, link: head.link)
                    }
                    try transaction.saveDerived(state, procedure: procedure)
                    try transaction.replaceSearchText(number: state.number, old: nil, new: SearchText(state))
                }
            }
            written += made.count
            progress?(written)
        }
        return first...(first + CaseNumber(count) - 1)
    }
}
