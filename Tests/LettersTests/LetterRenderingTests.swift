import CaseDesk
import Foundation
import Testing
@testable import Letters

/// Every letter in every language, on one complaint whose deadlines cross Easter, Ascension and
/// Whit Monday 2027: the dates a letter states must be the clocks' dates, in the letter's words.
@Suite("Letters render with the clocks' dates, in each language")
struct LetterRenderingTests {
    /// The dates these cases need, spelled by hand in each language (not by the code under test).
    static let spelled: [String: [LetterLanguage: String]] = [
        "2027-03-22": [.english: "Monday 22 March 2027", .french: "lundi 22 mars 2027", .german: "Montag, 22. März 2027"],
        "2027-03-23": [.english: "Tuesday 23 March 2027", .french: "mardi 23 mars 2027", .german: "Dienstag, 23. März 2027"],
        "2027-03-25": [.english: "Thursday 25 March 2027", .french: "jeudi 25 mars 2027", .german: "Donnerstag, 25. März 2027"],
        "2027-04-12": [.english: "Monday 12 April 2027", .french: "lundi 12 avril 2027", .german: "Montag, 12. April 2027"],
        "2027-04-16": [.english: "Friday 16 April 2027", .french: "vendredi 16 avril 2027", .german: "Freitag, 16. April 2027"],
        "2027-04-22": [.english: "Thursday 22 April 2027", .french: "jeudi 22 avril 2027", .german: "Donnerstag, 22. April 2027"],
        "2027-05-03": [.english: "Monday 3 May 2027", .french: "lundi 3 mai 2027", .german: "Montag, 3. Mai 2027"],
        "2027-05-13": [.english: "Thursday 13 May 2027", .french: "jeudi 13 mai 2027", .german: "Donnerstag, 13. Mai 2027"],
        "2027-05-19": [.english: "Wednesday 19 May 2027", .french: "mercredi 19 mai 2027", .german: "Mittwoch, 19. Mai 2027"],
    ]

    struct Scenario: Sendable, CustomTestStringConvertible {
        var kind: LetterKind
        var story: @Sendable () throws -> Story
        var sentAt: String
        var promised: String?
        var answer: String?
        /// Dates the letter must state.
        var dates: [String]
        var testDescription: String { kind.rawValue }
    }

    static let scenarios: [Scenario] = [
        // Formal complaint Thu 25 Mar: the answer is due Mon 12 Apr (10 business days, Easter skipped).
        Scenario(kind: .acknowledgement, story: EasterCases.formalComplaint, sentAt: "2027-03-30T09:00:00+02:00",
                 dates: ["2027-03-25", "2027-04-12"]),
        Scenario(kind: .extensionNotice, story: EasterCases.formalComplaint, sentAt: "2027-04-08T12:00:00+02:00",
                 promised: "2027-04-16", dates: ["2027-03-25", "2027-04-16"]),
        // The first answer at stage 1, to the message of Mon 22 Mar.
        Scenario(kind: .response, story: EasterCases.firstContact, sentAt: "2027-03-23T10:00:00+01:00",
                 answer: "ANSWER-TEXT", dates: ["2027-03-22"]),
        Scenario(kind: .escalationAcknowledgement, story: EasterCases.escalated, sentAt: "2027-05-04T09:00:00+02:00",
                 dates: ["2027-05-03", "2027-05-19"]),
        Scenario(kind: .finalResponse, story: EasterCases.escalated, sentAt: "2027-05-18T09:00:00+02:00",
                 answer: "ANSWER-TEXT", dates: ["2027-05-03"]),
        // Answered Tue 23 Mar; the window crossed Easter and ended Thu 22 Apr.
        Scenario(kind: .resolved, story: EasterCases.lapsed, sentAt: "2027-04-23T09:00:00+02:00", dates: ["2027-03-23", "2027-04-22"]),
    ]

    static let cases = scenarios.flatMap { scenario in LetterLanguage.allCases.map { (scenario, $0) } }

