import CaseDesk

extension AbuseCategory {
    /// Reads a report type or class as reporters write it (`phishing`, `Malware-Hosting`, `spam`,
    /// `Botnet`, `fraud`…); nil when it names none of the desk's categories.
    static func reading(_ label: String?) -> AbuseCategory? {
        guard let label else { return nil }
        let key = FoldedText(label).string.filter { $0.isLetter || $0.isNumber }
        let table: [(stems: [String], category: AbuseCategory)] = [
            (["phish", "hameconnage"], .phishing),
            (["pharming"], .pharming),
            (["malware", "virus", "trojan", "ransom", "worm"], .malware),
            (["botnet", "bot", "cnc", "c2", "commandandcontrol", "drone"], .botnet),
            (["spam", "unsolicited", "messages"], .spam),
            (["fraud", "scam", "fakeshop", "betrug", "arnaque", "escroquerie"], .fraud),
            (["copyright", "trademark", "dmca", "infringement", "urheberrecht"], .copyright),
            (["content", "illegal"], .content),
        ]
        for entry in table where entry.stems.contains(where: { key == $0 || ($0.count > 3 && key.hasPrefix($0)) }) {
            return entry.category
        }
        for entry in table where entry.stems.contains(where: { $0.count > 4 && key.contains($0) }) {
            return entry.category
        }
        return nil
    }

    /// ARF's Feedback-Type values (RFC 5965 section 7.3, RFC 6650).
    static func reading(feedbackType: String?) -> AbuseCategory {
        switch feedbackType?.lowercased().trimmingWhitespace() {
        case "abuse": .spam
        case "fraud": .fraud
        case "virus": .malware
        default: .other
        }
    }

    /// The category a plain abuse mail suggests by its words; nil when none stands out.
    static func guess(in text: String) -> AbuseCategory? {
        let folded = FoldedText(text)
        let table: [(words: [String], category: AbuseCategory)] = [
            (["phish", "hameconnage", "fake login"], .phishing),
            (["pharming", "dns hijack"], .pharming),
            (["malware", "virus", "trojan", "ransomware", "schadsoftware", "logiciel malveillant"], .malware),
            (["botnet", "command and control", "c&c server", "c2 server"], .botnet),
            (["fraud", "scam", "fake shop", "fakeshop", "betrug", "arnaque", "escroquerie"], .fraud),
            (["copyright", "dmca", "trademark", "urheberrecht", "droit d'auteur"], .copyright),
            (["spam", "unsolicited", "unerwünschte werbung"], .spam),
        ]
        return table.first { folded.contains(anyOf: $0.words, asPrefix: true) }?.category
    }

    /// Whether a report's text speaks of phishing, which overrides the category its type maps to.
    static func mentionsPhishing(_ text: String) -> Bool {
        FoldedText(text).contains(anyOf: ["phish", "hameconnage"], asPrefix: true)
    }
}
