import TerminalKit

/// Sample screens built from the widgets, as the app will build them; the snapshot tests
/// compare their grids line by line.
enum SnapshotScreens {
    static let table = Table(
        columns: [
            TableColumn("Case", width: .fixed(12)),
            TableColumn("Kind", width: .fixed(9)),
            TableColumn("Subject", width: .flexible(min: 10, weight: 1)),
            TableColumn("Due", width: .fixed(10), alignment: .right),
        ],
        emptyText: "No open cases.")

    static let subjects = [
        "Phishing page on shop-example.de", "Rechnung falsch – Beschwerde «dringend»", "漢字のドメイン名について",
        "Spam from 203.0.113.7 😀 again", "Title \u{1B}]0;pwned\u{7}injection", "Transfer refused",
    ]

    static func row(_ index: Int) -> TableRow {
        let kinds: [(String, Role)] = [("abuse", .badgeAbuse), ("complaint", .badgeComplaint), ("feedback", .badgeFeedback)]
        let kind = kinds[index % 3]
        return TableRow(
            [String(format: "CD-2027-%04d", index + 1), kind.0, subjects[index % subjects.count], "2027-03-\(10 + index % 20)"],
            role: index % 4 == 1 ? .overdue : nil,
            cellRoles: [nil, kind.1])
    }

    static func queue(size: Size, state: ListState, message: MessageLine) -> Grid {
        var grid = Grid(size: size)
        let (header, rest) = grid.bounds.splitRows(at: 1)
        grid.fill(header, role: .header)
        grid.put(" casedesk · queue", row: header.row, col: header.col, role: .header, clip: header)
        let (body, bottom) = rest.splitRows(at: -2)
        let pane = Pane(title: "Open cases", trailingTitle: "\(state.selected + 1)/\(state.count)", isFocused: true)
        let inner = pane.render(into: &grid, area: body)
        table.render(into: &grid, area: inner, state: state) { $0.map(row) }
        let (messageArea, statusArea) = bottom.splitRows(at: 1)
        message.render(into: &grid, area: messageArea)
        StatusBar(left: [.init("QUEUE")], right: [.init("ann · supervisor")], hints: queueKeys.statusHints)
            .render(into: &grid, area: statusArea)
        return grid
    }
}

extension SnapshotScreens {
    static func replyForm() -> Form {
        var form = Form([
            .text("subject", label: "Subject", value: "Re: Phishing page on shop-example.de", isRequired: true),
            .choice("channel", label: "Channel", options: ["email", "fax", "letter"]),
            .date("promised", label: "Answer by", value: "2027-02-30"),
            .checkbox("notify", label: "Notify customer", isChecked: true),
            .multiline("body", label: "Reply", value: "Dear customer,\n\nthe page has been taken down. 漢字 too.", rows: 4),
        ])
        form.focus("promised")
        _ = form.handle(.tab)
        form.focus("body")
        return form
    }

    static func formScreen(size: Size) -> Grid {
        var grid = Grid(size: size)
        let inner = Pane(title: "Reply to CD-2027-0001", isFocused: true).render(into: &grid, area: grid.bounds)
        var form = replyForm()
        form.layout(width: inner.cols)
        grid.cursor = form.render(into: &grid, area: inner)
        return grid
    }

    static func helpScreen(size: Size, scroll: Int = 0) -> Grid {
        var grid = Grid(size: size)
        let inner = Pane(title: "Help").render(into: &grid, area: grid.bounds)
        HelpView(sections: queueKeys.helpSections, scroll: scroll).render(into: &grid, area: inner)
        return grid
    }
}
