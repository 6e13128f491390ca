/// Message identifiers as the store compares them. RFC 5322 compares them literally, but mail
/// systems rewrite the case of the domain and the brackets and spacing vary, so the comparison
/// form drops brackets and blanks and lower-cases the part after `@`.
enum MessageID {
    static func normalize(_ value: String) -> String? {
        var text = value.trimmingWhitespace()
        if text.hasPrefix("<") { text.removeFirst() }
        if text.hasSuffix(">") { text.removeLast() }
        text = text.filter { !$0.isWhitespace }
        guard !text.isEmpty else { return nil }
        if let at = text.lastIndex(of: "@") {
            text = String(text[..<at]) + "@" + text[text.index(after: at)...].lowercased()
        }
        return text
    }

    /// The identifiers in a References or In-Reply-To value, in order, without repeats.
    static func list(_ value: String) -> [String] {
        var identifiers: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            if let id = normalize(String(rest[open...close])) { identifiers.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if identifiers.isEmpty {
            identifiers = value.split(whereSeparator: { $0.isWhitespace || $0 == "," })
                .filter { $0.contains("@") }.compactMap { normalize(String($0)) }
        }
        var seen = Set<String>()
        return identifiers.filter { seen.insert($0).inserted }
    }
}
