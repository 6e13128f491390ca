import CaseDesk
import CaseStore
import Foundation
import Testing

let saarland = BusinessCalendar.saarland

/// An instant from ISO 8601 text; tests write moments the way the issue does.
func at(_ text: String) -> Date {
    guard let date = saarland.parseMoment(text) else { fatalError("bad test moment \(text)") }
    return date
}

func day(_ text: String) -> LocalDate {
    guard let date = LocalDate(text) else { fatalError("bad test date \(text)") }
    return date
}

func domain(_ text: String) -> DomainName {
    do { return try DomainName(text) } catch { fatalError("bad test domain \(text): \(error)") }
}

/// The error a store call throws, nil when it does not throw. (Untyped on purpose: arrays of
/// typed-throws closures crash the Swift 6.3 compiler.)
func storeError<T>(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T) -> StoreError? {
    do {
        _ = try body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("not a StoreError: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The people of a test desk: one of each role, and someone who is not on the staff.
enum People {
    static let admin = Actor(account: "ada")
    static let supervisor = Actor(account: "sam")
    static let abuse = Actor(account: "abe")
    static let head = Actor(account: "hana")
    static let viewer = Actor(account: "vic")
    static let stranger = Actor(account: "mallory")

    static let roles: [(Actor, Set<Role>)] = [
        (supervisor, [.supervisor]), (abuse, [.abuse]), (head, [.head]), (viewer, [.viewer]),
    ]
}

func complaint(received: Date, stage: Stage = .supervisor, channel: Channel = .email, customer: String = "Élodie Müller",
               account: String? = "K-1001", domains: [String] = ["example.com"], subject: String = "Transfert bloqué",
               description: String = "Le transfert de mon domaine est bloqué depuis une semaine.") -> Intake {
    Intake(kind: .complaint, channel: channel, received: received, customer: customer, contact: "elodie@example.fr",
           account: account, domains: domains.map(domain), subject: subject, description: description, stage: stage)
}

func abuseReport(received: Date, category: AbuseCategory = .phishing, subject: String = "Phishing page",
                 domains: [String] = ["bad.example"]) -> Intake {
    Intake(kind: .abuse, channel: .web, received: received, customer: "CERT Bund", contact: "cert@example.org",
           domains: domains.map(domain), subject: subject, description: "A phishing kit at /login.", category: category)
}

func feedback(received: Date, subject: String = "Nice new panel") -> Intake {
    Intake(kind: .feedback, channel: .email, received: received, customer: "Jo Feedback", contact: "jo@example.com",
           subject: subject, description: "Keep it up.")
}

/// A folder under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init(_ label: String = "casedesk-tests") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var path: String { url.path }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// An instant as the desk reads it (ISO 8601 in desk time, to the second). Due moments are the last
/// millisecond of a day, which a round trip through the store's milliseconds keeps to the
/// millisecond but not bit for bit, so tests compare them as text.
func iso(_ date: Date?) -> String? {
    date.map(saarland.iso8601)
}
