import Foundation
import Testing
@testable import CaseDesk

@Suite("The escalation checklist")
struct ChecklistTests {
    let markers = Policy.standard.complaintMarkers

    @Test("the complaint marker in English, French and German, any case, with or without accents", arguments: [
        "Complaint about domain transfer",
        "FORMAL COMPLAINT",
        "Re: complaints: still blocked",
        "Plainte concernant le transfert de mondomaine.fr",
        "PLAINTE",
        "plaînte — réclamation",
        "Beschwerde wegen Domainsperre",
        "BESCHWERDE",
        "beschwérde",
        "Be\u{0301}schwerde",                 // decomposed accent
        "Erneute Beschwerden zu müller.de",
        "«Plainte» : transfert bloqué",
    ])
    func markerFound(text: String) {
        #expect(ComplaintMarker.found(in: text, markers: markers))
    }

    @Test("no marker", arguments: [
        "Question about my invoice",
        "Réclamation concernant ma facture",
        "Anfrage zur Kündigung",
        "noncomplaint",
        "",
    ])
    func markerAbsent(text: String) {
        #expect(!ComplaintMarker.found(in: text, markers: markers))
    }

    @Test("the top line of a letter is its first line with text")
    func topLine() {
        #expect(ComplaintMarker.topLine(of: "\n\n   Beschwerde\nSehr geehrte Damen und Herren") == "Beschwerde")
        #expect(ComplaintMarker.topLine(of: " \n ") == nil)
    }

    @Test("account and domains are required only where they apply")
    func applicability() throws {
        let withBoth = try Trail(intake: complaintIntake(received: at("2027-03-01T10:00:00+01:00"), stage: .headOfSupport))
        #expect(withBoth.current.applicableChecklistItems == ChecklistItem.allCases)
        let without = try Trail(intake: complaintIntake(received: at("2027-03-01T10:00:00+01:00"), stage: .headOfSupport,
                                                        account: nil, domains: []))
        #expect(without.current.applicableChecklistItems == [.name, .contact, .description, .measures, .previousComplaint, .marker])
    }

    @Test("a preview shows what is missing, the channel rule and lateness before anything is written")
    func preview() throws {
        var trail = try Trail(intake: complaintIntake(received: at("2027-03-01T10:00:00+01:00"), stage: .headOfSupport, account: nil, domains: []))
        try trail.record(.responded(.init(summary: "answer", at: at("2027-03-05T10:00:00+01:00"))), recorded: at("2027-03-05T10:00:00+01:00"))
        let phone = trail.procedure.previewChecklist(trail.current, received: at("2027-03-08T10:00:00+01:00"), channel: .phone,
                                                     heading: "Beschwerde", items: [.name, .contact, .description, .measures, .previousComplaint])
        #expect(phone.markerFound)
        #expect(phone.missing.isEmpty)
        #expect(!phone.writtenChannel)
        #expect(!phone.isComplete)
        let late = trail.procedure.previewChecklist(trail.current, received: at("2027-04-20T10:00:00+02:00"), channel: .letter,
                                                    heading: "Reminder", items: [.name])
        #expect(late.late)
        #expect(late.missing == [.contact, .description, .measures, .previousComplaint, .marker])
    }
}

@Suite("Roles and permissions")
struct PermissionTests {
    @Test("the table, role by role", arguments: [
        // (role, action, kind, stage, allowed)
        (Role.supervisor, Action.intake, CaseKind.complaint, Stage.supervisor, true),
        (.supervisor, .respond, .complaint, .supervisor, true),
        (.supervisor, .respond, .abuse, .supervisor, false),
        (.supervisor, .formal, .complaint, .supervisor, true),
        (.supervisor, .acknowledge, .complaint, .headOfSupport, false),
        (.supervisor, .note, .complaint, .escalation, true),
        (.supervisor, .reopen, .complaint, .supervisor, false),
        (.abuse, .respond, .abuse, .supervisor, true),
        (.abuse, .respond, .abuse, .headOfSupport, true),
        (.abuse, .respond, .complaint, .headOfSupport, false),
        (.abuse, .mitigate, .abuse, .supervisor, true),
        (.abuse, .escalate, .abuse, .headOfSupport, true),
        (.abuse, .escalate, .complaint, .headOfSupport, false),
        (.supervisor, .escalate, .complaint, .headOfSupport, true),
        (.supervisor, .final, .complaint, .escalation, false),
        (.supervisor, .decideLate, .complaint, .escalation, false),
        (.head, .acknowledge, .complaint, .headOfSupport, true),
        (.head, .final, .abuse, .escalation, true),
        (.head, .decideLate, .complaint, .escalation, true),
        (.head, .reopen, .complaint, .supervisor, true),
        (.head, .respond, .complaint, .supervisor, false),
        (.viewer, .handoverNote, .complaint, .escalation, true),
        (.viewer, .note, .complaint, .escalation, false),
        (.viewer, .acknowledge, .complaint, .headOfSupport, false),
        (.admin, .acknowledge, .complaint, .headOfSupport, false),
        (.viewer, .lapse, .complaint, .headOfSupport, true),
    ])
    func table(role: Role, action: Action, kind: CaseKind, stage: Stage, allowed: Bool) {
        #expect(Permissions.allows([role], action, kind: kind, stage: stage) == allowed)
    }

