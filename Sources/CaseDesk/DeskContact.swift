/// The desk's published contact data (PROCEDURE.md, "The desk's contact data"): configuration,
/// never code. The letters read it, so a stage-2 answer can say where to escalate in writing.
public struct DeskContact: Sendable, Equatable, Codable {
    /// One department's ways in.
    public struct Department: Sendable, Equatable, Codable {
        /// Postal address, one line each.
        public var postal: [String] = []
        public var fax: String?
        public var email: String?
        public var telephone: String?

        public init(postal: [String] = [], fax: String? = nil, email: String? = nil, telephone: String? = nil) {
            self.postal = postal
            self.fax = fax
            self.email = email
            self.telephone = telephone
        }

        public var isEmpty: Bool { postal.isEmpty && fax == nil && email == nil && telephone == nil }

        /// Each way this one lacks, taken from `other`.
        func filled(from other: Department) -> Department {
            Department(postal: postal.isEmpty ? other.postal : postal, fax: fax ?? other.fax, email: email ?? other.email,
                       telephone: telephone ?? other.telephone)
        }
    }

    /// The desk's name, as letters sign it.
    public var name: String?
    /// The complaints department (stage 1 and 2).
    public var complaints = Department()
    /// Where complaint escalations go (stage 3); what it leaves out, the complaints department gives.
    public var escalations = Department()
    /// The abuse department.
    public var abuse = Department()

    public init(name: String? = nil, complaints: Department = Department(), escalations: Department = Department(),
                abuse: Department = Department()) {
        self.name = name
        self.complaints = complaints
        self.escalations = escalations
        self.abuse = abuse
    }

    /// Where a customer writes to escalate: the abuse department for an abuse report, else the
    /// escalation address, completed from the complaints department's.
    public func escalationContact(abuse isAbuse: Bool) -> Department {
        isAbuse ? abuse : escalations.filled(from: complaints)
    }
}
