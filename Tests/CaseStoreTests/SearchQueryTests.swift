import Testing
@testable import CaseStore
@Test("queries people type become FTS5 phrases, the last a prefix")
func searchQueryShape() {
    #expect(SearchQuery.match("café müller.de") == "\"café\" \"müller.de\" *")
    #expect(SearchQuery.match("  ") == nil)
    #expect(SearchQuery.match("say \"hi\"") == "\"say\" \"\"\"hi\"\"\" *")
}
