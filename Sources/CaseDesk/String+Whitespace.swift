extension String {
    /// Without leading and trailing white space and line breaks. Pure Swift: Foundation's
    /// `trimmingCharacters` goes through NSString on Linux and shows up when a million cases are made.
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }

    /// Nothing but white space (or nothing at all).
    public var isBlank: Bool {
        // A character is white space when its first scalar is; the text's first scalar decides
        // most texts without breaking it into characters (which a million cases notice).
        if let first = unicodeScalars.first {
            // ASCII white space is tab to carriage return, and the space; any other ASCII is not.
            if first.isASCII, first.value != 0x20, !(0x09...0x0D).contains(first.value) { return false }
            if !first.isASCII, !first.properties.isWhitespace { return false }
        }
        return allSatisfy(\.isWhitespace)
    }
}
