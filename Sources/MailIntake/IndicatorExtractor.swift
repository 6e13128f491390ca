import CaseDesk
import Foundation

/// Finds domains, URLs and IP addresses in free text, including the defanged forms abuse reporters
/// write so that nobody clicks (`hxxp://`, `[.]`, `(dot)`).
public enum IndicatorExtractor {
    public static func extract(from text: String) -> Indicators {
        let scalars = Array(refang(text).unicodeScalars)
        var urls: [String] = []
        var hostDomains: [DomainName] = []
        var hostAddresses: [String] = []
        var urlSpans: [Range<Int>] = []
        var checkedHosts = Set<String>()
        for (url, span) in self.urls(in: scalars) {
            urlSpans.append(span)
            urls.append(url)
            // Reports repeat one URL many times; each host is validated once.
            if let host = host(of: url), checkedHosts.insert(host).inserted {
                if let domain = try? DomainName(host), isPlausibleTopLevel(domain.unicode) {
                    hostDomains.append(domain)
                } else if let address = ipAddress(host) {
                    hostAddresses.append(address)
                }
            }
        }
        var found = Indicators(domains: Indicators.appendingNew(hostDomains, to: []), urls: Indicators.appendingNew(urls, to: []),
                               ipAddresses: Indicators.appendingNew(hostAddresses, to: []))
        found.merge(Indicators(domains: domains(in: scalars, skipping: urlSpans), ipAddresses: ipAddresses(in: scalars)))
        return found
    }

    /// Undoes the usual defanging. Only the desk's copy for extraction is refanged; the text the
    /// customer sent is kept as sent.
    public static func refang(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        scanning: while index < scalars.count {
            let scalar = scalars[index]
            if ["h", "H", "[", "(", "{"].contains(scalar) {
                for (defanged, plain) in defangings {
                    if let end = matches(scalars, at: index, defanged) {
                        output.append(contentsOf: plain.unicodeScalars)
                        index = end
                        continue scanning
                    }
                }
            }
            output.append(scalar)
            index += 1
        }
        return String(output)
    }

    /// Defanged spellings (lower case; matched ignoring case) and what they stand for.
    private static let defangings: [(String, String)] = [
        ("hxxps[:]//", "https://"), ("hxxp[:]//", "http://"), ("hxxps://", "https://"), ("hxxp://", "http://"),
        ("[://]", "://"), ("[:]//", "://"), ("[.]", "."), ("(.)", "."), ("{.}", "."), ("[dot]", "."), ("(dot)", "."),
        ("{dot}", "."), ("[@]", "@"),
    ]

    // MARK: URLs

