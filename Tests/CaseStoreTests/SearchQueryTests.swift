import Testing
@testable import CaseStore

@Test("queries people type become FTS5 words, all required, the last a prefix")
func searchQueryShape() {
    #expect(SearchQuery.match("café müller.de") == "\"café\" \"müller\" \"de\" *")
    #expect(SearchQuery.match("  ") == nil)
    #expect(SearchQuery.match("say \"hi\" -- ); DROP") == "\"say\" \"hi\" \"DROP\" *")
    #expect(SearchQuery.match("K-746795") == "\"K\" \"746795\" *")
    #expect(SearchQuery.match("transfer ") == "\"transfer\"")
}
