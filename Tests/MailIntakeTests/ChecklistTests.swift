import CaseDesk
import Testing
@testable import MailIntake

@Suite("Escalation checklist and complaint marker")
struct ChecklistTests {
    let vocabulary = ChecklistVocabulary.standard
    let sender = MailAddress(displayName: "Ann Example", address: "ann@example.com")

    @Test func englishEscalationCarriesEverything() throws {
        let body = """
            Dear support,
            this is a formal complaint about my account 77120. Your answer of 3 March did not solve
            anything: the domain is still suspended. I request that you lift the suspension today.
            """
        let findings = vocabulary.findings(subject: "Escalation", body: body, sender: sender,
                                           domains: [try DomainName("ann.example")], caseNumber: nil)
        #expect(findings.items == ChecklistItem.allCases.filter { $0 != .marker })
        #expect(findings.accountReference == "77120")
        #expect(!findings.hasComplaintMarker)
        #expect(findings.missing == [.marker])
    }

    @Test func frenchWithoutAccentsAndTypographicApostrophe() {
        let body = "Plainte\nJ’exige une reponse. Ma reclamation precedente est restee sans suite, numero de client : FR-99812."
        let findings = vocabulary.findings(subject: nil, body: body, sender: nil, domains: [], caseNumber: nil)
        #expect(findings.hasComplaintMarker)
        #expect(findings.items == [.account, .description, .measures, .previousComplaint, .marker])
        #expect(findings.accountReference == "FR-99812")
    }

    @Test func germanEscalation() {
        let body = "Sehr geehrte Damen und Herren,\nich verlange die Freigabe meiner Domain. Meine frühere Beschwerde blieb ohne Ergebnis. Kundenkonto 55-1234."
        let findings = vocabulary.findings(subject: "BESCHWERDE", body: body, sender: sender, domains: [], caseNumber: nil)
        #expect(findings.items == [.name, .contact, .account, .description, .measures, .previousComplaint, .marker])
        #expect(findings.accountReference == "55-1234")
    }

    @Test func markerMustBeAWordAtTheTop() {
        #expect(vocabulary.hasMarker(subject: "Re: [casedesk #3] Complaint", body: ""))
        #expect(vocabulary.hasMarker(subject: "Réf. PLAINTE n°2", body: ""))
        #expect(vocabulary.hasMarker(subject: nil, body: "\n\n  Beschwerde gegen Ihre Entscheidung\nText"))
        #expect(vocabulary.hasMarker(subject: "plainté", body: ""))  // accents are ignored both ways
        #expect(!vocabulary.hasMarker(subject: "Complaints department", body: ""))
        #expect(!vocabulary.hasMarker(subject: "Beschwerdeführung", body: ""))
        #expect(!vocabulary.hasMarker(subject: "Question", body: "Hello\nThis is a complaint."))
    }

    @Test func findingsReadTheMarkerAsTheProcedureDoes() {
        func marked(_ subject: String?, _ body: String, _ words: ChecklistVocabulary = .standard) -> Bool {
            words.findings(subject: subject, body: body, sender: nil, domains: [], caseNumber: nil).hasComplaintMarker
        }
        #expect(marked("Complaints about my suspended domain", ""))
        #expect(marked(nil, "\n  Beschwerden über Ihre Entscheidung\nText"))
        #expect(marked("Re: [casedesk #3] PLAINTE", ""))
        #expect(!marked("noncomplaint", ""))
        #expect(!marked("Question", "Hello\nThis is a complaint."))
        #expect(marked("Reclamos", "", ChecklistVocabulary(markerWords: ["reclamo"])))
        #expect(!marked("complaint", "", ChecklistVocabulary(markerWords: ["reclamo"])))
    }

    @Test func markerWordsAreConfigurable() {
        let custom = ChecklistVocabulary(markerWords: ["reclamo"])
        #expect(custom.hasMarker(subject: "Reclamo formal", body: ""))
        #expect(!custom.hasMarker(subject: "complaint", body: ""))
    }

