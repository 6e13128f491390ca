import Foundation
import Testing
@testable import CaseDesk

@Suite("Punycode (RFC 3492)")
struct PunycodeTests {
    /// RFC 3492 section 7.1 sample strings, checked against an independent implementation.
    static let samples: [(String, String)] = [
        ("\u{4ED6}\u{4EEC}\u{4E3A}\u{4EC0}\u{4E48}\u{4E0D}\u{8BF4}\u{4E2D}\u{6587}", "ihqwcrb4cv8a8dqg056pqjye"),
        ("\u{4ED6}\u{5011}\u{7232}\u{4EC0}\u{9EBD}\u{4E0D}\u{8AAA}\u{4E2D}\u{6587}", "ihqwctvzc91f659drss3x8bo0yb"),
        ("Pro\u{010D}prost\u{011B}nemluv\u{00ED}\u{010D}esky", "Proprostnemluvesky-uyb24dma41a"),
        ("\u{043F}\u{043E}\u{0447}\u{0435}\u{043C}\u{0443}\u{0436}\u{0435}\u{043E}\u{043D}\u{0438}\u{043D}\u{0435}\u{0433}\u{043E}\u{0432}\u{043E}\u{0440}\u{044F}\u{0442}\u{043F}\u{043E}\u{0440}\u{0443}\u{0441}\u{0441}\u{043A}\u{0438}",
         "b1abfaaepdrnnbgefbadotcwatmq2g4l"),
        ("Porqu\u{00E9}nopuedensimplementehablarenEspa\u{00F1}ol", "PorqunopuedensimplementehablarenEspaol-fmd56a"),
        ("T\u{1EA1}isaoh\u{1ECD}kh\u{00F4}ngth\u{1EC3}ch\u{1EC9}n\u{00F3}iti\u{1EBF}ngVi\u{1EC7}t", "TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g"),
        ("3\u{5E74}B\u{7D44}\u{91D1}\u{516B}\u{5148}\u{751F}", "3B-ww4c5e180e575a65lsy2b"),
        ("\u{5B89}\u{5BA4}\u{5948}\u{7F8E}\u{6075}-with-SUPER-MONKEYS", "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"),
        ("Hello-Another-Way-\u{305D}\u{308C}\u{305E}\u{308C}\u{306E}\u{5834}\u{6240}", "Hello-Another-Way--fc4qua05auwb3674vfr0b"),
        ("\u{3072}\u{3068}\u{3064}\u{5C4B}\u{6839}\u{306E}\u{4E0B}2", "2-u9tlzr9756bt3uc0v"),
        ("Maji\u{3067}Koi\u{3059}\u{308B}5\u{79D2}\u{524D}", "MajiKoi5-783gue6qz075azm5e"),
        ("\u{30D1}\u{30D5}\u{30A3}\u{30FC}de\u{30EB}\u{30F3}\u{30D0}", "de-jg4avhby1noc0d"),
        ("\u{305D}\u{306E}\u{30B9}\u{30D4}\u{30FC}\u{30C9}\u{3067}", "d9juau41awczczp"),
        ("-> $1.00 <-", "-> $1.00 <--"),
        ("müller", "mller-kva"),
        ("münchen", "mnchen-3ya"),
    ]

    @Test("encodes the RFC sample strings", arguments: samples.indices)
    func encodes(index: Int) {
        let (plain, encoded) = Self.samples[index]
        #expect(Punycode.encode(plain) == encoded)
    }

    @Test("decodes the RFC sample strings back", arguments: samples.indices)
    func decodes(index: Int) {
        let (plain, encoded) = Self.samples[index]
        #expect(Punycode.decode(encoded) == plain)
        #expect(Punycode.decode(encoded.uppercased()).map { $0.lowercased() } == plain.lowercased())
    }

    @Test func rejectsInvalidInput() {
        #expect(Punycode.decode("abc-ü") == nil)
        #expect(Punycode.decode("mller-kv!") == nil)
        #expect(Punycode.decode("99999999999") == nil)
        #expect(Punycode.decode("a-") == "a")
    }
}

@Suite("DomainName")
struct DomainNameTests {
    @Test func asciiNameIsLowerCasedAndLosesTrailingDot() throws {
        let name = try DomainName("Example.COM.")
        #expect(name.ascii == "example.com")
        #expect(name.unicode == "example.com")
        #expect(!name.isInternationalized)
    }

    @Test func unicodeInputGetsPunycode() throws {
        let name = try DomainName("Müller.de")
        #expect(name.unicode == "müller.de")
        #expect(name.ascii == "xn--mller-kva.de")
        #expect(name.isInternationalized)
        #expect(try DomainName("bücher.example").ascii == "xn--bcher-kva.example")
    }

    @Test func punycodeInputGetsUnicode() throws {
        let name = try DomainName("XN--MLLER-KVA.DE")
        #expect(name.unicode == "müller.de")
        #expect(name == (try DomainName("müller.de")))
    }

