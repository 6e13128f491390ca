/// The abuse desk's part of the policy (`[abuse]`): clocks in hours per reporter class, how they
/// count, who counts as law enforcement or a trusted notifier, and the evidence checklist. The
/// defaults are the registrar's contract (RAA 3.18, 2024 amendment) and the desk's own promises.
public struct AbusePolicy: Sendable, Equatable, Codable {
    /// Confirm receipt to the reporter within this many hours.
    public var confirmHours: Int = 1
    /// Review the report (judge its evidence) within this many hours, by reporter class.
    public var reviewHours: [ReporterClass: Int] = [.lawEnforcement: 24, .trusted: 48, .public: 72]
    /// Decide on mitigation within this many hours after the evidence was judged actionable.
    public var decideHours: Int = 24
    public var counting: HourCounting = .aroundTheClock
    /// The hours counted on business days when `counting` is `deskHours`.
    public var deskHours = DeskHours()
    /// Reporter addresses (`cert@example.org`) or domains (`netbeacon.org`, subdomains included).
    public var lawEnforcement: [String] = []
    public var trusted: [String] = []
    /// Send the confirmation of receipt when a report is imported by mail.
    public var confirmOnImport: Bool = true
    /// What the desk checks before judging evidence actionable (shown with `evidence`).
    public var evidenceChecklist: [String] = AbusePolicy.standardChecklist

    public static let standardChecklist = [
        "the name is managed by this registrar",
        "evidence attached or referenced (URL, sample, headers, screenshot)",
        "the category is DNS Abuse (malware, botnet, phishing, pharming, spam carrying one of them)",
        "the name still resolves and the abuse is current",
    ]

    public init() {}

    /// The review clock's hours for a reporter class.
    public func reviewHours(for reporter: ReporterClass) -> Int {
        reviewHours[reporter] ?? AbusePolicy().reviewHours[reporter] ?? 72
    }

    /// The class of a reporter's address: law enforcement or trusted when the address, or its
    /// domain or a parent domain, is listed; otherwise the public.
    public func reporterClass(of address: String) -> ReporterClass {
        if AbusePolicy.lists(lawEnforcement, address) { return .lawEnforcement }
        if AbusePolicy.lists(trusted, address) { return .trusted }
        return .public
    }

    static func lists(_ entries: [String], _ address: String) -> Bool {
        let address = address.trimmingCharacters(in: .whitespaces).lowercased()
        guard let at = address.lastIndex(of: "@") else { return false }
        let domain = String(address[address.index(after: at)...])
        return entries.contains { entry in
            let entry = entry.trimmingCharacters(in: .whitespaces).lowercased()
            if entry.contains("@") { return entry == address }
            let bare = entry.hasPrefix("@") || entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
            return !bare.isEmpty && (domain == bare || domain.hasSuffix("." + bare))
        }
    }
}
