import Foundation

/// Everything the desk records when a message opens a case.
public struct Intake: Codable, Sendable, Equatable {
    public var kind: CaseKind
    public var channel: Channel
    /// When the message arrived; the stage's clocks count from it.
    public var received: Date
    public var customer: String
    public var contact: String
    public var account: String?
    public var domains: [DomainName]
    public var subject: String
    public var description: String
    /// Abuse reports only.
    public var category: AbuseCategory?
    /// `supervisor`, or `headOfSupport` for a formal complaint that arrives first-hand.
    public var stage: Stage
    /// Complaints only: one of the policy's complaint types, when known at intake.
    public var complaintType: String?
    /// Abuse reports only: the reporter's class, set at intake (nil on older trails: public).
    public var reporterClass: ReporterClass?

    public init(
        kind: CaseKind, channel: Channel, received: Date, customer: String, contact: String,
        account: String? = nil, domains: [DomainName] = [], subject: String, description: String,
        category: AbuseCategory? = nil, stage: Stage = .supervisor, complaintType: String? = nil,
        reporterClass: ReporterClass? = nil
    ) {
        // An abuse report always has a reporter class: the public unless someone knows better.
        self.reporterClass = reporterClass ?? (kind == .abuse ? .public : nil)
        self.complaintType = complaintType
        self.kind = kind
        self.channel = channel
        self.received = received
        self.customer = customer
        self.contact = contact
        self.account = account
        self.domains = domains
        self.subject = subject
        self.description = description
        // An abuse report always has a category: `other` until someone knows better.
        self.category = category ?? (kind == .abuse ? .other : nil)
        self.stage = stage
    }
}

extension Intake {
    /// What makes this intake unusable, in the words of the form: empty required fields and the like.
    public var problems: [String] {
        var problems: [String] = []
        if customer.isBlank { problems.append("the customer's name is empty") }
        if contact.isBlank { problems.append("the customer's contact (email, phone or address) is empty") }
        if subject.isBlank { problems.append("the subject is empty") }
        if category != nil, kind != .abuse { problems.append("only abuse reports carry an abuse category") }
        if complaintType != nil, kind != .complaint { problems.append("only complaints carry a complaint type") }
        if reporterClass != nil, kind != .abuse { problems.append("only abuse reports carry a reporter class") }
        return problems
    }
}
