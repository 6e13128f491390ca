import CaseDesk
import Foundation
import Testing
@testable import CaseDeskConfig

/// The description of what `body` throws, nil when it does not throw.
func failure(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return String(describing: error)
    }
}

@Suite("Policy files")
struct PolicyFileTests {
    @Test("a good file sets every number and option")
    func good() throws {
        let policy = try PolicyFile.parse(text: """
            [clocks]
            acknowledge = 3
            respond = 15
            escalation_window = 30
            escalation_acknowledge = 1
            final_response = 12
            supervisor_target = 0

            [options]
            pause_while_waiting_on_customer = true
            complaint_markers = ["complaint", "réclamation"]
            """, file: "policy.toml")
        #expect(policy.acknowledgeDays == 3)
        #expect(policy.respondDays == 15)
        #expect(policy.escalationWindowDays == 30)
        #expect(policy.escalationAcknowledgeDays == 1)
        #expect(policy.finalResponseDays == 12)
        #expect(policy.supervisorTargetDays == nil)
        #expect(policy.pauseWhileWaitingOnCustomer)
        #expect(policy.complaintMarkers == ["complaint", "réclamation"])
    }

    @Test("the [abuse] table sets the hour clocks, how they count, the reporter lists and the checklist")
    func abuse() throws {
        let policy = try PolicyFile.parse(text: """
            [abuse]
            counting = "desk-hours"
            desk_hours = "07:30-19:00"
            confirm = 2
            decide = 12
            law_enforcement = ["BKA.bund.de"]
            trusted = ["netbeacon.org", "cert@cert.example"]
            confirm_on_import = false
            evidence_checklist = ["ours", "current"]
            [abuse.review]
            law-enforcement = 12
            public = 96
            """, file: "policy.toml")
        #expect(policy.abuse.counting == .deskHours)
        #expect(policy.abuse.deskHours == DeskHours(start: 7 * 60 + 30, end: 19 * 60))
        #expect(policy.abuse.confirmHours == 2)
        #expect(policy.abuse.decideHours == 12)
        #expect(policy.abuse.reviewHours(for: .lawEnforcement) == 12)
        #expect(policy.abuse.reviewHours(for: .trusted) == 48)
        #expect(policy.abuse.reviewHours(for: .public) == 96)
        #expect(policy.abuse.reporterClass(of: "x@bka.bund.de") == .lawEnforcement)
        #expect(policy.abuse.reporterClass(of: "cert@cert.example") == .trusted)
        #expect(!policy.abuse.confirmOnImport)
        #expect(policy.abuse.evidenceChecklist == ["ours", "current"])
        #expect(Policy.standard.abuse.reviewHours(for: .lawEnforcement) == 24)
        #expect(Policy.standard.abuse.confirmHours == 1 && Policy.standard.abuse.decideHours == 24)
        #expect(failure { _ = try PolicyFile.parse(text: "[abuse]\ncounting = \"weekly\"\n", file: "policy.toml") }
                == "policy.toml:2: key abuse.counting: \"weekly\" is not around-the-clock or desk-hours")
        #expect(failure { _ = try PolicyFile.parse(text: "[abuse]\ndesk_hours = \"18:00-08:00\"\n", file: "policy.toml") }?
                    .contains("is not a span of desk time") == true)
        #expect(failure { _ = try PolicyFile.parse(text: "[abuse.review]\npolice = 3\n", file: "policy.toml") }?
                    .contains("unknown key") == true)
    }

    @Test("missing keys keep the procedure's defaults")
    func defaults() throws {
        #expect(try PolicyFile.parse(text: "", file: "p.toml") == Policy.standard)
        let partial = try PolicyFile.parse(text: "[clocks]\nrespond = 12\n", file: "p.toml")
        var expected = Policy.standard
        expected.respondDays = 12
        #expect(partial == expected)
    }

    @Test("mistakes name the file, the key and the line", arguments: [
        ("[clocks]\nacknowledge = \"two\"\n",
         "policy.toml:2: key clocks.acknowledge: expected an integer, found a string"),
        ("[clocks]\nacknowledge = 2\nrespnd = 10\n",
         "policy.toml:3: key clocks.respnd: unknown key (known keys here: acknowledge, escalation_acknowledge, escalation_window, final_response, respond, supervisor_target)"),
        ("[options]\npause_while_waiting_on_customer = \"yes\"\n",
         "policy.toml:2: key options.pause_while_waiting_on_customer: expected true or false, found a string"),
        ("[clocks]\nrespond = -1\n",
         "policy.toml:2: key clocks.respond: -1 is not a usable number of business days (1 to 250)"),
        ("clocks = 3\n", "policy.toml:1: key clocks: expected a table ([clocks]), found an integer"),
        ("[clock]\nrespond = 10\n", "policy.toml:1: key clock: unknown key (known keys here: abuse, clocks, complaints, desk, feedback, options, shifts)"),
        ("[options]\ncomplaint_markers = [1, 2]\n",
         "policy.toml:2: key options.complaint_markers: expected an array of strings, found an array holding an integer"),
    ])
    func mistakes(text: String, message: String) {
        #expect(failure { _ = try PolicyFile.parse(text: text, file: "policy.toml") } == message)
    }

    @Test("complaint markers that are only white space, line breaks included, are no markers", arguments: [
        "[options]\ncomplaint_markers = [\"\\n\"]\n", "[options]\ncomplaint_markers = [\" \", \"\\t\\r\\n\"]\n", "[options]\ncomplaint_markers = []\n",
    ])
    func blankMarkers(text: String) {
        #expect(failure { _ = try PolicyFile.parse(text: text, file: "policy.toml") }
                == "policy.toml:2: key options.complaint_markers: needs at least one word")
    }

    @Test("complaint types and feedback teams are the policy's lists, checked")
    func typesAndTeams() throws {
        let policy = try PolicyFile.parse(text: """
            [complaints]
            types = ["billing", "Domain transfer", "other"]

            [feedback]
            teams = ["web", "reseller API"]
            """, file: "p.toml")
        #expect(policy.complaintTypes == ["billing", "Domain transfer", "other"])
        #expect(policy.feedbackTeams == ["web", "reseller API"])
        #expect(policy.feedbackTeam("Reseller api") == "reseller API")
        #expect(throws: ConfigError.self) { try PolicyFile.parse(text: "[feedback]\nteams = []\n", file: "p.toml") }
        #expect(throws: ConfigError.self) { try PolicyFile.parse(text: "[feedback]\nteams = [\"web\", \"Web\"]\n", file: "p.toml") }
        #expect(throws: ConfigError.self) { try PolicyFile.parse(text: "[complaints]\ntype = [\"x\"]\n", file: "p.toml") }
    }

    @Test("the desk's contact data: names, postal addresses, fax, telephone, e-mail per department")
    func deskContact() throws {
        let policy = try PolicyFile.parse(text: """
            [desk]
            name = "Registrar Customer Support"
            [desk.complaints]
            postal = ["Registrar GmbH", "Complaints", "66386 St. Ingbert"]
            fax = "+49 6894 9396 851"
            email = "complaints@registrar.example"
            telephone = "+49 6894 9396 850"
            [desk.abuse]
            fax = "+49 6894 9693 851"
            """, file: "p.toml")
        #expect(policy.desk.name == "Registrar Customer Support")
        #expect(policy.desk.complaints.postal == ["Registrar GmbH", "Complaints", "66386 St. Ingbert"])
        #expect(policy.desk.abuse.fax == "+49 6894 9693 851")
        #expect(policy.desk.escalationContact(abuse: false).email == "complaints@registrar.example")
        #expect(Policy.standard.desk == DeskContact(), "nothing of it is built in")
        #expect(throws: ConfigError.self) { try PolicyFile.parse(text: "[desk.complaints]\nfacks = \"1\"\n", file: "p.toml") }
    }

    @Test("shifts: start times in desk time, checked")
    func shifts() throws {
        let policy = try PolicyFile.parse(text: "[shifts]\nstarts = [\"07:30\", \"15:30\"]\n", file: "p.toml")
        #expect(policy.shifts.starts == [450, 930])
        #expect(failure { _ = try PolicyFile.parse(text: "[shifts]\nstarts = [\"25:00\"]\n", file: "p.toml") }
                == "p.toml:2: key shifts.starts: \"25:00\" is not a time HH:MM")
    }

    @Test("a syntax error gives the parser's line")
    func syntax() throws {
        let message = try #require(failure { _ = try PolicyFile.parse(text: "[clocks]\nacknowledge = \n", file: "policy.toml") })
        #expect(message.hasPrefix("policy.toml:2: not valid TOML:"))
    }

    @Test("a missing file says so")
    func missing() {
        #expect(failure { _ = try PolicyFile.load(path: "/nonexistent/policy.toml") }
                == "/nonexistent/policy.toml: cannot read the file: no such file")
    }
}