    @Test("each letter in each language states the right dates", arguments: cases)
    func rendersDates(scenario: Scenario, language: LetterLanguage) throws {
        let story = try scenario.story()
        let request = LetterRequest(kind: scenario.kind, language: language, sentAt: at(scenario.sentAt),
                                    promised: scenario.promised.map(day), answer: scenario.answer)
        let letter = try Letters.render(request, state: story.state, procedure: story.procedure)
        for date in scenario.dates {
            let words = try #require(Self.spelled[date]?[language])
            #expect(letter.body.contains(words), "\(scenario.kind.rawValue) \(language.rawValue) lacks \(words):\n\(letter.body)")
        }
        if scenario.answer != nil { #expect(letter.body.contains("ANSWER-TEXT")) }
        try expectWellFormed(letter)
    }

    /// A stage-2 response states the end of the customer's window: 20 business days from the answer
    /// (Wed 14 Apr), Ascension skipped: Thu 13 May.
    @Test("a response to a formal complaint states the end of the window to escalate", arguments: LetterLanguage.allCases)
    func responseStatesWindow(language: LetterLanguage) throws {
        let story = try EasterCases.formalComplaint()
        let letter = try Letters.render(
            LetterRequest(kind: .response, language: language, sentAt: at("2027-04-14T10:00:00+02:00"), answer: "ANSWER-TEXT"),
            state: story.state, procedure: story.procedure)
        for date in ["2027-03-25", "2027-05-13"] {
            #expect(letter.body.contains(try #require(Self.spelled[date]?[language])), "\(letter.body)")
        }
        #expect(letter.body.contains("20"))
        try expectWellFormed(letter)
    }

    /// The window's days are named as the working week counts them: jours ouvrés / Arbeitstage for
    /// Monday to Friday, jours ouvrables / Werktage for Monday to Saturday; every language opens and
    /// closes in the same formal register.
    @Test("business days are named after the working week, the salutations match across languages")
    func businessDayWords() throws {
        var story = try EasterCases.formalComplaint()
        let request = { (language: LetterLanguage) in
            LetterRequest(kind: .response, language: language, sentAt: at("2027-04-14T10:00:00+02:00"), answer: "ANSWER-TEXT")
        }
        func body(_ language: LetterLanguage) throws -> String {
            try Letters.render(request(language), state: story.state, procedure: story.procedure).body
        }
        #expect(try body(.french).contains("dans un délai de 20 jours ouvrés à compter"))
        #expect(try body(.german).contains("innerhalb von 20 Arbeitstagen nach"))
        #expect(try body(.english).contains("within 20 business days of"))
        #expect(try body(.english).hasPrefix("Dear Sir or Madam,\n"))
        #expect(try body(.english).contains("\nYours faithfully,\n"))
        #expect(try body(.french).hasPrefix("Madame, Monsieur,\n"))
        #expect(try body(.german).hasPrefix("Sehr geehrte Damen und Herren,\n"))
        story.procedure.calendar.workingWeek = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday]
        #expect(try body(.french).contains("dans un délai de 20 jours ouvrables à compter"))
        #expect(try body(.german).contains("innerhalb von 20 Werktagen nach"))
        #expect(try !body(.french).contains("ouvrés"))
    }

