import CaseDesk
import CaseStore
import Foundation
import MailDesk
import MailIntake
import Testing

/// Mail into a real store: what each shape of message becomes, one transaction each.
@Suite("Importing mail into the store")
struct ImportTests {
    static let now = "2027-05-03T09:00:00+02:00"

    @Test("an ARF feedback report becomes an abuse case with its domains, the raw message kept under its SHA-256")
    func arfReport() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let result = try desk.file("arf-feedback-report.eml", at: Self.now)
        guard case let .imported(state, reason) = result.outcome else { Issue.record("\(result)"); return }
        #expect(reason == "ARF feedback report (RFC 5965)")
        #expect(state.kind == .abuse)
        #expect(state.stage == .supervisor)
        #expect(state.intake.channel == .email)
        #expect(state.intake.category == .spam)
        #expect(state.intake.domains.map(\.ascii).contains("cheap-pills.example"))
        let bytes = try Sample.bytes("arf-feedback-report.eml")
        let filed = try #require(state.messages.first)
        #expect(filed.direction == .incoming)
        #expect(filed.message.sha256 == SHA256.hex(of: bytes))
        let stored = try desk.store.storedMessage(filed.message.sha256)
        #expect(stored.raw == Data(bytes))
        #expect(stored.caseNumber == state.number)
        #expect(try desk.store.storedMessage(String(filed.message.sha256.prefix(8))).sha256 == filed.message.sha256)
        #expect(try desk.store.events(of: state.number).map(\.change.type) == ["received", "message_received"])
        #expect(try desk.store.verify().isClean)
    }

    @Test("an imported abuse report takes its reporter class from the sender's address and the policy's lists")
    func reporterClassOnImport() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        guard case let .imported(before, _) = try desk.file("arf-feedback-report.eml", at: Self.now).outcome else { Issue.record("not imported"); return }
        #expect(before.reporterClass == .public)
        let other = try TestDesk()
        defer { other.remove() }
        try other.store.setPolicy(text: "[abuse]\ntrusted = [\"mailbox-provider.example\"]\n", file: "policy.toml", by: Actor(account: "ada"),
                                  at: at("2027-05-03T08:00:00+02:00"))
        guard case let .imported(trusted, _) = try other.file("arf-feedback-report.eml", at: Self.now).outcome else { Issue.record("not imported"); return }
        #expect(trusted.reporterClass == .trusted)
        #expect(trusted.intake.reporterClass == .trusted)
        // 48 hours from the report's Date (Mon 22 Mar 2027 09:01:44 UTC), around the clock.
        let procedure = try other.store.procedure()
        #expect(procedure.clocks(trusted, now: at(Self.now)).first { $0.kind == .review }?.due == at("2027-03-24T09:01:44Z"))
        #expect(try other.store.verify().isClean)
    }

    @Test("an X-ARF v4 phishing report: an abuse case, category phishing, its domains, URLs and source IP on the trail")
    func xarfReport() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let state = try #require(try desk.file("xarf-v4-phishing.eml", at: Self.now).state)
        #expect(state.kind == .abuse)
        #expect(state.intake.category == .phishing)
        #expect(state.intake.domains.map(\.ascii).contains("bank-verify.example"))
        let message = try #require(state.messages.first?.message)
        #expect(!message.urls.isEmpty)
        #expect(message.urls.contains { $0.contains("bank-verify.example") })
        #expect(!message.ipAddresses.isEmpty)
    }

    @Test("a French complaint in ISO-8859-1 quoted-printable with an encoded Plainte subject")
    func frenchComplaint() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let state = try #require(try desk.file("french-plainte-latin1-qp.eml", at: Self.now).state)
        #expect(state.kind == .complaint)
        #expect(state.stage == .supervisor, "a first message starts at the supervisor stage, marker or not")
        #expect(state.intake.subject == "Plainte : prélèvement en double")
        #expect(state.intake.customer == "Joséphine Dupré")
        #expect(state.intake.contact == "josephine.dupre@exemple.fr")
        #expect(state.intake.account == "884412")
        #expect(state.intake.domains.map(\.unicode) == ["boulangerie-exemple.fr"])
        #expect(state.intake.description.contains("le remboursement immédiat"))
        // Received at the message's Date (Tue 23 Mar 2027 14:03:27 +0100).
        #expect(saarland.iso8601(state.intake.received) == "2027-03-23T14:03:27+01:00")
    }

    @Test("a German escalation with Beschwerde moves a case answered at stage 2 to escalation, with its checklist")
    func germanEscalation() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        // Jürgen Müller's case: formal complaint in early March, answered by the head of support on Fri 12 Mar 2027.
        let intake = Intake(kind: .complaint, channel: .email, received: at("2027-03-01T09:00:00+01:00"), customer: "Jürgen Müller",
                            contact: "juergen@mueller-handwerk.example", account: "K-204518", domains: [try DomainName("müller.de")],
                            subject: "Domain gesperrt", description: "Meine Domain ist gesperrt.", stage: .headOfSupport)
        let opened = try desk.store.open(intake, by: TestDesk.supervisor, at: at("2027-03-01T09:00:00+01:00"))
        try desk.recordSentLetter(on: opened.number, messageID: "case-42-answer-1@casedesk.registrar.example",
                                  change: .responded(.init(summary: "Sperre wegen Zahlungsverzug", at: at("2027-03-12T10:00:00+01:00"))),
                                  at: "2027-03-12T10:00:00+01:00")
        let result = try desk.file("german-beschwerde-utf8-base64.eml", at: "2027-03-24T09:00:00+01:00")
        guard case let .attached(state, reason, filed) = result.outcome else { Issue.record("\(result)"); return }
        #expect(state.number == opened.number)
        #expect(reason == .answers(messageID: "case-42-answer-1@casedesk.registrar.example"))
        #expect(state.stage == .escalation)
        let escalation = try #require(state.escalation)
        #expect(!escalation.late)
        #expect(escalation.heading == "Beschwerde: Domain müller.de gesperrt [casedesk #42]")
        #expect(escalation.items == Set(ChecklistItem.allCases))
        #expect(state.missingEscalationItems.isEmpty)
        #expect(saarland.iso8601(escalation.phase.received) == "2027-03-24T08:30:00+01:00")
        guard case .escalationReceived = filed else { Issue.record("filed \(String(describing: filed))"); return }
        #expect(try desk.store.events(of: state.number).suffix(2).map(\.change.type) == ["message_received", "escalation_received"])
        // The final response is due 10 business days after Wed 24 Mar: Good Friday and Easter Monday skipped, Fri 9 Apr 2027.
        let final = try #require(Procedure().clocks(state, now: at("2027-03-24T09:00:00+01:00")).first { $0.kind == .finalResponse })
        #expect(saarland.iso8601(final.due) == "2027-04-09T23:59:59+02:00")
    }

    @Test("a customer's reply with Plainte after the first answer is the formal complaint; by case tag too")
    func formalComplaintByReply() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let first = try #require(try desk.file("first-contact.eml", at: "2027-03-22T09:30:00+01:00").state)
        #expect(first.intake.account == "K-1001")
        try desk.recordSentLetter(on: first.number, messageID: "casedesk.1.answer@registrar.example",
                                  change: .responded(.init(summary: "Explained the lock", at: at("2027-03-23T10:00:00+01:00"))),
                                  at: "2027-03-23T10:00:00+01:00", by: TestDesk.supervisor)
        let result = try desk.file("reply-plainte.eml", at: "2027-03-25T10:30:00+01:00")
        guard case let .attached(state, _, filed) = result.outcome else { Issue.record("\(result)"); return }
        #expect(state.stage == .headOfSupport)
        guard case let .formalComplaintFiled(filing) = filed else { Issue.record("filed \(String(describing: filed))"); return }
        #expect(filing.received == at("2027-03-25T10:00:00+01:00"))
        #expect(filing.channel == .email)
        #expect(filing.text?.contains("ne règle rien") == true)
        // Acknowledge by Wed 31 Mar, respond by Mon 12 Apr: Good Friday and Easter Monday skipped.
        let clocks = Procedure().clocks(state, now: at("2027-03-25T11:00:00+01:00"))
        #expect(clocks.first { $0.kind == .acknowledge }.map { saarland.iso8601($0.due) } == "2027-03-31T23:59:59+02:00")
        #expect(clocks.first { $0.kind == .respond }.map { saarland.iso8601($0.due) } == "2027-04-12T23:59:59+02:00")

        // A later message found only by its tag: the case is at stage 2 already, so its marker files nothing.
        let tagged = desk.importer().file(RawMessage(bytes: Array("""
            From: Elodie <elodie@exemple.fr>
            To: complaints@registrar.example
            Subject: Re: [casedesk #1] Plainte
            Date: Thu, 25 Mar 2027 11:00:00 +0100

            Encore moi.
            """.utf8), origin: MessageOrigin(path: "tagged.eml")), at: at("2027-03-25T11:30:00+01:00"))
        guard case let .attached(again, reason, nothing) = tagged.outcome else { Issue.record("\(tagged)"); return }
        #expect(again.number == first.number)
        #expect(reason == .caseTag)
        #expect(nothing == nil, "already at stage 2: a second marker files nothing")
    }

    @Test("an HTML-only message becomes readable text; an mbox with From lines in its bodies gives each message whole")
    func htmlAndMbox() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let html = try #require(try desk.file("html-only.eml", at: Self.now).state)
        #expect(!html.intake.description.contains("<"))
        #expect(!html.intake.description.isEmpty)
        var results: [ImportResult] = []
        let tally = desk.importer().run([Sample.path("several.mbox")]) { results.append($0) }
        #expect(tally.summary == "imported 3, attached 0, duplicates 0, rejected 0")
        #expect(results.map(\.origin) == (1...3).map { Sample.path("several.mbox") + "#\($0)" })
        let first = try #require(results.first?.state)
        #expect(first.intake.subject == "first")
        #expect(first.intake.description.contains("From what I can see"))
        #expect(first.intake.description.contains("From now on I expect a reply within a week."))
        #expect(results.compactMap(\.state).map(\.kind) == [.complaint, .abuse, .feedback])
    }

    @Test("a truncated multipart is imported with a note; escape sequences are kept as received")
    func truncatedAndHostile() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let truncated = try desk.file("truncated-multipart.eml", at: Self.now)
        #expect(truncated.state != nil)
        #expect(truncated.notes.contains { $0.contains("truncated") })
        let hostile = try #require(try desk.file("terminal-escapes.eml", at: Self.now).state)
        #expect(hostile.intake.subject.contains("\u{1B}[31m"), "the store keeps the text as received")
        let stored = try desk.store.storedMessage(try #require(hostile.messages.first).message.sha256)
        #expect(stored.raw == Data(try Sample.bytes("terminal-escapes.eml")))
    }

    @Test("a message already imported, by Message-ID or by content, is a duplicate and changes nothing")
    func duplicates() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let original = try #require(try desk.file("french-plainte-latin1-qp.eml", at: Self.now).state)
        let feedback = try #require(try desk.file("no-message-id.eml", at: Self.now).state)
        let archived = try desk.archiveCount()
        let events = try desk.store.events(of: original.number).count

        let sameID = try desk.file("resent-same-message-id.eml", at: Self.now)
        #expect(sameID.outcome == .duplicate(DuplicateMessage(caseNumber: original.number, sha256: original.messages[0].message.sha256,
                                                              match: .messageID)))
        let sameBytes = try desk.file("no-message-id.eml", at: Self.now)
        guard case let .duplicate(copy) = sameBytes.outcome else { Issue.record("\(sameBytes)"); return }
        #expect(copy.match == .content)
        #expect(copy.caseNumber == feedback.number)
        #expect(try desk.archiveCount() == archived)
        #expect(try desk.store.events(of: original.number).count == events)
        #expect(try desk.store.rows([3]).isEmpty, "no third case")
    }

    @Test("rejections say why and write nothing: not mail, empty, no sender, not staff, a viewer; a supervisor files an escalation")
    func rejections() throws {
        let desk = try TestDesk(mailbotRoles: [.supervisor])
        defer { desk.remove() }
        #expect(try desk.file("not-mail.eml", at: Self.now).rejection?.hasPrefix("not a mail message") == true)
        #expect(try desk.file("empty.eml", at: Self.now).rejection == "empty input: there is nothing to read")
        #expect(try desk.file("no-sender.eml", at: Self.now).rejection?.contains("no sender address") == true)
        #expect(try desk.file("first-contact.eml", at: Self.now, as: Actor(account: "mallory")).rejection?
            .contains("mallory is not on this desk's staff") == true)
        #expect(try desk.file("first-contact.eml", at: Self.now, as: TestDesk.viewer).rejection?
            .contains("vic (viewer) may not take in") == true)
        #expect(try desk.archiveCount() == 0)

        // The mail account holds only the supervisor role: it may record that an escalation arrived
        // (taking in the customer's letter), but not an abuse report's, which is the abuse desk's.
        let intake = Intake(kind: .complaint, channel: .email, received: at("2027-03-01T09:00:00+01:00"), customer: "Jürgen Müller",
                            contact: "juergen@mueller-handwerk.example", subject: "Domain gesperrt", description: "", stage: .headOfSupport)
        let opened = try desk.store.open(intake, by: TestDesk.head, at: at("2027-03-01T09:00:00+01:00"))
        let answered = try desk.recordSentLetter(on: opened.number, messageID: "case-42-answer-1@casedesk.registrar.example",
                                                 change: .responded(.init(summary: "Nein", at: at("2027-03-12T10:00:00+01:00"))),
                                                 at: "2027-03-12T10:00:00+01:00")
        let filed = try desk.file("german-beschwerde-utf8-base64.eml", at: "2027-03-24T09:00:00+01:00")
        #expect(filed.rejection == nil, "\(filed)")
        let after = try desk.store.caseState(opened.number)
        #expect(after.version == answered.version + 2, "the message and the escalation, in one transaction")
        #expect(after.stage == .escalation)
        #expect(after.messages.count == 2)
        #expect(try desk.archiveCount() == 2)
    }

    @Test("a batch files each message on its own: one refused in the middle writes nothing, the others are filed, a repeat within the batch is a duplicate")
    func batchFilesEachOnItsOwn() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let parser = IntakeParser()
        let now = at(Self.now)
        func incoming(_ name: String) throws -> IncomingMessage { try parser.draft(from: Sample.raw(name)).incomingMessage(at: now) }
        var refused = try incoming("no-message-id.eml")
        refused.intake.customer = "   "
        let batch = [try incoming("first-contact.eml"), refused, try incoming("french-plainte-latin1-qp.eml"), try incoming("first-contact.eml")]
        let outcomes = desk.store.importMessages(batch, by: TestDesk.mailbot, at: now)
        #expect(outcomes.count == 4)
        guard case let .success(.opened(first, _)) = outcomes[0] else { Issue.record("\(outcomes[0])"); return }
        guard case let .failure(refusal) = outcomes[1] else { Issue.record("\(outcomes[1])"); return }
        #expect(refusal.description.contains("customer's name is empty"), "\(refusal)")
        guard case let .success(.opened(second, _)) = outcomes[2] else { Issue.record("\(outcomes[2])"); return }
        #expect(second.number == first.number + 1, "the refused message took no case number")
        guard case let .success(.duplicate(repeated)) = outcomes[3] else { Issue.record("\(outcomes[3])"); return }
        #expect(repeated.caseNumber == first.number)
        #expect(try desk.archiveCount() == 2)
        #expect(try desk.store.verify().isClean)
    }

    @Test("the importer files a mailbox in batches and reports every message in order")
    func importerBatches() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        let mailbox = desk.path("many.mbox")
        var text = ""
        for index in 0..<(MailImporter.batchSize * 2 + 7) {
            text += "From someone@example.org Mon Mar 22 09:00:00 2027\nFrom: Person \(index) <p\(index)@example.org>\n"
                + "To: complaints@registrar.example\nSubject: Question \(index)\nMessage-ID: <q\(index)@example.org>\n\nHello \(index)\n\n"
            if index % 50 == 0 { text += "From someone@example.org Mon Mar 22 09:00:00 2027\nnot a mail message at all\n\n" }
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: mailbox))
        var origins: [String] = []
        let tally = desk.importer().run([mailbox]) { origins.append($0.origin) }
        #expect(tally.total == MailImporter.batchSize * 2 + 7 + 5)
        #expect(origins == origins.sorted { Int($0.split(separator: "#").last!)! < Int($1.split(separator: "#").last!)! }, "\(origins.prefix(5))")
        #expect(try desk.archiveCount() == MailImporter.batchSize * 2 + 7)
        #expect(try desk.store.verify().isClean)
    }

    @Test("the message archive is append-only, like the trail")
    func archiveAppendOnly() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        _ = try desk.file("first-contact.eml", at: Self.now)
        let path = desk.path("cases.sqlite")
        let update = try SQLiteShell.run(path, "UPDATE messages SET raw = x'00'", errors: true)
        #expect(update.contains("the message archive is append-only; messages cannot be changed"), "\(update)")
        let delete = try SQLiteShell.run(path, "DELETE FROM messages", errors: true)
        #expect(delete.contains("messages cannot be deleted"), "\(delete)")
        #expect(try desk.archiveCount() == 1)
    }

    @Test("a Date in the future is taken as the time of the import; no Date at all too")
    func receiptTimes() throws {
        let desk = try TestDesk()
        defer { desk.remove() }
        // The sample says Sat 27 Mar 2027; imported on Mon 22 Mar it cannot have arrived yet.
        let early = try #require(try desk.file("terminal-escapes.eml", at: "2027-03-22T12:00:00+01:00").state)
        #expect(saarland.iso8601(early.intake.received) == "2027-03-22T12:00:00+01:00")
        let undated = desk.importer().file(RawMessage(bytes: Array("From: a@example.com\nSubject: x\n\nhello\n".utf8),
                                                          origin: .standardInput), at: at("2027-03-22T12:30:00+01:00"))
        #expect(undated.state.map { saarland.iso8601($0.intake.received) } == "2027-03-22T12:30:00+01:00")
        #expect(undated.notes.contains { $0.contains("no Date header") })
    }
}
