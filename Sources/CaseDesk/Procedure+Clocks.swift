import Foundation

extension Procedure {
    /// Every clock of the case judged at `now`: the supervisor target, acknowledge and respond at
    /// stage 2, the customer's window, and acknowledge and final response at stage 3. Without
    /// `explained`, explanations stay empty: the queue's projection needs only due moments, fast.
    public func clocks(_ state: CaseState, now: Date, explained: Bool = true) -> [Clock] {
        var clocks: [Clock] = []
        let closedAt = state.closure?.closed.at
        // Each clock counts under the rules it started under (or those the desk moved it to).
        func rules(_ kind: Clock.Kind, _ start: Date) -> Procedure { self.rules(for: kind, startedAt: start, in: state) }

        if state.kind.followsProcedure, let phase = state.supervisor {
            let rules = rules(.supervisorTarget, phase.received)
            if let days = rules.policy.supervisorTargetDays {
                let movedOn = state.head?.received
                clocks.append(rules.phaseClock(
                    .supervisorTarget, phase: phase, days: days, what: "case received",
                    done: phase.firstAnswer?.sent.at, stoppedAt: movedOn ?? closedAt, now: now, explain: explained))
            }
        }
        if let phase = state.head {
            let answered = phase.firstAnswer?.sent.at
            let acknowledge = rules(.acknowledge, phase.received)
            clocks.append(acknowledge.phaseClock(
                .acknowledge, phase: phase, days: acknowledge.policy.acknowledgeDays, what: "formal complaint received",
                done: earliest(phase.acknowledged?.at, answered), stoppedAt: closedAt, now: now, explain: explained))
            let respond = rules(.respond, phase.received)
            clocks.append(respond.phaseClock(
                .respond, phase: phase, days: respond.policy.respondDays, what: "formal complaint received",
                done: answered, stoppedAt: closedAt, now: now, explain: explained))
            if let answer = phase.lastAnswer {
                clocks.append(rules(.window, answer.sent.at).windowClock(state, answeredAt: answer.sent.at, now: now, explain: explained))
            }
        }
        if let phase = state.escalationClockPhase {
            let answered = phase.firstAnswer?.sent.at
            let stopped = state.closure?.reason == .finalResponse ? nil : closedAt
            let acknowledge = rules(.escalationAcknowledge, phase.received)
            clocks.append(acknowledge.phaseClock(
                .escalationAcknowledge, phase: phase, days: acknowledge.policy.escalationAcknowledgeDays,
                what: "escalation received", done: earliest(phase.acknowledged?.at, answered),
                stoppedAt: stopped, now: now, explain: explained))
            let final = rules(.finalResponse, phase.received)
            clocks.append(final.phaseClock(
                .finalResponse, phase: phase, days: final.policy.finalResponseDays, what: "escalation received",
                done: answered, stoppedAt: stopped, now: now, explain: explained))
        }
        clocks += abuseClocks(state, now: now, explained: explained)
        guard explained, !versions.isEmpty else { return clocks }
        // Once the rules have changed, each clock says which version it counts under, and why.
        return clocks.map { clock in
            var clock = clock
            let number = version(for: clock.kind, startedAt: clock.start, in: state)
            let moved = state.rebases.last { $0.clock == clock.kind && $0.recorded.at >= clock.start && $0.version == number }
            let line = ClockExplanation.Line.rules(version: number, from: versions.first { $0.number == number }?.from, moved: moved)
            clock.explanation.lines.insert(line, at: min(1, clock.explanation.lines.count))
            return clock
        }
    }

    /// The earliest running desk clock, else the running customer window: what orders the queue.
    public func nextClock(_ state: CaseState, now: Date) -> Clock? {
        nextClock(among: clocks(state, now: now, explained: false))
    }

    public func nextClock(among clocks: [Clock]) -> Clock? {
        let running = clocks.filter { $0.status.isRunning }
        return running.filter(\.kind.isDesk).min { $0.due < $1.due }
            ?? running.min { $0.due < $1.due }
    }

