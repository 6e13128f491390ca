extension MIMEPart {
    /// Deeper nesting than this is an attack or a loop, not mail; the rest stays one undivided part.
    static let maximumDepth = 24

    /// Reads a part (header and body) from bytes. Never fails: whatever cannot be read as MIME is
    /// kept as plain text with a defect saying why.
    static func parse(_ bytes: ArraySlice<UInt8>, defaultType: ContentType, depth: Int) -> MIMEPart {
        let parsed = MessageHeader.parse(bytes)
        var part = make(header: parsed.header, body: bytes[parsed.bodyStart...], defaultType: defaultType, depth: depth)
        if parsed.endedWithoutBlankLine && !parsed.header.fields.isEmpty {
            part = part.adding(.headerWithoutBlankLine)
        }
        return part
    }

    static func make(header: MessageHeader, body: ArraySlice<UInt8>, defaultType: ContentType, depth: Int) -> MIMEPart {
        var defects: [MIMEDefect] = []
        var contentType = defaultType
        if let value = header["Content-Type"] {
            if let parsed = ContentType(parsing: value) {
                contentType = parsed
            } else {
                defects.append(.unreadableContentType(value))
                contentType = .plainText
            }
        }
        let disposition = header["Content-Disposition"].map(ContentDisposition.init(parsing:))
        let transferEncoding = header["Content-Transfer-Encoding"].map {
            MIMEParameters.parse($0).value.trimmingCharacters(in: ["\""])
        } ?? "7bit"
        if !["7bit", "8bit", "binary", "base64", "quoted-printable"].contains(transferEncoding) {
            defects.append(.unknownTransferEncoding(transferEncoding))
        }
        if transferEncoding == "base64", Base64.hasJunk(body) { defects.append(.invalidBase64) }
        if contentType.type == "text", let charset = contentType.charset, !Charset(label: charset).isKnown {
            defects.append(.unknownCharset(charset))
        }

        var children: [MIMEPart] = []
        if contentType.isMultipart {
            if depth >= maximumDepth {
                defects.append(.nestedTooDeep)
            } else if let boundary = contentType.parameters["boundary"], !boundary.isEmpty {
                let split = splitMultipart(body, boundary: boundary)
                if split.parts.isEmpty {
                    defects.append(.noParts(boundary: boundary))
                    contentType = .plainText
                } else {
                    if !split.closed { defects.append(.missingClosingBoundary(boundary: boundary)) }
                    let childType: ContentType = contentType.subtype == "digest" ? .message : .plainText
                    children = split.parts.map { parse($0, defaultType: childType, depth: depth + 1) }
                }
            } else {
                defects.append(.missingBoundary(mimeType: contentType.mimeType))
                contentType = .plainText
            }
        } else if ["message/rfc822", "message/global"].contains(contentType.mimeType) {
            if depth >= maximumDepth {
                defects.append(.nestedTooDeep)
            } else {
                let inner = ["base64", "quoted-printable"].contains(transferEncoding)
                    ? ArraySlice(MIMEPart.decode(body, transferEncoding: transferEncoding)) : body
                let enclosed = parse(inner, defaultType: .plainText, depth: depth + 1)
                if !enclosed.header.fields.isEmpty { children = [enclosed] }
            }
        }
        return MIMEPart(header: header, contentType: contentType, disposition: disposition,
                        transferEncoding: transferEncoding, rawBody: body, children: children, defects: defects)
    }

    func adding(_ defect: MIMEDefect) -> MIMEPart {
        MIMEPart(header: header, contentType: contentType, disposition: disposition, transferEncoding: transferEncoding,
                 rawBody: rawBody, children: children, defects: defects + [defect])
    }

    /// Cuts a multipart body at its boundary lines. The line break before a boundary belongs to the
    /// boundary; the preamble and epilogue are dropped; a missing closing boundary (a truncated
    /// message) ends the last part at the end of the data.
    static func splitMultipart(_ body: ArraySlice<UInt8>, boundary: String) -> (parts: [ArraySlice<UInt8>], closed: Bool) {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        for line in ByteLines(body) where body.hasPrefix(delimiter, at: line.start) {
            var rest = line.start + delimiter.count
            let isClosing = rest + 2 <= line.contentEnd && body[rest] == UInt8(ascii: "-") && body[rest + 1] == UInt8(ascii: "-")
            if isClosing { rest += 2 }
            guard rest <= line.contentEnd, body[rest..<line.contentEnd].allSatisfy({ $0 == 32 || $0 == 9 }) else { continue }
            if let start = partStart {
                var end = line.start
                if end > start, body[end - 1] == 10 { end -= 1 }
                if end > start, body[end - 1] == 13 { end -= 1 }
                parts.append(body[start..<end])
            }
            if isClosing { return (parts, true) }
            partStart = line.end
        }
        if let start = partStart { parts.append(body[start...]) }
        return (parts, false)
    }
}
