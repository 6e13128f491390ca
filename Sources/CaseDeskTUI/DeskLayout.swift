import TerminalKit

/// Where things go on a screen of a given size. `DeskUpdate` (paging by what is visible, sizing text
/// boxes) and `DeskRenderer` (drawing) both ask here, so a page down moves exactly a screenful.
public enum DeskLayout {
    /// Below this the screens show the too-small notice.
    public static let minimum = Size(rows: 16, cols: 60)
    /// From this screen width the preview sits beside the list, and the case, the handover and the
    /// statistics lay out in two columns.
    public static let wideColumns = 120

    /// Whether a screen of `size` is wide enough for two columns.
    static func isWide(_ size: Size) -> Bool { size.cols >= wideColumns }

    /// The frame every desk screen shares: a header line, the body, a message line and the status bar.
    struct Frame {
        var header: Rect
        var body: Rect
        var message: Rect
        var status: Rect
    }

    static func frame(_ size: Size) -> Frame {
        let (header, rest) = Rect(size).splitRows(at: 1)
        let (body, bottom) = rest.splitRows(at: -2)
        let (message, status) = bottom.splitRows(at: 1)
        return Frame(header: header, body: body, message: message, status: status)
    }

    /// The queue: the filter (or search) line, the list, and the preview beside or below it.
    struct Queue {
        var filters: Rect
        var list: Rect
        var preview: Rect?
    }

    static func queue(_ size: Size, showsPreview: Bool) -> Queue {
        let (filters, rest) = frame(size).body.splitRows(at: 1)
        guard showsPreview else { return Queue(filters: filters, list: rest, preview: nil) }
        if isWide(size) {
            let (list, preview) = rest.splitCols(at: -max(44, min(size.cols * 2 / 5, size.cols - 100)))
            return Queue(filters: filters, list: list, preview: preview)
        }
        guard rest.rows >= 16 else { return Queue(filters: filters, list: rest, preview: nil) }
        let (list, preview) = rest.splitRows(at: -min(12, rest.rows * 2 / 5))
        return Queue(filters: filters, list: list, preview: preview)
    }

    /// Data rows of the queue's list (its first row holds the column titles).
    static func listRows(_ size: Size, showsPreview: Bool) -> Int {
        max(1, queue(size, showsPreview: showsPreview).list.rows - 1)
    }

    /// A dialog of at most `rows`×`cols`, centred over the body.
    static func dialog(_ size: Size, rows: Int, cols: Int) -> Rect {
        let body = frame(size).body
        // Nearly as wide as the screen: take all of it, so no sliver of the screen below shows.
        return body.centered(rows: min(rows, body.rows), cols: cols >= body.cols - 4 ? body.cols : cols)
    }

    /// A form's dialog: its fields, the live preview (escalations) and the line for the store's answer.
    struct FormDialog {
        var box: Rect
        var fields: Rect
        var preview: Rect?
        var problem: Rect
    }

    /// `problem` is the store's answer shown under the fields, given up to three rows.
    static func form(_ size: Size, fieldRows: Int, previewRows: Int, wantsWide: Bool, problem: String?) -> FormDialog {
        let wideEnough = wantsWide && isWide(size)
        let width = dialog(size, rows: 1, cols: wantsWide ? 118 : 84).cols
        let problemRows = problem.map { min(3, TerminalText.wrap($0, width: max(1, width - 2)).count) } ?? 1
        let box = dialog(size, rows: fieldRows + 2 + problemRows + (wideEnough ? 0 : previewRows), cols: wantsWide ? 118 : 84)
        let inner = box.inset(by: 1)
        let (content, problemArea) = inner.splitRows(at: -min(problemRows, max(1, inner.rows - 1)))
        if previewRows == 0 { return FormDialog(box: box, fields: content, preview: nil, problem: problemArea) }
        if wideEnough {
            let (fields, preview) = content.splitCols(at: -44)
            return FormDialog(box: box, fields: Rect(row: fields.row, col: fields.col, rows: fields.rows, cols: fields.cols - 1),
                              preview: preview, problem: problemArea)
        }
        let shown = min(previewRows, max(2, content.rows / 3))
        let (fields, preview) = content.splitRows(at: -shown)
        return FormDialog(box: box, fields: fields, preview: preview, problem: problemArea)
    }
}