    /// The due moment of a stage's answer as things stand: receipt + N business days, moved by
    /// extension notices sent in time, plus business days credited back for pauses. Counted on
    /// these rules alone: ask `answerRules` for the rules of a case's clock.
    public func answerDue(_ phase: CaseState.Phase, days: Int, now: Date) -> Date {
        var ignored = Explanation(collecting: false)
        return dueDay(phase, days: days, now: now, lines: &ignored)
    }

    /// The due moment of the answer clock (`respond` at stage 2, `final` at stage 3) of the case's
    /// phase, counted under the rules that clock keeps.
    public func answerDue(_ phase: CaseState.Phase, clock kind: Clock.Kind, in state: CaseState, now: Date) -> Date {
        let rules = answerRules(phase, clock: kind, in: state)
        let days = kind == .finalResponse ? rules.policy.finalResponseDays : rules.policy.respondDays
        return rules.answerDue(phase, days: days, now: now)
    }

    /// The rules an answer clock of the case counts under.
    public func answerRules(_ phase: CaseState.Phase, clock kind: Clock.Kind, in state: CaseState) -> Procedure {
        rules(for: kind, startedAt: phase.received, in: state)
    }

    /// The end of the customer's window to escalate after an answer sent at `answeredAt`, under
    /// the rules in force then.
    public func windowEnd(answeredAt: Date) -> Date {
        let rules = rules(inForceAt: answeredAt)
        return rules.calendar.due(received: answeredAt, businessDays: rules.policy.escalationWindowDays)
    }

    /// The end of the case's window after an answer sent at `answeredAt`, under the rules its window
    /// clock keeps (those in force then, unless the desk moved it to later ones).
    public func windowEnd(of state: CaseState, answeredAt: Date) -> Date {
        rules(for: .window, startedAt: answeredAt, in: state).windowEnd(answeredAt: answeredAt)
    }

    /// The earlier of two moments, either of which may be missing.
    func earliest(_ a: Date?, _ b: Date?) -> Date? {
        switch (a, b) {
        case let (a?, b?): min(a, b)
        default: a ?? b
        }
    }

    private func dueDay(
        _ phase: CaseState.Phase, days: Int, now: Date, lines: inout Explanation
    ) -> Date {
        let receiptDay = calendar.localDate(of: phase.received)
        var day = calendar.businessDay(days, after: receiptDay)
        var counted = days
        lines.days { calendar.explain(received: phase.received, businessDays: days) }
        // Extension notices and pauses in the order they happened: a notice is judged against the
        // due moment as it stood when it was sent, pause credits included.
        enum Step {
            case notice(CaseState.ExtensionRecord)
            case pause(CaseState.PauseRecord)
        }
        let steps = (phase.extensions.map { ($0.sent.at, Step.notice($0)) } + phase.pauses.map { ($0.from.at, Step.pause($0)) })
            .sorted { $0.0 < $1.0 }
        for (_, step) in steps {
            switch step {
            case let .notice(notice):
                if notice.sent.at > calendar.endOfDay(day) {
                    lines.append(.extensionIgnored(promised: notice.promised, sent: notice.sent.at, by: notice.sent.by,
                                                   why: "was sent after the answer was due"))
                } else if notice.promised <= day {
                    lines.append(.extensionIgnored(promised: notice.promised, sent: notice.sent.at, by: notice.sent.by,
                                                   why: "promised no later date"))
                } else {
                    lines.append(.extensionMoved(promised: notice.promised, sent: notice.sent.at, by: notice.sent.by))
                    counted += calendar.businessDays(after: day, through: notice.promised)
                    day = notice.promised
                }
            case let .pause(pause):
                let until = pause.until?.at ?? now
                let credit = calendar.businessDays(after: calendar.localDate(of: pause.from.at), through: calendar.localDate(of: until))
                lines.append(.pause(from: pause.from.at, until: pause.until?.at, credited: credit))
                let before = counted
                lines.days { [day] in calendar.dayEntries(after: day, businessDays: credit) { .credited(before + $0) } }
                day = calendar.businessDay(credit, after: day)
                counted += credit
            }
        }
        return calendar.endOfDay(day)
    }

