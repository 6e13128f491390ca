import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The statistics as lines with bar charts, in the words of `casedesk stats`: cases per period
/// stacked by kind; for the range, bar lists by category, channel, stage reached and outcome; each
/// clock's share met; business days to acknowledge and respond; the escalation rate. On a wide
/// screen the bar lists go beside the rest. Pure, so it scrolls and is tested without a store.
struct StatisticsDocument {
    var main: [DocLine] = []
    var side: [DocLine] = []
    let columns: (main: Int, side: Int)?

    var rowCount: Int { columns == nil ? main.count + side.count : max(main.count, side.count) }

    static let kinds: [(kind: CaseKind, role: ScreenRole)] = [
        (.complaint, .chartComplaint), (.abuse, .chartAbuse), (.feedback, .chartFeedback),
    ]

    /// `twoColumns` (on a wide screen, `DeskLayout.isWide`) puts the bar lists beside the chart.
    init(screen: StatisticsScreen, session: DeskSession, width: Int, twoColumns: Bool) {
        columns = twoColumns ? (width / 2, width - width / 2 - 3) : nil
        let mainWidth = columns?.main ?? width
        let sideWidth = columns?.side ?? width
        guard let stats = screen.statistics else {
            main = [DocLine("Counting the cases…", .muted)]
            return
        }
        let calendar = session.calendar
        let query = stats.query
        let range = "Cases received \(query.from?.readable ?? "from the start") … \(query.to?.readable ?? "today"), by \(query.by.rawValue)"
        main = Self.wrapped(DocLine([Span(range, .title), Span(" · \(stats.total.cases) case\(stats.total.cases == 1 ? "" : "s")", .muted)]),
                            width: mainWidth)
        main += Self.wrapped(DocLine("\(screen.range.title) (r) · by \(query.by.rawValue) (w) · as of \(calendar.readable(screen.asOf))",
                                     .muted), width: mainWidth)
        main += Self.kindChart(stats, today: calendar.localDate(of: screen.asOf), width: mainWidth)
        main += Self.clocks(stats.total, width: mainWidth)
        main += Self.times(stats.total, width: mainWidth)
        let total = stats.total
        side = Self.barList("By category", AbuseCategory.allCases.map { ($0.rawValue, total.byCategory[$0] ?? 0) },
                            empty: "no abuse reports", width: sideWidth)
        side += Self.barList("By channel", Channel.allCases.map { ($0.rawValue, total.byChannel[$0] ?? 0) }, width: sideWidth)
        side += Self.barList("By stage reached", Stage.allCases.map { ($0.title, total.byStage[$0] ?? 0) }, width: sideWidth)
        side += Self.barList("By outcome", (["open"] + CloseReason.allCases.map(\.rawValue)).map { ($0, total.byOutcome[$0] ?? 0) },
                             width: sideWidth)
        // The number and type of complaints, and where feedback went (issue 11): the policy's
        // lists in their order, then a name the policy no longer lists.
        let policy = session.procedure.policy
        func listed(_ names: [String], _ counts: [String: Int]) -> [(String, Int)] {
            names.map { ($0, counts[$0] ?? 0) } + counts.keys.filter { !names.contains($0) }.sorted().map { ($0, counts[$0] ?? 0) }
        }
        side += Self.barList("Complaints by type", listed(policy.complaintTypes, total.byType), empty: "no complaints with a type",
                             width: sideWidth)
        side += Self.barList("Feedback by team", listed(policy.feedbackTeams, total.byTeam), empty: "no feedback routed",
                             width: sideWidth)
        if columns == nil {
            main += side
            side = []
        } else {
            side.removeFirst()
        }
    }

    static func wrapped(_ line: DocLine, width: Int) -> [DocLine] {
        DeskRenderer.wrapSpans(line, width: width)
    }

    static func heading(_ text: String, _ extra: [Span] = []) -> [DocLine] {
        [.blank, DocLine([Span(text, .title)] + extra)]
    }

