import CaseDesk
import Foundation

extension LetterLanguage {
    /// The language the customer wrote in, guessed from the commonest small words of each language:
    /// the one with the most hits, if it has at least three and clearly more than the next. nil
    /// when nothing stands out (then the desk's configured language applies).
    public static func guess(from texts: [String]) -> LetterLanguage? {
        var hits: [LetterLanguage: Int] = [:]
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
        texts += state.messages.filter { $0.direction == .incoming }.map(\.message.subject)
        return guess(from: texts)
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