    @Test("a stage-2 answer says where to escalate in writing, from the policy's [desk], and nothing without it",
          arguments: LetterLanguage.allCases)
    func escalationContact(language: LetterLanguage) throws {
        var story = try EasterCases.formalComplaint()
        let request = LetterRequest(kind: .response, language: language, sentAt: at("2027-04-14T10:00:00+02:00"), answer: "ANSWER-TEXT")
        let bare = try Letters.render(request, state: story.state, procedure: story.procedure)
        #expect(!bare.body.contains("@registrar.example"))
        story.procedure.policy.desk = DeskContact(
            name: "Registrar Kundendienst",
            complaints: .init(postal: ["Registrar GmbH", "Beschwerden", "Im Oberen Werk 1", "66386 St. Ingbert"], fax: "+49 6894 9396 851",
                              email: "complaints@registrar.example"),
            escalations: .init(email: "escalations@registrar.example"),
            abuse: .init(email: "abuse@registrar.example"))
        let letter = try Letters.render(request, state: story.state, procedure: story.procedure)
        #expect(letter.body.contains("escalations@registrar.example"))
        #expect(letter.body.contains("+49 6894 9396 851"), "the escalation address lacks a fax: the complaints department's")
        #expect(letter.body.contains("Registrar GmbH, Beschwerden, Im Oberen Werk 1, 66386 St. Ingbert"))
        #expect(!letter.body.contains("complaints@registrar.example"))
        #expect(letter.body.contains("Registrar Kundendienst"), "signed with the desk's name")
        let marker = ["en": "\"complaint\"", "fr": "plainte", "de": "„Beschwerde“"][language.rawValue]!
        #expect(letter.body.contains(marker))
        try expectWellFormed(letter)
    }

