/// Where a list is: how many rows there are, which one is selected, and which slice is showing.
///
/// It never holds the rows themselves — a queue may have thousands of cases and only the visible
/// slice (`visibleRange`) is fetched and rendered. The app keeps `visibleRows` in step with the
/// layout (`Table.dataRows(in:)`), so paging and scrolling match what is on screen.
public struct ListState: Hashable, Sendable {
    public private(set) var count: Int
    public private(set) var selected: Int
    /// The first row showing.
    public private(set) var offset: Int
    public private(set) var visibleRows: Int

    public init(count: Int = 0, visibleRows: Int = 1, selected: Int = 0) {
        self.count = max(0, count)
        self.visibleRows = max(1, visibleRows)
        self.selected = 0
        self.offset = 0
        select(selected)
    }

    /// The selected row, or `nil` in an empty list.
    public var selection: Int? { count > 0 ? selected : nil }

    /// The rows to fetch and show.
    public var visibleRange: Range<Int> { offset..<min(count, offset + visibleRows) }

    /// New row count (the queue changed); the selection stays on its index where possible.
    public mutating func setCount(_ newCount: Int) {
        count = max(0, newCount)
        select(selected)
    }

    public mutating func setVisibleRows(_ rows: Int) {
        visibleRows = max(1, rows)
        select(selected)
    }

    public mutating func select(_ index: Int) {
        selected = min(max(0, index), max(0, count - 1))
        if selected < offset { offset = selected }
        if selected >= offset + visibleRows { offset = selected - visibleRows + 1 }
        offset = max(0, min(offset, count - visibleRows))
    }

    public mutating func moveSelection(by delta: Int) {
        select(selected + delta)
    }

    /// Scrolls a whole page and moves the selection with it, as file managers do.
    public mutating func pageDown() {
        offset = max(0, min(offset + visibleRows, count - visibleRows))
        select(selected + visibleRows)
    }

    public mutating func pageUp() {
        offset = max(0, offset - visibleRows)
        select(selected - visibleRows)
    }

    public mutating func selectFirst() { select(0) }
    public mutating func selectLast() { select(count - 1) }
}
