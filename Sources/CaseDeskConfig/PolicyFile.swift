import CaseDesk

/// The policy file: the procedure's numbers and options. Missing keys keep their defaults.
///
/// ```toml
/// [clocks]                      # business days
/// acknowledge = 2               # stage 2: acknowledge the formal complaint
/// respond = 10                  # stage 2: respond
/// escalation_window = 20        # the customer's window to escalate
/// escalation_acknowledge = 2    # stage 3: acknowledge the escalation
/// final_response = 10           # stage 3: the final response
/// supervisor_target = 10        # stage 1: internal target; 0 for none
///
/// [options]
/// pause_while_waiting_on_customer = false
/// complaint_markers = ["complaint", "plainte", "Beschwerde"]
///
/// [shifts]
/// starts = ["06:00", "14:00", "22:00"]   # desk time; each shift runs until the next starts
///
/// [complaints]
/// types = ["billing", "renewal", "transfer", "dns", "account", "support", "privacy", "other"]
///
/// [feedback]
/// teams = ["customer-service", "product", "technical", "billing"]
///
/// [abuse]                       # the abuse desk's clocks, in hours (RAA 3.18)
/// counting = "around-the-clock" # or "desk-hours": only desk_hours on business days count
/// desk_hours = "08:00-18:00"    # desk time, for counting = "desk-hours"
/// confirm = 1                   # confirm receipt to the reporter
/// decide = 24                   # decide on mitigation after evidence is judged actionable
/// law_enforcement = ["police.example"]          # addresses or domains (subdomains too)
/// trusted = ["netbeacon.org", "cert@cert.example"]
/// confirm_on_import = true      # send the confirmation of receipt when a report is imported
/// evidence_checklist = ["the name is managed by this registrar", …]
/// [abuse.review]                # review the report, per reporter class
/// law-enforcement = 24
/// trusted = 48
/// public = 72
///
/// [desk]                        # the desk's contact data, used by the letters
/// name = "Registrar Customer Support"
/// [desk.complaints]             # also [desk.escalations] and [desk.abuse]
/// postal = ["Registrar GmbH", "Complaints", "Street 1", "66386 St. Ingbert", "Germany"]
/// fax = "+49 …"
/// email = "complaints@registrar.example"
/// telephone = "+49 …"
/// ```
public enum PolicyFile {
    public static func load(path: String) throws(ConfigError) -> Policy {
        try parse(ConfigDocument.load(path: path))
    }

    public static func parse(text: String, file: String) throws(ConfigError) -> Policy {
        try parse(ConfigDocument(text: text, file: file))
    }

