import CaseDesk
import CaseStore
import Foundation
import TerminalKit
import Testing
@testable import CaseDeskTUI

/// Keys typed ahead do not start a move the person has not seen coming: while a message shows, a
/// move's key only clears it.
@Suite("Type-ahead safety")
struct TypeAheadTests {
    @Test func aMoveKeyAfterARefusalOnlyClearsIt() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let viewer = try desk.driver(TestStore.viewer)
        viewer.press(.character("a"))
        let refusal = try #require(viewer.state.message)
        #expect(refusal.kind == .warning)
        Snapshot.check(viewer.screen(), "type-ahead-refusal-80x24")
        viewer.press(.resize(ScreenSnapshotTests.wide))
        Snapshot.check(viewer.screen(), "type-ahead-refusal-132x40")
        viewer.press(.character("a"))
        #expect(viewer.state.message == nil, "the key acknowledged the refusal")
        viewer.press(.character("a"))
        #expect(viewer.state.message == refusal, "the next one is judged again")
    }

    @Test func aMoveKeyAfterAMessageStartsNothing() throws {
        let desk = try TestStore.filled()
        defer { desk.remove() }
        let driver = try desk.driver()
        driver.press(.character("Z"))
        #expect(driver.state.message != nil)
        driver.press(.character("a"))
        #expect(driver.state.form == nil && driver.state.message == nil)
        driver.press(.character("a"))
        #expect(driver.state.form?.action == .acknowledge)
        #expect(HomeScreen.queueKeymap.helpSections.flatMap(\.entries).contains { $0.keys == "." && $0.help.contains("typed ahead") })
    }
}