    private func phaseClock(
        _ kind: Clock.Kind, phase: CaseState.Phase, days: Int, what: String,
        done: Date?, stoppedAt: Date?, now: Date, explain: Bool
    ) -> Clock {
        var lines = Explanation(collecting: explain)
        lines.append(.start(phase.received, what: what, businessDays: days))
        let answerClock = kind == .respond || kind == .finalResponse || kind == .supervisorTarget
        // A clock the case left behind (closed, moved on) is judged as it stood at that moment: a
        // pause still open then ends there, and the outcome is fixed for good.
        let stopped = done == nil ? stoppedAt.map { min($0, now) } : nil
        let due: Date
        if answerClock {
            due = dueDay(phase, days: days, now: stopped ?? now, lines: &lines)
        } else {
            lines.days { calendar.explain(received: phase.received, businessDays: days) }
            due = calendar.due(received: phase.received, businessDays: days)
        }
        lines.append(.due(due))
        let status: Clock.Status
        if let done {
            status = done <= due ? .met(done) : .missed(done)
        } else if let stopped {
            status = stopped > due ? .unkept(stopped) : .notDue(stopped)
        } else if answerClock, let pause = phase.pauses.last, pause.until == nil {
            status = .paused(pause.from.at)
        } else {
            status = now > due ? .overdue : .open
        }
        lines.append(.outcome(status))
        let left = status.isRunning ? calendar.businessTimeLeft(from: now, until: due) : nil
        let missedBy: BusinessDuration? = switch status {
        case let .missed(at), let .unkept(at): calendar.businessTimeLeft(from: at, until: due)
        default: nil
        }
        return Clock(kind: kind, start: phase.received, businessDays: days, due: due, status: status, left: left,
                     missedBy: missedBy, explanation: ClockExplanation(kind: kind, lines: lines.lines))
    }

    private func windowClock(_ state: CaseState, answeredAt: Date, now: Date, explain: Bool) -> Clock {
        let days = policy.escalationWindowDays
        let due = windowEnd(answeredAt: answeredAt)
        var lines = Explanation(collecting: explain)
        lines.append(.start(answeredAt, what: "answer sent", businessDays: days))
        lines.days { calendar.explain(received: answeredAt, businessDays: days) }
        lines.append(.due(due))
        let status: Clock.Status
        if let escalation = state.escalation {
            status = escalation.late ? .missed(escalation.phase.received) : .met(escalation.phase.received)
        } else if state.isLapsed || (now > due && !state.reopened(after: due)) {
            status = .ended
        } else if let closure = state.closure {
            status = .notDue(closure.closed.at)
        } else {
            status = now > due ? .ended : .open
        }
        lines.append(.outcome(status))
        let left = status.isRunning ? calendar.businessTimeLeft(from: now, until: due) : nil
        return Clock(kind: .window, start: answeredAt, businessDays: days, due: due, status: status, left: left,
                     explanation: ClockExplanation(kind: .window, lines: lines.lines))
    }
}

/// Explanation lines, collected only when someone will read them.
struct Explanation {
    let collecting: Bool
    private(set) var lines: [ClockExplanation.Line] = []

    init(collecting: Bool) { self.collecting = collecting }

    mutating func append(_ line: @autoclosure () -> ClockExplanation.Line) {
        if collecting { lines.append(line()) }
    }

    mutating func days(_ entries: () -> [BusinessCalendar.DayEntry]) {
        if collecting { lines += entries().map { .day($0) } }
    }
}
