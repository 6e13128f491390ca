/// How an mbox file escaped body lines that begin with "From ". The file does not say which it
/// uses, so the reader is told; mboxrd is the safe default for files written by current tools.
public enum MboxVariant: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every `>*From ` line got one more `>`; reading removes one.
    case mboxrd
    /// Only `From ` became `>From `; reading turns `>From ` back, and `>>From ` stays as it is.
    case mboxo
}
