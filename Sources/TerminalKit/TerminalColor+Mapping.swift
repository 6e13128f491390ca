extension TerminalColor {
    /// The colour number to give the terminal at `depth`, or `nil` for the terminal's default.
    ///
    /// Colours the terminal has pass through. Towards 256 colours, `#rrggbb` becomes the nearest
    /// (weighted RGB distance) of the cube and grey ramp (16–255) — not of 0–15, which people
    /// recolour in their terminal settings. Towards 16 or 8 colours, nearest-by-distance loses the
    /// hue (a salmon red comes out grey), so the colour is classified instead: greys by
    /// lightness, others by which channels are strong, bright when light enough.
    public func number(for depth: ColorDepth) -> Int? {
        switch (self, depth) {
        case (.terminalDefault, _), (_, .none): return nil
        case (.indexed(let index), .direct): return index < 8 ? index : Self.packed(Self.paletteRGB(index))
        case (.rgb(let red, let green, let blue), .direct): return Self.packed((red, green, blue))
        case (.indexed(let index), _) where index < depth.paletteSize: return index
        case (.indexed(let index), _): return Self.ansi(for: Self.paletteRGB(index), bright: depth == .ansi16)
        case (.rgb(let red, let green, let blue), .indexed256):
            return Self.nearest(to: (red, green, blue), among: 16..<256)
        case (.rgb(let red, let green, let blue), _):
            return Self.ansi(for: (red, green, blue), bright: depth == .ansi16)
        }
    }

    /// One of the 8 ANSI colours (or 16 with `bright`) with the hue of `rgb`.
    static func ansi(for rgb: RGB, bright: Bool) -> Int {
        let channels = [Int(rgb.red), Int(rgb.green), Int(rgb.blue)]
        let strongest = channels.max() ?? 0
        let strong = channels.map { $0 * 3 >= strongest * 2 }
        let code = (strong[0] ? 1 : 0) | (strong[1] ? 2 : 0) | (strong[2] ? 4 : 0)
        let isGrey = code == 7 || strongest - (channels.min() ?? 0) < 32
        if isGrey {
            guard bright else { return strongest < 80 ? 0 : 7 }
            switch strongest {
            case ..<64: return 0
            case ..<160: return 8
            case ..<224: return 7
            default: return 15
            }
        }
        return code + (bright && strongest >= 200 ? 8 : 0)
    }

    typealias RGB = (red: UInt8, green: UInt8, blue: UInt8)

    /// xterm's default RGB for an indexed colour.
    static func paletteRGB(_ index: Int) -> RGB {
        switch index {
        case 0..<16:
            return ansiRGB[index]
        case 16..<232:
            let cube = index - 16
            return (cubeLevels[cube / 36], cubeLevels[cube / 6 % 6], cubeLevels[cube % 6])
        default:
            let grey = UInt8(8 + 10 * (min(index, 255) - 232))
            return (grey, grey, grey)
        }
    }

    private static let ansiRGB: [RGB] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    private static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    private static func packed(_ rgb: RGB) -> Int {
        Int(rgb.red) << 16 | Int(rgb.green) << 8 | Int(rgb.blue)
    }

    private static func nearest(to target: RGB, among candidates: Range<Int>) -> Int {
        candidates.min { distance(paletteRGB($0), target) < distance(paletteRGB($1), target) } ?? 0
    }

    /// "Redmean": cheap, and closer to how people see differences than plain RGB distance.
    private static func distance(_ a: RGB, _ b: RGB) -> Int {
        let meanRed = (Int(a.red) + Int(b.red)) / 2
        let red = Int(a.red) - Int(b.red)
        let green = Int(a.green) - Int(b.green)
        let blue = Int(a.blue) - Int(b.blue)
        return ((512 + meanRed) * red * red) / 256 + 4 * green * green + ((767 - meanRed) * blue * blue) / 256
    }
}

extension ColorDepth {
    /// How many indexed colours the depth offers.
    var paletteSize: Int {
        switch self {
        case .none: 0
        case .ansi8: 8
        case .ansi16: 16
        case .indexed256, .direct: 256
        }
    }
}
