import Foundation

/// The complaint type a message's words make clear (PROCEDURE.md, "Feedback and complaint types"):
/// the subject decides when it names exactly one type, else the body when it names exactly one;
/// otherwise nothing is guessed. The names are the policy's defaults; the store keeps a guess only
/// when its policy lists that type.
public enum ComplaintTypeGuess {
    static let table: [(type: String, words: [String])] = [
        ("billing", ["invoice", "billing", "overcharg", "double charg", "charged twice", "refund", "facture", "factura", "rembourse",
                     "prelevement", "rechnung", "abbuchung", "gutschrift", "erstattung"]),
        ("renewal", ["renewal", "renew", "auto-renew", "expired", "expiry", "renouvel", "expiration", "verlangerung", "verlangert", "abgelaufen"]),
        ("transfer", ["transfer", "transfert", "auth code", "authcode", "auth-info", "authinfo", "epp code", "code d'autorisation",
                      "providerwechsel", "domainumzug"]),
        ("dns", ["dns", "nameserver", "name server", "serveur de noms", "serveurs de noms", "dnssec", "zone file"]),
        ("account", ["login", "log in", "password", "two-factor", "2fa", "mot de passe", "identifiant", "passwort", "kundenkonto", "zugangsdaten"]),
        ("privacy", ["privacy", "gdpr", "rgpd", "dsgvo", "datenschutz", "whois", "donnees personnelles", "personal data", "personenbezogen"]),
    ]

    public static func guess(subject: String, body: String) -> String? {
        func only(_ text: String) -> String? {
            let folded = FoldedText(text)
            let found = table.filter { folded.contains(anyOf: $0.words, asPrefix: true) }
            return found.count == 1 ? found[0].type : nil
        }
        let inSubject = FoldedText(subject)
        if table.contains(where: { inSubject.contains(anyOf: $0.words, asPrefix: true) }) { return only(subject) }
        return only(body)
    }
}
