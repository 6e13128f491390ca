import CaseDesk
import Foundation

extension AbuseReport {
    /// Reads an ARF feedback report (RFC 5965): the `message/feedback-report` part's fields.
    /// Nil when the message has no such part.
    public static func arf(in message: MailMessage) -> AbuseReport? {
        guard let machine = message.leafParts.first(where: { $0.contentType.mimeType == "message/feedback-report" }) else {
            return nil
        }
        var block = machine.decodedBody[...]
        while let first = block.first, first == 10 || first == 13 { block = block.dropFirst() }
        let header = MessageHeader.parse(block).header
        let fields = header.fields.map { Field(name: $0.name, value: $0.value) }

        var indicators = Indicators()
        for field in header.all("Reported-Domain") {
            if let domain = try? DomainName(field.value) { indicators.merge(Indicators(domains: [domain])) }
        }
        for field in header.all("Reported-URI") {
            let uri = field.value.trimmingCharacters(in: ["<", ">", " "])
            let found = IndicatorExtractor.extract(from: uri)
            indicators.merge(Indicators(urls: found.urls.isEmpty ? [uri] : found.urls))
            indicators.merge(Indicators(domains: found.domains))
        }
        let sourceIP = header["Source-IP"].flatMap(IndicatorExtractor.ipAddress)
        if let sourceIP { indicators.merge(Indicators(ipAddresses: [sourceIP])) }

        let feedbackType = header["Feedback-Type"]
        let reportText = ([message.subject ?? "", message.bodyText] + fields.map(\.value)).joined(separator: "\n")
        let category: AbuseCategory = AbuseCategory.mentionsPhishing(reportText)
            ? .phishing : AbuseCategory.reading(feedbackType: feedbackType)

        return AbuseReport(
            format: .arf,
            version: header["Version"],
            category: category,
            reportType: feedbackType,
            reportClass: nil,
            reporter: header["User-Agent"] ?? header["Reporting-MTA"],
            sourceIP: sourceIP,
            indicators: indicators,
            arrivalDate: (header["Arrival-Date"] ?? header["Received-Date"]).flatMap(MailDate.parse),
            originalMailFrom: header["Original-Mail-From"].map { $0.trimmingCharacters(in: ["<", ">", " "]) },
            originalRecipients: header.all("Original-Rcpt-To").map { $0.value.trimmingCharacters(in: ["<", ">", " "]) },
            fields: fields
        )
    }
}
