import CaseDesk
import Foundation

/// The shared case store: every write goes through here, judged by the procedure, checked against
/// the actor's roles and the version the caller read, and appended to the trail in one transaction.
///
/// The protocol knows nothing of SQL so a second backend (PostgreSQL, for teams on several hosts)
/// can run the same contract tests.
public protocol CaseStore: AnyObject, Sendable {
    /// Where the store lives, for headers and messages (a path, or a connection name).
    var location: String { get }

    /// The procedure of this store: its policy and calendar, shared by everyone who uses it.
    func procedure() throws(StoreError) -> Procedure

    // MARK: Staff

    func staff() throws(StoreError) -> [StaffMember]
    /// The roles of an account; empty when the account is not on the staff.
    func roles(of account: String) throws(StoreError) -> Set<Role>
    /// Adds a person or changes their roles. Admins only.
    func setStaff(_ account: String, roles: Set<Role>, by actor: Actor, at now: Date) throws(StoreError)
    func removeStaff(_ account: String, by actor: Actor, at now: Date) throws(StoreError)
    /// The staff member this process works as, given who runs it: the same on SQLite (the
    /// operating-system account); on PostgreSQL the database's session role, which the database
    /// also writes into every event, whatever the client sends.
    func acting(_ requested: Actor) throws(StoreError) -> Actor

    // MARK: Configuration (admins)

    /// The policy and calendar files' text as stored (nil: the built-in defaults).
    func settings() throws(StoreError) -> StoreSettings
    /// Makes a new version of the rules from a policy or calendar file's text (nil: the built-in
    /// defaults), parsed once here (a mistake is named with the change's `file`), in force from
    /// `change.from` (default: now; never earlier). Clocks already running keep the rules they
    /// started under, and closed cases never change; with `rebaseOpen`, each open clock whose due
    /// moment moves under the new rules follows them, with a `clock_rebased` event in its case's
    /// trail saying from when to when and why — all in one transaction. Admins only.
    func changeRules(_ change: RuleChange, by actor: Actor, at now: Date) throws(StoreError) -> RuleChangeReport
    /// What `changeRules` would do, changing nothing: the open clocks whose due moment would move
    /// if they followed the new rules. Anyone on the staff may ask.
    func previewRules(_ change: RuleChange, by actor: Actor, at now: Date) throws(StoreError) -> RuleChangeReport

    // MARK: Cases

    /// Opens a case; its number is the next free one.
    func open(_ intake: Intake, by actor: Actor, at now: Date) throws(StoreError) -> CaseState
    /// Records a change. `expectedVersion` is the version the caller read; nil reads and writes in
    /// the same transaction (a command typed in one go, with nothing read in between).
    func record(_ change: Change, on number: CaseNumber, expectedVersion: Int?, by actor: Actor, at now: Date) throws(StoreError) -> CaseState
    func caseState(_ number: CaseNumber) throws(StoreError) -> CaseState
    func events(of number: CaseNumber) throws(StoreError) -> [Event]

    // MARK: Mail (issue 5)

    /// Files one received message, in one transaction: a duplicate (same Message-ID or same bytes)
    /// changes nothing; a message answering one filed with a case, or carrying a case's tag, joins
    /// that case (and files the formal complaint or escalation the procedure sees in it); any other
    /// opens a case. A refusal (permissions, the procedure) throws and writes nothing.
    func importMessage(_ message: IncomingMessage, by actor: Actor, at now: Date) throws(StoreError) -> ImportOutcome
    /// Files several received messages, in order, each exactly as `importMessage` files it (a refused
    /// one writes nothing and leaves the others), in as few transactions as the backend can: a
    /// mailbox of thousands of messages is not thousands of commits. One outcome per message.
    func importMessages(_ messages: [IncomingMessage], by actor: Actor, at now: Date) -> [Result<ImportOutcome, StoreError>]
    /// Files a letter sent from a case together with the stage's event it goes with (`change`:
    /// acknowledged, extension notified, responded, final response; nil for a letter that moves
    /// nothing), in one transaction: if either is refused, neither is written.
    func recordLetter(_ message: OutgoingMessage, with change: Change?, on number: CaseNumber, expectedVersion: Int?,
                      by actor: Actor, at now: Date) throws(StoreError) -> CaseState
    /// Files several letters at once (an incident's outcome letters to each reporter), in one
    /// transaction: each letter with its event judged on its own case as `recordLetter` judges one;
    /// a refused letter writes nothing and stops none of the others (listed in the outcome). A
    /// failure of the store itself writes none of them.
    func recordLetters(_ letters: [CaseLetter], by actor: Actor, at now: Date) throws(StoreError) -> BatchOutcome
    /// A message from the archive by its SHA-256 (or a prefix of at least 8 digits naming one
    /// message) or by its Message-ID (with or without angle brackets).
    func storedMessage(_ key: String) throws(StoreError) -> StoredMessage

