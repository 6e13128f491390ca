import CaseDesk

/// The languages the desk writes in. Dates are written the way each language writes them in a
/// letter, by hand rather than through the platform's locale data, so a letter reads the same on
/// every machine.
public enum LetterLanguage: String, CaseIterable, Sendable, Hashable, Codable {
    case english = "en"
    case french = "fr"
    case german = "de"

    /// Accepts `en`, `fr`, `de` and the languages' names.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "en", "english", "anglais", "englisch": self = .english
        case "fr", "french", "français", "francais", "französisch": self = .french
        case "de", "german", "allemand", "deutsch": self = .german
        default: return nil
        }
    }

    /// "Wednesday 31 March 2027", "mercredi 31 mars 2027", "Mittwoch, 31. März 2027".
    public func date(_ date: LocalDate) -> String {
        let weekday = weekdayNames[date.weekday.rawValue - 1]
        let month = monthNames[date.month - 1]
        switch self {
        case .english: return "\(weekday) \(date.day) \(month) \(date.year)"
        case .french: return "\(weekday) \(date.day == 1 ? "1er" : String(date.day)) \(month) \(date.year)"
        case .german: return "\(weekday), \(date.day). \(month) \(date.year)"
        }
    }

    /// The words for business days after a number, as a letter counts them in this working week:
    /// French *jours ouvrables* are Monday to Saturday, *jours ouvrés* the days the desk works
    /// (Monday to Friday); German *Werktage* are Monday to Saturday, *Arbeitstage* the days worked
    /// (written in the dative the letters use: "innerhalb von 20 Arbeitstagen").
    public func businessDays(workingWeek: Set<Weekday>) -> String {
        let mondayToSaturday = workingWeek == Set(Weekday.allCases.filter { $0 != .sunday })
        switch self {
        case .english: return "business days"
        case .french: return mondayToSaturday ? "jours ouvrables" : "jours ouvrés"
        case .german: return mondayToSaturday ? "Werktagen" : "Arbeitstagen"
        }
    }

    private var weekdayNames: [String] {
        switch self {
        case .english: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        case .french: ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        case .german: ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
        }
    }

    private var monthNames: [String] {
        switch self {
        case .english: ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                        "October", "November", "December"]
        case .french: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                       "octobre", "novembre", "décembre"]
        case .german: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                       "Oktober", "November", "Dezember"]
        }
    }

    /// The escalation checklist's items as the customer reads them, in the letter's language.
    public func checklistItem(_ item: ChecklistItem) -> String {
        switch (self, item) {
        case (.english, .name): "your name"
        case (.english, .contact): "how to reach you (address, telephone or e-mail)"
        case (.english, .account): "your customer account"
        case (.english, .domains): "the domain name(s) concerned"
        case (.english, .description): "a clear description of your concern"
        case (.english, .measures): "the measures you would like us to take"
        case (.english, .previousComplaint): "the details of your previous complaint and why our answer did not satisfy you"
        case (.english, .marker): "the word \"complaint\" at the top of your letter or in the subject"
        case (.french, .name): "vos nom et prénom"
        case (.french, .contact): "vos coordonnées (adresse, téléphone ou courriel)"
        case (.french, .account): "votre compte client"
        case (.french, .domains): "le ou les noms de domaine concernés"
        case (.french, .description): "une description claire de votre demande"
        case (.french, .measures): "les mesures que vous souhaitez nous voir prendre"
        case (.french, .previousComplaint): "les références de votre réclamation précédente et les raisons de votre insatisfaction"
        case (.french, .marker): "le mot «\u{A0}plainte\u{A0}» en tête de votre lettre ou dans l’objet"
        case (.german, .name): "Ihr Name"
        case (.german, .contact): "Ihre Kontaktdaten (Anschrift, Telefon oder E-Mail)"
        case (.german, .account): "Ihr Kundenkonto"
        case (.german, .domains): "die betroffenen Domainnamen"
        case (.german, .description): "eine klare Beschreibung Ihres Anliegens"
        case (.german, .measures): "die Maßnahmen, die Sie von uns erwarten"
        case (.german, .previousComplaint): "die Angaben zu Ihrer vorherigen Beschwerde und die Gründe Ihrer Unzufriedenheit"
        case (.german, .marker): "das Wort „Beschwerde“ am Anfang Ihres Schreibens oder im Betreff"
        }
    }
}