    @Test func caseTagCountsAsPreviousComplaintAndShortBodyIsNoDescription() {
        let findings = vocabulary.findings(subject: "Re: [casedesk #12]", body: "Still broken.\n> quoted history is not counted as own words at all here",
                                           sender: MailAddress(displayName: nil, address: "x@example.com"), domains: [], caseNumber: 12)
        #expect(findings.items == [.contact, .previousComplaint])
    }

    @Test func accountWordWithoutNumberIsNotAccountInformation() {
        #expect(vocabulary.accountReference(in: "Please take this into account when you answer.") == nil)
        #expect(vocabulary.accountReference(in: "Customer ID: ab-77x") == "ab-77x")
    }

    @Test func caseTags() {
        let tag = CaseTag()
        #expect(tag.caseNumber(in: "Re: [casedesk #42] your complaint") == 42)
        #expect(tag.caseNumber(in: "AW: Antwort [ CaseDesk#7 ]") == 7)
        #expect(tag.caseNumber(in: "[casedesk #x] [casedesk #9]") == 9)
        #expect(tag.caseNumber(in: "casedesk #5") == nil)
        #expect(tag.caseNumber(in: "[casedesk #99999999999999999999]") == nil)
        #expect(CaseTag(label: "Registrar").caseNumber(in: "[registrar #3]") == 3)
    }

    @Test func categoryWords() {
        #expect(AbuseCategory.guess(in: "a phishing page") == .phishing)
        #expect(AbuseCategory.guess(in: "Your customer hosts Malware and spam") == .malware)
        #expect(AbuseCategory.guess(in: "hello") == nil)
        #expect(AbuseCategory.reading("Malware-Hosting") == .malware)
        #expect(AbuseCategory.reading("Content") == .content)
        #expect(AbuseCategory.reading("Login-Attack") == nil)
        #expect(AbuseCategory.reading(feedbackType: "virus") == .malware)
        #expect(AbuseCategory.reading(feedbackType: "not-spam") == .other)
    }
}

@Suite("Folding and header names: the fast paths agree with the general ones")
struct FoldingFastPathTests {
    @Test("ASCII text folds as the general path folds it")
    func asciiFolding() {
        for text in ["  Hello,\tWORLD!\r\n\u{0B}Next\u{0C}line  ", "", " ", "I'd like: A-B_C/D 42", "\u{1}\u{1F}ctl\u{7F}"] {
            // The general path, forced by one non-ASCII scalar that folds to nothing (a combining accent).
            let general = FoldedText(text + "\u{301}").scalars
            #expect(FoldedText(text).scalars == general, "\(text.debugDescription)")
        }
    }

    @Test("header names compare case-insensitively in ASCII, and only equal names match")
    func headerNames() throws {
        let message = try MailMessage(bytes: Array("SUBJECT: a\nmessage-ID: <x@y>\nX-A`B: z\nFrom: b@c\n\nbody\n".utf8))
        #expect(message.header["Subject"] == "a")
        #expect(message.header["Message-Id"] == "<x@y>")
        #expect(message.header["Subjec"] == nil)
        #expect(message.header["SUBJECT_"] == nil)
        #expect(message.header["x-a`b"] == "z")
        #expect(message.header["X-A@B"] == nil, "@ and ` differ by the case bit but are not letters")
        #expect(message.header["from"] == "b@c")
    }
}

@Suite("The case tag in subjects")
struct CaseTagSubjectTests {
    @Test func subjectCarriesTheTagAndReadsBack() {
        #expect(CaseTag.subject("Our answer", case: 12) == "[casedesk #12] Our answer")
        #expect(CaseTag(label: "desk").subject("Hi", case: 3) == "[desk #3] Hi")
        #expect(CaseTag().caseNumber(in: CaseTag.subject("Re: x", case: 4711)) == 4711)
    }
}
