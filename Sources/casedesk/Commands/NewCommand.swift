import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Take in a case: a complaint, an abuse report or feedback.",
        discussion: "The case starts at the supervisor stage; --stage head for a formal complaint that arrives first-hand.")

    @OptionGroup var store: StoreOptions

    @Option(help: "complaint, abuse or feedback.") var kind: String
    @Option(help: "email, fax, phone, letter or web.") var channel: String
    @Option(help: ArgumentHelp("When it arrived (default: now; never in the future).", valueName: "TIME")) var received: String?
    @Option(help: "The customer's name.") var customer: String
    @Option(help: "How to reach them: email address, phone number or postal address.") var contact: String
    @Option(help: "Their account, if they have one.") var account: String?
    @Option(name: .customLong("domain"), help: ArgumentHelp("A domain concerned (repeat for several; IDN accepted).", valueName: "DOMAIN"))
    var domains: [String] = []
    @Option(help: "The subject.") var subject: String
    @Option(help: "What the customer wrote or said.") var description: String = ""
    @Option(help: "Abuse reports: malware, botnet, phishing, pharming, spam, fraud, copyright, content, other.") var category: String?
    @Option(name: .customLong("reporter-class"), help: ArgumentHelp(
        "Abuse reports: law-enforcement, trusted or public (default: from --contact and the policy's [abuse] lists).", valueName: "CLASS"))
    var reporterClass: String?
    @Option(help: "supervisor (default) or head.") var stage: String = "supervisor"
    @Option(help: "Complaints: the type, one of the policy's (default: billing, renewal, transfer, dns, account, support, privacy, other).") var type: String?

    func run() throws {
        // What can be judged without the store is judged first: a mistyped option is a usage error
        // (exit 2) whether or not the store exists.
        guard let kind = CaseKind(rawValue: kind.lowercased()) else {
            throw CLIError.usage("--kind \"\(kind)\" is not a kind: complaint, abuse or feedback")
        }
        let channel = try parseChannel(channel)
        guard let stage = Stage(argument: stage), stage == .supervisor || stage == .headOfSupport else {
            throw CLIError.usage("--stage \"\(stage)\": a case starts at supervisor, or head for a formal complaint that arrives first-hand")
        }
        var parsedCategory: AbuseCategory?
        if let category {
            guard let value = AbuseCategory(rawValue: category.lowercased()) else {
                throw CLIError.usage("--category \"\(category)\" is not a category: \(AbuseCategory.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            parsedCategory = value
        }
        let parsedDomains = try parseDomains(domains)
        let session = try store.session()
        let now = Date()
        let receivedAt = try parseReceived(received, calendar: session.calendar, default: now)
        var complaintType: String?
        if let type {
            guard let name = session.procedure.policy.complaintType(type) else {
                throw CLIError.usage("--type \"\(type)\" is not a complaint type of the policy: \(session.procedure.policy.complaintTypes.joined(separator: ", "))")
            }
            complaintType = name
        }
        var parsedClass: ReporterClass?
        if let reporterClass {
            guard let value = ReporterClass(name: reporterClass) else {
                throw CLIError.usage("--reporter-class \"\(reporterClass)\" is not a reporter class: law-enforcement, trusted or public")
            }
            parsedClass = value
        } else if kind == .abuse {
            parsedClass = session.procedure.policy.abuse.reporterClass(of: contact)
        }
        let intake = Intake(kind: kind, channel: channel, received: receivedAt, customer: customer, contact: contact,
                            account: account.flatMap { $0.isEmpty ? nil : $0 }, domains: parsedDomains, subject: subject,
                            description: description, category: parsedCategory, stage: stage, complaintType: complaintType,
                            reporterClass: parsedClass)
        if let problem = intake.problems.first { throw CLIError.usage(problem) }
        let state = try cli { () throws(StoreError) in try session.store.open(intake, by: session.actor, at: now) }
        if store.json {
            try JSONOutput.print(CaseJSON(state, procedure: session.procedure, events: nil, now: now, explain: false), calendar: session.calendar)
            return
        }
        print("case \(state.number) opened: \(kind.rawValue) by \(channel.rawValue), \(CaseReport.stageLine(state))")
        if let next = session.procedure.nextClock(state, now: now) {
            print("next: \(CaseReport.clockLine(next, calendar: session.calendar, now: now))")
        }
    }
}

func parseChannel(_ text: String) throws -> Channel {
    guard let channel = Channel(rawValue: text.lowercased()) else {
        throw CLIError.usage("--channel \"\(text)\" is not a channel: email, fax, phone, letter or web")
    }
    return channel
}

func parseDomains(_ texts: [String]) throws -> [DomainName] {
    var result: [DomainName] = []
    for text in texts.flatMap({ $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }) where !text.isEmpty {
        do {
            let domain = try DomainName(text)
            if !result.contains(domain) { result.append(domain) }
        } catch {
            throw CLIError.usage("--domain: \(error)")
        }
    }
    return result
}
