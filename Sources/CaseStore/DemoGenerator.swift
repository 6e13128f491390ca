import CaseDesk
import Foundation

/// Realistic demo cases: French, German and English customers and subjects, real-looking domains
/// (some internationalised), every kind, channel and stage, clocks met, open, overdue and missed,
/// spread over the months before `now`. Deterministic for a seed. Every trail is built through the
/// procedure, so it is a trail the store would have accepted.
public struct DemoGenerator {
    /// The demo desk's staff, added to the store before the cases.
    public static let staff: [(account: String, roles: Set<Role>)] = [
        ("amelie", [.supervisor]), ("jonas", [.supervisor]), ("claire", [.supervisor]),
        ("malik", [.abuse]), ("sven", [.abuse]), ("helene", [.head]), ("audit", [.viewer]),
    ]

    private var random: SplitMix64
    /// Names and domains repeat across a million cases: each is built (and validated) once, and
    /// found again by the places of its words in the lists.
    private var people: [Int: (name: String, email: String)] = [:]
    private var domains: [Int: DomainName] = [:]
    private let procedure: Procedure
    private let texts = Texts()
    private let now: Date
    private let spanDays: Double

    public init(seed: UInt64, procedure: Procedure, now: Date, spanDays: Int = 180) {
        random = SplitMix64(seed: seed)
        self.procedure = procedure.ownCopy()
        self.now = now
        self.spanDays = Double(spanDays)
    }

