import Testing
@Test func placeholderUntilContract() { #expect(Bool(true)) }
