import CaseDesk
import Foundation
import TerminalKit

/// The new-case form: every field of an intake, checked as the person types, and the `Intake` it makes.
enum IntakeForm {
    static let categoryOptions = ["—"] + AbuseCategory.allCases.map(\.rawValue)
    static let stageOptions = ["supervisor", "head of support (formal complaint)"]
    /// An abuse report's reporter class: first what the policy's lists give the contact (as import does).
    static let reporterClassOptions = ["from the policy's lists"] + ReporterClass.allCases.map(\.title)

    static func make(session: DeskSession, now: Date) -> Form {
        let calendar = session.calendar
        return Form([
            .choice("kind", label: "Kind", options: CaseKind.allCases.map(\.rawValue)),
            .choice("channel", label: "Channel", options: Channel.allCases.map(\.rawValue)),
            .text("received", label: "Received at", value: DeskTime.inputText(now, calendar: calendar), isRequired: true,
                  validator: DeskTime.momentProblem(calendar: calendar, now: now)),
            .text("customer", label: "Customer", isRequired: true),
            .text("contact", label: "Contact", isRequired: true),
            .text("account", label: "Account"),
            .text("domains", label: "Domains", validator: { text in
                do throws(FieldProblem) { _ = try domains(text) } catch { return error.message }
                return nil
            }),
            .text("subject", label: "Subject", isRequired: true),
            .choice("category", label: "Abuse category", options: categoryOptions),
            // The policy's complaint types, so the desk counts "the number and type of complaints".
            .choice("type", label: "Complaint type", options: ["—"] + session.procedure.policy.complaintTypes),
            .choice("stage", label: "Starts at", options: stageOptions),
            .multiline("description", label: "Description", rows: 6),
            // Last, so the fields every kind fills keep their places.
            .choice("reporterClass", label: "Reporter class", options: reporterClassOptions),
        ])
    }

    /// Domains typed with commas or spaces between them; IDNs welcome.
    static func domains(_ text: String, field: String = "domains") throws(FieldProblem) -> [DomainName] {
        var result: [DomainName] = []
        for word in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            do {
                let domain = try DomainName(String(word))
                if !result.contains(domain) { result.append(domain) }
            } catch {
                throw FieldProblem(field: field, message: "\(error)")
            }
        }
        return result
    }

    /// The intake the form describes, or the first field to fix (checks that span fields included).
    /// `abuse` is the policy's abuse table: an abuse report left "from the policy's lists" is classed
    /// from its contact, as `new` and import class it.
    static func intake(_ form: Form, calendar: BusinessCalendar, opened: Date, types: [String],
                       abuse: AbusePolicy = AbusePolicy()) throws(FieldProblem) -> Intake {
        func text(_ id: String) -> String { (form.text(id) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let kind = CaseKind.allCases[form.choice("kind") ?? 0]
        let category = (form.choice("category") ?? 0) == 0 ? nil : AbuseCategory.allCases[(form.choice("category") ?? 1) - 1]
        if category != nil, kind != .abuse {
            throw FieldProblem(field: "category", message: "only abuse reports carry a category; choose — or kind abuse")
        }
        let typeChoice = form.choice("type") ?? 0
        let complaintType: String? = typeChoice > 0 && typeChoice <= types.count ? types[typeChoice - 1] : nil
        if complaintType != nil, kind != .complaint {
            throw FieldProblem(field: "type", message: "only complaints carry a complaint type; choose — or kind complaint")
        }
        let classChoice = form.choice("reporterClass") ?? 0
        var reporterClass: ReporterClass? = classChoice > 0 ? ReporterClass.allCases[classChoice - 1] : nil
        if reporterClass != nil, kind != .abuse {
            throw FieldProblem(field: "reporterClass", message: "only abuse reports carry a reporter class; choose the first line or kind abuse")
        }
        if kind == .abuse, reporterClass == nil { reporterClass = abuse.reporterClass(of: text("contact")) }
        let stage: Stage = form.choice("stage") == 1 ? .headOfSupport : .supervisor
        if stage == .headOfSupport, !kind.followsProcedure {
            throw FieldProblem(field: "stage", message: "feedback has no procedure stages; it starts at supervisor")
        }
        let received = try DeskTime.moment(text("received"), field: "received", opened: opened, calendar: calendar)
        let account = text("account")
        return Intake(kind: kind, channel: Channel.allCases[form.choice("channel") ?? 0], received: received,
                      customer: text("customer"), contact: text("contact"), account: account.isEmpty ? nil : account,
                      domains: try domains(text("domains")), subject: text("subject"),
                      description: (form.text("description") ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                      category: category, stage: stage, complaintType: complaintType, reporterClass: reporterClass)
    }
}
