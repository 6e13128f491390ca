import CaseDesk
import CaseStore
import Foundation
import MailDesk

/// The import figure of `casedesk bench`: a Maildir of generated messages in the shapes the desk
/// receives, imported into a fresh store as `casedesk import` does (batches of `MailImporter.batchSize`).
enum MailBenchmark {
    /// Imports a generated Maildir of `count` messages into a new store under `directory`; both
    /// are removed afterwards. The rate counts every message, duplicates and replies included.
    static func importRate(count: Int, seed: UInt64, directory: String, actor: Actor) throws -> (rate: Double, tally: ImportTally) {
        let folder = "\(directory)/import-\(count)-\(seed)-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try writeMaildir(count: count, seed: seed, path: "\(folder)/Maildir")
        let store = try cli { () throws(StoreError) in
            try CaseStores.create(path: "\(folder)/cases.sqlite", creator: actor, roles: [.admin, .supervisor, .abuse, .head])
        }
        let importer = MailImporter(store: store, actor: actor)
        let started = DispatchTime.now().uptimeNanoseconds
        let tally = importer.run(["\(folder)/Maildir"]) { _ in }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return (Double(tally.total) / seconds, tally)
    }

    /// Writes the messages into `new/` (and a tenth into `cur/`, as a mail reader leaves them).
    static func writeMaildir(count: Int, seed: UInt64, path: String) throws {
        for folder in ["tmp", "new", "cur"] {
            try FileManager.default.createDirectory(atPath: "\(path)/\(folder)", withIntermediateDirectories: true)
        }
        var random = SplitMix64(seed: seed)
        var sent: [String] = []
        for index in 0..<count {
            let (id, text) = message(index, random: &random, earlier: sent)
            if let id { sent.append(id) }
            let folder = index % 10 == 9 ? "cur" : "new"
            let name = String(format: "%010d.M%06dP%d.bench%@", 1_800_000_000 + index, index, getpid(), folder == "cur" ? ":2,S" : "")
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(path)/\(folder)/\(name)"))
        }
    }

    private static let domains = ["exemple-café.fr", "müller-bau.de", "shop-example.com", "boulangerie-exemple.fr", "bank-verify.example",
                                  "cheap-pills.example", "login-paypa1.example", "fotografie-schmidt.de", "example.org", "日本.example"]
    private static let names = ["Élodie Martin", "Jürgen Müller", "Anna Schmidt", "Joséphine Dupré", "John Smith", "Ørjan Ås", "李雷"]

