/// The `value; name=param` syntax shared by Content-Type and Content-Disposition, with RFC 2231
/// extended and continued parameters (`filename*=UTF-8''r%C3%A9clamation.pdf`, `name*0*=…`) and
/// the RFC 2047 encoded words that mailers put in quoted parameters against the rules.
enum MIMEParameters {
    /// Splits `text` into its leading value (lower-cased) and parameters (names lower-cased).
    static func parse(_ text: String) -> (value: String, parameters: [String: String]) {
        let characters = Array(text)
        var index = 0
        while index < characters.count, characters[index] != ";" { index += 1 }
        let value = String(characters[0..<index]).trimmingWhitespace().lowercased()
        var raw: [(name: String, value: String)] = []
        while index < characters.count {
            while index < characters.count, characters[index] == ";" || characters[index].isWhitespace { index += 1 }
            var name = ""
            while index < characters.count, characters[index] != "=", characters[index] != ";" {
                name.append(characters[index])
                index += 1
            }
            guard index < characters.count, characters[index] == "=" else { continue }
            index += 1
            while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
            var parameterValue = ""
            if index < characters.count, characters[index] == "\"" {
                index += 1
                while index < characters.count, characters[index] != "\"" {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    parameterValue.append(characters[index])
                    index += 1
                }
                index += 1
                while index < characters.count, characters[index] != ";" { index += 1 }
            } else {
                while index < characters.count, characters[index] != ";" {
                    parameterValue.append(characters[index])
                    index += 1
                }
                parameterValue = parameterValue.trimmingWhitespace()
            }
            let key = name.trimmingWhitespace().lowercased()
            if !key.isEmpty { raw.append((key, parameterValue)) }
        }
        return (value, assemble(raw))
    }

    /// Joins RFC 2231 continuations, decodes extended values, and lets them win over plain ones.
    private static func assemble(_ raw: [(name: String, value: String)]) -> [String: String] {
        var result: [String: String] = [:]
        var segments: [String: [(index: Int, extended: Bool, value: String)]] = [:]
        for (name, value) in raw {
            guard name.contains("*") else {
                if result[name] == nil { result[name] = value.contains("=?") ? EncodedWords.decode(value) : value }
                continue
            }
            let pieces = name.split(separator: "*", omittingEmptySubsequences: false)
            let base = String(pieces[0])
            let index = pieces.count > 1 ? Int(pieces[1]) ?? 0 : 0
            segments[base, default: []].append((index, name.hasSuffix("*"), value))
        }
        for (base, parts) in segments {
            let ordered = parts.sorted { $0.index < $1.index }
            var charset: String?
            var bytes: [UInt8] = []
            for (position, part) in ordered.enumerated() {
                guard part.extended else {
                    bytes += Array(part.value.utf8)
                    continue
                }
                var encoded = part.value
                if position == 0 {
                    let fields = encoded.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if fields.count == 3 {
                        charset = String(fields[0])
                        encoded = String(fields[2])
                    }
                }
                bytes += percentDecoded(encoded)
            }
            result[base] = Charset(label: charset ?? "utf-8").decode(bytes)
        }
        return result
    }

    private static func percentDecoded(_ text: String) -> [UInt8] {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
               let high = QuotedPrintable.hexValue(input[index + 1]), let low = QuotedPrintable.hexValue(input[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(input[index])
                index += 1
            }
        }
        return output
    }
}