    /// Starts again from another seed, keeping the names and domains already built: the cases that
    /// follow are those a new generator with this seed would give.
    public mutating func reseed(_ seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// The next case, numbered `number`, handed to `body`: its trail, and the state it leaves (what
    /// `body` returns comes back; nil when the intake was refused). Events are recorded when they
    /// happened. `position` (0 ≤ position < 1) places its receipt in the span: cases given in order
    /// of position are numbered in the order they arrived, as at a real desk. The state is lent
    /// from the builder: handed out through an optional, every reference in it was copied.
    public mutating func nextCase<Result>(number: CaseNumber, position: Double? = nil,
                                          _ body: (_ events: [Event], _ state: borrowing CaseState) -> Result) -> Result? {
        let (intake, opening) = open(position: position)
        guard Millis.truncate(opening.received) <= now else { return nil }
        // Made in place, not through an optional (which copied it on the way out).
        var builder: TrailBuilder
        do {
            builder = try TrailBuilder(opening: intake, number: number, procedure: procedure, now: now, by: opening.clerk,
                                       at: opening.received)
        } catch {
            return nil
        }
        tell(opening, on: &builder)
        return body(builder.events, builder.state)
    }

    /// What the rest of a case's story depends on, once its intake is made.
    private struct Opening {
        let kind: CaseKind
        let language: Language
        /// When it arrived (the intake keeps it to the millisecond).
        let received: Date
        let firstHand: Bool
        /// Who recorded the intake.
        let clerk: String
    }

    /// A case's intake, and what the rest of its story depends on.
    private mutating func open(position: Double?) -> (Intake, Opening) {
        let language = pick([Language.french, .german, .english], weights: [3, 3, 4])
        let kind = pick([CaseKind.complaint, .abuse, .feedback], weights: [55, 35, 10])
        let fraction = position ?? random.unit()
        let received = now.addingTimeInterval(-(1 - fraction) * spanDays * 86_400 - 600)
        let channel = kind == .abuse ? pick([Channel.email, .web, .fax], weights: [80, 15, 5])
            : pick([Channel.email, .web, .phone, .letter, .fax], weights: [55, 15, 14, 9, 7])
        let person = name(language)
        let domains = (0..<(kind == .feedback ? 0 : 1 + Int(random.next() % 2))).map { _ in domain(language) }
        let category: AbuseCategory? = kind == .abuse
            ? pick(AbuseCategory.allCases, weights: [14, 5, 35, 3, 18, 10, 6, 5, 4]) : nil
        let subjectLine = subject(kind: kind, language: language, domain: domains.first, category: category)
        let firstHand = kind == .complaint && random.chance(0.08)
        let intake = Intake(
            kind: kind, channel: channel, received: Millis.truncate(received), customer: person.name,
            contact: channel == .phone ? phone(language) : person.email,
            account: kind == .feedback || random.chance(0.2) ? nil : "K-\(100_000 + random.next() % 900_000)",
            domains: domains, subject: subjectLine, description: description(kind: kind, language: language, domain: domains.first),
            category: category, stage: firstHand ? .headOfSupport : .supervisor)
        let intakeClerk = kind == .abuse ? pick(["malik", "sven"], weights: [1, 1]) : pick(["amelie", "jonas", "claire"], weights: [1, 1, 1])
        return (intake, Opening(kind: kind, language: language, received: received, firstHand: firstHand, clerk: intakeClerk))
    }

    /// The rest of the case's story after its intake, as far as the procedure and the clock allow.
    private mutating func tell(_ opening: Opening, on builder: inout TrailBuilder) {
        let kind = opening.kind
        let language = opening.language
        let received = opening.received
        let firstHand = opening.firstHand
        let intakeClerk = opening.clerk
        let number = builder.number
        if random.chance(0.75) {
            _ = builder.add(.assigned(.init(to: intakeClerk)), by: intakeClerk, at: received.addingTimeInterval(random.unit() * 7200))
        }
        if kind == .feedback {
            let answered = later(received, days: 0.5...6)
            if builder.add(.responded(.init(summary: "Routed to the product team", at: answered)), by: intakeClerk, at: answered),
               random.chance(0.8) {
                _ = builder.add(.closed(.init(reason: .satisfied)), by: intakeClerk, at: later(answered, days: 0.1...2))
            }
            return
        }
        let head = kind == .abuse ? pick(["malik", "sven", "helene"], weights: [2, 2, 1]) : "helene"
        var formalAt = received
        if !firstHand {
            if random.chance(0.15) {
                _ = builder.add(.closed(.init(reason: pick([CloseReason.satisfied, .withdrawn, .duplicate, .invalid], weights: [4, 2, 1, 2]),
                                              duplicateOf: nil, note: nil).withDuplicate(of: number > 1 ? number - 1 : nil)),
                                by: intakeClerk, at: later(received, days: 0.2...5))
                return
            }
            let answered = later(received, days: 0.5...14)
            guard builder.add(.responded(.init(summary: answerSummary(language), at: answered)), by: intakeClerk, at: answered) else {
                return
            }
            guard random.chance(0.35) else {
                if random.chance(0.5) { _ = builder.add(.closed(.init(reason: .satisfied)), by: intakeClerk, at: later(answered, days: 0.5...10)) }
                return
            }
            formalAt = later(answered, days: 1...12)
            guard builder.add(.formalComplaintFiled(.init(received: formalAt, channel: pick([Channel.email, .letter, .fax, .web], weights: [6, 2, 1, 1]))),
                              by: intakeClerk, at: formalAt) else { return }
        }
        // Stage 2: acknowledge (usually in time), sometimes extend, answer.
        let ackAt = later(formalAt, days: random.chance(0.85) ? 0.1...2.5 : 3...6)
        if random.chance(0.9) { _ = builder.add(.acknowledged(.init(at: ackAt)), by: head, at: ackAt) }
        let calendar = procedure.calendar
        var respondBy = calendar.due(received: formalAt, businessDays: procedure.policy.respondDays)
        if random.chance(0.15) {
            let sent = later(formalAt, days: 3...9)
            let promised = calendar.businessDay(3 + Int(random.next() % 8), after: calendar.localDate(of: respondBy))
            if builder.add(.extensionNotified(.init(promised: promised, at: sent)), by: head, at: sent) {
                respondBy = calendar.endOfDay(promised)
            }
        }
        let answerAt = random.chance(0.85) ? later(formalAt, days: 2...max(2.5, respondBy.timeIntervalSince(formalAt) / 86_400 * 0.95))
            : later(respondBy, days: 0.5...6)
        guard builder.add(.responded(.init(summary: answerSummary(language), at: answerAt)), by: head, at: answerAt) else {
            return
        }
        // The customer's window: escalate (sometimes late), or let it lapse.
        let windowEnd = procedure.windowEnd(answeredAt: answerAt)
        let escalates = random.chance(0.3)
        let escalatedAt = random.chance(0.92) ? later(answerAt, days: 1...25) : later(windowEnd, days: 1...10)
        // No escalation (yet): the window runs out, and the lapse is recorded as the sweep would.
        guard escalates, escalatedAt <= now else {
            if windowEnd < now { _ = builder.add(.lapsed(.init(windowEnded: windowEnd)), by: "helene", at: windowEnd.addingTimeInterval(3600 * 7)) }
            return
        }
        let written = pick([Channel.email, .letter, .fax, .web], weights: [6, 2, 1, 1])
        let items = Set(ChecklistItem.allCases.filter { _ in random.chance(0.88) })
        let filing = procedure.escalationFiling(for: builder.state, received: escalatedAt, channel: written,
                                                heading: escalationHeading(language), items: items)
        if filing.late, escalatedAt < now, windowEnd < escalatedAt {
            _ = builder.add(.lapsed(.init(windowEnded: windowEnd)), by: "helene", at: windowEnd.addingTimeInterval(3600 * 7))
        }
        guard builder.add(.escalationReceived(filing), by: head, at: escalatedAt) else { return }
        if filing.late {
            guard builder.add(.lateEscalationDecided(.init(accepted: random.chance(0.6), reason: "postal delay confirmed")),
                              by: "helene", at: later(escalatedAt, days: 0.5...3)) else { return }
        }
        let escAck = later(escalatedAt, days: random.chance(0.85) ? 0.1...2.5 : 3...5)
        if random.chance(0.9) { _ = builder.add(.acknowledged(.init(at: escAck)), by: "helene", at: escAck) }
        let missing = builder.state.missingEscalationItems
        if !missing.isEmpty, random.chance(0.6) {
            let arrived = later(escalatedAt, days: 1...6)
            _ = builder.add(.missingItemsReceived(.init(items: Set(missing), at: arrived)), by: "helene", at: arrived)
        }
        let finalAt = later(escalatedAt, days: random.chance(0.85) ? 2...13 : 14...20)
        _ = builder.add(.finalResponseSent(.init(summary: answerSummary(language), at: finalAt)), by: "helene", at: finalAt)
        return
    }

    // MARK: Randomness

    private mutating func pick<T>(_ items: [T], weights: [Int]) -> T {
        let total = weights.reduce(0, +)
        var roll = Int(random.next() % UInt64(total))
        for (item, weight) in zip(items, weights) {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1]
    }

    private mutating func one<T>(_ items: [T]) -> T { items[index(items.count)] }

    /// A place among `count`, drawn as `one` draws from a list of that many.
    private mutating func index(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }

    private mutating func later(_ date: Date, days: ClosedRange<Double>) -> Date {
        Millis.truncate(date.addingTimeInterval((days.lowerBound + random.unit() * (days.upperBound - days.lowerBound)) * 86_400))
    }

    // MARK: Words
    //
    // The lists are literals, which the compiler lays out once, shared and never counted: a list
    // kept in a `static let` is a reference that both generating threads would count, slowing
    // each other down. A text with a domain in it is made only once it is drawn.

    enum Language { case french, german, english }

    private mutating func name(_ language: Language) -> (name: String, email: String) {
        let firstNames, lastNames: [String]
        let code: Int
        switch language {
        case .french:
            firstNames = ["Élodie", "François", "Chloé", "Benoît", "Inès", "Théo", "Hélène", "Jérôme", "Maëlle", "Noël"]
            lastNames = ["Lefèvre", "Dubois", "Rousseau", "Moreau", "Girard", "Lambert", "Bérenger", "Fournier", "Mercier", "Garnier"]
            code = 0
        case .german:
            firstNames = ["Jürgen", "Günther", "Sabine", "Björn", "Jörg", "Käthe", "Uwe", "Bärbel", "Maximilian", "Lea"]
            lastNames = ["Müller", "Weiß", "Schröder", "Köhler", "Groß", "Schäfer", "Krämer", "Fuß", "Wagner", "Hoffmann"]
            code = 1
        case .english:
            firstNames = ["Oliver", "Emily", "Harry", "Amelia", "George", "Isla", "Jack", "Sophie", "Noah", "Grace"]
            lastNames = ["Smith", "Clarke", "O'Brien", "Taylor", "Walsh", "Hughes", "Patel", "Evans", "Wright", "Murphy"]
            code = 2
        }
        let hosts = ["gmail.com", "web.de", "orange.fr", "gmx.de", "outlook.com", "free.fr", "t-online.de", "example.org"]
        let first = index(firstNames.count)
        let last = index(lastNames.count)
        let host = index(hosts.count)
        let key = ((code * 16 + first) * 16 + last) * 16 + host
        if let known = people[key] { return known }
        let local = (firstNames[first] + "." + lastNames[last]).folding(options: [.diacriticInsensitive], locale: nil).lowercased()
            .replacingOccurrences(of: "'", with: "").replacingOccurrences(of: "ß", with: "ss")
        let made = (name: "\(firstNames[first]) \(lastNames[last])", email: "\(local)@\(hosts[host])")
        people[key] = made
        return made
    }

    private mutating func phone(_ language: Language) -> String {
        let number = String(random.next() % 100_000_000)
        let digits = String(repeating: "0", count: 8 - number.count) + number
        switch language {
        case .french: return "+33 6 \(digits.prefix(2)) \(digits.dropFirst(2).prefix(2)) \(digits.dropFirst(4).prefix(2)) \(digits.suffix(2))"
        case .german: return "+49 681 \(digits)"
        case .english: return "+44 20 \(digits)"
        }
    }

    private mutating func domain(_ language: Language) -> DomainName {
        let stems, tlds: [String]
        let code: Int
        switch language {
        case .french: stems = ["boulangerie-martin", "café-lumière", "atelier-dubois", "vins-de-loire", "hôtel-du-lac", "pharmacie-centrale", "garage-moreau", "librairie-étoile"]
                      tlds = ["fr", "fr", "com", "eu"]
                      code = 0
        case .german: stems = ["müller-bäckerei", "schreinerei-weiss", "autohaus-köhler", "zahnarzt-schaefer", "brauhaus-saar", "reisebüro-sonne", "it-service-groß", "blumen-fuss"]
                      tlds = ["de", "de", "com", "eu", "shop"]
                      code = 1
        case .english: stems = ["greenleaf-garden", "oldbridge-books", "bluewave-hosting", "northside-dental", "redfern-legal", "quickparcel", "brightpixel", "harbourview-hotel"]
                       tlds = ["com", "co.uk", "net", "org", "io"]
                       code = 2
        }
        let suffix = random.chance(0.5) ? 0 : random.next() % 90 + 10
        let stem = index(stems.count)
        let tld = index(tlds.count)
        let key = ((code * 16 + stem) * 128 + Int(suffix)) * 16 + tld
        if let known = domains[key] { return known }
        let text = stems[stem] + (suffix == 0 ? "" : String(suffix)) + "." + tlds[tld]
        let made = (try? DomainName(text)) ?? (try! DomainName("example.com"))
        domains[key] = made
        return made
    }

    private mutating func subject(kind: CaseKind, language: Language, domain: DomainName?, category: AbuseCategory?) -> String {
        let name = domain?.unicode ?? "mon domaine"
        switch (kind, language) {
        case (.complaint, _):
            return one(texts.complaintSubjects(language)).filled(with: name)
        case (.abuse, .french):
            return "Signalement \(category?.rawValue ?? "abus") : \(name)"
        case (.abuse, .german):
            return "Missbrauchsmeldung (\(category?.rawValue ?? "Missbrauch")): \(name)"
        case (.abuse, .english):
            return index(2) == 0 ? "\(category?.rawValue.capitalized ?? "Abuse") report: \(name)" : "[ARF] \(category?.rawValue ?? "abuse") on \(name)"
        case (.feedback, .french):
            return one(["Suggestion : mode sombre pour l'interface", "Merci pour votre aide rapide", "Idée : notifications par SMS"])
        case (.feedback, .german):
            return one(["Vorschlag: bessere API-Dokumentation", "Lob für den schnellen Support", "Wunsch: Zwei-Faktor per App"])
        case (.feedback, .english):
            return one(["Suggestion: bulk DNS editor", "Great help from your team", "Feature request: webhook on expiry"])
        }
    }

    private mutating func description(kind: CaseKind, language: Language, domain: DomainName?) -> String {
        let name = domain?.unicode ?? ""
        switch kind {
        case .abuse:
            return "Reported URL: hxxps://\(name)/login/verify.php — \(one(["credential phishing kit imitating a bank", "malware download (trojan dropper)", "spam campaign advertising the site", "botnet command and control traffic", "fake shop taking payments"])). Source IP 203.0.113.\(random.next() % 254 + 1)."
        case .complaint:
            return one(texts.complaintDescriptions(language)).filled(with: name)
        case .feedback:
            return one(["Keep up the good work.", "Would love to see this in the control panel.", "Merci / Danke / Thanks!"])
        }
    }

    private mutating func answerSummary(_ language: Language) -> String {
        switch language {
        case .french: one(["Transfert débloqué, excuses présentées", "Remboursement effectué", "Explication de la procédure envoyée"])
        case .german: one(["Transfer freigegeben, Entschuldigung ausgesprochen", "Betrag erstattet", "Ablauf erklärt"])
        case .english: one(["Transfer unlocked, apology sent", "Refund issued", "Explained the procedure"])
        }
    }

    private mutating func escalationHeading(_ language: Language) -> String {
        switch language {
        case .french: one(["Plainte : réponse insatisfaisante", "PLAINTE – dossier toujours ouvert", "Re: votre réponse"])
        case .german: one(["Beschwerde über Ihre Antwort", "Erneute Beschwerde", "AW: Ihre Antwort"])
        case .english: one(["Formal complaint about your answer", "Complaint: still unresolved", "Re: your reply"])
        }
    }
}

private extension Change.Closure {
    func withDuplicate(of number: CaseNumber?) -> Change.Closure {
        guard reason == .duplicate else { return self }
        guard let number else { return Change.Closure(reason: .withdrawn) }
        return Change.Closure(reason: .duplicate, duplicateOf: number, note: note)
    }
}

/// Appends events through the procedure, stopping at the first one that would be in the future or
/// that the procedure refuses (the case then simply stays where it is).
private struct TrailBuilder {
    let number: CaseNumber
    let procedure: Procedure
    let now: Date
    private(set) var events: [Event]
    private(set) var state: CaseState
    /// When the last event was recorded: no event is recorded before it.
    private var lastRecorded: Date