    // MARK: Incidents (issue 12)

    /// Puts abuse reports in one incident, in one transaction: the incident one of them is in
    /// already (the lowest number, if several are), else a new one (which needs two reports). Each
    /// `linked` event is judged on its own; refusals are listed. `unlinked` is recorded with `record`.
    func link(_ numbers: [CaseNumber], reason: String?, by actor: Actor, at now: Date) throws(StoreError) -> LinkOutcome
    /// The same change recorded on each case, in one transaction, each judged on its own: a refused
    /// case writes nothing and stops none of the others.
    func recordEach(_ change: Change, on numbers: [CaseNumber], by actor: Actor, at now: Date) throws(StoreError) -> BatchOutcome
    /// A move on an incident: `recordEach` on the reports in it, read inside the same transaction.
    func recordOnIncident(_ change: Change, incident: IncidentNumber, by actor: Actor, at now: Date) throws(StoreError) -> BatchOutcome
    /// The reports in an incident now, by number (empty: no such incident, or every report unlinked).
    func incidentReports(_ incident: IncidentNumber) throws(StoreError) -> [CaseNumber]

    // MARK: The queue

    func queue(_ query: QueueQuery, page: PageRequest, now: Date) throws(StoreError) -> [QueueRow]
    func count(_ query: QueueQuery, now: Date) throws(StoreError) -> Int
    func counts(now: Date) throws(StoreError) -> QueueCounts
    /// Full-text search (accent-insensitive), newest cases first.
    func search(_ text: String, scope: QueueQuery.Scope, limit: Int) throws(StoreError) -> [QueueRow]
    func rows(_ numbers: [CaseNumber]) throws(StoreError) -> [QueueRow]

    // MARK: The record: statistics and the shift handover

    /// Counts, clock outcomes, business times and the escalation rate of the cases received in a range.
    func statistics(_ query: Statistics.Query, now: Date) throws(StoreError) -> Statistics
    /// The latest `latest` events recorded in [from, to), oldest first.
    func eventsRecorded(from: Date, to: Date, latest: Int) throws(StoreError) -> [Event]
    /// How many events were recorded in [from, to) (counted on the index, none read).
    func eventCount(from: Date, to: Date) throws(StoreError) -> Int
    /// The notes on cases left for the next shift (`note` events marked for the handover)
    /// recorded in [from, to), oldest first: every one, however many other events the period has.
    func handoverCaseNotes(from: Date, to: Date) throws(StoreError) -> [Event]
    /// Records that `actor` read the handover of the shift that started at `shiftStart` (an event of the desk).
    func markHandoverRead(shiftStart: Date, shiftEnd: Date, by actor: Actor, at now: Date) throws(StoreError)
    /// Who marked the handover of that shift read, and when.
    func handoverReads(shiftStart: Date) throws(StoreError) -> [(account: String, at: Date)]
    /// Leaves a handover note for the whole desk, about no one case ("the registry's EPP is down
    /// until 16:00"): an event of the desk, linked in the trail like any other. Anyone who may leave
    /// handover notes may (viewers too); empty text is refused.
    func addHandoverNote(_ text: String, by actor: Actor, at now: Date) throws(StoreError)
    /// The desk-wide handover notes written in [from, to), oldest first.
    func handoverNotes(from: Date, to: Date) throws(StoreError) -> [HandoverReport.DeskNote]

    // MARK: Time, integrity, change feed