@Suite("Calendar files")
struct CalendarFileTests {
    @Test("closures, removed rules, extra holidays, another week and zone")
    func good() throws {
        let calendar = try CalendarFile.parse(text: """
            name = "Desk Paris"
            zone = "Europe/Paris"
            working_week = ["mon", "tue", "wed", "thu", "fri", "sat"]
            remove = ["corpus-christi", "st-stephen"]

            [[holiday]]
            id = "bastille"
            name = "Fête nationale"
            month = 7
            day = 14

            [[holiday]]
            name = "Rosenmontag"
            easter = -48

            [[closure]]
            date = 2026-12-31
            name = "Year-end closure"
            """, file: "calendar.toml")
        #expect(calendar.name == "Desk Paris")
        #expect(calendar.timeZone.identifier == "Europe/Paris")
        #expect(calendar.workingWeek.contains(.saturday))
        #expect(calendar.status(of: LocalDate("2027-05-27")!) == .business)
        #expect(calendar.status(of: LocalDate("2028-12-26")!) == .business)
        #expect(calendar.status(of: LocalDate("2027-07-14")!) == .holiday("Fête nationale"))
        #expect(calendar.status(of: LocalDate("2027-02-08")!) == .holiday("Rosenmontag"))
        #expect(calendar.status(of: LocalDate("2026-12-31")!) == .closure("Year-end closure"))
        #expect(calendar.status(of: LocalDate("2027-03-26")!) == .holiday("Good Friday"))
    }

