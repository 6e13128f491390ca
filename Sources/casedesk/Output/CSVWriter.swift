import Foundation

/// RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote or a line break, quotes
/// doubled; every cell through `field`, which neutralises outside text. Written straight to standard output so a million rows never sit in memory.
struct CSVWriter {
    private var buffer = ""

    mutating func row(_ fields: [String?]) {
        buffer += fields.map { CSVWriter.field($0 ?? "") }.joined(separator: ",") + "\r\n"
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer.utf8))
        buffer = ""
    }

    /// A cell made safe for where CSV goes: controls, escape sequences and bidi overrides replaced
    /// (line breaks kept), and a cell a spreadsheet would run as a formula (starting with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return) prefixed with `'`, as OWASP recommends; a plain number
    /// (`-3`, `+1.5`) is a value, not a formula, and stays as it is.
    static func field(_ raw: String) -> String {
        var text = CaseReport.safeBlock(raw)
        if let first = raw.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(raw) == nil {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
