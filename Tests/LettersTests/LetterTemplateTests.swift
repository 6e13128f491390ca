import CaseDesk
import Foundation
import Testing
@testable import Letters

@Suite("Letter templates: built in, overridden by the desk, errors that name the file and line")
struct LetterTemplateTests {
    static let templatesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Templates")

    @Test("the built-in templates are the files in Templates/, one per letter and language")
    func builtInAreTheFiles() throws {
        var paths: [String] = []
        for language in LetterLanguage.allCases {
            for kind in LetterKind.allCases {
                let path = "\(language.rawValue)/\(kind.rawValue).mustache"
                paths.append(path)
                let text = try String(contentsOf: Self.templatesDirectory.appendingPathComponent(path), encoding: .utf8)
                let embedded = BuiltinTemplates.files.first { $0.path == path }?.text
                #expect(embedded == text, "\(path) differs from BuiltinTemplates.swift: run scripts/embed-templates")
            }
        }
        #expect(BuiltinTemplates.files.map(\.path).sorted() == paths.sorted(), "a template file that is no letter, or a letter without a file")
        #expect(LetterTemplates.builtIn.check().isEmpty)
    }

    @Test("a desk's own template overrides the built-in one for its language only")
    func override() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try folder.write("fr/acknowledgement.mustache", "Accusé {{case}}\n\nReçu le {{received}} ; réponse le {{due}}.\n")
        let templates = LetterTemplates(directory: folder.path)
        let story = try EasterCases.formalComplaint()
        let sent = at("2027-03-30T09:00:00+02:00")
        let french = try Letters.render(LetterRequest(kind: .acknowledgement, language: .french, sentAt: sent), state: story.state,
                                        procedure: story.procedure, templates: templates)
        #expect(french.subject == "Accusé 41")
        #expect(french.body == "Reçu le jeudi 25 mars 2027 ; réponse le lundi 12 avril 2027.\n")
        #expect(french.template == folder.path + "/fr/acknowledgement.mustache")
        let english = try Letters.render(LetterRequest(kind: .acknowledgement, language: .english, sentAt: sent), state: story.state,
                                         procedure: story.procedure, templates: templates)
        #expect(english.template == "built-in Templates/en/acknowledgement.mustache")
        #expect(templates.check().isEmpty)
    }

    @Test("text is inserted as it is, never HTML-escaped")
    func plainText() throws {
        var story = try Story(Intake(kind: .complaint, channel: .email, received: at("2027-03-22T09:00:00+01:00"),
                                     customer: "A & B <Ltd>", contact: "ab@example.com", subject: "\"Quotes\" & 'apostrophes'",
                                     description: ""))
        try story.record(.responded(.init(summary: "x < y & z", at: at("2027-03-23T10:00:00+01:00"))), at: "2027-03-23T10:00:00+01:00")
        let letter = try Letters.render(LetterRequest(kind: .response, language: .english, sentAt: at("2027-03-23T10:00:00+01:00")),
                                        state: story.state, procedure: story.procedure)
        #expect(letter.body.hasPrefix("Dear Sir or Madam,"))
        #expect(letter.body.contains("\"\"Quotes\" & 'apostrophes'\""))
        #expect(letter.body.contains("x < y & z"))
    }

    @Test("a template that does not parse names its file, line and what is wrong")
    func brokenTemplate() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try folder.write("de/acknowledgement.mustache", "Betreff\n\nZeile eins\nZeile zwei\n{{#late}}\nspät\n{{/lat}}\n")
        try folder.write("en/resolved.mustache", "Subject\n\nBody {{#late}} never closed\n")
        let templates = LetterTemplates(directory: folder.path)
        let story = try EasterCases.formalComplaint()
        do {
            _ = try Letters.render(LetterRequest(kind: .acknowledgement, language: .german, sentAt: at("2027-03-30T09:00:00+02:00")),
                                   state: story.state, procedure: story.procedure, templates: templates)
            Issue.record("a broken template rendered")
        } catch {
            let path = folder.path + "/de/acknowledgement.mustache"
            #expect(error.description.hasPrefix("\(path):7:"), "\(error)")
            #expect(error.description.contains("closed with another name"), "\(error)")
        }
        let problems = templates.check().map(\.description)
        #expect(problems.count == 2)
        #expect(problems.contains { $0.hasPrefix(folder.path + "/en/resolved.mustache:") && $0.contains("never closed") }, "\(problems)")
    }

    @Test("a template without a subject line and a blank line is refused by name")
    func shape() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try folder.write("en/acknowledgement.mustache", "Subject\nno blank line\n")
        let story = try EasterCases.formalComplaint()
        #expect(throws: LetterError.templateShape(file: folder.path + "/en/acknowledgement.mustache",
                                                  problem: "the subject line is not followed by a blank line")) {
            try Letters.render(LetterRequest(kind: .acknowledgement, language: .english, sentAt: at("2027-03-30T09:00:00+02:00")),
                               state: story.state, procedure: story.procedure, templates: LetterTemplates(directory: folder.path))
        }
    }

    @Test("the default folder follows XDG_CONFIG_HOME, else HOME")
    func defaultDirectory() {
        #expect(LetterTemplates.defaultDirectory(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/casedesk/templates")
        #expect(LetterTemplates.defaultDirectory(environment: ["HOME": "/h"]) == "/h/.config/casedesk/templates")
    }

    @Test("the customer's language is guessed from what they wrote; nothing clear gives nil")
    func languageGuess() throws {
        #expect(LetterLanguage.guess(from: ["Plainte", "Bonjour, je vous écris car le transfert de mon domaine est bloqué depuis une semaine."]) == .french)
        #expect(LetterLanguage.guess(from: ["Beschwerde", "Sehr geehrte Damen und Herren, ich habe seit einer Woche keine Antwort."]) == .german)
        #expect(LetterLanguage.guess(from: ["Complaint", "Dear team, my domain transfer is still blocked and I would like an answer."]) == .english)
        #expect(LetterLanguage.guess(from: ["Hi", "ok"]) == nil)
        #expect(LetterLanguage.guess(for: try EasterCases.formalComplaint().state) == .french)
    }

    /// A case with nothing but a short subject and the customer's details: the marker word or the
    /// customer's name, contact and domains decide; an English text is not overruled by a .fr address.
    func shortCase(subject: String, customer: String = "J. Smith", contact: String = "j@example.com", domains: [String] = [],
                   description: String = "") throws -> CaseState {
        let intake = Intake(kind: .complaint, channel: .email, received: Date(timeIntervalSince1970: 1_800_000_000), customer: customer,
                            contact: contact, domains: try domains.map { try DomainName($0) }, subject: subject, description: description)
        return try CaseState(opening: Event(caseNumber: 1, sequence: 1, recorded: intake.received, actor: "sam", change: .received(intake)))
    }

    @Test("a short subject with a marker word, or clear signals in the customer's details, picks French or German")
    func languageGuessFromShortCases() throws {
        #expect(LetterLanguage.guess(for: try shortCase(subject: "Plainte officielle : transfert")) == .french)
        #expect(LetterLanguage.guess(for: try shortCase(subject: "Réclamation domaine")) == .french)
        #expect(LetterLanguage.guess(for: try shortCase(subject: "Beschwerde Domain")) == .german)
        #expect(LetterLanguage.guess(for: try shortCase(subject: "Domain", customer: "Jürgen Groß", contact: "jg@firma.de",
                                                        domains: ["straße-müller.de"])) == .german)
        #expect(LetterLanguage.guess(for: try shortCase(subject: "Transfert", customer: "Amélie Dubois", contact: "Amélie <a@orange.fr>")) == .french)
        #expect(LetterLanguage.guess(for: try shortCase(subject: "Transfer", contact: "x@example.ch", domains: ["example.ch"])) == nil,
                ".ch is more than one language")
        #expect(LetterLanguage.guess(for: try shortCase(subject: "Transfer", contact: "a@b.fr",
                                                        description: "Dear team, my domain transfer is still blocked and I would like an answer.")) == .english)
        #expect(LetterLanguage.guess(for: try shortCase(subject: "Domain")) == nil)
    }

    @Test("dates are written as each language writes them in a letter")
    func dates() {
        #expect(LetterLanguage.english.date(day("2027-03-31")) == "Wednesday 31 March 2027")
        #expect(LetterLanguage.french.date(day("2027-03-31")) == "mercredi 31 mars 2027")
        #expect(LetterLanguage.french.date(day("2027-04-01")) == "jeudi 1er avril 2027")
        #expect(LetterLanguage.german.date(day("2027-03-31")) == "Mittwoch, 31. März 2027")
        #expect(LetterLanguage.german.date(day("2027-12-24")) == "Freitag, 24. Dezember 2027")
    }
}

/// A temporary folder for a desk's templates.
struct Folder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("casedesk-letters-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
