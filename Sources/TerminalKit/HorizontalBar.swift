/// A horizontal bar in block characters, measured in eighths of a cell: `█` for whole cells and
/// `▏▎▍▌▋▊▉` for the last, partial one — the finest a text terminal can draw, and enough for a
/// chart to be read without numbers.
///
/// A bar is one value, or several stacked (cases by kind), against a scale (usually the longest
/// bar's value) over a width in cells. A value above zero always shows at least an eighth, so a
/// count of one among thousands is not mistaken for none. Colours come from each segment's role.
public struct HorizontalBar: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        public var value: Double
        public var role: Role

        public init(_ value: Double, role: Role) {
            self.value = value
            self.role = role
        }
    }

    /// A stretch of cells drawn in one role.
    public struct Run: Sendable, Equatable {
        public var text: String
        public var role: Role

        public init(_ text: String, _ role: Role) {
            self.text = text
            self.role = role
        }
    }

    /// Left to right.
    public var segments: [Segment]

    public init(_ value: Double, role: Role = .chart) {
        segments = [Segment(value, role: role)]
    }

    public init(stacking segments: [Segment]) {
        self.segments = segments
    }

    static let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The bar's cells as runs of one role each; at most `width` cells, not padded.
    ///
    /// Segment boundaries are placed to the eighth; a cell shared by two segments goes to the one
    /// that covers more of it, so the bar's total length stays exact and only the split between
    /// colours is rounded.
    public func runs(scale: Double, width: Int) -> [Run] {
        guard scale > 0, width > 0 else { return [] }
        let full = width * 8
        var ends: [Int] = []
        var sum = 0.0
        for segment in segments {
            sum += max(0, segment.value)
            ends.append(min(full, Int((sum / scale * Double(full)).rounded())))
        }
        guard var end = ends.last else { return [] }
        if end == 0, sum > 0 { end = 1 }
        if let last = ends.indices.last { ends[last] = end }
        var runs: [Run] = []
        var cell = 0
        while cell * 8 < end {
            let start = cell * 8
            let stop = min(start + 8, end)
            let role = owner(of: start..<stop, ends: ends)
            let glyph = stop - start == 8 ? "█" : String(Self.partials[stop - start - 1])
            if let last = runs.indices.last, runs[last].role == role {
                runs[last].text += glyph
            } else {
                runs.append(Run(glyph, role))
            }
            cell += 1
        }
        return runs
    }

    /// The segment covering most of `eighths` (the earlier one on a tie).
    private func owner(of eighths: Range<Int>, ends: [Int]) -> Role {
        var best = (role: segments.last?.role ?? .chart, cover: -1)
        var start = 0
        for (segment, end) in zip(segments, ends) {
            let cover = min(end, eighths.upperBound) - max(start, eighths.lowerBound)
            if cover > best.cover { best = (segment.role, cover) }
            start = max(start, end)
        }
        return best.role
    }

    /// Cells the bar takes at this scale and width: where text after it can start.
    public func cells(scale: Double, width: Int) -> Int {
        runs(scale: scale, width: width).reduce(0) { $0 + $1.text.count }
    }
}