    /// Writes the `lapsed` event on every case whose customer window has run out; returns those cases.
    /// Safe to run from several processes at once: each lapse is written once.
    func sweep(by actor: Actor, at now: Date) throws(StoreError) -> [CaseNumber]
    /// Proves the record: the file's integrity, the append-only triggers, every link of the trail
    /// (and, given a seal kept elsewhere, that the trail up to it is unchanged), every event judged
    /// again by the procedure and the permission table in force when it was written, and every
    /// projection, statistics row, staff member and setting rebuilt from the trails and compared.
    /// Every problem is listed; none stops the check.
    func verify(seal: TrailHead?) throws(StoreError) -> VerifyReport
    /// The head of the trail now: what `casedesk seal` prints, and what reports carry.
    func trailHead() throws(StoreError) -> TrailHead
    /// A feed that tells whether another process wrote since the last poll.
    func changeFeed() throws(StoreError) -> ChangeFeed
    /// Adds `count` generated demo cases (and the demo staff) after the last case; admins and the
    /// head only, and into a store without cases unless `alongsideCases`. The numbers added.
    func loadDemo(count: Int, seed: UInt64, by actor: Actor, now: Date, alongsideCases: Bool,
                  progress: (@Sendable (Int) -> Void)?) throws(StoreError) -> ClosedRange<CaseNumber>?
    /// `loadDemo` into a store just made for it alone (the bench's), kept only once the load has
    /// finished: a backend may give up what protects a desk's store against a killed process while
    /// it loads (SQLite: the journal and syncs). By default, `loadDemo`.
    func loadDemoIntoScratchStore(count: Int, seed: UInt64, by actor: Actor, now: Date,
                                  progress: (@Sendable (Int) -> Void)?) throws(StoreError) -> ClosedRange<CaseNumber>?
    /// The store can be read but not written by this account (file or folder permissions).
    var isReadOnly: Bool { get }
    /// Whether a long change (rules, upgrade) still owes batches: rows to rebuild, clocks to move.
    func reprojectionPending() throws(StoreError) -> Bool
    /// Does the batches a long change still owes (one cut short by a killed process), each its own
    /// short transaction.
    func finishReprojection() throws(StoreError)
    /// Writes everything the store holds in its log into its files (SQLite: the WAL), so the files'
    /// size is the store's size.
    func checkpoint() throws(StoreError)
    /// How long, in milliseconds, this connection waited to take the write lock (given back at once).
    func writeLockWait() throws(StoreError) -> Double
    /// Events recorded in a range (either end open), oldest first, in batches: for exports.
    func exportEvents(recordedFrom: Date?, to: Date?, _ body: ([Event]) throws -> Void) throws(StoreError)
    /// Cases received in a range (either end open), by number, in batches, with how each clock fared.
    func exportCases(receivedFrom: Date?, to: Date?, _ body: ([CaseExport]) throws -> Void) throws(StoreError)
}

extension CaseStore {
    public func loadDemoIntoScratchStore(count: Int, seed: UInt64, by actor: Actor, now: Date,
                                         progress: (@Sendable (Int) -> Void)?) throws(StoreError) -> ClosedRange<CaseNumber>? {
        try loadDemo(count: count, seed: seed, by: actor, now: now, alongsideCases: false, progress: progress)
    }

    /// A store that trusts the caller's account (SQLite: the operating system named it).
    public func acting(_ requested: Actor) throws(StoreError) -> Actor { requested }

    /// One transaction per message, for a backend without a better way.
    public func importMessages(_ messages: [IncomingMessage], by actor: Actor, at now: Date) -> [Result<ImportOutcome, StoreError>] {
        messages.map { message in
            do throws(StoreError) { return .success(try importMessage(message, by: actor, at: now)) } catch { return .failure(error) }
        }
    }

    public func record(_ change: Change, on number: CaseNumber, expectedVersion: Int? = nil, by actor: Actor) throws(StoreError) -> CaseState {
        try record(change, on: number, expectedVersion: expectedVersion, by: actor, at: Date())
    }

    public func open(_ intake: Intake, by actor: Actor) throws(StoreError) -> CaseState {
        try open(intake, by: actor, at: Date())
    }

    public func verify() throws(StoreError) -> VerifyReport {
        try verify(seal: nil)
    }

    /// A new policy in force from now; running clocks keep theirs.
    public func setPolicy(text: String?, file: String = "policy", by actor: Actor, at now: Date) throws(StoreError) {
        _ = try changeRules(RuleChange(setting: .policy, text: text, file: file), by: actor, at: now)
    }

    /// A new calendar in force from now; running clocks keep theirs.
    public func setCalendar(text: String?, file: String = "calendar", by actor: Actor, at now: Date) throws(StoreError) {
        _ = try changeRules(RuleChange(setting: .calendar, text: text, file: file), by: actor, at: now)
    }
}

