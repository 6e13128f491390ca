import CaseDesk
import CaseDeskConfig
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// Saved filters named in config.toml (`[[filter]]`): `v` cycles them, then every open case again;
/// "overdue or due today" is one view.
@Suite("Saved filters")
struct SavedFilterTests {
    static let toml = """
        [[filter]]
        name = "urgent"
        due = "overdue-or-today"

        [[filter]]
        name = "my complaints"
        kind = "complaint"
        mine = true
        """

    func parse(_ text: String) throws(ConfigError) -> DeskConfig {
        try DeskConfig.parse(ConfigDocument(text: text, file: "config.toml"))
    }

    func numbers(_ desk: TestStore, _ query: QueueQuery) throws -> Set<CaseNumber> {
        Set(try desk.store.queue(query, page: .first(100_000), now: testNow).map(\.number))
    }

    @Test func filtersAreReadInTheFilesOrder() throws {
        let config = try parse(Self.toml)
        #expect(config.filters == [SavedFilter(name: "urgent", due: .overdueOrToday),
                                   SavedFilter(name: "my complaints", kind: .complaint, mine: true)])
        #expect(config.assignsNewCasesToTaker, "a case taken in is the taker's unless the file says otherwise")
    }

    @Test func mistakesInAFilterNameTheKeyAndLine() {
        let cases: [(String, String)] = [
            ("[[filter]]\nname = \"x\"\ndue = \"soon\"\n", "config.toml:3: key filter.0.due: expected overdue, today, overdue-or-today"),
            ("[[filter]]\ndue = \"today\"\n", "config.toml: key filter.0.name: is missing or empty"),
            ("[[filter]]\nname = \"x\"\nknd = \"abuse\"\n", "config.toml:3: key filter.0.knd: unknown key"),
            ("[[filter]]\nname = \"x\"\n[[filter]]\nname = \"x\"\n", "config.toml:4: key filter.1.name: \"x\" names two filters"),
        ]
        for (text, start) in cases {
            do {
                _ = try parse(text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.hasPrefix(start), "\(error.description)")
            }
        }
    }

    @Test("a view of the feedback routed to a team, or of the complaints of a type (issue 11)")
    func teamAndTypeViews() throws {
        let config = try parse("""
            [[filter]]
            name = "product feedback"
            team = "product"

            [[filter]]
            name = "open billing"
            type = "billing"
            """)
        #expect(config.filters == [SavedFilter(name: "product feedback", scope: .all, team: "product"),
                                   SavedFilter(name: "open billing", complaintType: "billing")])
        let query = config.filters[0].query(actor: "sam", now: testNow, calendar: .saarland)
        #expect(query.team == "product" && query.scope == .all, "routing closes feedback: the view shows closed cases too")
        #expect(config.filters[1].query(actor: "sam", now: testNow, calendar: .saarland).complaintType == "billing")
        do {
            _ = try parse("[[filter]]\nname = \"x\"\nteam = \" \"\n")
            Issue.record("an empty team was accepted")
        } catch {
            #expect(error.description.contains("filter.0.team: is empty"), "\(error.description)")
        }
    }

    @Test func vCyclesTheSavedFiltersThenEveryOpenCase() throws {
        let desk = try QueueTests.demoStore()
        defer { desk.remove() }
        let config = try parse(Self.toml)
        let driver = try desk.driver(size: ScreenSnapshotTests.small, config: config)
        driver.press(.character("v"))
        #expect(driver.state.queue.savedFilter == 0)
        #expect(driver.state.message?.text == "Filter “urgent” (1/2); v for the next.")
        let urgent = try numbers(desk, QueueQuery(due: .overdue)).union(try numbers(desk, QueueQuery(due: .today)))
        try #require(!urgent.isEmpty)
        #expect(driver.state.queue.total == urgent.count, "overdue and due today, as one view")
        #expect(try numbers(desk, driver.state.queue.query) == urgent)
        Snapshot.check(driver.screen(), "saved-filter-urgent-80x24")
        driver.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(driver.screen(), "saved-filter-urgent-132x40")
        driver.press(.character("v"))
        #expect(driver.state.queue.query == QueueQuery(kind: .complaint, assignee: TestStore.head.account))
        driver.press(.character("v"))
        #expect(driver.state.queue.query == QueueQuery() && driver.state.queue.savedFilter == nil)
        driver.press(.character("v"), .character("j"))
        #expect(driver.state.queue.savedFilter == 0, "moving keeps the view")
        driver.press(.character("t"))
        #expect(driver.state.queue.savedFilter == nil, "a filter changed by hand is no longer the saved view")
    }

    @Test func vWithoutSavedFiltersSaysWhereToNameThem() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("v"))
        #expect(driver.state.message?.text.hasPrefix("No saved filters: name some in ~/.config/casedesk/config.toml") == true)
        #expect(driver.state.queue.query == QueueQuery())
    }
}
