import ArgumentParser
import CaseDesk
import CaseStore
import Foundation
import MailDesk

/// Which store, and acting for whom: what the commands and the screen share.
struct StorePlace: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The store file (default: $CASEDESK_DB, else $XDG_DATA_HOME/casedesk/cases.sqlite).", valueName: "PATH"))
    var db: String?

    @Option(name: .customLong("as"), help: ArgumentHelp(
        "Act for another staff member (root only; the event records both names).", valueName: "USER"))
    var actingAs: String?

    var path: String { StorePath.resolve(explicit: db) }

    func actor() throws -> Actor {
        do {
            return try Identity.actor(actingAs: actingAs)
        } catch {
            throw CLIError.usage(error.description)
        }
    }
}

/// The options every store command shares: which store, acting for whom, and JSON output.
struct StoreOptions: ParsableArguments {
    @OptionGroup var place: StorePlace

    @Flag(name: .customLong("json"), help: "Print JSON (shapes documented in the README).")
    var json = false

    var path: String { place.path }

    func actor() throws -> Actor { try place.actor() }

    /// Opens the store and builds the session every store command works in.
    func session() throws -> Session {
        let store = try cli { () throws(StoreError) in try CaseStores.open(path: path) }
        let procedure = try cli { () throws(StoreError) in try store.procedure() }
        let requested = try actor()
        let actor = try cli { () throws(StoreError) in try store.acting(requested) }
        return Session(store: store, actor: actor, procedure: procedure, json: json)
    }
}

/// An open store, the person working on it, and how to print.
struct Session {
    let store: any CaseStore
    let actor: Actor
    let procedure: Procedure
    let json: Bool

    var calendar: BusinessCalendar { procedure.calendar }

    /// Records a change and prints the case as it now stands.
    func record(_ change: Change, on number: CaseNumber, expectedVersion: Int?, now: Date = Date()) throws {
        let state: CaseState
        do {
            state = try cli { () throws(StoreError) in
                try store.record(change, on: number, expectedVersion: expectedVersion, by: actor, at: now)
            }
        } catch let error as CLIError where error.kind == .refused && !Session.names(error.message, case: number) {
            // Every refusal of a case names it ("ghost is not on this desk's staff" alone does not).
            throw CLIError.refused("case \(number): \(error.message)")
        }
        try printOutcome(state, change: change, now: now)
    }

    /// A case's whole trail and the case folded from it, as `show` and `bundle` print them; a case
    /// with no events is no case.
    func caseWithEvents(_ number: CaseNumber) throws -> (state: CaseState, events: [Event]) {
        let events = try cli { () throws(StoreError) in try store.events(of: number) }
        let state = try cli { () throws(StoreError) in
            do { return try CaseState.fold(events) } catch { throw StoreError.noSuchCase(number) }
        }
        return (state, events)
    }

    /// Whether a message already says "case N" (and not "case N0").
    static func names(_ message: String, case number: CaseNumber) -> Bool {
        IncidentLetters.names(message, case: number)
    }

    func printOutcome(_ state: CaseState, change: Change, now: Date) throws {
        if json {
            try JSONOutput.print(CaseJSON(state, procedure: procedure, events: nil, now: now, explain: false), calendar: calendar)
            return
        }
        print(CaseReport.safe("case \(state.number): \(actor.account) \(EventText.pastTense(change)) — now \(CaseReport.stageLine(state))"))
        if let next = procedure.nextClock(state, now: now) {
            print("next: \(CaseReport.clockLine(next, calendar: calendar, now: now))")
        }
    }
}

/// Runs a store call, turning its error into what the command line prints and exits with.
func cli<T>(_ body: () throws(StoreError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        switch error {
        case .invalid: throw CLIError.usage(error.description)
        // An empty required field is a command written wrong, like `new --customer " "`.
        case let .refused(refusal) where refusal.isMissingField: throw CLIError.usage(error.description)
        default: throw CLIError.refused(error.description)
        }
    }
}

/// Moments typed on the command line: ISO 8601 with `Z` or an offset, desk time, or a bare date.
func parseMoment(_ text: String?, option: String, calendar: BusinessCalendar, default now: Date) throws -> Date {
    guard let text else { return now }
    guard let moment = calendar.parseMoment(text) else {
        throw CLIError.usage("\(option) \"\(text)\" is not a time: expected e.g. 2027-03-25T10:00:00+01:00, 2027-03-25T10:00 (desk time) or 2027-03-25")
    }
    return moment
}

/// A receipt time typed on the command line (`--received`): a moment as `parseMoment` reads it
/// that can be a receipt time (`ReceiptTime`; not before 1990). Later than now is the store's to refuse.
func parseReceived(_ text: String?, calendar: BusinessCalendar, default now: Date) throws -> Date {
    let moment = try parseMoment(text, option: "--received", calendar: calendar, default: now)
    if let text, moment < ReceiptTime.earliest, let problem = ReceiptTime.problem(with: moment, now: now) {
        throw CLIError.usage("--received \"\(text)\" cannot be when it arrived: \(problem)")
    }
    return moment
}

/// A date typed on the command line (`YYYY-MM-DD`); a malformed one is a usage error naming the option.
func parseDate(_ text: String, option: String) throws -> LocalDate {
    guard let date = LocalDate(text) else { throw CLIError.usage("\(option) \"\(text)\" is not a date YYYY-MM-DD") }
    return date
}

/// An optional date option: nil when it was not given.
func parseDate(_ text: String?, option: String) throws -> LocalDate? {
    try text.map { text in try parseDate(text, option: option) }
}