/// Who is writing: the staff member, and the operating-system account that ran the program when it
/// acted for someone else (`--as`, root only).
public struct Actor: Sendable, Hashable, CustomStringConvertible {
    public var account: String
    public var via: String?

    public init(account: String, via: String? = nil) {
        self.account = account
        self.via = via
    }

    public var description: String { via.map { "\(account) (via \($0))" } ?? account }
}

public struct StaffMember: Sendable, Hashable, Codable {
    public var account: String
    public var roles: Set<Role>
    public var added: Date
    public var addedBy: String

    public init(account: String, roles: Set<Role>, added: Date, addedBy: String) {
        self.account = account
        self.roles = roles
        self.added = added
        self.addedBy = addedBy
    }
}

public struct StoreSettings: Sendable, Equatable {
    public var policyText: String?
    public var calendarText: String?
    public init(policyText: String? = nil, calendarText: String? = nil) {
        self.policyText = policyText
        self.calendarText = calendarText
    }
}

/// What the queue shows of a case without folding its trail.
public struct QueueRow: Sendable, Equatable, Hashable {
    public var number: CaseNumber
    public var kind: CaseKind
    public var channel: Channel
    public var stage: Stage
    public var isOpen: Bool
    public var received: Date
    public var customer: String
    public var subject: String
    public var domains: [String]
    public var category: AbuseCategory?
    public var assignee: String?
    /// The next running clock (a desk clock before the customer's window), nil when none runs.
    public var nextClock: Clock.Kind?
    public var nextDue: Date?
    public var closeReason: CloseReason?
    public var closed: Date?
    public var version: Int
    public var updated: Date
    public var updatedBy: String
    /// Where the row stands in the queue's order; pass it back to page after or before it.
    public var position: QueuePosition
    /// The incident the report is in.
    public var incident: IncidentNumber?
    /// On a queue with incidents collapsed, the row standing for its incident: how many of the
    /// incident's reports the filter finds (this row is the one whose clock comes first). nil otherwise.
    public var incidentReports: Int?
    /// An abuse report's reporter class (nil for complaints and feedback).
    public var reporterClass: ReporterClass?

    public init(number: CaseNumber, kind: CaseKind, channel: Channel, stage: Stage, isOpen: Bool, received: Date,
                customer: String, subject: String, domains: [String], category: AbuseCategory?, assignee: String?,
                nextClock: Clock.Kind?, nextDue: Date?, closeReason: CloseReason?, closed: Date?, version: Int,
                updated: Date, updatedBy: String, position: QueuePosition, incident: IncidentNumber? = nil,
                incidentReports: Int? = nil, reporterClass: ReporterClass? = nil) {
        self.reporterClass = reporterClass
        self.incident = incident
        self.incidentReports = incidentReports
        self.number = number
        self.kind = kind
        self.channel = channel
        self.stage = stage
        self.isOpen = isOpen
        self.received = received
        self.customer = customer
        self.subject = subject
        self.domains = domains
        self.category = category
        self.assignee = assignee
        self.nextClock = nextClock
        self.nextDue = nextDue
        self.closeReason = closeReason
        self.closed = closed
        self.version = version
        self.updated = updated
        self.updatedBy = updatedBy
        self.position = position
    }
}

/// A place in the queue's order: running desk clocks by due moment, then cases waiting on the
/// customer's window, then open cases with no clock, then closed cases, newest closure first.
///
/// A queue sorted by another column (`QueueQuery.Order`) pages by that column's key first: the
/// position carries every key, as the store compares them.
public struct QueuePosition: Sendable, Hashable, Comparable {
    public var tier: Int
    public var sortKey: Int64
    public var number: CaseNumber
    /// When the case was received (milliseconds): the received order's key.
    public var received: Int64
    /// The customer as the store compares names (lower case): the customer order's key.
    public var customerKey: String
    /// The assignee, "" for nobody (so the unassigned come first): the assignee order's key.
    public var assigneeKey: String
    /// The kind's code: the kind order's key.
    public var kind: String

    public init(tier: Int, sortKey: Int64, number: CaseNumber, received: Int64 = 0, customerKey: String = "", assigneeKey: String = "",
                kind: String = "") {
        self.tier = tier
        self.sortKey = sortKey
        self.number = number
        self.received = received
        self.customerKey = customerKey
        self.assigneeKey = assigneeKey
        self.kind = kind
    }

