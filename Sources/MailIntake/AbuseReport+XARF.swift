import CaseDesk
import Foundation

extension AbuseReport {
    /// Reads an X-ARF report: XARF 4.0.0 (a JSON part with `xarf_version`, `category`, `type`,
    /// `source_identifier` and `evidence`, as the xarf.org schema has it), the earlier v4 drafts (a
    /// JSON part with `ReporterInfo` and `Report`) or v0.1/v0.2 (an `X-XARF: PLAIN` / `X-ARF: YES`
    /// message with a YAML `report.txt`). Nil when there is none.
    public static func xarf(in message: MailMessage) -> AbuseReport? {
        let declared = message.header["X-XARF"] != nil || message.header["X-ARF"] != nil
        let leaves = message.leafParts
        for part in leaves where looksLikeJSON(part, declared: declared) {
            guard let json = JSONValue.parse(part.decodedBody) else { continue }
            if json["xarf_version"] != nil, json["category"] != nil || json["type"] != nil {
                return version400(json, subject: message.subject)
            }
            if json["Report"] != nil || json["ReporterInfo"] != nil {
                return version4(json, subject: message.subject)
            }
        }
        guard declared else { return nil }
        let named = leaves.first { $0.filename?.lowercased() == "report.txt" }
        let guessed = leaves.dropFirst().first { part in
            part.contentType.type == "text" && FoldedText(part.text).contains(anyOf: ["report-type:", "category:"])
        }
        guard let part = named ?? guessed else { return nil }
        return version02(yamlFields(part.text), subject: message.subject)
    }

    private static func looksLikeJSON(_ part: MIMEPart, declared: Bool) -> Bool {
        if part.contentType.mimeType == "application/json" || part.filename?.lowercased().hasSuffix(".json") == true { return true }
        guard declared, part.contentType.type == "text" else { return false }
        return part.text.trimmingWhitespace().hasPrefix("{")
    }

    /// XARF 4.0.0: lower-case keys; `category` is the class (messaging, content, infrastructure, …)
    /// and `type` the kind of abuse (phishing, malware, spam, bot, …); `source_identifier` an IP
    /// address or a domain; `evidence` a list of base64 payloads, each kept with its SHA-256.
    private static func version400(_ json: JSONValue, subject: String?) -> AbuseReport {
        let reportType = json["type"]?.text
        let reportClass = json["category"]?.text
        let reporter = ["reporter.org", "reporter.contact", "sender.org", "sender.contact"].lazy.compactMap { path -> String? in
            let keys = path.split(separator: ".").map(String.init)
            return json[keys[0]]?[keys[1]]?.text
        }.first { !$0.isEmpty }
        let source = json["source_identifier"]?.text?.trimmingWhitespace()
        let sourceIP = source.flatMap(IndicatorExtractor.ipAddress)

        var indicators = Indicators()
        if let source, sourceIP == nil {
            indicators.merge(IndicatorExtractor.extract(from: source))
            if let domain = try? DomainName(source) { indicators.merge(Indicators(domains: [domain])) }
        }
        for (name, value) in json.flattened() where !name.hasPrefix("evidence") && !name.hasPrefix("reporter") && !name.hasPrefix("sender") {
            let key = (name.split(separator: ".").last.map(String.init) ?? name).lowercased()
            guard key.contains("url") || key.contains("uri") || key.contains("domain") || key.contains("redirect_chain") else { continue }
            indicators.merge(IndicatorExtractor.extract(from: value))
            if key.contains("domain"), let domain = try? DomainName(value) { indicators.merge(Indicators(domains: [domain])) }
        }
        if let sourceIP { indicators.merge(Indicators(ipAddresses: [sourceIP])) }

        var evidence: [Evidence] = []
        // The payloads are kept as evidence, not repeated as text.
        var fields = json.flattened().filter { !($0.name.hasPrefix("evidence[") && $0.name.hasSuffix(".payload")) }
            .map { Field(name: $0.name, value: $0.value) }
        if case let .array(items)? = json["evidence"] {
            for (index, item) in items.enumerated() {
                guard let payload = item["payload"]?.text else { continue }
                let bytes = Base64.decode(Array(payload.utf8))
                let kept = Evidence(role: .xarfEvidence, filename: item["description"]?.text, contentType: item["content_type"]?.text ?? "application/octet-stream",
                                    bytes: bytes)
                if let declared = item["hash"]?.text?.lowercased(), declared.hasPrefix("sha256:"), declared.dropFirst(7) != kept.sha256 {
                    fields.append(Field(name: "evidence[\(index)]", value: "its declared SHA-256 is \(declared.dropFirst(7)), its payload's is \(kept.sha256)"))
                }
                evidence.append(kept)
            }
        }

        return AbuseReport(
            format: .xarf,
            version: json["xarf_version"]?.text,
            category: category(type: reportType, reportClass: reportClass, subject: subject),
            reportType: reportType,
            reportClass: reportClass,
            reporter: reporter,
            sourceIP: sourceIP,
            indicators: indicators,
            arrivalDate: json["timestamp"]?.text.flatMap(Self.isoDate),
            originalMailFrom: nil,
            originalRecipients: [],
            fields: fields,
            evidence: evidence
        )
    }

