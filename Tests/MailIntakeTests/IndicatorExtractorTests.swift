import CaseDesk
import Testing
@testable import MailIntake

@Suite("Extracting domains, URLs and IP addresses")
struct IndicatorExtractorTests {
    private func extract(_ text: String) -> Indicators { IndicatorExtractor.extract(from: text) }

    @Test func domainsInProse() {
        let found = extract("My domains example.com, Shop.Example.ORG and müller.de (also xn--bcher-kva.example).")
        #expect(found.domains.map(\.ascii) == ["example.com", "shop.example.org", "xn--mller-kva.de", "xn--bcher-kva.example"])
        #expect(found.domains[2].unicode == "müller.de")
        #expect(found.domains[3].unicode == "bücher.example")
    }

    @Test func notDomains() {
        let found = extract("See report.pdf and invoice.docx, version 1.2.3, e.g. this, done.Thanks, write to me@mail.example.net, x.y")
        #expect(found.domains.isEmpty)
        #expect(found.ipAddresses.isEmpty)
    }

    @Test func duplicatesAreDropped() {
        #expect(extract("example.com EXAMPLE.COM example.com.").domains.count == 1)
        #expect(extract("müller.de xn--mller-kva.de").domains.count == 1)
    }

    @Test func urlsWithTheirHosts() {
        let found = extract("Click (https://login.bank-verify.example/signin?x=1&y=(2)). Or <http://192.0.2.7:8080/a>, http://[2001:db8::1]/p")
        #expect(found.urls == ["https://login.bank-verify.example/signin?x=1&y=(2)", "http://192.0.2.7:8080/a", "http://[2001:db8::1]/p"])
        #expect(found.domains.map(\.ascii) == ["login.bank-verify.example"])
        #expect(found.ipAddresses == ["192.0.2.7", "2001:db8::1"])
    }

    @Test func defangedFormsAreRefanged() {
        let found = extract("Phish at hxxps://evil[.]example/login and hXXp://bad(.)example[.]net/x, host evil[dot]example, ip 198.51.100[.]4")
        #expect(found.urls == ["https://evil.example/login", "http://bad.example.net/x"])
        #expect(found.domains.map(\.ascii) == ["evil.example", "bad.example.net"])
        #expect(found.ipAddresses == ["198.51.100.4"])
    }

    @Test func ipAddresses() {
        let found = extract("from 203.0.113.50, not 999.1.1.1 or 1.2.3, v6 2001:DB8:0:0:8:800:200C:417A and ::ffff:192.0.2.128; time 10:30:00; mac 00:11:22:33:44:55")
        #expect(found.ipAddresses == ["203.0.113.50", "2001:db8:0:0:8:800:200c:417a", "::ffff:192.0.2.128"])
    }

    @Test func ipAddressValidation() {
        #expect(IndicatorExtractor.ipAddress("::1") == "::1")
        #expect(IndicatorExtractor.ipAddress("::") == nil)
        #expect(IndicatorExtractor.ipAddress("1::2::3") == nil)
        #expect(IndicatorExtractor.ipAddress("1:2:3:4:5:6:7:8:9") == nil)
        #expect(IndicatorExtractor.ipAddress("256.1.1.1") == nil)
        #expect(IndicatorExtractor.ipAddress("12345::") == nil)
    }

    @Test func refangKeepsOrdinaryText() {
        #expect(IndicatorExtractor.refang("nothing [here] (to) change.") == "nothing [here] (to) change.")
    }
}
