import Foundation

/// The abuse desk's clocks in hours (RAA 3.18): confirm receipt, review by reporter class, and decide
/// on mitigation once the evidence is judged actionable. Counted around the clock (exact elapsed
/// time: a daylight-saving switch or midnight changes nothing) or in the policy's desk hours on
/// business days.
extension Procedure {
    func abuseClocks(_ state: CaseState, now: Date, explained: Bool) -> [Clock] {
        guard state.kind == .abuse else { return [] }
        let received = state.intake.received
        let closedAt = state.closure?.closed.at
        var clocks: [Clock] = []
        let confirm = rules(for: .confirmReceipt, startedAt: received, in: state)
        clocks.append(confirm.hourClock(
            .confirmReceipt, start: received, hours: confirm.policy.abuse.confirmHours, what: "report received", reporter: nil,
            done: state.receiptConfirmed?.at, stoppedAt: closedAt, now: now, explain: explained))
        let reporter = state.reporterClass ?? .public
        let review = rules(for: .review, startedAt: received, in: state)
        clocks.append(review.hourClock(
            .review, start: received, hours: review.policy.abuse.reviewHours(for: reporter), what: "report received", reporter: reporter,
            done: state.evidenceJudgements.first?.judged.at, stoppedAt: closedAt, now: now, explain: explained))
        if let actionable = state.firstActionable {
            let start = actionable.judged.at
            let decide = rules(for: .decide, startedAt: start, in: state)
            let mitigated = state.mitigations.first { $0.typed != nil && $0.recorded.at >= start }?.recorded.at
            clocks.append(decide.hourClock(
                .decide, start: start, hours: decide.policy.abuse.decideHours, what: "evidence judged actionable", reporter: nil,
                done: earliest(mitigated, closedAt), stoppedAt: closedAt, now: now, explain: explained))
        }
        return clocks
    }

    /// The due moment of an hour clock started at `start`, under these rules.
    public func hourDue(start: Date, hours: Int) -> Date {
        var ignored = Explanation(collecting: false)
        return hourDue(start: start, hours: hours, lines: &ignored)
    }

    /// Time left until `due` as an hour clock counts it: elapsed time, or desk hours only.
    public func hoursLeft(from now: Date, until due: Date) -> HourDuration {
        switch policy.abuse.counting {
        case .aroundTheClock:
            return HourDuration(seconds: Int((due.timeIntervalSince1970 - now.timeIntervalSince1970).rounded(.down)))
        case .deskHours:
            return now <= due ? HourDuration(seconds: deskSeconds(from: now, to: due))
                              : HourDuration(seconds: -deskSeconds(from: due, to: now))
        }
    }

    private func hourDue(start: Date, hours: Int, lines: inout Explanation) -> Date {
        let total = hours * 3600
        switch policy.abuse.counting {
        case .aroundTheClock:
            return start.addingTimeInterval(Double(total))
        case .deskHours:
            var remaining = total
            var day = calendar.localDate(of: start)
            // Ten years of days without a business day is a calendar that never counts: stop there.
            for _ in 0..<3660 {
                if let (open, close) = deskWindow(day) {
                    let from = max(start, open)
                    if from < close {
                        let available = Int(close.timeIntervalSince(from))
                        let counted = min(available, remaining)
                        remaining -= counted
                        let until = from.addingTimeInterval(Double(counted))
                        lines.append(.deskHours(from: from, until: until, counted: total - remaining))
                        if remaining == 0 { return until }
                    }
                }
                day = day.next
            }
            return start.addingTimeInterval(Double(total))
        }
    }

    /// The desk hours of a business day, as instants; nil on a day the desk does not work.
    private func deskWindow(_ day: LocalDate) -> (Date, Date)? {
        guard calendar.isBusinessDay(day) else { return nil }
        let hours = policy.abuse.deskHours
        return (calendar.instant(day, secondsIntoDay: hours.start * 60), calendar.instant(day, secondsIntoDay: hours.end * 60))
    }

    /// Desk-hour seconds between two instants.
    func deskSeconds(from start: Date, to end: Date) -> Int {
        guard end > start else { return 0 }
        var total = 0.0
        var day = calendar.localDate(of: start)
        let last = calendar.localDate(of: end)
        while day <= last {
            if let (open, close) = deskWindow(day) {
                let from = max(start, open)
                let to = min(end, close)
                if to > from { total += to.timeIntervalSince(from) }
            }
            day = day.next
        }
        return Int(total)
    }

    private func hourClock(
        _ kind: Clock.Kind, start: Date, hours: Int, what: String, reporter: ReporterClass?,
        done: Date?, stoppedAt: Date?, now: Date, explain: Bool
    ) -> Clock {
        var lines = Explanation(collecting: explain)
        lines.append(.startHours(start, what: what, hours: hours, counting: policy.abuse.counting, reporter: reporter))
        let due = hourDue(start: start, hours: hours, lines: &lines)
        lines.append(.due(due))
        let stopped = done == nil ? stoppedAt.map { min($0, now) } : nil
        let status: Clock.Status
        if let done {
            status = done <= due ? .met(done) : .missed(done)
        } else if let stopped {
            status = stopped > due ? .unkept(stopped) : .notDue(stopped)
        } else {
            status = now > due ? .overdue : .open
        }
        lines.append(.outcome(status))
        let missedBy: HourDuration? = switch status {
        case let .missed(at), let .unkept(at): hoursLeft(from: at, until: due)
        default: nil
        }
        var clock = Clock(kind: kind, start: start, businessDays: 0, due: due, status: status, left: nil, missedBy: nil,
                          explanation: ClockExplanation(kind: kind, lines: lines.lines))
        clock.hours = hours
        clock.hoursLeft = status.isRunning ? hoursLeft(from: now, until: due) : nil
        clock.hoursMissedBy = missedBy
        return clock
    }
}