    /// One message: its Message-ID and text. Shapes in rough proportion to a desk's mail.
    static func message(_ index: Int, random: inout SplitMix64, earlier: [String]) -> (String?, String) {
        let domain = domains[random.below(domains.count)]
        let name = names[random.below(names.count)]
        let id = "bench-\(index)-\(random.next() % 1_000_000)@mail.example"
        let date = "\(1 + random.below(28)) Mar 2027 \(10 + random.below(8)):\(10 + random.below(49)):00 +0100"
        let head = "Date: \(date)\nMessage-ID: <\(id)>\nMIME-Version: 1.0\n"
        let from = "From: =?UTF-8?Q?\(qEncode(name))?= <customer\(index)@\(domain.unicodeScalars.allSatisfy(\.isASCII) ? domain : "example.net")>\n"
        switch random.below(100) {
        case 0..<30:
            return (id, from + "To: complaints@registrar.example\nSubject: Transfer of \(domain) blocked\n" + head
                + "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n"
                + "Hello,\n\nthe transfer of my domain \(domain) has been blocked for a week. My customer number is K-\(100_000 + index).\n"
                + "From what I can see nothing has changed since my last message.\n\nRegards,\n\(name)\n")
        case 30..<45:
            return (id, from + "To: Service clients <complaints@registrar.example>\nSubject: =?ISO-8859-1?Q?Plainte_:_pr=E9l=E8vement_en_double?=\n"
                + head + "Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
                + "Madame, Monsieur,\n\nLe renouvellement de \(domain) a =E9t=E9 factur=E9 deux fois. Je demande le rembourse=\nment imm=E9diat.\n")
        case 45..<55:
            return (id, from + "To: abuse@registrar.example\nSubject: Phishing on \(domain)\n" + head
                + "Content-Type: text/html; charset=UTF-8\n\n<html><body><p>Phishing page at <a href=\"https://\(domain)/login\">https://\(domain)/login</a>"
                + " hosted on 198.51.100.\(random.below(250)).</p><p>Please take it down &amp; reply.</p></body></html>\n")
        case 55..<67:
            let boundary = "arf-\(index)"
            return (id, "From: Feedback Loop <fbl@mailbox-provider.example>\nTo: abuse@registrar.example\nSubject: FW: spam from \(domain)\n" + head
                + "Content-Type: multipart/report; report-type=feedback-report; boundary=\"\(boundary)\"\n\n--\(boundary)\n"
                + "Content-Type: text/plain\n\nAn abuse report for a message from 192.0.2.\(random.below(250)).\n\n--\(boundary)\n"
                + "Content-Type: message/feedback-report\n\nFeedback-Type: abuse\nVersion: 1\nSource-IP: 192.0.2.7\nReported-Domain: \(domain)\n"
                + "Reported-URI: http://\(domain)/buy?id=\(index)\n\n--\(boundary)\nContent-Type: message/rfc822\n\n"
                + "From: <spammer@\(domain)>\nSubject: Earn money fast\n\nBuy now at http://\(domain)/buy\n--\(boundary)--\n")
        case 67..<75:
            let json = "{\"Version\":\"4.0.0\",\"ReporterInfo\":{\"ReporterOrg\":\"CERT\"},\"Report\":{\"ReportClass\":\"Content\","
                + "\"ReportType\":\"Phishing\",\"SourceIp\":\"198.51.100.23\",\"Url\":\"https://\(domain)/signin/\",\"Domain\":\"\(domain)\"}}"
            return (id, "From: Example CERT <reports@cert.example>\nTo: abuse@registrar.example\nSubject: [X-ARF] phishing \(domain)\n" + head
                + "X-XARF: PLAIN\nContent-Type: multipart/mixed; boundary=\"x\(index)\"\n\n--x\(index)\nContent-Type: text/plain\n\n"
                + "Phishing report attached.\n\n--x\(index)\nContent-Type: application/json; name=\"report.json\"\n"
                + "Content-Disposition: attachment; filename=\"report.json\"\nContent-Transfer-Encoding: base64\n\n"
                + Data(json.utf8).base64EncodedString(options: .lineLength76Characters) + "\n--x\(index)--\n")
        case 75..<85:
            let boundary = "mixed-\(index)"
            let pdf = Data((0..<1200).map { _ in UInt8(truncatingIfNeeded: random.next()) }).base64EncodedString(options: .lineLength76Characters)
            return (id, from + "To: complaints@registrar.example\nSubject: Invoice for \(domain)\n" + head
                + "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\n\n--\(boundary)\nContent-Type: text/plain; charset=UTF-8\n\n"
                + "The attached invoice for \(domain) is wrong.\n\n--\(boundary)\nContent-Type: application/pdf\n"
                + "Content-Disposition: attachment; filename=\"invoice.pdf\"\nContent-Transfer-Encoding: base64\n\n\(pdf)\n--\(boundary)--\n")
        case 85..<95 where !earlier.isEmpty:
            let parent = earlier[random.below(earlier.count)]
            return (id, from + "To: complaints@registrar.example\nSubject: Re: Beschwerde \(domain)\nIn-Reply-To: <\(parent)>\n" + head
                + "Content-Type: text/plain; charset=UTF-8\n\nSehr geehrte Damen und Herren,\nich bin mit Ihrer Antwort nicht zufrieden.\n")
        case 95..<100 where !earlier.isEmpty:
            // The same mail delivered twice: a duplicate by Message-ID.
            let copy = earlier[random.below(earlier.count)]
            return (nil, from + "To: complaints@registrar.example\nSubject: resent\nDate: \(date)\nMessage-ID: <\(copy)>\n\nresent\n")
        default:
            return (id, from + "To: feedback@registrar.example\nSubject: Suggestion\n" + head + "\nA suggestion for the control panel.\n")
        }
    }

    private static func qEncode(_ text: String) -> String {
        text.utf8.map { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                ? String(UnicodeScalar(byte)) : byte == 0x20 ? "_" : String(format: "=%02X", byte)
        }.joined()
    }
}

extension SplitMix64 {
    /// A whole number in 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
