import Foundation

/// RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote or a line break, quotes
/// doubled. Written straight to standard output so a million rows never sit in memory.
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

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
