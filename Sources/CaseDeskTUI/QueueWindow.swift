import CaseDesk
import CaseStore

/// The part of the queue held in memory: a contiguous run of rows in queue order, the selection and
/// the first visible row. The queue may hold a million cases; only a few pages around the screen are
/// fetched, by keyset (`PageRequest.after/before` a row's position), which costs the same at any depth.
///
/// Every change returns the page to fetch next, if any, so the window always holds a page beyond
/// the screen in each direction and a move by up to a page never waits for an unfetched row.
public struct QueueWindow: Hashable, Sendable {
    public private(set) var rows: [QueueRow] = []
    /// Index into `rows`.
    public private(set) var selected = 0
    /// Index into `rows` of the first row on screen.
    public private(set) var top = 0
    public private(set) var visibleRows = 10
    /// `rows` starts at the queue's first row / ends at its last.
    public private(set) var atStart = true
    public private(set) var atEnd = true
    /// The queue position (0-based) of `rows[0]`, when it is known (it is lost after jumping to the end
    /// before the total is counted).
    public private(set) var firstIndex: Int? = 0
    /// False until the first page arrived.
    public private(set) var isLoaded = false

    public init() {}

    /// How a fetched page joins the window.
    public enum Placement: Hashable, Sendable {
        /// A new window from the first rows (`.first`): select the first.
        case fromTop
        /// A new window from the last rows (`.last`): select the last.
        case fromBottom(total: Int?)
        /// Rows after the last one held.
        case append
        /// Rows before the first one held.
        case prepend
        /// The window again from its first row on (the store changed): keep the selected case if it is
        /// still there, else the same place on screen.
        case refresh(keeping: CaseNumber?)
    }

    /// A fetch the window needs.
    public struct Fetch: Equatable, Sendable {
        public var page: PageRequest
        public var placement: Placement
    }

    public var selectedRow: QueueRow? { rows.indices.contains(selected) ? rows[selected] : nil }
    public var visibleSlice: ArraySlice<QueueRow> { rows[min(top, rows.count)..<min(rows.count, top + visibleRows)] }
    /// The selected row's place in the queue, 1-based, when known.
    public var selectedPosition: Int? { firstIndex.map { $0 + selected + 1 } }
    var pageSize: Int { max(visibleRows, 10) }
    /// The most rows held: a page each side of the screen and a page of slack.
    var capacity: Int { pageSize * 5 }

    /// The first page of a queue (a new filter, or `g`).
    public func reload() -> Fetch { Fetch(page: .first(pageSize * 3), placement: .fromTop) }

    public func jumpToEnd(total: Int?) -> Fetch { Fetch(page: .last(pageSize * 3), placement: .fromBottom(total: total)) }

    /// The same stretch of the queue fetched again, from the first row held. The selection stays on
    /// its case wherever it moved (someone's write, one's own move), and at its place when the case
    /// left the held stretch.
    public func refresh() -> Fetch {
        let placement = Placement.refresh(keeping: selectedRow?.number)
        let size = max(rows.count, pageSize * 3)
        guard let first = rows.first, !atStart else { return Fetch(page: .first(size), placement: placement) }
        return Fetch(page: .after(first.position.justBefore, size), placement: placement)
    }

    public mutating func setVisibleRows(_ count: Int) -> Fetch? {
        visibleRows = max(1, count)
        clampView()
        return margin()
    }

    /// Moves the selection; returns the page to fetch to keep a page of margin.
    public mutating func move(by delta: Int) -> Fetch? {
        guard !rows.isEmpty else { return nil }
        selected = min(max(0, selected + delta), rows.count - 1)
        clampView()
        return margin()
    }

    /// A page down: the view and the selection move together, as in file managers.
    public mutating func page(by direction: Int) -> Fetch? {
        guard !rows.isEmpty else { return nil }
        let step = visibleRows * (direction >= 0 ? 1 : -1)
        top = min(max(0, top + step), max(0, rows.count - visibleRows))
        selected = min(max(0, selected + step), rows.count - 1)
        clampView()
        return margin()
    }

    /// Takes in a fetched page; returns a further page when the margin is still short.
    public mutating func receive(_ page: [QueueRow], as placement: Placement) -> Fetch? {
        isLoaded = true
        switch placement {
        case .fromTop:
            rows = page
            selected = 0
            top = 0
            atStart = true
            atEnd = page.count < requestedSize(for: placement)
            firstIndex = 0
        case let .fromBottom(total):
            rows = page
            selected = max(0, page.count - 1)
            top = max(0, page.count - visibleRows)
            atEnd = true
            atStart = page.count < requestedSize(for: placement)
            firstIndex = atStart ? 0 : total.map { $0 - page.count }
        case .append:
            if page.isEmpty { atEnd = true; return nil }
            rows += page
            atEnd = page.count < pageSize
            let excess = rows.count - capacity
            if excess > 0, top - excess >= pageSize {
                rows.removeFirst(excess)
                selected -= excess
                top -= excess
                firstIndex = firstIndex.map { $0 + excess }
                atStart = false
            }
        case .prepend:
            if page.isEmpty { atStart = true; firstIndex = 0; return nil }
            rows = page + rows
            selected += page.count
            top += page.count
            firstIndex = firstIndex.map { $0 - page.count }
            atStart = page.count < pageSize
            if atStart { firstIndex = 0 }
            let excess = rows.count - capacity
            if excess > 0, rows.count - excess >= top + visibleRows + pageSize {
                rows.removeLast(excess)
                atEnd = false
            }
        case let .refresh(keeping):
            let screenOffset = selected - top
            let oldSelected = selected
            let asked = requestedSize(for: placement)
            rows = page
            atEnd = page.count < asked
            if let keeping, let index = page.firstIndex(where: { $0.number == keeping }) {
                selected = index
            } else {
                selected = min(oldSelected, max(0, page.count - 1))
            }
            top = max(0, selected - screenOffset)
        }
        clampView()
        return margin()
    }

    /// How many rows a placement asked for; fewer means the queue ended.
    private func requestedSize(for placement: Placement) -> Int {
        switch placement {
        case .append, .prepend: pageSize
        case .refresh: max(rows.count, pageSize * 3)
        default: pageSize * 3
        }
    }

    private mutating func clampView() {
        if rows.isEmpty {
            selected = 0
            top = 0
            return
        }
        selected = min(max(0, selected), rows.count - 1)
        if selected < top { top = selected }
        if selected >= top + visibleRows { top = selected - visibleRows + 1 }
        top = max(0, min(top, rows.count - 1))
    }

    /// The page to fetch when less than a page is held beyond the screen on either side.
    private func margin() -> Fetch? {
        guard isLoaded, let first = rows.first, let last = rows.last else { return nil }
        if !atEnd, rows.count - (top + visibleRows) < pageSize {
            return Fetch(page: .after(last.position, pageSize), placement: .append)
        }
        if !atStart, top < pageSize {
            return Fetch(page: .before(first.position, pageSize), placement: .prepend)
        }
        return nil
    }
}
