/// Builds a message from lines joined by CRLF, as mail travels.
func mail(_ lines: String...) -> [UInt8] {
    Array(lines.joined(separator: "\r\n").utf8)
}
