import Foundation
import CaseDesk

extension ChecklistVocabulary {
    /// Whether a marker word stands in the subject or at the top of the body, as the procedure reads
    /// it (`ComplaintMarker`: at the start of a word, so "Complaints" and "Beschwerden" count). This
    /// is what intake files; `markerWords` are the store policy's `complaint_markers` when imported.
    public func carriesMarker(subject: String?, body: String) -> Bool {
        [subject, ComplaintMarker.topLine(of: body)].contains { line in
            line.map { ComplaintMarker.found(in: $0, markers: markerWords) } ?? false
        }
    }

    /// Whether the marker word stands, as a whole word, in the subject or in the first non-empty line
    /// of the body. Stricter than the procedure (`carriesMarker`), which intake uses.
    public func hasMarker(subject: String?, body: String) -> Bool {
        let firstLine = body.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return [subject ?? "", firstLine.map(String.init) ?? ""].contains {
            FoldedText($0).contains(anyOf: markerWords)
        }
    }

    /// Reads the checklist items from a message's parts.
    public func findings(
        subject: String?, body: String, sender: MailAddress?, domains: [DomainName], caseNumber: Int?
    ) -> ChecklistFindings {
        let text = FoldedText((subject ?? "") + "\n" + body)
        var items: [ChecklistItem] = []
        if sender?.displayName != nil { items.append(.name) }
        if let address = sender?.address, address.contains("@") { items.append(.contact) }
        let reference = accountReference(in: (subject ?? "") + "\n" + body, folded: text)
        if reference != nil { items.append(.account) }
        if !domains.isEmpty { items.append(.domains) }
        if ownWordCount(body) >= minimumDescriptionWords { items.append(.description) }
        if text.contains(anyOf: measurePhrases) { items.append(.measures) }
        if caseNumber != nil || text.contains(anyOf: previousComplaintPhrases) { items.append(.previousComplaint) }
        let marker = carriesMarker(subject: subject, body: body)
        if marker { items.append(.marker) }
        return ChecklistFindings(items: items, hasComplaintMarker: marker, accountReference: reference)
    }

    /// The first token with a digit among the few words after an account word ("Kundennummer: 4711",
    /// "numéro de client est le 98765"), recovered in its original case.
    func accountReference(in original: String, folded: FoldedText? = nil) -> String? {
        let text = folded ?? FoldedText(original)
        for word in accountWords {
            guard let match = text.firstMatch(of: word) else { continue }
            let following = String(String.UnicodeScalarView(text.scalars[match.upperBound...].prefix(60)))
            let tokens = following.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "/") })
            for token in tokens.prefix(4) {
                let trimmed = token.trimmingCharacters(in: CharacterSet(charactersIn: "-_/"))
                guard trimmed.count >= 3, trimmed.contains(where: \.isNumber) else { continue }
                if let range = original.range(of: trimmed, options: [.caseInsensitive, .diacriticInsensitive]) {
                    return String(original[range])
                }
                return trimmed
            }
        }
        return nil
    }

    /// Words the writer wrote, not counting quoted reply lines.
    private func ownWordCount(_ body: String) -> Int {
        body.split(separator: "\n")
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix(">") }
            .reduce(0) { count, line in count + line.split(whereSeparator: \.isWhitespace).filter { $0.contains(where: \.isLetter) }.count }
    }
}
