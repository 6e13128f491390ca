import CaseDesk
import Foundation

extension LetterLanguage {
    /// The language the customer wrote in, guessed from the commonest small words of each language:
    /// the one with the most hits, if it has at least three and clearly more than the next. nil
    /// when nothing stands out (then the desk's configured language applies).
    public static func guess(from texts: [String]) -> LetterLanguage? {
        guess(from: texts, subject: nil, signals: [:])
    }

    /// As `guess(from:)`, with two more kinds of evidence: a complaint marker word in the subject
    /// ("Plainte officielle : …", "Beschwerde …") counts as three words of its language, so a short
    /// subject alone can decide; and `signals` (from the customer's name, contact and domains) add
    /// their weight.
    static func guess(from texts: [String], subject: String?, signals: [LetterLanguage: Int]) -> LetterLanguage? {
        var hits = signals
        if let subject {
            let words = subject.lowercased().split(whereSeparator: { !$0.isLetter })
            for language in LetterLanguage.allCases where words.contains(where: { language.markerWords.contains(String($0)) }) {
                hits[language, default: 0] += 3
            }
        }
        for text in texts {
            let words = text.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "’" })
            for word in words {
                for language in LetterLanguage.allCases where language.commonWords.contains(String(word)) {
                    hits[language, default: 0] += 1
                }
            }
        }
        let ranked = hits.sorted { $0.value > $1.value }
        guard let best = ranked.first, best.value >= 3 else { return nil }
        if ranked.count > 1, Double(best.value) < Double(ranked[1].value) * 1.5 { return nil }
        return best.key
    }

    /// The language of a case: what the customer wrote (subject, first message, escalation, the
    /// subjects of later mail).
    public static func guess(for state: CaseState) -> LetterLanguage? {
        var texts = [state.intake.subject, state.intake.description]
        if let text = state.escalation?.text { texts.append(text) }
        let subjects = state.messages.filter { $0.direction == .incoming }.map(\.message.subject)
        texts += subjects
        let headings = [state.intake.subject, state.escalation?.heading].compactMap { $0 } + subjects
        return guess(from: texts, subject: headings.joined(separator: " "),
                     signals: signals(customer: state.intake.customer, contact: state.intake.contact,
                                      domains: state.intake.domains.map(\.ascii)))
    }

    /// Clear signs of a language outside the text: the top-level domain of the contact's address
    /// and of the domains concerned (.fr and the French-speaking ones; .de and .at), two each; a
    /// name written with letters of one language (é, ç… / ä, ö, ü, ß), one. `.ch`, `.be` and `.lu`
    /// are several languages' and say nothing.
    static func signals(customer: String, contact: String, domains: [String]) -> [LetterLanguage: Int] {
        var signals: [LetterLanguage: Int] = [:]
        func topLevel(_ host: String) -> LetterLanguage? {
            let tld = host.lowercased().split(separator: ".").last.map(String.init) ?? ""
            switch tld {
            case "fr", "re", "pf", "nc", "mc": return .french
            case "de", "at": return .german
            default: return nil
            }
        }
        var counted: Set<LetterLanguage> = []
        let address = contact.split(whereSeparator: { $0 == "<" || $0 == ">" || $0.isWhitespace }).first { $0.contains("@") }
        if let address, let host = address.split(separator: "@").last, let language = topLevel(String(host)) {
            signals[language, default: 0] += 2
            counted.insert(language)
        }
        for domain in domains {
            if let language = topLevel(domain), !counted.contains(language) {
                signals[language, default: 0] += 2
                counted.insert(language)
            }
        }
        let name = customer.lowercased()
        if name.contains(where: { "äöüß".contains($0) }) { signals[.german, default: 0] += 1 }
        if name.contains(where: { "éèêçàâîôûœ".contains($0) }) { signals[.french, default: 0] += 1 }
        return signals
    }

    /// The complaint marker in each language: the word the procedure asks for at the top.
    private var markerWords: Set<String> {
        switch self {
        case .english: ["complaint"]
        case .french: ["plainte", "réclamation"]
        case .german: ["beschwerde"]
        }
    }

    /// Words that are frequent in the language and rare in the other two.
    private var commonWords: Set<String> {
        switch self {
        case .english:
            ["the", "and", "is", "are", "was", "i", "my", "you", "your", "please", "thank", "thanks", "with", "for", "not",
             "this", "that", "have", "has", "of", "to", "dear", "regards", "complaint", "would", "since", "still", "we", "our"]
        case .french:
            ["le", "la", "les", "des", "est", "et", "je", "j'ai", "j’ai", "nous", "vous", "votre", "vos", "mon", "ma", "mes",
             "pour", "pas", "une", "avec", "dans", "bonjour", "merci", "madame", "monsieur", "plainte", "réclamation",
             "depuis", "été", "cette", "qui", "que", "sur", "au", "aux", "cordialement"]
        case .german:
            ["der", "die", "das", "und", "ich", "nicht", "ist", "mit", "sie", "ihr", "ihre", "mein", "meine", "bitte",
             "danke", "sehr", "geehrte", "damen", "herren", "beschwerde", "für", "auf", "ein", "eine", "wir", "den",
             "dem", "von", "zu", "habe", "haben", "seit", "noch", "grüßen", "freundlichen"]
        }
    }
}
