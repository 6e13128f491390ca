/// What a written escalation must carry (PROCEDURE.md, stage 3). `account` and `domains` are
/// required only where they apply: when the customer has an account, when domains are concerned.
public enum ChecklistItem: String, CaseIterable, Codable, Sendable, Hashable {
    /// The customer's name.
    case name
    /// How to reach the customer.
    case contact
    /// The account, where there is one.
    case account
    /// The domain name(s) concerned, where applicable.
    case domains
    /// A clear description of the concern.
    case description
    /// The measures the customer wants taken.
    case measures
    /// The details of the previous complaint and the reasons for dissatisfaction.
    case previousComplaint = "previous"
    /// "complaint" / "plainte" / "Beschwerde" plainly at the top of the letter or in the subject.
    case marker

    public var title: String {
        switch self {
        case .name: "name"
        case .contact: "contact details"
        case .account: "account information"
        case .domains: "domain name(s) concerned"
        case .description: "clear description of the concern"
        case .measures: "measures wanted"
        case .previousComplaint: "previous complaint and reasons for dissatisfaction"
        case .marker: "the word complaint / plainte / Beschwerde at the top"
        }
    }
}

extension ChecklistItem {
    /// The items in checklist order, so the trail's JSON is the same every time.
    public static func ordered(_ items: some Sequence<ChecklistItem>) -> [ChecklistItem] {
        let set = Set(items)
        return allCases.filter(set.contains)
    }
}