    static func count(_ value: Int) -> String { String(value) }

    /// "71%", or "–" when nothing is decided yet (as `casedesk stats` writes it).
    static func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "–" }

    /// A bar's spans: the runs of block characters, padded to `width` so what follows lines up.
    static func bar(_ bar: HorizontalBar, scale: Double, width: Int, track: Bool = false) -> [Span] {
        let runs = bar.runs(scale: scale, width: width)
        let used = runs.reduce(0) { $0 + $1.text.count }
        var spans = runs.map { Span($0.text, $0.role) }
        if width > used { spans.append(track ? Span(String(repeating: "░", count: width - used), .muted)
                                            : Span(String(repeating: " ", count: width - used))) }
        return spans
    }

    /// Cases per period, stacked by kind, with the counts after each bar in the legend's order.
    static func kindChart(_ stats: Statistics, today: LocalDate, width: Int) -> [DocLine] {
        var legend: [Span] = [Span("   ")]
        for (kind, role) in kinds {
            legend += [Span("█", role), Span(" \(kind.rawValue)  ", .muted)]
        }
        var lines = heading("Cases by kind, per \(stats.query.by.rawValue)")
        lines += wrapped(DocLine(legend), width: width)
        let groups = Dictionary(stats.groups.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
        let labels = periodLabels(stats, today: today)
        guard !labels.isEmpty else { return lines + [DocLine("  no cases in this range", .muted)] }
        let tails = labels.map { label -> [Span] in
            let group = groups[label]
            let counts = kinds.map { count(group?.byKind[$0.kind] ?? 0) }
            return [Span(count(group?.cases ?? 0)), Span("  " + counts.joined(separator: "·"), .muted)]
        }
        let totalWidth = tails.map { TerminalText.displayWidth($0[0].text) }.max() ?? 1
        let tailWidth = tails.map { TerminalText.displayWidth($0[1].text) }.max() ?? 0
        let labelWidth = labels.map(TerminalText.displayWidth).max() ?? 7
        let barWidth = max(4, width - labelWidth - 2 - totalWidth - tailWidth)
        let scale = Double(labels.map { groups[$0]?.cases ?? 0 }.max() ?? 0)
        for (label, tail) in zip(labels, tails) {
            let group = groups[label]
            let stacked = HorizontalBar(stacking: kinds.map { .init(Double(group?.byKind[$0.kind] ?? 0), role: $0.role) })
            lines.append(DocLine([Span(TerminalText.fit(label, width: labelWidth) + " ", .label)]
                + bar(stacked, scale: scale, width: barWidth)
                + [Span(" " + TerminalText.fit(tail[0].text, width: totalWidth, alignment: .right)), tail[1]]))
        }
        return lines
    }

    /// Every period of the range, those without cases included, oldest first: a month with no
    /// complaints is a fact the chart must show, not skip.
    static func periodLabels(_ stats: Statistics, today: LocalDate) -> [String] {
        let period = stats.query.by
        var labels = Set(stats.groups.map(\.label))
        let first = stats.query.from ?? stats.groups.map(\.label).min().flatMap { startDate(of: $0, by: period) }
        if let first {
            let last = max(first, stats.query.to ?? today)
            var date = first
            while date <= last {
                labels.insert(period.label(of: date))
                date = period == .week ? date.adding(days: 7) : LocalDate(year: date.year + date.month / 12, month: date.month % 12 + 1, day: 1)!
            }
            labels.insert(period.label(of: last))
        }
        return labels.sorted()
    }

    /// The first day of the period a label names: "2027-03" → 1 Mar 2027, "2027-W13" → Mon 29 Mar 2027.
    static func startDate(of label: String, by period: Statistics.Period) -> LocalDate? {
        let parts = label.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]) else { return nil }
        switch period {
        case .month:
            return Int(parts[1]).flatMap { LocalDate(year: year, month: $0, day: 1) }
        case .week:
            guard let week = Int(parts[1].dropFirst()), let fourth = LocalDate(year: year, month: 1, day: 4) else { return nil }
            // 4 January is always in week 1; its Monday starts the ISO year.
            return fourth.adding(days: 1 - fourth.weekday.rawValue + (week - 1) * 7)
        }
    }

    /// For each desk clock: the share met as a bar to 100 %, then met, missed, overdue and open.
    static func clocks(_ total: Statistics.Group, width: Int) -> [DocLine] {
        var lines = heading("Clocks: share met", [Span("  of met + missed + overdue", .muted)])
        let titleWidth = Statistics.clockKinds.map { TerminalText.displayWidth(ClockWords.title($0)) }.max() ?? 12
        let sameLine = width >= 96
        let barWidth = max(4, sameLine ? width - titleWidth - 1 - 6 - 42 : width - titleWidth - 1 - 6)
        for kind in Statistics.clockKinds {
            let tally = total.clocks[kind] ?? .init()
            let share = tally.metShare
            let figures = Span("met \(tally.met) · missed \(tally.missed) · overdue \(tally.overdue) · open \(tally.open)",
                               tally.missed + tally.overdue > 0 ? .warning : .muted)
            var spans = [Span(TerminalText.fit(ClockWords.title(kind), width: titleWidth) + " ", .label)]
            spans += bar(HorizontalBar(share ?? 0, role: .met), scale: 1, width: barWidth, track: true)
            spans.append(Span(TerminalText.fit(percent(share), width: 6, alignment: .right)))
            if sameLine {
                lines.append(DocLine(spans + [Span("  "), figures]))
            } else {
                lines.append(DocLine(spans))
                lines += wrapped(DocLine([Span(String(repeating: " ", count: titleWidth + 1)), figures]), width: width)
            }
        }
        return lines
    }

    /// Business days to acknowledge and to respond, and the escalation rate.
    static func times(_ total: Statistics.Group, width: Int) -> [DocLine] {
        var lines = heading("Business days from the formal complaint")
        for (name, spread) in [("to acknowledge", total.acknowledge), ("to respond", total.respond)] {
            let text = spread.map { String(format: "median %.1f · p90 %.1f", $0.median, $0.p90) + " (\($0.count) case\($0.count == 1 ? "" : "s"))" }
                ?? "no case yet"
            lines += wrapped(DocLine([Span(TerminalText.fit(name, width: 15), .label), Span(text, spread == nil ? .muted : .normal)]),
                             width: width)
        }
        lines += heading("Escalation rate")
        let rate = total.escalationRate
        var spans = [Span(TerminalText.fit(percent(rate), width: 5, alignment: .right) + " ")]
        spans += bar(HorizontalBar(rate ?? 0, role: .chart), scale: 1, width: max(4, min(30, width - 6)), track: true)
        lines.append(DocLine(spans))
        lines += wrapped(DocLine("\(total.escalated) of \(total.answeredAtHead) formal complaints answered were escalated", .muted),
                         width: width)
        return lines
    }

    /// A titled list of labelled bars against the largest; the rows with none are left out.
    static func barList(_ title: String, _ pairs: [(String, Int)], empty: String = "none", width: Int) -> [DocLine] {
        var lines = heading(title)
        let shown = pairs.filter { $0.1 > 0 }
        guard let largest = shown.map(\.1).max() else { return lines + [DocLine("  " + empty, .muted)] }
        let labelWidth = min(26, shown.map { TerminalText.displayWidth($0.0) }.max() ?? 8)
        let countWidth = shown.map { count($0.1).count }.max() ?? 1
        let barWidth = max(4, width - labelWidth - countWidth - 2)
        for (label, value) in shown {
            lines.append(DocLine([Span(TerminalText.fit(label, width: labelWidth) + " ", .label)]
                + bar(HorizontalBar(Double(value), role: .chart), scale: Double(largest), width: barWidth)
                + [Span(" " + TerminalText.fit(count(value), width: countWidth, alignment: .right))]))
        }
        return lines
    }
}
