/// A colour as a theme file writes it: the terminal's default, one of the 256 indexed colours
/// (0–15 are the ANSI names), or a 24-bit `#rrggbb`.
public enum TerminalColor: Hashable, Sendable, CustomStringConvertible {
    case terminalDefault
    case indexed(Int)
    case rgb(red: UInt8, green: UInt8, blue: UInt8)

    /// The sixteen ANSI names in index order, as theme files spell them.
    public static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Reads `default`, an ANSI name, a number 0–255 or `#rrggbb`; anything else is `nil`.
    public init?(parsing text: String) {
        let name = text.lowercased()
        if name == "default" {
            self = .terminalDefault
        } else if let index = Self.ansiNames.firstIndex(of: name) {
            self = .indexed(index)
        } else if let number = Int(name), (0...255).contains(number) {
            self = .indexed(number)
        } else if name.hasPrefix("#"), name.count == 7, let value = UInt32(name.dropFirst(), radix: 16) {
            self = .rgb(red: UInt8(value >> 16), green: UInt8((value >> 8) & 0xFF), blue: UInt8(value & 0xFF))
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .terminalDefault: "default"
        case .indexed(let index) where index < 16: Self.ansiNames[index]
        case .indexed(let index): "\(index)"
        case .rgb(let red, let green, let blue):
            "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }
}
