import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// The first run (no store file) and the empty store's greeting, by their keys.
@Suite("Getting started")
struct GettingStartedTests {
    @Test func firstRunCreatesTheStoreWithTheCreatorsRoles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("casedesk-first-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk/cases.sqlite").path
        let driver = try DeskDriver(path: path, actor: Actor(account: "jonas"), size: Size(rows: 24, cols: 80), now: testNow)
        #expect(driver.state.mode == .firstRun)
        #expect(!FileManager.default.fileExists(atPath: path), "nothing is written before the person says so")
        driver.press(.character("c"))
        #expect(driver.state.mode == .desk)
        #expect(driver.state.session.roles == [.admin, .head, .supervisor, .abuse])
        #expect(try SQLiteCaseStore.open(path: path).roles(of: "jonas") == [.admin, .head, .supervisor, .abuse])
        #expect(driver.state.showsGreeting)
        #expect(driver.screen().lines.contains { $0.contains("Welcome to casedesk") })
    }

    @Test func quittingTheFirstRunWritesNothing() throws {
        let path = "/nonexistent/casedesk/cases.sqlite"
        let driver = try DeskDriver(path: path, actor: Actor(account: "jonas"), size: Size(rows: 24, cols: 80), now: testNow)
        driver.press(.escape)
        #expect(driver.state.wantsQuit)
    }

    @Test func greetingLoadsDemoCasesForTheHeadAndExplainsToOthers() throws {
        let desk = try TestStore.empty()
        defer { desk.remove() }
        let supervisor = try desk.driver(TestStore.supervisor)
        supervisor.press(.character("D"))
        #expect(supervisor.state.message?.text == "amelie may not load demo cases: that takes the role admin or head")
        #expect(supervisor.state.showsGreeting)
        let head = try desk.driver(TestStore.head)
        head.press(.character("D"))
        #expect(head.state.totalCases == DeskUpdate.demoCount)
        #expect(!head.state.showsGreeting)
        #expect(head.state.queue.window.rows.isEmpty == false)
    }

    @Test func greetingOffersANewCase() throws {
        let desk = try TestStore.empty()
        defer { desk.remove() }
        let driver = try desk.driver(TestStore.supervisor)
        driver.press(.character("N"))
        #expect(driver.state.form?.purpose == .intake)
    }
}
