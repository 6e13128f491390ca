import Foundation
import Testing
@testable import MailIntake

@Suite("SHA-256")
struct SHA256Tests {
    @Test("FIPS 180-4 and NIST vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ("The quick brown fox jumps over the lazy dog", "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"),
    ])
    func vectors(input: String, digest: String) {
        #expect(SHA256.hex(of: Array(input.utf8)) == digest)
    }

    @Test func millionAsInPieces() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000)
        for _ in 0..<1_000 { hasher.update(chunk) }
        #expect(hasher.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("lengths around the padding boundary agree whether fed at once or in pieces", arguments: [55, 56, 63, 64, 65, 119, 120])
    func piecewise(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var hasher = SHA256()
        hasher.update(bytes.prefix(length / 3))
        hasher.update(bytes.dropFirst(length / 3))
        #expect(hasher.finalize() == SHA256.hex(of: bytes))
    }
}

@Suite("Base64")
struct Base64Tests {
    private func decode(_ text: String) -> String {
        String(decoding: Base64.decode(Array(text.utf8)), as: UTF8.self)
    }

    @Test func standardForms() {
        #expect(decode("SGVsbG8sIFdvcmxkIQ==") == "Hello, World!")
        #expect(decode("YQ==") == "a")
        #expect(decode("YWI=") == "ab")
        #expect(decode("YWJj") == "abc")
    }

    @Test func toleratesLineBreaksJunkAndMissingPadding() {
        #expect(decode("SGVs\r\nbG8s\nIFdv cmxk\tIQ") == "Hello, World!")
        #expect(decode("SGVs*bG8!") == "Hello")
        #expect(decode("YWI") == "ab")
        #expect(Base64.hasJunk(Array("SGVs*bG8!".utf8)))
        #expect(!Base64.hasJunk(Array("SGVs\r\nbG8=".utf8)))
    }

    @Test func concatenatedPaddedBlocksStayAligned() {
        #expect(decode("YQ==YWI=") == "aab")
    }

    @Test func urlSafeAlphabet() {
        #expect(Base64.decode(Array("-_8=".utf8)) == [0xFB, 0xFF])
    }

    @Test func garbageNeverTraps() {
        #expect(Base64.decode(Array("=====".utf8)).isEmpty)
        #expect(Base64.decode([0xFF, 0x00, 0x80]).isEmpty)
        #expect(Base64.decode(Array("A".utf8)).isEmpty)
    }
}

@Suite("Quoted-printable")
struct QuotedPrintableTests {
    private func decode(_ text: String) -> [UInt8] { QuotedPrintable.decode(Array(text.utf8)) }

    @Test func hexEscapesInEitherCase() {
        #expect(decode("caf=E9 caf=e9") == Array("caf".utf8) + [0xE9] + Array(" caf".utf8) + [0xE9])
    }

    @Test func softBreaksVanishHardBreaksStay() {
        #expect(decode("long=\r\nline\r\nnext") == Array("longline\r\nnext".utf8))
        #expect(decode("long=\nline") == Array("longline".utf8))
        #expect(decode("soft with blanks=  \r\nafter") == Array("soft with blanksafter".utf8))
    }

    @Test func transportPaddingBeforeLineBreaksIsDropped() {
        #expect(decode("word   \r\nnext") == Array("word\r\nnext".utf8))
        #expect(decode("inner  spaces stay") == Array("inner  spaces stay".utf8))
    }

    @Test func brokenEscapesAreKept() {
        #expect(decode("50=% off =ZZ and =") == Array("50=% off =ZZ and ".utf8))
        #expect(decode("a=4") == Array("a=4".utf8))
    }

    @Test func headerWordsTurnUnderscoreIntoSpace() {
        #expect(QuotedPrintable.decodeHeaderWord(Array("Plainte_=E0_vous".utf8)) == Array("Plainte ".utf8) + [0xE0] + Array(" vous".utf8))
    }
}

