import Testing
@testable import MailIntake

@Suite("Complaint types guessed from clear words")
struct ComplaintTypeGuessTests {
    @Test("the subject decides when it names one type; else the body when it names one; else nothing", arguments: [
        ("Rechnung doppelt abgebucht", "", "billing"),
        ("Facture en double", "Mon transfert est aussi bloqué", "billing"),
        ("Transfert bloqué", "", "transfer"),
        ("Verlängerung nicht erfolgt", "", "renewal"),
        ("Problem", "Die Nameserver von beispiel.de antworten nicht.", "dns"),
        ("Datenschutz: WHOIS zeigt meine Adresse", "", "privacy"),
        ("Password reset never arrives", "", "account"),
        ("Question", "Invoice for the transfer of example.com", nil),
        ("Hello", "Nothing to see here.", nil),
        ("Transfer and invoice", "", nil),
    ] as [(String, String, String?)])
    func guess(subject: String, body: String, type: String?) {
        #expect(ComplaintTypeGuess.guess(subject: subject, body: body) == type)
    }
}
