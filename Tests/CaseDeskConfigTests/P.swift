import Testing
@testable import CaseDeskConfig
@Test func placeholder() { #expect(1 == 1) }