    /// The same place, one case number earlier: paging after it starts at this row itself.
    public var justBefore: QueuePosition {
        var position = self
        position.number -= 1
        return position
    }

    public static func < (lhs: QueuePosition, rhs: QueuePosition) -> Bool {
        (lhs.tier, lhs.sortKey, lhs.number) < (rhs.tier, rhs.sortKey, rhs.number)
    }
}

/// Which window of the queue to fetch. Pages by position (keyset) stay fast at any depth.
public enum PageRequest: Sendable, Equatable {
    case first(Int)
    case last(Int)
    case after(QueuePosition, Int)
    case before(QueuePosition, Int)
    case offset(Int, Int)

    public var limit: Int {
        switch self {
        case let .first(n), let .last(n), let .after(_, n), let .before(_, n), let .offset(_, n): n
        }
    }
}

public struct QueueCounts: Sendable, Equatable {
    public var open: Int
    public var overdue: Int
    public var dueToday: Int
    public init(open: Int, overdue: Int, dueToday: Int) {
        self.open = open
        self.overdue = overdue
        self.dueToday = dueToday
    }
}

public struct VerifyReport: Sendable, Equatable {
    public var integrity: [String]
    public var casesChecked: Int
    public var eventsChecked: Int
    /// Desk events (staff, settings, handover reads) checked.
    public var deskEventsChecked: Int
    /// One line per problem: the case or desk event, the event, what differs or what the rules say.
    public var differences: [String]
    /// The head the trail had when it was checked.
    public var head: TrailHead
    /// The seal the trail was checked against, if one was given (a problem is listed if it does not hold).
    public var seal: TrailHead?

    public var isClean: Bool { integrity == ["ok"] && differences.isEmpty }

    public init(integrity: [String], casesChecked: Int, eventsChecked: Int, deskEventsChecked: Int = 0, differences: [String],
                head: TrailHead = .empty, seal: TrailHead? = nil) {
        self.integrity = integrity
        self.casesChecked = casesChecked
        self.eventsChecked = eventsChecked
        self.deskEventsChecked = deskEventsChecked
        self.differences = differences
        self.head = head
        self.seal = seal
    }
}

/// Tells a process that someone else wrote to the store.
public protocol ChangeFeed: AnyObject {
    /// True when another connection committed since the last call.
    func poll() throws(StoreError) -> Bool
    /// True once after the store's connection was lost and made again (what happened meanwhile is
    /// unknown: the screen reads everything again and says so).
    func takeReconnection() -> Bool
}

extension ChangeFeed {
    /// A SQLite file is never disconnected.
    public func takeReconnection() -> Bool { false }
}

/// A case as exports show it: its queue row and the outcome of each of its desk clocks.
public struct CaseExport: Sendable {
    /// A clock's outcome as the store keeps it: settled for good, or still running to a due moment.
    public enum Outcome: Sendable, Equatable {
        /// `met`, `missed`, `not_due` or `paused`.
        case settled(String)
        case running(due: Date)

        /// `open` or `overdue` for a running clock, judged at `now`; the settled word otherwise.
        public func name(at now: Date) -> String {
            switch self {
            case let .settled(name): name
            case let .running(due): now > due ? "overdue" : "open"
            }
        }
    }

    public var row: QueueRow
    /// Per clock kind (`target`, `ack`, `respond`, `escalation-ack`, `final`); absent when the case
    /// never had that clock.
    public var clocks: [Clock.Kind: Outcome]

    public init(row: QueueRow, clocks: [Clock.Kind: Outcome]) {
        self.row = row
        self.clocks = clocks
    }
}

/// Opens and creates stores by where they live (`StoreLocation`: an SQLite file's path or a
/// PostgreSQL URI), so that callers hold `any CaseStore` and never a backend's class.
public enum CaseStores {
    public static func open(path: String) throws(StoreError) -> any CaseStore {
        switch try StoreLocation(path) {
        case let .sqliteFile(file): try SQLiteCaseStore.open(path: file)
        case let .postgreSQL(address): try PostgresCaseStore.open(address)
        }
    }

    public static func create(path: String, creator: Actor, roles: Set<Role>) throws(StoreError) -> any CaseStore {
        switch try StoreLocation(path) {
        case let .sqliteFile(file): try SQLiteCaseStore.create(path: file, creator: creator, roles: roles)
        case let .postgreSQL(address): try PostgresCaseStore.create(address, creator: creator, roles: roles)
        }
    }
}