    @Test func decomposedInputIsComposed() throws {
        let name = try DomainName("mu\u{0308}ller.de")
        #expect(name.ascii == "xn--mller-kva.de")
    }

    @Test func ideographicFullStopIsADot() throws {
        #expect(try DomainName("例え\u{3002}jp").ascii == "xn--r8jz45g.jp")
    }

    @Test func rejectsSpacesWithAClearMessage() {
        #expect(throws: DomainNameError.invalidCharacter("exa mple.com", label: "exa mple")) {
            try DomainName("exa mple.com")
        }
        do {
            _ = try DomainName("exa mple.com")
            Issue.record("a name with a space was accepted")
        } catch {
            #expect(error.description == "invalid domain name \"exa mple.com\": a label may only contain letters, digits and hyphens")
        }
    }

    @Test func rejectsStructuralProblems() {
        #expect(throws: DomainNameError.empty) { try DomainName("  ") }
        #expect(throws: DomainNameError.emptyLabel("a..com")) { try DomainName("a..com") }
        #expect(throws: DomainNameError.emptyLabel(".a.com")) { try DomainName(".a.com") }
        #expect(throws: DomainNameError.tooFewLabels("localhost")) { try DomainName("localhost") }
        #expect(throws: DomainNameError.numericTopLevel("1.2.3.4")) { try DomainName("1.2.3.4") }
        #expect(throws: DomainNameError.invalidCharacter("ex_ample.com", label: "ex_ample")) { try DomainName("ex_ample.com") }
        #expect(throws: DomainNameError.invalidCharacter("evil!.com", label: "evil!")) { try DomainName("evil!.com") }
    }

    @Test func rejectsHyphenRules() {
        #expect(throws: DomainNameError.hyphenAtLabelEdge("-abc.com", label: "-abc")) { try DomainName("-abc.com") }
        #expect(throws: DomainNameError.hyphenAtLabelEdge("abc-.com", label: "abc-")) { try DomainName("abc-.com") }
        #expect(throws: DomainNameError.hyphensInThirdAndFourthPlace("ab--cd.com", label: "ab--cd")) {
            try DomainName("ab--cd.com")
        }
        #expect(throws: DomainNameError.invalidPunycode("xn--a.com", label: "xn--a")) { try DomainName("xn--a.com") }
        // An xn-- label that decodes to plain ASCII is not a real IDN label.
        #expect(throws: DomainNameError.invalidPunycode("xn--abc-.com", label: "xn--abc-")) { try DomainName("xn--abc-.com") }
        #expect((try? DomainName("a-b-c.com")) != nil)
    }

    @Test("a name already in its final form reads as the same name written any other way")
    func plainNamesTakeTheShortWay() throws {
        for (plain, written) in [("example.com", " Example.COM. "), ("a.b", "A.B"), ("sub-1.x9.example.org", "SUB-1.X9.Example.Org."),
                                 ("x.1a", "X.1A")] {
            let quick = try DomainName(plain)
            let slow = try DomainName(written)
            #expect(quick == slow && quick.unicode == slow.unicode && quick.unicode == plain, "\(plain)")
        }
        #expect(throws: DomainNameError.numericTopLevel("a.b.12")) { try DomainName("a.b.12") }
        #expect(throws: DomainNameError.labelTooLong("\(String(repeating: "a", count: 64)).com", label: String(repeating: "a", count: 64), octets: 64)) {
            try DomainName("\(String(repeating: "a", count: 64)).com")
        }
    }

    @Test func enforcesLengthLimits() throws {
        let label63 = String(repeating: "a", count: 63)
        #expect(try DomainName("\(label63).com").ascii.count == 67)
        let label64 = String(repeating: "a", count: 64)
        #expect(throws: DomainNameError.labelTooLong("\(label64).com", label: label64, octets: 64)) {
            try DomainName("\(label64).com")
        }
        let long = Array(repeating: label63, count: 4).joined(separator: ".")  // 255 octets
        #expect(throws: DomainNameError.nameTooLong(long, octets: 255)) { try DomainName(long) }
        // The limit is on the ASCII form: 30 ü become a much longer xn-- label.
        let wide = String(repeating: "ü", count: 60) + ".de"
        #expect(throws: DomainNameError.self) { try DomainName(wide) }
    }

    @Test func codableAsTheUnicodeString() throws {
        let name = try DomainName("xn--mller-kva.de")
        let data = try JSONEncoder().encode([name])
        #expect(String(decoding: data, as: UTF8.self) == "[\"müller.de\"]")
        #expect(try JSONDecoder().decode([DomainName].self, from: data) == [name])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([DomainName].self, from: Data("[\"not a domain\"]".utf8))
        }
    }
}

@Suite("How a domain name is shown")
struct DomainNameDisplayTests {
    @Test func internationalizedNamesShowBothForms() throws {
        #expect(try DomainName("müller.de").display == "müller.de (xn--mller-kva.de)")
        #expect(try DomainName("Example.COM").display == "example.com")
    }
}
