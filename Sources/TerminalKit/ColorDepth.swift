/// How many colours a terminal can show, from ncurses' `COLORS`. Themes are written once, in
/// any colours, and mapped down to what the terminal has.
public enum ColorDepth: Hashable, Sendable {
    /// No colours (or fewer than 8): attributes only.
    case none
    case ansi8
    case ansi16
    case indexed256
    /// 24-bit colour numbers (`xterm-direct`): 0–7 are the ANSI colours, larger ones `0xRRGGBB`.
    case direct

    public init(colorCount: Int) {
        switch colorCount {
        case ..<8: self = .none
        case ..<16: self = .ansi8
        case ..<256: self = .ansi16
        case ..<0x100_0000: self = .indexed256
        default: self = .direct
        }
    }
}
