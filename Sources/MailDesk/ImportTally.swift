/// The counts an import ends with, in the one line `casedesk import` prints last.
public struct ImportTally: Sendable, Equatable {
    public var imported = 0
    public var attached = 0
    public var duplicates = 0
    public var rejected = 0

    public init() {}

    public mutating func count(_ result: ImportResult) {
        switch result.outcome {
        case .imported: imported += 1
        case .attached: attached += 1
        case .duplicate: duplicates += 1
        case .rejected: rejected += 1
        }
    }

    public var total: Int { imported + attached + duplicates + rejected }

    /// `imported N, attached N, duplicates N, rejected N`.
    public var summary: String {
        "imported \(imported), attached \(attached), duplicates \(duplicates), rejected \(rejected)"
    }
}
