import Testing
@testable import CaseDesk
@Test func placeholder() { #expect(1 == 1) }
