/// Everything about intake that differs between desks.
public struct IntakeConfiguration: Sendable, Hashable, Codable {
    public var addresses: MailAddresses
    public var vocabulary: ChecklistVocabulary
    public var caseTag: CaseTag

    public init(addresses: MailAddresses = .standard, vocabulary: ChecklistVocabulary = .standard, caseTag: CaseTag = CaseTag()) {
        self.addresses = addresses
        self.vocabulary = vocabulary
        self.caseTag = caseTag
    }

    public static let standard = IntakeConfiguration()
}
