import TerminalKit

extension CursesTerminal {
    /// Shows every role as `theme` says from the next `present` on (which repaints everything).
    /// Colours are mapped to what the terminal has; without colours only attributes remain.
    public func apply(_ theme: Theme) {
        palette = ColorPalette.install(theme, depth: colorDepth, hasDefaultColors: hasDefaultColors)
        invalidate()
    }
}
