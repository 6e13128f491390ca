import CaseDesk
import CaseStore
import Foundation
import MailDesk

/// The abuse desk's import figure of `casedesk bench` (issue 12): a Maildir of abuse reports only —
/// ARF feedback reports (RFC 5965), XARF 4.0.0 JSON reports and plain-text reports, about a few
/// hundred domains so most arrive while another report names their domain — imported into a fresh
/// store with incidents made on the way (the importer may link, as an abuse specialist may).
enum AbuseImportBenchmark {
    struct Figures {
        var rate: Double
        var tally: ImportTally
        /// Reports that joined an incident on arrival, and the incidents made.
        var linked: Int
        var incidents: Int
    }

    /// Domains the reports name: 10,000 reports over 400 domains, about 25 each.
    static func domainCount(for count: Int) -> Int { max(1, count / 25) }

    static func importRate(count: Int, seed: UInt64, directory: String, actor: Actor) throws -> Figures {
        let folder = "\(directory)/abuse-import-\(count)-\(seed)-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let maildir = "\(folder)/Maildir"
        for sub in ["tmp", "new", "cur"] {
            try FileManager.default.createDirectory(atPath: "\(maildir)/\(sub)", withIntermediateDirectories: true)
        }
        var random = SplitMix64(seed: seed)
        for index in 0..<count {
            let name = String(format: "%010d.M%06dP%d.abuse", 1_800_000_000 + index, index, getpid())
            try Data(report(index, domains: domainCount(for: count), random: &random).utf8)
                .write(to: URL(fileURLWithPath: "\(maildir)/new/\(name)"))
        }
        let store = try cli { () throws(StoreError) in
            try CaseStores.create(path: "\(folder)/cases.sqlite", creator: actor, roles: [.admin, .supervisor, .abuse, .head])
        }
        let importer = MailImporter(store: store, actor: actor)
        var linked = 0
        var incidents = Set<IncidentNumber>()
        let started = DispatchTime.now().uptimeNanoseconds
        let tally = importer.run([maildir]) { result in
            guard let grouping = result.incident, grouping.linked else { return }
            linked += 1
            if let incident = grouping.incident { incidents.insert(incident) }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return Figures(rate: Double(tally.total) / seconds, tally: tally, linked: linked, incidents: incidents.count)
    }

    /// One abuse report: a third each ARF, XARF 4.0.0 and plain text.
    static func report(_ index: Int, domains: Int, random: inout SplitMix64) -> String {
        let domain = "login-\(random.below(domains))-verify.example"
        let ip = "198.51.100.\(random.below(250))"
        let head = "Date: \(1 + random.below(28)) Mar 2027 \(10 + random.below(8)):\(10 + random.below(49)):00 +0100\n"
            + "Message-ID: <abuse-\(index)-\(random.next() % 1_000_000)@reports.example>\nMIME-Version: 1.0\n"
        switch index % 3 {
        case 0:
            let boundary = "arf-\(index)"
            return "From: Feedback Loop <fbl@mailbox-provider.example>\nTo: abuse@registrar.example\nSubject: FW: phishing from \(domain)\n" + head
                + "Content-Type: multipart/report; report-type=feedback-report; boundary=\"\(boundary)\"\n\n--\(boundary)\n"
                + "Content-Type: text/plain\n\nAn abuse report for a message from \(ip).\n\n--\(boundary)\n"
                + "Content-Type: message/feedback-report\n\nFeedback-Type: fraud\nVersion: 1\nSource-IP: \(ip)\nReported-Domain: \(domain)\n"
                + "Reported-URI: https://\(domain)/account/verify?id=\(index)\n\n--\(boundary)\nContent-Type: message/rfc822\n\n"
                + "From: <security@\(domain)>\nSubject: Your account is locked\n\nVerify now at https://\(domain)/account/verify\n--\(boundary)--\n"
        case 1:
            // The published XARF 4.0.0 shape (xarf_version, category, type, source_identifier, evidence).
            let json = "{\"xarf_version\":\"4.0.0\",\"report_id\":\"\(index)-\(random.next() % 1_000_000)\","
                + "\"timestamp\":\"2027-03-01T10:00:00Z\",\"reporter\":{\"org\":\"Example CERT\",\"contact\":\"reports@cert.example\","
                + "\"domain\":\"cert.example\"},\"source_identifier\":\"\(ip)\",\"category\":\"content\",\"type\":\"phishing\","
                + "\"url\":\"https://\(domain)/signin/\",\"evidence_source\":\"spamtrap\",\"evidence\":[{\"content_type\":\"text/plain\","
                + "\"description\":\"the page\",\"payload\":\"\(Data("phishing form at https://\(domain)/signin/".utf8).base64EncodedString())\"}]}"
            return "From: Example CERT <reports@cert.example>\nTo: abuse@registrar.example\nSubject: [XARF] phishing \(domain)\n" + head
                + "Content-Type: multipart/mixed; boundary=\"x\(index)\"\n\n--x\(index)\nContent-Type: text/plain\n\n"
                + "Phishing at https://\(domain)/signin/ (XARF report attached).\n\n--x\(index)\n"
                + "Content-Type: application/json; name=\"xarf.json\"\nContent-Disposition: attachment; filename=\"xarf.json\"\n"
                + "Content-Transfer-Encoding: base64\n\n" + Data(json.utf8).base64EncodedString(options: .lineLength76Characters)
                + "\n--x\(index)--\n"
        default:
            return "From: A reader <reader\(index)@mail.example>\nTo: abuse@registrar.example\nSubject: Phishing site \(domain)\n" + head
                + "Content-Type: text/plain; charset=UTF-8\n\nHello,\n\nthe site https://\(domain)/login imitates my bank and is "
                + "hosted at \(ip). Please take it down.\n\nThank you\n"
        }
    }
}