    static func parse(_ document: ConfigDocument) throws(ConfigError) -> Policy {
        var policy = Policy()
        let root = document.reader()
        if let clocks = try root.table("clocks") {
            func days(_ key: String, allowZero: Bool = false) throws(ConfigError) -> Int? {
                guard let value = try clocks.int(key) else { return nil }
                if value < 0 || (!allowZero && value == 0) || value > 250 {
                    throw clocks.error(key, .invalidValue(
                        "\(value) is not a usable number of business days (\(allowZero ? 0 : 1) to 250)"))
                }
                return value
            }
            policy.acknowledgeDays = try days("acknowledge") ?? policy.acknowledgeDays
            policy.respondDays = try days("respond") ?? policy.respondDays
            policy.escalationWindowDays = try days("escalation_window") ?? policy.escalationWindowDays
            policy.escalationAcknowledgeDays = try days("escalation_acknowledge") ?? policy.escalationAcknowledgeDays
            policy.finalResponseDays = try days("final_response") ?? policy.finalResponseDays
            if let target = try days("supervisor_target", allowZero: true) {
                policy.supervisorTargetDays = target == 0 ? nil : target
            }
            try clocks.rejectUnknownKeys()
        }
        if let options = try root.table("options") {
            policy.pauseWhileWaitingOnCustomer = try options.bool("pause_while_waiting_on_customer")
                ?? policy.pauseWhileWaitingOnCustomer
            if let markers = try options.strings("complaint_markers") {
                if markers.allSatisfy(\.isBlank) {
                    throw options.error("complaint_markers", .invalidValue("needs at least one word"))
                }
                policy.complaintMarkers = markers
            }
            try options.rejectUnknownKeys()
        }
        if let shifts = try root.table("shifts") {
            if let starts = try shifts.strings("starts") {
                var minutes: [Int] = []
                for text in starts {
                    guard let value = Shifts.minutes(text) else {
                        throw shifts.error("starts", .invalidValue("\"\(text)\" is not a time HH:MM"))
                    }
                    minutes.append(value)
                }
                if minutes.isEmpty { throw shifts.error("starts", .invalidValue("needs at least one start time")) }
                policy.shifts = Shifts(starts: minutes)
            }
            try shifts.rejectUnknownKeys()
        }
        func names(_ table: ConfigDocument.Reader?, _ key: String) throws(ConfigError) -> [String]? {
            guard let table, let list = try table.strings(key) else { return nil }
            let trimmed = list.map { $0.trimmingCharacters(in: .whitespaces) }
            if trimmed.isEmpty || trimmed.contains(where: \.isEmpty) {
                throw table.error(key, .invalidValue("needs at least one name, none empty"))
            }
            if Set(trimmed.map { $0.lowercased() }).count != trimmed.count {
                throw table.error(key, .invalidValue("names a team or type twice"))
            }
            return trimmed
        }
        if let desk = try root.table("desk") {
            func text(_ table: ConfigDocument.Reader, _ key: String) throws(ConfigError) -> String? {
                guard let value = try table.string(key) else { return nil }
                let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                return trimmed.isEmpty ? nil : trimmed
            }
            func department(_ key: String) throws(ConfigError) -> DeskContact.Department {
                guard let table = try desk.table(key) else { return DeskContact.Department() }
                let postal = (try table.strings("postal") ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                let department = DeskContact.Department(postal: postal, fax: try text(table, "fax"), email: try text(table, "email"),
                                                        telephone: try text(table, "telephone"))
                try table.rejectUnknownKeys()
                return department
            }
            policy.desk = DeskContact(name: try text(desk, "name"), complaints: try department("complaints"),
                                      escalations: try department("escalations"), abuse: try department("abuse"))
            try desk.rejectUnknownKeys()
        }
        if let abuse = try root.table("abuse") {
            policy.abuse = try abusePolicy(abuse)
        }
        if let complaints = try root.table("complaints") {
            policy.complaintTypes = try names(complaints, "types") ?? policy.complaintTypes
            try complaints.rejectUnknownKeys()
        }
        if let feedback = try root.table("feedback") {
            policy.feedbackTeams = try names(feedback, "teams") ?? policy.feedbackTeams
            try feedback.rejectUnknownKeys()
        }
        try root.rejectUnknownKeys()
        return policy
    }

    static func abusePolicy(_ table: ConfigDocument.Reader) throws(ConfigError) -> AbusePolicy {
        var abuse = AbusePolicy()
        func hours(_ reader: ConfigDocument.Reader, _ key: String) throws(ConfigError) -> Int? {
            guard let value = try reader.int(key) else { return nil }
            if value < 1 || value > 24 * 365 {
                throw reader.error(key, .invalidValue("\(value) is not a usable number of hours (1 to 8760)"))
            }
            return value
        }
        abuse.confirmHours = try hours(table, "confirm") ?? abuse.confirmHours
        abuse.decideHours = try hours(table, "decide") ?? abuse.decideHours
        if let counting = try table.string("counting") {
            guard let value = HourCounting(rawValue: counting) else {
                throw table.error("counting", .invalidValue("\"\(counting)\" is not around-the-clock or desk-hours"))
            }
            abuse.counting = value
        }
        if let text = try table.string("desk_hours") {
            let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let start = Shifts.minutes(parts[0]), let end = Shifts.minutes(parts[1]), start < end else {
                throw table.error("desk_hours", .invalidValue("\"\(text)\" is not a span of desk time HH:MM-HH:MM, start before end"))
            }
            abuse.deskHours = DeskHours(start: start, end: end)
        }
        func addresses(_ key: String) throws(ConfigError) -> [String]? {
            guard let list = try table.strings(key) else { return nil }
            let trimmed = list.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if let bad = trimmed.first(where: { $0.isEmpty || $0.contains(" ") || $0.hasSuffix("@") }) {
                throw table.error(key, .invalidValue("\"\(bad)\" is not an address or a domain"))
            }
            return trimmed
        }
        abuse.lawEnforcement = try addresses("law_enforcement") ?? abuse.lawEnforcement
        abuse.trusted = try addresses("trusted") ?? abuse.trusted
        abuse.confirmOnImport = try table.bool("confirm_on_import") ?? abuse.confirmOnImport
        if let items = try table.strings("evidence_checklist") {
            let trimmed = items.map { $0.trimmingCharacters(in: .whitespaces) }
            if trimmed.isEmpty || trimmed.contains(where: \.isEmpty) {
                throw table.error("evidence_checklist", .invalidValue("needs at least one item, none empty"))
            }
            abuse.evidenceChecklist = trimmed
        }
        if let review = try table.table("review") {
            for reporter in ReporterClass.allCases {
                if let value = try hours(review, reporter.rawValue) { abuse.reviewHours[reporter] = value }
            }
            try review.rejectUnknownKeys()
        }
        try table.rejectUnknownKeys()
        return abuse
    }
}
