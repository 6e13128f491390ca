/// HTML character references: numeric ones, and the named ones mail actually uses (all of Latin-1,
/// typography, the euro). Unknown names stay as written rather than vanish.
enum HTMLEntities {
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "&", let (decoded, end) = reference(in: scalars, at: index) else {
                output.append(scalars[index])
                index += 1
                continue
            }
            output.append(contentsOf: decoded)
            index = end
        }
        return String(output)
    }

    /// The reference starting at `start` (an `&`): its text and where it ends.
    private static func reference(in scalars: [Unicode.Scalar], at start: Int) -> ([Unicode.Scalar], Int)? {
        var index = start + 1
        if index < scalars.count, scalars[index] == "#" {
            index += 1
            let hex = index < scalars.count && (scalars[index] == "x" || scalars[index] == "X")
            if hex { index += 1 }
            let digitsStart = index
            while index < scalars.count, index - digitsStart < 8,
                  hex ? scalars[index].properties.isASCIIHexDigit : ("0"..."9").contains(scalars[index]) {
                index += 1
            }
            guard index > digitsStart,
                  let value = UInt32(String(String.UnicodeScalarView(scalars[digitsStart..<index])), radix: hex ? 16 : 10)
            else { return nil }
            if index < scalars.count, scalars[index] == ";" { index += 1 }
            return ([numeric(value)], index)
        }
        let nameStart = index
        while index < scalars.count, index - nameStart < 10, scalars[index].isASCII,
              scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index]) {
            index += 1
        }
        let name = String(String.UnicodeScalarView(scalars[nameStart..<index]))
        guard let value = named[name] else { return nil }
        if index < scalars.count, scalars[index] == ";" {
            index += 1
        } else if !["amp", "lt", "gt", "quot", "nbsp"].contains(name) {
            return nil
        }
        return ([Unicode.Scalar(value) ?? "\u{FFFD}"], index)
    }

    /// As HTML5 does: references to C1 controls mean Windows-1252 characters, invalid ones U+FFFD.
    private static func numeric(_ value: UInt32) -> Unicode.Scalar {
        if (0x80...0x9F).contains(value) {
            let decoded = Charset(label: "windows-1252").decode([UInt8(value)])
            return decoded.unicodeScalars.first ?? "\u{FFFD}"
        }
        guard value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
        return scalar
    }

    private static let named: [String: UInt32] = {
        var table: [String: UInt32] = [
        "amp": 0x0026, "lt": 0x003C, "gt": 0x003E, "quot": 0x0022, "apos": 0x0027, "OElig": 0x0152,
        "oelig": 0x0153, "Scaron": 0x0160, "scaron": 0x0161, "Yuml": 0x0178, "fnof": 0x0192, "circ": 0x02C6,
        "tilde": 0x02DC, "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009, "zwnj": 0x200C, "zwj": 0x200D,
        "lrm": 0x200E, "rlm": 0x200F, "ndash": 0x2013, "mdash": 0x2014, "lsquo": 0x2018, "rsquo": 0x2019,
        "sbquo": 0x201A, "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E, "dagger": 0x2020, "Dagger": 0x2021,
        "bull": 0x2022, "hellip": 0x2026, "permil": 0x2030, "prime": 0x2032, "Prime": 0x2033, "lsaquo": 0x2039,
        "rsaquo": 0x203A, "oline": 0x203E, "frasl": 0x2044, "euro": 0x20AC, "trade": 0x2122, "larr": 0x2190,
        "uarr": 0x2191, "rarr": 0x2192, "darr": 0x2193, "harr": 0x2194, "hearts": 0x2665, "minus": 0x2212,
        ]
        for (offset, name) in latin1Names.enumerated() { table[name] = 0xA0 + UInt32(offset) }
        return table
    }()

    /// The names of U+00A0 to U+00FF, in code point order.
    private static let latin1Names = [
        "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy",
        "ordf", "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3",
        "acute", "micro", "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12",
        "frac34", "iquest", "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil",
        "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde",
        "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc",
        "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring",
        "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
        "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave",
        "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
    ]
}
