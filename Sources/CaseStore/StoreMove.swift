import CaseDesk
import Foundation

/// Everything a store holds that is not derived: the trail, the desk trail, the links, the message
/// archive, the staff and the settings. Moving a desk copies this; the projection, statistics and
/// search are rebuilt from it on the other side, as `verify` would rebuild them.
struct StoredRecord {
    struct StaffRow { var account: String; var roles: String; var addedMs: Int64; var addedBy: String }
    struct SettingRow { var key: String; var value: String?; var updatedMs: Int64; var updatedBy: String }
    struct MessageRow {
        var sha256: String; var caseNumber: CaseNumber; var sequence: Int; var direction: String; var messageID: String?
        var atMs: Int64; var origin: String; var size: Int64; var raw: Data
    }

    var staff: [StaffRow] = []
    var settings: [SettingRow] = []
    /// The meta values that say how the record was made (`settings_version`, `trail_linked_by_time`).
    var meta: [String: String] = [:]
    var deskEvents: [StoredDeskEvent] = []
    var events: [StoredEvent] = []
    var links: [(position: Int64, link: Data)] = []
    var messages: [MessageRow] = []
    /// Every incident number handed out and when, so the copy never hands one out again.
    var incidents: [(number: IncidentNumber, openedMs: Int64)] = []
}

/// What `casedesk migrate` proves: the same trail head on both sides, and `verify` on each.
public struct MoveReport: Sendable {
    public var cases: Int
    public var events: Int
    public var deskEvents: Int
    public var messages: Int
    public var sourceHead: TrailHead
    public var copyHead: TrailHead
    public var source: VerifyReport
    public var copy: VerifyReport

    public var isProven: Bool { sourceHead == copyHead && source.isClean && copy.isClean }
}

extension CaseStores {
    /// Copies an SQLite store into an empty PostgreSQL database, then proves the copy: the trail
    /// heads match and `verify` is clean on both. The source is only read. (The record is held in
    /// memory while it is copied: fine for a desk's years, not for a generated ten million cases.)
    public static func move(from path: String, to destination: String) throws(StoreError) -> MoveReport {
        guard case let .sqliteFile(file) = try StoreLocation(path) else {
            throw .invalid("--from \(path): give the SQLite store file to copy")
        }
        guard case let .postgreSQL(address) = try StoreLocation(destination) else {
            throw .invalid("--to \(destination): give a PostgreSQL URI (postgresql://user@host/dbname)")
        }
        let source = try SQLiteCaseStore.open(path: file)
        let sourceReport = try source.verify()
        guard sourceReport.isClean else {
            throw .invalid("\(file) does not verify clean (\(sourceReport.differences.count) problem(s); see casedesk verify --db \(file)): a desk is moved only with a record that proves itself")
        }
        let record = try source.storedRecord()
        let copy = try PostgresCaseStore.receive(record, at: address)
        return MoveReport(cases: Set(record.events.map(\.caseNumber)).count, events: record.events.count, deskEvents: record.deskEvents.count,
                          messages: record.messages.count, sourceHead: sourceReport.head, copyHead: try copy.trailHead(),
                          source: sourceReport, copy: try copy.verify())
    }
}
