extension MailMessage {
    /// The text a person wrote: text/plain preferred, else HTML made readable. In a
    /// multipart/report only the first, human-readable part counts; machine parts and
    /// attachments never become body text.
    public var bodyText: String {
        (Self.selectBody(root, firstLeaf: 0).text ?? "").trimmingWhitespace()
    }

    /// Parts that hold content, not containers: the leaves of the MIME tree, with a forwarded or
    /// reported message as one leaf (its own parts are its business).
    public var leafParts: [MIMEPart] { Self.leaves(of: root) }

    /// Every part kept as evidence: attachments, inline non-text parts, and the machine-readable
    /// parts of reports. Parts that make up the body are left out: their text is the description.
    public var attachments: [Evidence] {
        let bodyLeaves = Self.selectBody(root, firstLeaf: 0).leaves
        let isXARF = header["X-XARF"] != nil || header["X-ARF"] != nil
        var evidence: [Evidence] = []
        for (index, part) in leafParts.enumerated() where !bodyLeaves.contains(index) {
            guard let role = Self.evidenceRole(of: part, inXARF: isXARF) else { continue }
            evidence.append(Evidence(role: role, filename: part.filename, contentType: part.contentType.mimeType,
                                     bytes: part.decodedBody))
        }
        return evidence
    }

    private static func leaves(of part: MIMEPart) -> [MIMEPart] {
        part.contentType.isMultipart && !part.children.isEmpty ? part.children.flatMap(leaves) : [part]
    }

    /// Which role a leaf plays as evidence; nil for text that is an unchosen rendering of the body.
    private static func evidenceRole(of part: MIMEPart, inXARF: Bool) -> Evidence.Role? {
        switch part.contentType.mimeType {
        case "message/feedback-report": return .feedbackReport
        case "message/rfc822", "message/global": return .originalMessage
        case "text/rfc822-headers", "message/rfc822-headers": return .originalHeaders
        case "message/delivery-status", "message/global-delivery-status": return .deliveryStatus
        case "application/json" where inXARF: return .xarfReport
        default: break
        }
        if inXARF, part.filename?.lowercased() == "report.txt" { return .xarfReport }
        if part.isAttachment { return .attachment }
        if part.contentType.type == "text" && ["plain", "html"].contains(part.contentType.subtype) { return nil }
        return part.contentType.type == "text" ? .attachment : .inline
    }

    /// The body text of a part and the leaves (numbered in `leafParts` order) it came from.
    private struct BodySelection {
        var text: String?
        var leaves: Set<Int> = []

        var hasText: Bool { !(text?.trimmingWhitespace().isEmpty ?? true) }
    }

    /// Follows each multipart kind's rule for what a reader sees.
    private static func selectBody(_ part: MIMEPart, firstLeaf: Int) -> BodySelection {
        guard !part.isAttachment else { return BodySelection() }
        guard part.contentType.isMultipart, !part.children.isEmpty else {
            switch part.contentType.mimeType {
            case "text/plain": return BodySelection(text: part.text, leaves: [firstLeaf])
            case "text/html": return BodySelection(text: HTMLText.plainText(from: part.text), leaves: [firstLeaf])
            default: return BodySelection()
            }
        }
        var offset = firstLeaf
        let selections = part.children.map { child in
            defer { offset += leaves(of: child).count }
            return selectBody(child, firstLeaf: offset)
        }
        switch part.contentType.subtype {
        case "alternative":
            // All renderings of the one text are the body; the plain one is shown if it has text.
            let plain = part.children.indices.first { part.children[$0].contentType.mimeType == "text/plain" && selections[$0].hasText }
            let shown = plain ?? selections.indices.reversed().first { selections[$0].hasText }
            return BodySelection(text: shown.flatMap { selections[$0].text }, leaves: selections.reduce([]) { $0.union($1.leaves) })
        case "related":
            // The root is the `start` part if named, else the first (RFC 2387).
            let start = part.contentType.parameters["start"]
            let root = part.children.firstIndex { start != nil && $0.header["Content-ID"] == start } ?? 0
            return selections[root]
        case "report", "signed", "encrypted":
            return selections[0]
        default:
            let shown = selections.filter(\.hasText)
            return BodySelection(text: shown.isEmpty ? nil : shown.compactMap(\.text).joined(separator: "\n\n"),
                                 leaves: shown.reduce([]) { $0.union($1.leaves) })
        }
    }
}