    /// An ISO 8601 instant, with or without fractions of a second.
    static func isoDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    private static func version4(_ json: JSONValue, subject: String?) -> AbuseReport {
        let report = json["Report"] ?? json
        let reporterInfo = json["ReporterInfo"]
        let reporter = ["ReporterOrg", "ReporterOrgDomain", "ReporterOrgEmail", "ReporterContactEmail"]
            .lazy.compactMap { reporterInfo?[$0]?.text }.first { !$0.isEmpty }
        let reportType = report["ReportType"]?.text
        let reportClass = report["ReportClass"]?.text
        let sourceIP = ["SourceIp", "Source-IP", "Ip"].lazy.compactMap { report[$0]?.text.flatMap(IndicatorExtractor.ipAddress) }.first
            ?? report["Source"]?.text.flatMap(IndicatorExtractor.ipAddress)

        var indicators = Indicators()
        let flattened = report.flattened()
        for (name, value) in flattened {
            let key = (name.split(separator: ".").last.map(String.init) ?? name).lowercased()
            guard key.contains("url") || key.contains("uri") || key.contains("domain") || key == "source" else { continue }
            indicators.merge(IndicatorExtractor.extract(from: value))
            if key.contains("domain"), let domain = try? DomainName(value) { indicators.merge(Indicators(domains: [domain])) }
        }
        if let sourceIP { indicators.merge(Indicators(ipAddresses: [sourceIP])) }

        return AbuseReport(
            format: .xarf,
            version: json["Version"]?.text,
            category: category(type: reportType, reportClass: reportClass, subject: subject),
            reportType: reportType,
            reportClass: reportClass,
            reporter: reporter,
            sourceIP: sourceIP,
            indicators: indicators,
            arrivalDate: report["Date"]?.text.flatMap(MailDate.parse),
            originalMailFrom: nil,
            originalRecipients: [],
            fields: json.flattened().map { Field(name: $0.name, value: $0.value) }
        )
    }

    private static func version02(_ fields: [Field], subject: String?) -> AbuseReport {
        func value(_ name: String) -> String? {
            fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        let reportType = value("Report-Type")
        let reportClass = value("Category")
        let source = value("Source")
        let sourceType = value("Source-Type")?.lowercased() ?? ""
        var indicators = Indicators()
        var sourceIP: String?
        if let source {
            if sourceType.hasPrefix("ip") || (sourceType.isEmpty && IndicatorExtractor.ipAddress(source) != nil) {
                sourceIP = IndicatorExtractor.ipAddress(source)
            }
            indicators.merge(IndicatorExtractor.extract(from: source))
            if let domain = try? DomainName(source) { indicators.merge(Indicators(domains: [domain])) }
        }
        for field in fields where ["domain", "url", "uri", "destination"].contains(field.name.lowercased()) {
            indicators.merge(IndicatorExtractor.extract(from: field.value))
        }
        if let sourceIP { indicators.merge(Indicators(ipAddresses: [sourceIP])) }
        return AbuseReport(
            format: .xarf,
            version: value("Version"),
            category: category(type: reportType, reportClass: reportClass, subject: subject),
            reportType: reportType,
            reportClass: reportClass,
            reporter: value("Reported-From") ?? value("User-Agent"),
            sourceIP: sourceIP,
            indicators: indicators,
            arrivalDate: value("Date").flatMap(MailDate.parse),
            originalMailFrom: nil,
            originalRecipients: [],
            fields: fields
        )
    }

    private static func category(type: String?, reportClass: String?, subject: String?) -> AbuseCategory {
        if AbuseCategory.mentionsPhishing([type ?? "", reportClass ?? "", subject ?? ""].joined(separator: " ")) { return .phishing }
        return AbuseCategory.reading(type) ?? AbuseCategory.reading(reportClass) ?? .other
    }

    /// `Key: value` lines of a v0.2 report, with `- item` lines appended to the key above them.
    private static func yamlFields(_ text: String) -> [Field] {
        var fields: [Field] = []
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line == "---" { continue }
            if line.hasPrefix("- "), let last = fields.last {
                let item = unquoted(String(line.dropFirst(2)))
                fields[fields.count - 1] = Field(name: last.name, value: last.value.isEmpty ? item : "\(last.value), \(item)")
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(" ") else { continue }
            fields.append(Field(name: name, value: unquoted(String(line[line.index(after: colon)...]))))
        }
        return fields
    }

    private static func unquoted(_ text: String) -> String {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        return value
    }
}
