import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "The number and type of complaints and abuse reports, per week or month, and how the clocks fared.",
        discussion: """
            Cases are counted in the period they were received (desk time). A clock's share met is met \
            ÷ (met + missed + overdue). Business time to acknowledge and to respond runs from the formal \
            complaint, in business days of 24 h. The escalation rate is escalations ÷ formal complaints answered.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("From this date (YYYY-MM-DD, inclusive).", valueName: "DATE")) var from: String?
    @Option(help: ArgumentHelp("To this date (YYYY-MM-DD, inclusive).", valueName: "DATE")) var to: String?
    @Option(help: "week or month.") var by: String = "month"
    @Option(help: "table, json or csv.") var format: String = "table"

    func run() throws {
        let session = try store.session()
        let format = store.json ? "json" : format.lowercased()
        guard ["table", "json", "csv"].contains(format) else { throw CLIError.usage("--format \"\(self.format)\": table, json or csv") }
        guard let period = Statistics.Period(rawValue: by.lowercased()) else { throw CLIError.usage("--by \"\(by)\": week or month") }
        let query = Statistics.Query(from: try parseDate(from, option: "--from"), to: try parseDate(to, option: "--to"), by: period)
        if let start = query.from, let end = query.to, end < start { throw CLIError.usage("--to is before --from") }
        let stats = try cli { () throws(StoreError) in try session.store.statistics(query, now: Date()) }
        let policy = session.procedure.policy
        let abuse = try StatsCommand.abuseFigures(session, query: query, now: Date())
        switch format {
        case "json":
            var json = StatisticsJSON(stats, policy: policy)
            json.groups[json.groups.count - 1].measures += StatsCommand.abuseMeasures(abuse).map {
                StatisticsJSON.Measure(measure: $0.0, key: $0.1, value: $0.2)
            }
            try JSONOutput.print(json, calendar: session.calendar)
        case "csv":
            var csv = CSVWriter()
            csv.row(["period", "measure", "key", "value"])
            for group in stats.groups + [stats.total] {
                for (measure, key, value) in StatisticsJSON.measures(group, policy: policy) { csv.row([group.label, measure, key, value.text]) }
            }
            for (measure, key, value) in StatsCommand.abuseMeasures(abuse) { csv.row([stats.total.label, measure, key, value.text]) }
            csv.flush()
        default:
            for line in StatisticsTable.lines(stats, policy: policy) + StatsCommand.abuseLines(abuse) { print(line) }
        }
    }
}

enum StatisticsTable {
    static func lines(_ stats: Statistics, policy: Policy) -> [String] {
        let range = [stats.query.from?.description, stats.query.to?.description]
        // 80 columns: the shares met and the escalation rate in per cent, business days as median/p90.
        var lines = ["Cases received \(range[0] ?? "from the start") … \(range[1] ?? "today"), by \(stats.query.by.rawValue)",
                     "ack% resp% fin%: met · esc%: escalated · ack d, resp d: business days med/p90", ""]
        let header = ["period", "cases", "compl.", "abuse", "feedb.", "ack%", "resp%", "fin%", "ack d", "resp d", "esc%"]
        let widths = [8, 6, 6, 6, 6, 5, 5, 5, 9, 9, 5]
        func row(_ cells: [String]) -> String {
            zip(cells, widths).enumerated().map { index, pair in
                index == 0 ? pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: max(0, pair.1 - pair.0.count)) + pair.0
            }.joined(separator: " ")
        }
        lines.append(row(header))
        for group in stats.groups + [stats.total] {
            lines.append(row([
                group.label, "\(group.cases)", "\(group.byKind[.complaint] ?? 0)", "\(group.byKind[.abuse] ?? 0)",
                "\(group.byKind[.feedback] ?? 0)", share(group.clocks[.acknowledge]), share(group.clocks[.respond]),
                share(group.clocks[.finalResponse]), spread(group.acknowledge), spread(group.respond), percent(group.escalationRate),
            ]))
        }
        let total = stats.total
        lines.append("")
        lines.append("In all (\(total.cases) cases)")
        lines.append("  by category: " + counts(AbuseCategory.allCases.map { ($0.rawValue, total.byCategory[$0] ?? 0) }))
        lines.append("  by channel:  " + counts(Channel.allCases.map { ($0.rawValue, total.byChannel[$0] ?? 0) }))
        lines.append("  by stage reached: " + counts(Stage.allCases.map { ($0.title, total.byStage[$0] ?? 0) }))
        lines.append("  by outcome:  " + counts((["open"] + CloseReason.allCases.map(\.rawValue)).map { ($0, total.byOutcome[$0] ?? 0) }))
        lines.append("  complaints by type: " + counts(StatisticsJSON.names(policy.complaintTypes, total.byType).map { ($0, total.byType[$0] ?? 0) }))
        lines.append("  feedback by team:   " + counts(StatisticsJSON.names(policy.feedbackTeams, total.byTeam).map { ($0, total.byTeam[$0] ?? 0) }))
        for kind in Statistics.clockKinds {
            let tally = total.clocks[kind] ?? .init()
            lines.append("  \(kind.title): met \(tally.met), missed \(tally.missed), overdue \(tally.overdue), open \(tally.open) — \(share(tally)) met")
        }
        return lines
    }

    static func counts(_ pairs: [(String, Int)]) -> String {
        pairs.filter { $0.1 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    }

    static func share(_ tally: Statistics.ClockTally?) -> String { percent(tally?.metShare) }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "–" }

    static func spread(_ spread: Statistics.Spread?) -> String {
        spread.map { String(format: "%.1f/%.1f", $0.median, $0.p90) } ?? "–"
    }
}

/// Statistics as JSON, and as the long (period, measure, key, value) rows of the CSV.
struct StatisticsJSON: Encodable {
    struct Group: Encodable {
        var period: String
        var measures: [Measure]
    }

    struct Measure: Encodable {
        var measure: String
        var key: String
        var value: Figure
    }

    /// One figure: a count, or a share or a number of days (null when there is nothing to divide).
    /// JSON gets numbers; the CSV gets the same numbers as text.
    enum Figure: Encodable, Equatable {
        case count(Int)
        case fraction(Double?, digits: Int)

        var text: String {
            switch self {
            case let .count(value): "\(value)"
            case let .fraction(value, digits): value.map { String(format: "%.\(digits)f", $0) } ?? ""
            }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case let .count(value): try container.encode(value)
            case let .fraction(value?, digits):
                let scale = pow(10, Double(digits))
                try container.encode((value * scale).rounded() / scale)
            case .fraction(nil, _): try container.encodeNil()
            }
        }
    }

    var from: String?
    var to: String?
    var by: String
    var groups: [Group]

    init(_ stats: Statistics, policy: Policy) {
        from = stats.query.from?.description
        to = stats.query.to?.description
        by = stats.query.by.rawValue
        groups = (stats.groups + [stats.total]).map { group in
            Group(period: group.label, measures: StatisticsJSON.measures(group, policy: policy).map { Measure(measure: $0.0, key: $0.1, value: $0.2) })
        }
    }

    /// Every figure of a group as (measure, key, value): what a spreadsheet or BI tool pivots on.
    /// The policy's names, then any other name counted (a type or team the policy no longer lists).
    static func names(_ listed: [String], _ counted: [String: Int]) -> [String] {
        listed + counted.keys.filter { !listed.contains($0) }.sorted()
    }

    static func measures(_ group: Statistics.Group, policy: Policy) -> [(String, String, Figure)] {
        var rows: [(String, String, Figure)] = [("cases", "all", .count(group.cases))]
        rows += CaseKind.allCases.map { ("kind", $0.rawValue, .count(group.byKind[$0] ?? 0)) }
        rows += AbuseCategory.allCases.map { ("category", $0.rawValue, .count(group.byCategory[$0] ?? 0)) }
        rows += Channel.allCases.map { ("channel", $0.rawValue, .count(group.byChannel[$0] ?? 0)) }
        rows += Stage.allCases.map { ("stage_reached", $0.rawValue, .count(group.byStage[$0] ?? 0)) }
        rows += (["open"] + CloseReason.allCases.map(\.rawValue)).map { ("outcome", $0, .count(group.byOutcome[$0] ?? 0)) }
        rows += names(policy.complaintTypes, group.byType).map { ("complaint_type", $0, .count(group.byType[$0] ?? 0)) }
        rows += names(policy.feedbackTeams, group.byTeam).map { ("feedback_team", $0, .count(group.byTeam[$0] ?? 0)) }
        for kind in Statistics.clockKinds {
            let tally = group.clocks[kind] ?? .init()
            rows += [("clock_met", kind.rawValue, .count(tally.met)), ("clock_missed", kind.rawValue, .count(tally.missed)),
                     ("clock_overdue", kind.rawValue, .count(tally.overdue)), ("clock_open", kind.rawValue, .count(tally.open)),
                     ("clock_met_share", kind.rawValue, .fraction(tally.metShare, digits: 4))]
        }
        for (name, spread) in [("acknowledge", group.acknowledge), ("respond", group.respond)] {
            rows += [("business_days_median", name, .fraction(spread?.median, digits: 3)),
                     ("business_days_p90", name, .fraction(spread?.p90, digits: 3)),
                     ("business_days_count", name, .count(spread?.count ?? 0))]
        }
        rows += [("escalation", "answered_at_head", .count(group.answeredAtHead)), ("escalation", "escalated", .count(group.escalated)),
                 ("escalation", "rate", .fraction(group.escalationRate, digits: 4))]
        return rows
    }
}
