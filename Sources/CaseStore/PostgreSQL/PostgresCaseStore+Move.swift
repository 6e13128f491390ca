import CaseDesk
import Foundation

extension PostgresCaseStore {
    /// Makes the schema in an empty database and fills it with `record` exactly as stored (the
    /// links are copied, not made again, so the heads can be compared), then rebuilds each case's
    /// projection, statistics row and search words from its trail. One transaction: a failed
    /// move leaves the database empty.
    static func receive(_ record: StoredRecord, at address: PostgresAddress) throws(StoreError) -> PostgresCaseStore {
        let store = PostgresCaseStore(moving: address, connection: try PostgresConnection(address))
        try store.write { transaction in
            let connection = transaction.connection
            switch try PostgresCaseStore.state(connection) {
            case .store: throw StoreError.alreadyExists(path: address.description)
            case .foreign: throw StoreError.notAStore(path: address.description, reason: "the database holds another program's tables")
            case .empty: break
            }
            try PostgresCaseStore.migrate(connection, from: 0)
            for (key, value) in record.meta where ["settings_version", "trail_linked_by_time"].contains(key) {
                try connection.execute("""
                    INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                    """, [.text(key), .text(value)])
            }
            for member in record.staff {
                try connection.execute("INSERT INTO staff (account, roles, added_ms, added_by) VALUES ($1, $2, $3, $4)",
                                       [.text(member.account), .text(member.roles), .integer(member.addedMs), .text(member.addedBy)])
                try PostgresDeskRoles.setMember(connection, member.account)
            }
            for setting in record.settings {
                try connection.execute("INSERT INTO settings (key, value, updated_ms, updated_by) VALUES ($1, $2, $3, $4)",
                                       [.text(setting.key), setting.value.postgresValue, .integer(setting.updatedMs), .text(setting.updatedBy)])
            }
            for event in record.deskEvents { try transaction.insert(event) }
            for event in record.events { try transaction.insert(event) }
            for (position, link) in record.links {
                try connection.execute("INSERT INTO trail (pos, link) VALUES ($1, $2)", [.integer(position), .bytes(link)])
            }
            for incident in record.incidents {
                try connection.execute("INSERT INTO incidents (id, opened_ms) VALUES ($1, $2)", [.integer(incident.number), .integer(incident.openedMs)])
            }
            for message in record.messages {
                try connection.execute("""
                    INSERT INTO messages (sha256, case_id, seq, direction, message_id, at_ms, origin, size, raw)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """, [.text(message.sha256), .integer(message.caseNumber), .integer(Int64(message.sequence)), .text(message.direction),
                          message.messageID.postgresValue, .integer(message.atMs), .text(message.origin), .integer(message.size), .bytes(message.raw)])
            }
            let procedure = try store.procedure(connection)
            var trails: [CaseNumber: [StoredEvent]] = [:]
            for event in record.events { trails[event.caseNumber, default: []].append(event) }
            for (_, trail) in trails.sorted(by: { $0.key < $1.key }) {
                let state = try CaseState.fold(try trail.map { try $0.event() })
                try transaction.saveDerived(state, procedure: procedure)
                if state.kind == .abuse, !state.intake.domains.isEmpty {
                    try transaction.addAbuseDomains(state.number, state.intake.domains.map(\.unicode))
                }
                try transaction.replaceSearchText(number: state.number, old: nil, new: SearchText(state))
            }
            try transaction.notifyChange()
        }
        return store
    }
}