    /// The case opened by its intake, judged as `Procedure.apply` judges the event that opens a
    /// case (the caller sees that it is not in the future). Not inlined: inlined, the optimizer
    /// built the builder aside and then copied it (every reference in the case) into its variable.
    @inline(never)
    init(opening intake: Intake, number: CaseNumber, procedure: Procedure, now: Date, by actor: String, at moment: Date) throws(TransitionError) {
        let recorded = Millis.truncate(moment)
        try procedure.checkOpening(intake, number: number, now: recorded)
        let event = Event(caseNumber: number, sequence: 1, recorded: recorded, actor: actor, change: .received(intake))
        let opened = try CaseState(opening: event)
        var trail: [Event] = []
        trail.reserveCapacity(12)
        trail.append(event)
        self.number = number
        self.procedure = procedure
        self.now = now
        events = trail
        state = opened
        lastRecorded = recorded
    }

    mutating func add(_ change: consuming Change, by actor: String, at moment: Date) -> Bool {
        let recorded = Millis.truncate(max(moment, lastRecorded))
        guard recorded <= now else { return false }
        // Judged, then folded in place: no copy of the case per event.
        guard (try? procedure.check(change, on: state, now: recorded)) != nil else { return false }
        let event = Event(caseNumber: number, sequence: events.count + 1, recorded: recorded, actor: actor, change: change)
        state.fold(event)
        events.append(event)
        lastRecorded = recorded
        return true
    }
}

/// The demo's texts with a domain in them (`{}` is where it goes), by language. Each generator
/// makes its own: they are not literals the compiler could lay out once, and a list shared by both
/// generating threads would have its references counted by both.
private struct Texts {
    private let subjects: [[Template]] = [
        ["Transfert de {} bloqué", "Facture incorrecte pour {}", "Renouvellement non effectué : {}",
         "Code d'autorisation jamais reçu", "Domaine {} suspendu sans préavis", "Remboursement toujours pas reçu"],
        ["Transfer von {} hängt seit Tagen", "Falsche Rechnung für {}", "Auth-Code nicht erhalten",
         "Domain {} ohne Vorwarnung gesperrt", "Verlängerung doppelt abgebucht", "Keine Antwort vom Support"],
        ["Transfer of {} stuck", "Renewal charged twice for {}", "Auth code never arrived",
         "{} suspended without notice", "Refund still not received", "DNS changes not applied to {}"],
    ]
    private let descriptions: [[Template]] = [
        ["Bonjour, je n'arrive toujours pas à transférer {}. Merci de régler le problème rapidement.",
         "Votre facture ne correspond pas à ma commande. Je souhaite un remboursement.",
         "Mon site est hors ligne depuis le renouvellement. C'est inacceptable « pour un professionnel »."],
        ["Sehr geehrte Damen und Herren, der Transfer von {} hängt weiterhin. Ich bitte um Klärung.",
         "Die Rechnung ist falsch, bitte korrigieren Sie diese und erstatten Sie den Betrag.",
         "Seit der Verlängerung ist meine Website nicht erreichbar. Das ist äußerst ärgerlich."],
        ["Hello, the transfer of {} has been pending for a week. Please fix this.",
         "I was charged twice for the renewal and would like a refund.",
         "Your support has not answered my last three emails."],
    ]

    func complaintSubjects(_ language: DemoGenerator.Language) -> [Template] { subjects[Self.place(language)] }
    func complaintDescriptions(_ language: DemoGenerator.Language) -> [Template] { descriptions[Self.place(language)] }

    private static func place(_ language: DemoGenerator.Language) -> Int {
        switch language {
        case .french: 0
        case .german: 1
        case .english: 2
        }
    }
}

/// A text with at most one place for a name (`{}`), split there once: filling it in joins three
/// strings rather than formatting the text again.
private struct Template: ExpressibleByStringLiteral {
    let head: String
    let tail: String?

    init(stringLiteral text: String) {
        guard let place = text.range(of: "{}") else {
            head = text
            tail = nil
            return
        }
        head = String(text[..<place.lowerBound])
        tail = String(text[place.upperBound...])
    }

    func filled(with name: String) -> String {
        guard let tail else { return head }
        return head + name + tail
    }
}

/// A small, fast, seedable generator (Steele, Lea, Flood), so a seed always gives the same desk.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }
}
