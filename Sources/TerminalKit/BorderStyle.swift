/// The characters a box is drawn with. `.ascii` is the fallback for terminals or fonts without
/// box-drawing glyphs.
public enum BorderStyle: Hashable, Sendable {
    case single
    case rounded
    case ascii

    struct Pieces {
        let horizontal: Character
        let vertical: Character
        let topLeft: Character
        let topRight: Character
        let bottomLeft: Character
        let bottomRight: Character
        let leftTee: Character
        let rightTee: Character
    }

    var pieces: Pieces {
        switch self {
        case .single: Pieces(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
                             bottomLeft: "└", bottomRight: "┘", leftTee: "├", rightTee: "┤")
        case .rounded: Pieces(horizontal: "─", vertical: "│", topLeft: "╭", topRight: "╮",
                              bottomLeft: "╰", bottomRight: "╯", leftTee: "├", rightTee: "┤")
        case .ascii: Pieces(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
                            bottomLeft: "+", bottomRight: "+", leftTee: "+", rightTee: "+")
        }
    }
}