    /// Lapsed Thu 22 Apr 2027; a late further complaint arrives Mon 26 Apr.
    @Test("a late escalation awaiting the head's decision is acknowledged without a final date; no resolved notice once it came",
          arguments: LetterLanguage.allCases)
    func lateEscalationLetters(language: LetterLanguage) throws {
        var story = try EasterCases.lapsed()
        let filing = story.procedure.escalationFiling(for: story.state, received: at("2027-04-26T09:00:00+02:00"), channel: .email,
                                                      heading: "Beschwerde", items: Set(ChecklistItem.allCases))
        try story.record(.escalationReceived(filing), at: "2027-04-26T09:30:00+02:00")
        #expect(!story.state.isOpen)
        let sent = at("2027-04-26T10:00:00+02:00")
        let ack = try Letters.render(LetterRequest(kind: .escalationAcknowledgement, language: language, sentAt: sent),
                                     state: story.state, procedure: story.procedure)
        #expect(ack.body.contains(try #require(Self.spelled["2027-04-22"]?[language])), "the window's end: \(ack.body)")
        // Ten business days after the receipt would be Mon 10 May: promised nowhere.
        #expect(!ack.body.contains("10 May") && !ack.body.contains("10 mai") && !ack.body.contains("10. Mai"))
        try expectWellFormed(ack)
        #expect(throws: LetterError.self) {
            try Letters.render(LetterRequest(kind: .resolved, language: language, sentAt: sent), state: story.state, procedure: story.procedure)
        }
        // The refusal letter follows the head's refusal, with its reason.
        #expect(throws: LetterError.self) {
            try Letters.render(LetterRequest(kind: .lateRefusal, language: language, sentAt: sent), state: story.state, procedure: story.procedure)
        }
        try story.record(.lateEscalationDecided(.init(accepted: false, reason: "REASON-TEXT")), at: "2027-04-27T10:00:00+02:00")
        let refusal = try Letters.render(LetterRequest(kind: .lateRefusal, language: language, sentAt: at("2027-04-27T11:00:00+02:00")),
                                         state: story.state, procedure: story.procedure)
        #expect(refusal.body.contains("REASON-TEXT"))
        #expect(refusal.body.contains(try #require(Self.spelled["2027-04-22"]?[language])))
        try expectWellFormed(refusal)
        #expect(LetterKind(argument: "refuse-late") == .lateRefusal)
    }

    @Test("the clocks behind the letters: acknowledge by Wed 31 Mar, answer by Mon 12 Apr, final response by Wed 19 May")
    func clocksAcrossEaster() throws {
        let formal = try EasterCases.formalComplaint()
        let clocks = formal.procedure.clocks(formal.state, now: at("2027-03-25T11:00:00+01:00"))
        #expect(clocks.first { $0.kind == .acknowledge }.map { saarland.localDate(of: $0.due) } == day("2027-03-31"))
        #expect(clocks.first { $0.kind == .respond }.map { saarland.localDate(of: $0.due) } == day("2027-04-12"))
        let facts = try LetterFacts.read(LetterRequest(kind: .escalationAcknowledgement, language: .english,
                                                       sentAt: at("2027-05-04T09:00:00+02:00")),
                                         state: try EasterCases.escalated().state, procedure: Procedure())
        #expect(facts.due == day("2027-05-19"))
        #expect(facts.missingItems == [.measures])
    }

    @Test("an incomplete escalation's acknowledgement lists what is missing, in the letter's language")
    func missingItems() throws {
        let story = try EasterCases.escalated()
        let expected: [LetterLanguage: String] = [
            .english: "- the measures you would like us to take",
            .french: "- les mesures que vous souhaitez nous voir prendre",
            .german: "- die Maßnahmen, die Sie von uns erwarten",
        ]
        for language in LetterLanguage.allCases {
            let letter = try Letters.render(LetterRequest(kind: .escalationAcknowledgement, language: language,
                                                          sentAt: at("2027-05-04T09:00:00+02:00")),
                                            state: story.state, procedure: story.procedure)
            #expect(letter.body.contains(try #require(expected[language])), "\(letter.body)")
        }
    }

    @Test("French letters use « » and non-breaking spaces; German letters use ß, umlauts and Sie")
    func typography() throws {
        let story = try EasterCases.formalComplaint()
        let french = try Letters.render(
            LetterRequest(kind: .response, language: .french, sentAt: at("2027-04-14T10:00:00+02:00"), answer: "Réponse."),
            state: story.state, procedure: story.procedure)
        // The formal complaint came without a message of its own: named by its date, never by the
        // first message's subject.
        #expect(french.body.contains("Nous vous remercions de votre plainte, reçue le jeudi 25\u{A0}mars 2027.")
                || french.body.contains("Nous vous remercions de votre plainte, reçue le jeudi 25 mars 2027."), "\(french.body)")
        #expect(!french.body.contains("Transfert bloqué"))
        #expect(french.body.contains("«\u{A0}plainte\u{A0}»"))
        #expect(french.subject == "Notre réponse à votre plainte")
        for text in [french.subject, french.body] {
            #expect(!text.contains(" :") && !text.contains(" ;") && !text.contains("\""), "ASCII spacing or quotes in:\n\(text)")
        }
        let german = try Letters.render(
            LetterRequest(kind: .response, language: .german, sentAt: at("2027-04-14T10:00:00+02:00"), answer: "Antwort."),
            state: story.state, procedure: story.procedure)
        #expect(german.body.hasPrefix("Sehr geehrte Damen und Herren,\n\nvielen Dank"))
        #expect(german.body.contains("vielen Dank für Ihre Beschwerde, die am Donnerstag, 25. März 2027, bei uns eingegangen ist."))
        // Opened first-hand at stage 2, the case's subject is the formal complaint's.
        var firstHand = try Story(EasterCases.intake(stage: .headOfSupport))
        try firstHand.record(.acknowledged(.init(at: at("2027-03-23T10:00:00+01:00"))), at: "2027-03-23T10:00:00+01:00")
        let named = try Letters.render(
            LetterRequest(kind: .response, language: .german, sentAt: at("2027-03-24T10:00:00+01:00"), answer: "Antwort."),
            state: firstHand.state, procedure: firstHand.procedure)
        #expect(named.body.contains("vielen Dank für Ihre Beschwerde „Transfert bloqué“, die am Montag, 22. März 2027, bei uns eingegangen ist."))
        #expect(german.body.contains("Mit freundlichen Grüßen"))
        #expect(german.body.contains("Maßnahmen"))
        #expect(german.body.contains(" Sie "))
        #expect(!german.body.contains(" du ") && !german.body.contains(" dich "))
    }

    @Test("the desk's name signs the letter when configured; abuse reports sign as the abuse desk")
    func signature() throws {
        let story = try EasterCases.formalComplaint()
        let request = LetterRequest(kind: .acknowledgement, language: .english, sentAt: at("2027-03-30T09:00:00+02:00"),
                                    deskName: "Registrar Complaints Team")
        let signed = try Letters.render(request, state: story.state, procedure: story.procedure)
        #expect(signed.body.hasSuffix("Yours faithfully,\n\nRegistrar Complaints Team\nCase reference: 41\n"))
        var abuse = try Story(EasterCases.intake(kind: .abuse))
        try abuse.record(.responded(.init(summary: "Taken down", at: at("2027-03-23T10:00:00+01:00"))),
                         at: "2027-03-23T10:00:00+01:00", by: "abe")
        let report = try Letters.render(LetterRequest(kind: .response, language: .german, sentAt: at("2027-03-23T10:00:00+01:00")),
                                        state: abuse.state, procedure: abuse.procedure)
        #expect(report.body.contains("vielen Dank für Ihre Meldung"))
        #expect(report.body.contains("Taken down"), "the recorded answer is the default text")
        #expect(report.body.hasSuffix("Ihr Abuse-Team\nAktenzeichen: 41\n"))
    }

    @Test("a letter where it does not belong, or without what it needs, is refused with the reason")
    func refusals() throws {
        let first = try EasterCases.firstContact()
        let sent = at("2027-03-23T10:00:00+01:00")
        func error(_ kind: LetterKind, _ story: Story, answer: String? = nil) -> LetterError? {
            do {
                _ = try Letters.render(LetterRequest(kind: kind, language: .english, sentAt: sent, answer: answer),
                                       state: story.state, procedure: story.procedure)
                return nil
            } catch {
                return error
            }
        }
        #expect(error(.acknowledgement, first)?.description
                == "case 41 takes no acknowledgement letter: it is at the supervisor stage; this letter belongs to a formal complaint (stage 2)")
        #expect(error(.response, first) == .missingDetail(.response, "the answer's text"))
        #expect(error(.extensionNotice, try EasterCases.formalComplaint()) == .missingDetail(.extensionNotice, "the promised date"))
        #expect(error(.resolved, try EasterCases.answered())?.description.contains("only once the customer's window") == true)
        #expect(error(.acknowledgement, try EasterCases.lapsed())?.description.contains("it is closed (lapsed") == true)
    }

    func expectWellFormed(_ letter: Letter, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(!letter.subject.isEmpty, sourceLocation: sourceLocation)
        #expect(!letter.subject.contains("{{") && !letter.body.contains("{{") && !letter.body.contains("}}"), sourceLocation: sourceLocation)
        #expect(!letter.body.contains("\n\n\n"), sourceLocation: sourceLocation)
        #expect(letter.body.hasSuffix(": 41\n"), "signed with the case reference", sourceLocation: sourceLocation)
        let greeting = ["Dear Sir or Madam,", "Madame, Monsieur,", "Sehr geehrte Damen und Herren,"]
        #expect(greeting.contains { letter.body.hasPrefix($0 + "\n\n") }, sourceLocation: sourceLocation)
    }
}

@Suite("The letter a move offers")
struct OfferedLetterTests {
    @Test("acknowledgements by stage, and the other moves that send a letter")
    func offered() throws {
        let formal = try EasterCases.formalComplaint().state
        let escalated = try EasterCases.escalated().state
        #expect(LetterKind.offered(with: .acknowledge, on: formal) == .acknowledgement)
        #expect(LetterKind.offered(with: .acknowledge, on: escalated) == .escalationAcknowledgement)
        #expect(LetterKind.offered(with: .acknowledge, on: try EasterCases.firstContact().state) == nil)
        #expect(LetterKind.offered(with: .extend, on: formal) == .extensionNotice)
        #expect(LetterKind.offered(with: .respond, on: formal) == .response)
        #expect(LetterKind.offered(with: .final, on: escalated) == .finalResponse)
        #expect(LetterKind.offered(with: .lapse, on: try EasterCases.lapsed().state) == .resolved)
        #expect(LetterKind.offered(with: .note, on: formal) == nil)
    }
}