@Suite("RFC 2047 encoded words")
struct EncodedWordTests {
    @Test func qAndBWords() {
        #expect(EncodedWords.decode("=?ISO-8859-1?Q?Plainte_=E0_propos?=") == "Plainte à propos")
        #expect(EncodedWords.decode("=?UTF-8?B?QmVzY2h3ZXJkZQ==?=") == "Beschwerde")
        #expect(EncodedWords.decode("=?utf-8?q?r=C3=A9clamation?=") == "réclamation")
    }

    @Test func whitespaceBetweenAdjacentWordsIsDropped() {
        #expect(EncodedWords.decode("=?UTF-8?Q?a?= =?UTF-8?Q?b?=") == "ab")
        #expect(EncodedWords.decode("=?UTF-8?Q?a?=   \t=?ISO-8859-1?Q?b?=") == "ab")
        #expect(EncodedWords.decode("=?UTF-8?Q?a?= plain =?UTF-8?Q?b?=") == "a plain b")
        #expect(EncodedWords.decode("Re: =?UTF-8?Q?Beschwerde?= now") == "Re: Beschwerde now")
    }

    @Test func aCharacterSplitAcrossWordsIsJoined() {
        // "ü" is C3 BC; a sender split it between two words.
        #expect(EncodedWords.decode("=?UTF-8?B?bcM=?= =?UTF-8?B?vGxsZXI=?=") == "müller")
    }

    @Test func languageSuffixAndUnknownCharset() {
        #expect(EncodedWords.decode("=?UTF-8*de?Q?Gr=C3=BC=C3=9Fe?=") == "Grüße")
        #expect(EncodedWords.decode("=?x-unknown?Q?caf=C3=A9?=") == "café")
        #expect(EncodedWords.decode("=?x-unknown?Q?caf=E9?=") == "café")
    }

    @Test func malformedWordsStayAsWritten() {
        #expect(EncodedWords.decode("=?UTF-8?X?abc?=") == "=?UTF-8?X?abc?=")
        #expect(EncodedWords.decode("=?UTF-8?Q?unterminated") == "=?UTF-8?Q?unterminated")
        #expect(EncodedWords.decode("what?=no") == "what?=no")
    }
}

@Suite("Character sets")
struct CharsetTests {
    @Test func latin1AndWindows1252() {
        #expect(Charset(label: "ISO-8859-1").decode([0x63, 0x61, 0x66, 0xE9]) == "café")
        #expect(Charset(label: "windows-1252").decode([0x93, 0x66, 0x94, 0x20, 0x80, 0x96, 0x92]) == "\u{201C}f\u{201D} €–’")
        // Latin-1 labels read bytes 0x80–0x9F as Windows-1252, as browsers do.
        #expect(Charset(label: "latin1").decode([0x80]) == "€")
    }

    @Test func latin9DiffersInEightPlaces() {
        let bytes: [UInt8] = [0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE, 0xE9]
        #expect(Charset(label: "ISO-8859-15").decode(bytes) == "€ŠšŽžŒœŸé")
        #expect(Charset(label: "ISO-8859-1").decode(bytes) == "¤¦¨´¸¼½¾é")
    }

    @Test func utf8AndItsFallbacks() {
        #expect(Charset(label: "\"UTF-8\"").decode(Array("Grüße".utf8)) == "Grüße")
        #expect(Charset(label: "utf-8").decode([0x61, 0xFF]) == "a\u{FFFD}")
        #expect(Charset(label: "us-ascii").decode([0x63, 0xC3, 0xA9]) == "cé")
        #expect(Charset(label: "us-ascii").decode([0x63, 0xE9]) == "cé")
        #expect(Charset(label: nil).decode([0xE9]) == "é")
    }

    @Test func unknownCharsetGuessesNeverFails() {
        let unknown = Charset(label: "x-klingon")
        #expect(!unknown.isKnown)
        #expect(unknown.decode(Array("plain ü".utf8)) == "plain ü")
        #expect(unknown.decode([0xFC]) == "ü")
        #expect(Charset(label: "koi8-r").decode((0...255).map(UInt8.init)).unicodeScalars.count == 256)
    }

    @Test func foundationCharsets() {
        #expect(Charset(label: "iso-8859-2").decode([0xA9]) == "Š")
        #expect(Charset(label: "windows-1251").decode([0xE6]) == "ж")
    }
}
