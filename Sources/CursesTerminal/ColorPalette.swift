import CNCursesW
import TerminalKit

/// A theme as ncurses needs it: one colour pair and a set of attributes per role.
///
/// Pairs are numbered by role (pair 0 stays the terminal's default), so switching themes just
/// redefines them. Without colours every role uses pair 0 and keeps only its attributes.
struct ColorPalette {
    private var pairs: [Role: Int16] = [:]
    private var attributes: [Role: attr_t] = [:]

    init() {}

    /// Defines the colour pairs for `theme` on the current screen.
    static func install(_ theme: Theme, depth: ColorDepth, hasDefaultColors: Bool) -> ColorPalette {
        var palette = ColorPalette()
        for (index, role) in Role.allCases.enumerated() {
            let style = theme[role]
            palette.attributes[role] = attributeBits(style.attributes)
            guard depth != .none else { continue }
            let pair = Int32(index + 1)
            let foreground = style.foreground.number(for: depth) ?? (hasDefaultColors ? -1 : 7)
            let background = style.background.number(for: depth) ?? (hasDefaultColors ? -1 : 0)
            if init_extended_pair(pair, Int32(foreground), Int32(background)) == cnc_ok() {
                palette.pairs[role] = Int16(pair)
            }
        }
        return palette
    }

    func pair(for role: Role) -> Int16 {
        pairs[role] ?? 0
    }

    func attributes(for cell: Cell) -> attr_t {
        (attributes[cell.role] ?? 0) | Self.attributeBits(cell.attributes)
    }

    static func attributeBits(_ attributes: TextAttributes) -> attr_t {
        let bits: [(TextAttributes, attr_t)] = [
            (.bold, cnc_a_bold()), (.dim, cnc_a_dim()), (.underline, cnc_a_underline()),
            (.reverse, cnc_a_reverse()), (.italic, cnc_a_italic()), (.standout, cnc_a_standout()),
        ]
        return bits.reduce(cnc_a_normal()) { attributes.contains($1.0) ? $0 | $1.1 : $0 }
    }
}