    private static func urls(in scalars: [Unicode.Scalar]) -> [(String, Range<Int>)] {
        var result: [(String, Range<Int>)] = []
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "h" || scalars[index] == "H",
                  let schemeEnd = ["http://", "https://"].lazy.compactMap({ matches(scalars, at: index, $0) }).first
            else {
                index += 1
                continue
            }
            var end = schemeEnd
            while end < scalars.count, !isURLTerminator(scalars[end]) { end += 1 }
            end = trimmingTrailingPunctuation(scalars, from: index, to: end)
            if end > schemeEnd {
                let url = String(String.UnicodeScalarView(scalars[index..<end]))
                if host(of: url) != nil { result.append((url, index..<end)) }
            }
            index = max(end, index + 1)
        }
        return result
    }

    /// The end of `prefix` if it stands at `index` (ASCII, case-insensitive), else nil.
    private static func matches(_ scalars: [Unicode.Scalar], at index: Int, _ prefix: String) -> Int? {
        let pattern = Array(prefix.unicodeScalars)
        guard index + pattern.count <= scalars.count else { return nil }
        for offset in pattern.indices {
            let scalar = scalars[index + offset]
            let lowered = ("A"..."Z").contains(scalar) ? scalar.value + 32 : scalar.value
            guard lowered == pattern[offset].value else { return nil }
        }
        return index + pattern.count
    }

    private static func isURLTerminator(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return scalar.value <= 0x20 || scalar.value == 0x7F || ["<", ">", "\"", "'", "`"].contains(scalar)
        }
        return scalar.properties.isWhitespace || ["\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{00AB}", "\u{00BB}"].contains(scalar)
    }

    /// Drops sentence punctuation after a URL, and closing brackets that have no opening one in it.
    private static func trimmingTrailingPunctuation(_ scalars: [Unicode.Scalar], from start: Int, to end: Int) -> Int {
        var end = end
        while end > start {
            let last = scalars[end - 1]
            if [".", ",", ";", ":", "!", "?"].contains(last) {
                end -= 1
                continue
            }
            let brackets: [Unicode.Scalar: Unicode.Scalar] = [")": "(", "]": "[", "}": "{"]
            if let open = brackets[last] {
                let span = scalars[start..<(end - 1)]
                if span.filter({ $0 == open }).count < span.filter({ $0 == last }).count + 1 {
                    end -= 1
                    continue
                }
            }
            break
        }
        return end
    }

    /// The host of an http(s) URL: after `//`, before path, query, fragment, port and user info.
    static func host(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        var authority = url[schemeEnd.upperBound...].prefix { !["/", "?", "#", "\\"].contains($0) }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        if let colon = authority.lastIndex(of: ":") { authority = authority[..<colon] }
        let host = authority.trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return host.isEmpty ? nil : host
    }

    // MARK: Domains

    /// File extensions that are not top-level domains, so `report.pdf` is not taken for a domain.
    private static let fileExtensions: Set<String> = [
        "pdf", "txt", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "rtf", "csv", "jpg", "jpeg", "png",
        "gif", "bmp", "tif", "tiff", "webp", "svg", "heic", "eml", "msg", "htm", "html", "xml", "json", "yaml", "yml",
        "exe", "dll", "bat", "cmd", "js", "css", "php", "asp", "aspx", "jsp", "cgi", "gz", "tgz", "tar", "rar", "7z",
        "bz2", "xz", "mp3", "mp4", "wav", "avi", "mkv", "ics", "vcf", "p7s", "asc", "sig", "log", "tmp", "bak", "ini",
        "cfg", "conf", "swift", "py", "pl", "rb", "sh", "jar", "apk", "iso", "img", "dmg", "pem", "crt", "key",
    ]

    private static func isDomainScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isASCIIAlphanumeric(scalar) || scalar == "." || scalar == "-" }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType == .decimal
            || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// A cheap look at a run before any string is built: after trimming dots and hyphens it must
    /// still hold a dot, and what follows the last dot must be two letters or more.
    private static func mayBeDomain(_ run: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = run.firstIndex(where: { $0 != "." && $0 != "-" }),
              let last = run.lastIndex(where: { $0 != "." && $0 != "-" }),
              let lastDot = run[first...last].lastIndex(of: ".")
        else { return false }
        let tld = run[(lastDot + 1)...last]
        return tld.count >= 2 && tld.allSatisfy { $0 == "-" || !("0"..."9").contains($0) }
    }

    /// `spans` are in text order and do not overlap, as `urls(in:)` finds them.
    private static func domains(in scalars: [Unicode.Scalar], skipping spans: [Range<Int>]) -> [DomainName] {
        var result: [DomainName] = []
        var seen: Set<DomainName> = []
        var checked: Set<String> = []
        var nextSpan = 0
        for run in runs(in: scalars, of: isDomainScalar) where mayBeDomain(scalars[run.range]) {
            // Parts of e-mail addresses and URLs are not domains of their own here.
            while nextSpan < spans.count, spans[nextSpan].upperBound <= run.range.lowerBound { nextSpan += 1 }
            let inURL = nextSpan < spans.count && spans[nextSpan].overlaps(run.range)
            if run.before == "@" || run.after == "@" || run.before == "/" || inURL { continue }
            var candidate = String(String.UnicodeScalarView(scalars[run.range]))
            while let last = candidate.last, last == "." || last == "-" { candidate.removeLast() }
            while let first = candidate.first, first == "." || first == "-" { candidate.removeFirst() }
            guard checked.insert(candidate).inserted, candidate.contains("."), isPlausibleTopLevel(candidate),
                  let domain = try? DomainName(candidate), seen.insert(domain).inserted
            else { continue }
            result.append(domain)
        }
        return result
    }

    /// A maximal run of scalars of one kind, with the scalars just outside it (a space at the ends).
    private struct Run {
        let range: Range<Int>
        let before: Unicode.Scalar
        let after: Unicode.Scalar
    }

    private static func runs(in scalars: [Unicode.Scalar], of belongs: (Unicode.Scalar) -> Bool) -> [Run] {
        var result: [Run] = []
        var index = 0
        while index < scalars.count {
            guard belongs(scalars[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, belongs(scalars[end]) { end += 1 }
            result.append(Run(range: index..<end, before: index > 0 ? scalars[index - 1] : " ",
                              after: end < scalars.count ? scalars[end] : " "))
            index = end
        }
        return result
    }

    /// A top-level domain as people write one: letters only (or `xn--`), two or more, not a file
    /// extension, and not `Thanks` in "done.Thanks" (capitalised like a word starting a sentence).
    private static func isPlausibleTopLevel(_ candidate: String) -> Bool {
        guard let tld = candidate.split(separator: ".").last else { return false }
        if tld.lowercased().hasPrefix("xn--") { return true }
        guard tld.count >= 2, tld.allSatisfy(\.isLetter), !fileExtensions.contains(tld.lowercased()) else { return false }
        let isSentenceStart = tld.first?.isUppercase == true && tld.dropFirst().contains(where: \.isLowercase)
        return !isSentenceStart
    }

    // MARK: IP addresses

    private static func ipAddresses(in scalars: [Unicode.Scalar]) -> [String] {
        var result: [String] = []
        for run in runs(in: scalars, of: isAddressScalar) where !isWordScalar(run.before) && !isWordScalar(run.after) {
            let text = scalars[run.range]
            let colons = text.count(where: { $0 == ":" })
            let isDottedDigits = text.count(where: { $0 == "." }) >= 3 && text.allSatisfy { $0 == "." || ("0"..."9").contains($0) }
            guard colons >= 2 || isDottedDigits else { continue }
            var candidate = String(String.UnicodeScalarView(text))
            while candidate.hasSuffix(".") { candidate.removeLast() }
            if let address = ipAddress(candidate) { result.append(address) }
        }
        return Indicators.appendingNew(result, to: [])
    }

    private static func isAddressScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == ":" || ("0"..."9").contains(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar)
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isASCIIAlphanumeric(scalar) || scalar == "_" }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// The address in canonical text form if `text` is an IPv4 or IPv6 address, else nil.
    static func ipAddress(_ text: String) -> String? {
        if let v4 = ipv4(text) { return v4 }
        return ipv6(text)
    }

    private static func ipv4(_ text: String) -> String? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [Int] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), let value = Int(part), value <= 255 else { return nil }
            octets.append(value)
        }
        return octets.map(String.init).joined(separator: ".")
    }

    private static func ipv6(_ text: String) -> String? {
        let lowered = text.lowercased()
        guard lowered.filter({ $0 == ":" }).count >= 2, lowered.count <= 45 else { return nil }
        let halves = lowered.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ half: String) -> [Substring] {
            half.isEmpty ? [] : half.split(separator: ":", omittingEmptySubsequences: false)
        }
        var hexGroups = groups(halves[0]) + (halves.count == 2 ? groups(halves[1]) : [])
        var count = 0
        // An embedded IPv4 address ("::ffff:192.0.2.1") counts for two groups, and only at the end.
        if let last = hexGroups.last, last.contains(".") {
            guard ipv4(String(last)) != nil else { return nil }
            count += 2
            hexGroups.removeLast()
        }
        for group in hexGroups {
            guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit) else { return nil }
            count += 1
        }
        guard count >= 1 else { return nil }
        if halves.count == 2 {
            guard count <= 7 else { return nil }
        } else {
            guard count == 8 else { return nil }
        }
        return lowered
    }
}