    @Test("an empty file is Germany/Saarland")
    func empty() throws {
        #expect(try CalendarFile.parse(text: "", file: "c.toml") == .saarland)
    }

    @Test("mistakes name the key", arguments: [
        ("zone = \"Mars/Olympus\"\n", "calendar.toml:1: key zone: unknown time zone \"Mars/Olympus\" (expected e.g. Europe/Berlin)"),
        ("working_week = [\"mon\", \"funday\"]\n", "calendar.toml:1: key working_week: \"funday\" is not a weekday (mon, tue, …, sun)"),
        ("working_week = []\n", "calendar.toml:1: key working_week: needs at least one working day"),
        ("base = \"atlantis\"\n", "calendar.toml:1: key base: unknown built-in calendar \"atlantis\" (known: saarland, none)"),
        ("[[closure]]\ndate = 2026-02-30\n", nil),
        ("[[closure]]\nname = \"x\"\n", "calendar.toml:1: key closure.0: a closure needs a date"),
        ("[[holiday]]\nname = \"X\"\nmonth = 13\nday = 1\n", "calendar.toml:4: key holiday.0.day: 13/1 is not a day of the year"),
        ("[[holiday]]\nname = \"X\"\nmonth = 1\nday = 2\ncolour = \"red\"\n", "calendar.toml:5: key holiday.0.colour: unknown key (known keys here: day, easter, id, month, name)"),
    ])
    func mistakes(text: String, message: String?) {
        let result = failure { _ = try CalendarFile.parse(text: text, file: "calendar.toml") }
        if let message {
            #expect(result == message)
        } else {
            #expect(result != nil)
        }
    }

    @Test("a closure's date is YYYY-MM-DD exactly, and a day that exists", arguments: [
        ("[[closure]]\ndate = \"2027-2-3\"\n", "calendar.toml:2: key closure.0.date: expected a date YYYY-MM-DD, found \"2027-2-3\""),
        ("[[closure]]\ndate = \"2027-02-3\"\n", "calendar.toml:2: key closure.0.date: expected a date YYYY-MM-DD, found \"2027-02-3\""),
        ("[[closure]]\ndate = \"2027-02-30\"\n", "calendar.toml:2: key closure.0.date: expected a date YYYY-MM-DD, found \"2027-02-30\""),
        ("[[closure]]\ndate = 2027-02-03T10:00:00Z\n", "calendar.toml:2: key closure.0.date: expected a date (YYYY-MM-DD), found a date with a time"),
    ])
    func closureDates(text: String, message: String) {
        #expect(failure { _ = try CalendarFile.parse(text: text, file: "calendar.toml") } == message)
    }

    @Test("a closure's date may be a TOML date or a string; 29 February is a holiday's day")
    func goodDates() throws {
        let calendar = try CalendarFile.parse(text: """
            [[closure]]
            date = "2027-02-03"
            [[closure]]
            date = 2027-02-04
            [[holiday]]
            name = "Leap"
            month = 2
            day = 29
            """, file: "calendar.toml")
        #expect(calendar.status(of: LocalDate("2027-02-03")!) == .closure("closure day"))
        #expect(calendar.status(of: LocalDate("2027-02-04")!) == .closure("closure day"))
        #expect(calendar.status(of: LocalDate("2028-02-29")!) == .holiday("Leap"))
    }

    @Test("a misspelt key is named before anything else is judged", arguments: [
        ("[[holiday]]\nnaem = \"X\"\nmonth = 1\nday = 2\n",
         "calendar.toml:2: key holiday.0.naem: unknown key (known keys here: day, easter, id, month, name)"),
        ("[[holiday]]\nname = \"X\"\neaster = -47\ndy = 3\n",
         "calendar.toml:4: key holiday.0.dy: unknown key (known keys here: day, easter, id, month, name)"),
        ("[[holiday]]\nname = \"X\"\nmonth = 13\ndya = 1\n",
         "calendar.toml:4: key holiday.0.dya: unknown key (known keys here: day, easter, id, month, name)"),
        ("[[closure]]\ndaet = 2026-12-31\nname = \"x\"\n", "calendar.toml:2: key closure.0.daet: unknown key (known keys here: date, name)"),
        ("[[closure]]\nnmae = \"x\"\n", "calendar.toml:2: key closure.0.nmae: unknown key (known keys here: date, name)"),
    ])
    func misspeltKeys(text: String, message: String) {
        #expect(failure { _ = try CalendarFile.parse(text: text, file: "calendar.toml") } == message)
    }
}
