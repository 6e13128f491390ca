import CaseDesk
import Foundation
import Testing
@testable import MailIntake

@Suite("ARF and X-ARF reports")
struct AbuseReportTests {
    @Test func arfFeedbackReport() throws {
        let draft = try Samples.draft("arf-feedback-report.eml")
        #expect(draft.kind == .abuse)
        #expect(draft.kindReason == "ARF feedback report (RFC 5965)")
        #expect(draft.category == .spam)
        let report = try #require(draft.abuseReport)
        #expect(report.format == .arf)
        #expect(report.reportType == "abuse")
        #expect(report.version == "1")
        #expect(report.reporter == "SomeGenerator/1.0")
        #expect(report.sourceIP == "192.0.2.1")
        #expect(report.originalMailFrom == "somespammer@cheap-pills.example")
        #expect(report.originalRecipients == ["user@mailbox-provider.example"])
        #expect(report.arrivalDate == Date(timeIntervalSince1970: 1_805_705_942))
        #expect(report.indicators.domains.map(\.ascii) == ["cheap-pills.example"])
        #expect(report.indicators.urls == ["http://cheap-pills.example/buy?id=77"])
        #expect(report.fields.first { $0.name == "Authentication-Results" }?.value
                == "mail.mailbox-provider.example; spf=fail smtp.mail=somespammer@cheap-pills.example")
        // The human-readable part is the description; the machine parts are evidence, not text.
        #expect(draft.description.hasPrefix("This is an email abuse report"))
        #expect(!draft.description.contains("Feedback-Type"))
        #expect(draft.attachments.map(\.role) == [.feedbackReport, .originalMessage])
        #expect(String(decoding: draft.attachments[1].bytes, as: UTF8.self).contains("Spam Spam Spam"))
        #expect(draft.indicators.ipAddresses.first == "192.0.2.1")
    }

    @Test func arfPhishingWordsOverrideTheFeedbackType() throws {
        let bytes = mail(
            "From: fbl@example.net", "To: abuse@registrar.example",
            "Content-Type: multipart/report; report-type=feedback-report; boundary=r", "",
            "--r", "Content-Type: text/plain", "", "This message is a phishing attempt.", "--r",
            "Content-Type: message/feedback-report", "", "Feedback-Type: fraud", "Source-IP: 2001:DB8::25", "--r--")
        let draft = try IntakeParser().draft(from: RawMessage(bytes: bytes, origin: MessageOrigin(path: "t")))
        #expect(draft.category == .phishing)
        #expect(draft.abuseReport?.sourceIP == "2001:db8::25")
    }

    @Test func xarfVersion4Phishing() throws {
        let draft = try Samples.draft("xarf-v4-phishing.eml")
        #expect(draft.kind == .abuse)
        #expect(draft.kindReason == "X-ARF abuse report")
        #expect(draft.category == .phishing)
        let report = try #require(draft.abuseReport)
        #expect(report.format == .xarf)
        #expect(report.version == "4.0.0")
        #expect(report.reportClass == "Content")
        #expect(report.reportType == "Phishing")
        #expect(report.reporter == "Example CERT")
        #expect(report.sourceIP == "198.51.100.23")
        #expect(report.arrivalDate == Date(timeIntervalSince1970: 1_805_706_900))
        #expect(report.indicators.urls == ["https://secure-login.bank-verify.example/signin/"])
        #expect(Set(report.indicators.domains.map(\.ascii)) == ["secure-login.bank-verify.example", "bank-verify.example"])
        #expect(report.fields.contains(AbuseReport.Field(name: "Report.SourcePort", value: "443")))
        #expect(draft.attachments.map(\.role) == [.xarfReport, .attachment])
        #expect(draft.attachments.map(\.filename) == ["report.json", "evidence.html"])
        #expect(draft.description.hasPrefix("Dear abuse team,"))
        #expect(!draft.description.contains("Password"))
    }

    @Test func xarfVersion02Yaml() throws {
        let bytes = mail(
            "From: reporter@isp.example", "To: abuse@registrar.example", "Subject: abuse report about 192.0.2.99",
            "X-ARF: YES", "Content-Type: multipart/mixed; boundary=x", "",
            "--x", "Content-Type: text/plain; charset=utf-8", "", "Login attacks from a host under your domain.",
            "--x", "Content-Type: text/plain; charset=utf-8; name=report.txt", "",
            "---", "Reported-From: reporter@isp.example", "Category: abuse", "Report-Type: malware-attack",
            "Service: ssh", "Version: 0.2", "User-Agent: fail2ban-xarf", "Date: Thu, 25 Mar 2027 10:00:00 +0100",
            "Source-Type: ipv4", "Source: 192.0.2.99", "Port: 22", "Domain: \"botnet-host.example\"",
            "--x", "Content-Type: text/plain; name=logfile.log", "", "Mar 25 10:00:00 sshd failed", "--x--")
        let draft = try IntakeParser().draft(from: RawMessage(bytes: bytes, origin: MessageOrigin(path: "t")))
        let report = try #require(draft.abuseReport)
        #expect(report.version == "0.2")
        #expect(report.reportClass == "abuse")
        #expect(report.reportType == "malware-attack")
        #expect(report.category == .malware)
        #expect(report.sourceIP == "192.0.2.99")
        #expect(report.reporter == "reporter@isp.example")
        #expect(report.indicators.domains.map(\.ascii) == ["botnet-host.example"])
        #expect(draft.attachments.map(\.role) == [.xarfReport, .attachment])
        #expect(draft.description == "Login attacks from a host under your domain.")
    }

    @Test func plainMailIsNoReport() throws {
        let message = try Samples.message("french-plainte-latin1-qp.eml")
        #expect(AbuseReport.arf(in: message) == nil)
        #expect(AbuseReport.xarf(in: message) == nil)
    }

    @Test("an XARF 4.0.0 phishing report (the xarf.org schema's shape): class, type, source, URL, reporter, time, and its evidence kept with its SHA-256")
    func xarf400Phishing() throws {
        let draft = try Samples.draft("xarf-4.0.0-phishing.eml")
        #expect(draft.kind == .abuse)
        #expect(draft.category == .phishing)
        let report = try #require(draft.abuseReport)
        #expect(report.format == .xarf)
        #expect(report.version == "4.0.0")
        #expect(report.reportClass == "content")
        #expect(report.reportType == "phishing")
        #expect(report.reporter == "Phishing Detection Service")
        #expect(report.sourceIP == "203.0.113.45")
        #expect(report.arrivalDate == AbuseReport.isoDate("2027-03-22T09:15:24Z"))
        #expect(report.arrivalDate != nil)
        #expect(report.indicators.urls == ["https://secure-banking-login.example.com/auth"])
        #expect(report.indicators.domains.map(\.ascii).contains("secure-banking-login.example.com"))
        #expect(report.indicators.ipAddresses == ["203.0.113.45"])
        #expect(report.fields.contains(AbuseReport.Field(name: "lure_type", value: "security_alert")))
        #expect(!report.fields.contains { $0.name.hasSuffix(".payload") }, "payloads are evidence, not text")
        let evidence = try #require(report.evidence.first)
        #expect(report.evidence.count == 1)
        #expect(evidence.role == .xarfEvidence)
        #expect(evidence.contentType == "text/html")
        #expect(evidence.filename == "Phishing page as crawled")
        #expect(evidence.sha256 == "5c0874ca3052fc681ba35dbf074b906b135ac48d48a945d94a3ed7346033c70f")
        #expect(draft.attachments.map(\.role) == [.attachment, .xarfEvidence], "the JSON file, then the evidence it carries")
    }

    @Test("an XARF 4.0.0 spam report sent as the whole body: a domain as its source, a wrong declared hash noted, timestamps with fractions")
    func xarf400SpamInBody() throws {
        let draft = try Samples.draft("xarf-4.0.0-spam-json-body.eml")
        #expect(draft.kind == .abuse)
        #expect(draft.category == .spam)
        let report = try #require(draft.abuseReport)
        #expect(report.reportClass == "messaging")
        #expect(report.sourceIP == nil)
        #expect(report.indicators.domains.map(\.ascii) == ["lottery.example"])
        #expect(report.reporter == "Spamtrap Network")
        #expect(report.arrivalDate == Date(timeIntervalSince1970: 1_805_702_400.25))
        let evidence = try #require(report.evidence.first)
        #expect(evidence.sha256 == "116a53ceba2e279629be09368647e88ff08dbf5a462e554b37f6a7de58884609")
        #expect(report.fields.contains { $0.name == "evidence[0]" && $0.value.contains("declared SHA-256") })
    }
}
