import CaseDesk

/// Domains, URLs and IP addresses named in a text: what an abuse case acts on and what an
/// escalation must name. Each list is in order of first appearance, without repeats.
public struct Indicators: Sendable, Hashable, Codable {
    public var domains: [DomainName]
    /// Full URLs, refanged (`hxxp://evil[.]com` is stored as `http://evil.com`).
    public var urls: [String]
    /// IPv4 in dotted form, IPv6 lower-cased as written.
    public var ipAddresses: [String]

    public init(domains: [DomainName] = [], urls: [String] = [], ipAddresses: [String] = []) {
        self.domains = domains
        self.urls = urls
        self.ipAddresses = ipAddresses
    }

    public var isEmpty: Bool { domains.isEmpty && urls.isEmpty && ipAddresses.isEmpty }

    /// Adds what `other` names that this does not, keeping order.
    public mutating func merge(_ other: Indicators) {
        domains = Self.appendingNew(other.domains, to: domains)
        urls = Self.appendingNew(other.urls, to: urls)
        ipAddresses = Self.appendingNew(other.ipAddresses, to: ipAddresses)
    }

    /// `list` followed by the elements of `new` it does not hold yet, in order.
    static func appendingNew<Element: Hashable>(_ new: [Element], to list: [Element]) -> [Element] {
        var seen = Set(list)
        return list + new.filter { seen.insert($0).inserted }
    }

    public func merging(_ other: Indicators) -> Indicators {
        var merged = self
        merged.merge(other)
        return merged
    }
}
