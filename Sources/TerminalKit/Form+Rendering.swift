extension Form {
    /// Draws labels, fields and errors in `area`, scrolled so the focused field shows; returns
    /// where the cursor goes when the focused field takes text.
    @discardableResult
    public func render(into grid: inout Grid, area: Rect) -> Position? {
        grid.fill(area)
        let (labelWidth, fieldWidth) = Self.columns(for: fields, width: area.cols)
        let heights = fields.map { $0.controlRows + ($0.error == nil ? 0 : 1) }
        let starts = heights.indices.map { heights[..<$0].reduce(0, +) }
        let focusedEnd = fields.isEmpty ? 0 : starts[focusIndex] + heights[focusIndex]
        let scroll = fields.isEmpty ? 0 : min(max(0, focusedEnd - area.rows), starts[focusIndex])
        var cursor: Position?
        for (index, field) in fields.enumerated() {
            let top = area.row + starts[index] - scroll
            guard top + heights[index] > area.row, top < area.endRow else { continue }
            let isFocused = index == focusIndex
            grid.put(TerminalText.truncate(field.label, toWidth: labelWidth), row: top, col: area.col,
                     role: .label, clip: area)
            let control = Rect(row: top, col: area.col + labelWidth + 2, rows: field.controlRows,
                               cols: min(fieldWidth, field.preferredWidth(fieldWidth))).intersection(area)
            let position = field.render(into: &grid, area: control, isFocused: isFocused)
            if isFocused, let position, area.contains(position) { cursor = position }
            if let error = field.error {
                grid.put(TerminalText.truncate("! " + error, toWidth: fieldWidth),
                         row: top + field.controlRows, col: area.col + labelWidth + 2, role: .error, clip: area)
            }
        }
        return cursor
    }
}

extension FormField {
    /// Columns the control wants out of `available`: a date or a choice needs less than a line.
    func preferredWidth(_ available: Int) -> Int {
        switch control {
        case .text(let field): field.maxLength.map { $0 + 1 } ?? available
        case .multiline: available
        case .choice(let choice): choice.preferredWidth
        case .checkbox: 3
        }
    }

    func render(into grid: inout Grid, area: Rect, isFocused: Bool) -> Position? {
        switch control {
        case .text(let field):
            return field.render(into: &grid, area: area, isFocused: isFocused)
        case .multiline(let editor):
            return editor.render(into: &grid, area: area, isFocused: isFocused)
        case .choice(let choice):
            choice.render(into: &grid, area: area, isFocused: isFocused)
        case .checkbox(let box):
            box.render(into: &grid, area: area, isFocused: isFocused)
        }
        return nil
    }
}
