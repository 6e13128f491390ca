/// The words that tell, in English, French and German, whether a message carries what an
/// escalation must carry (PROCEDURE.md, stage 3). Configuration, not code: desks add the phrases
/// their customers use. Matching ignores case and accents and wants whole words.
public struct ChecklistVocabulary: Sendable, Hashable, Codable {
    /// "complaint", "plainte", "Beschwerde": the word an escalation must carry at its top.
    public var markerWords: [String]
    /// Words that introduce account information.
    public var accountWords: [String]
    /// Phrases with which people ask for measures.
    public var measurePhrases: [String]
    /// Phrases that refer to an earlier complaint or answer.
    public var previousComplaintPhrases: [String]
    /// How many words of its own (quoted lines not counted) make a body a description of the concern.
    public var minimumDescriptionWords: Int

    public init(
        markerWords: [String] = ["complaint", "plainte", "Beschwerde"],
        accountWords: [String] = ChecklistVocabulary.defaultAccountWords,
        measurePhrases: [String] = ChecklistVocabulary.defaultMeasurePhrases,
        previousComplaintPhrases: [String] = ChecklistVocabulary.defaultPreviousComplaintPhrases,
        minimumDescriptionWords: Int = 8
    ) {
        self.markerWords = markerWords
        self.accountWords = accountWords
        self.measurePhrases = measurePhrases
        self.previousComplaintPhrases = previousComplaintPhrases
        self.minimumDescriptionWords = minimumDescriptionWords
    }

    public static let standard = ChecklistVocabulary()

    public static let defaultAccountWords = [
        "account", "customer number", "customer no", "customer id", "customer-id", "client number", "client id",
        "user id", "username", "Kundennummer", "Kunden-Nr", "Kundennr", "Kd.-Nr", "Kundenkonto", "Kundenkennung",
        "Benutzerkonto", "numéro de client", "numero client", "n° client", "n° de client", "identifiant client", "compte",
    ]

    public static let defaultMeasurePhrases = [
        "I want", "I ask", "I request", "I demand", "I expect", "I would like", "I'd like", "I insist", "please",
        "we want", "we ask", "we request", "we demand", "we expect",
        "je demande", "je souhaite", "j'exige", "je veux", "je voudrais", "nous demandons", "nous exigeons",
        "merci de", "veuillez",
        "ich fordere", "ich verlange", "ich bitte", "ich erwarte", "ich möchte", "wir fordern", "wir verlangen", "bitte",
    ]

    public static let defaultPreviousComplaintPhrases = [
        "previous complaint", "earlier complaint", "my complaint of", "my last complaint", "first complaint",
        "your answer", "your reply", "your response",
        "réclamation précédente", "plainte précédente", "ma plainte du", "ma première plainte", "votre réponse",
        "vorherige Beschwerde", "frühere Beschwerde", "meine Beschwerde vom", "letzte Beschwerde", "erste Beschwerde",
        "Ihre Antwort",
    ]
}