    @Test("a viewer is refused every write but handover notes")
    func viewerWrites() {
        for action in Action.allCases where action != .handoverNote && action != .lapse {
            for kind in CaseKind.allCases {
                for stage in Stage.allCases {
                    #expect(!Permissions.allows([.viewer], action, kind: kind, stage: stage), "\(action) \(kind) \(stage)")
                }
            }
        }
    }

    @Test("a refusal names the role that could")
    func refusalMessage() {
        #expect(refusal { try Permissions.check(actor: "dave", roles: [.viewer], action: .acknowledge, caseNumber: 12, kind: .complaint, stage: .headOfSupport) }
                == "dave (viewer) may not acknowledge case 12 (complaint at the head of customer support stage): that takes the role head")
        #expect(refusal { try Permissions.check(actor: "erin", roles: [.supervisor], action: .respond, caseNumber: 7, kind: .abuse, stage: .headOfSupport) }
                == "erin (supervisor) may not record the response on case 7 (abuse at the head of customer support stage): that takes the role abuse or head")
        #expect(refusal { try Permissions.check(actor: "frank", roles: [], action: .manageStaff) }
                == "frank (no role) may not manage the staff of this desk: that takes the role admin")
        #expect(refusal { try Permissions.check(actor: "gina", roles: [.viewer], action: .intake, kind: .abuse, stage: .supervisor) }
                == "gina (viewer) may not take in an abuse report at the supervisor stage: that takes the role supervisor or abuse")
        #expect(refusal { try Permissions.check(actor: "hugo", roles: [.head], action: .acknowledge, caseNumber: 1, kind: .complaint, stage: .headOfSupport) } == nil)
    }

    @Test("several roles add up")
    func severalRoles() {
        #expect(Permissions.allows([.viewer, .head], .acknowledge, kind: .complaint, stage: .headOfSupport))
        #expect(Permissions.rolesAllowed(.respond, kind: .abuse, stage: .headOfSupport) == [.abuse, .head])
    }
}

@Suite("The trail's JSON")
struct EventCodingTests {
    @Test("every change survives a round trip with millisecond instants")
    func roundTrip() throws {
        let moment = Date(timeIntervalSince1970: 1_806_000_000.123)
        let changes: [Change] = [
            .received(complaintIntake(received: moment)),
            .assigned(.init(to: "bob")), .assigned(.init(to: nil)),
            .acknowledged(.init(at: moment)),
            .extensionNotified(.init(promised: day("2027-04-20"), at: moment)),
            .responded(.init(summary: "Réponse «complète»", at: moment)),
            .formalComplaintFiled(.init(received: moment, channel: .fax, text: "Plainte")),
            .escalationReceived(.init(received: moment, channel: .letter, heading: "Beschwerde", items: [.marker, .name], late: true)),
            .lateEscalationDecided(.init(accepted: true, reason: "post")),
            .missingItemsReceived(.init(items: [.measures], at: moment)),
            .finalResponseSent(.init(summary: "fin", at: moment)),
            .closed(.init(reason: .duplicate, duplicateOf: 3, note: "same")),
            .lapsed(.init(windowEnded: moment)),
            .reopened(.init(reason: "again")),
            .noted(.init(text: "handover", handover: true)),
            .paused(.init(at: moment)), .resumed(.init(at: moment)),
            .mitigated(.init(action: "clientHold", evidence: "URL served phishing kit")),
        ]
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = .sortedKeys
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        for change in changes {
            let data = try encoder.encode(change)
            #expect(try decoder.decode(Change.self, from: data) == change)
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(object?["type"] as? String == change.type)
        }
        let escalation = try encoder.encode(Change.escalationReceived(.init(received: moment, channel: .letter, heading: nil, items: [.marker, .name], late: false)))
        #expect(String(decoding: escalation, as: UTF8.self).contains(#""items":["name","marker"]"#))
        #expect(throws: DecodingError.self) { try decoder.decode(Change.self, from: Data(#"{"type":"teleported"}"#.utf8)) }
    }
}
