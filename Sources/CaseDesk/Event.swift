import Foundation

public typealias CaseNumber = Int64

/// One entry of a case's append-only trail: who did what, when.
public struct Event: Sendable, Equatable, Codable {
    public var caseNumber: CaseNumber
    /// 1 for the event that opened the case; the case's version after this event.
    public var sequence: Int
    /// When the event was recorded (UTC, millisecond precision).
    public var recorded: Date
    /// The staff member the event is recorded for.
    public var actor: String
    /// The operating-system account that ran the program, when it acted for someone else (`--as`).
    public var via: String?
    public var change: Change

    public init(caseNumber: CaseNumber, sequence: Int, recorded: Date, actor: String, via: String? = nil, change: Change) {
        self.caseNumber = caseNumber
        self.sequence = sequence
        self.recorded = recorded
        self.actor = actor
        self.via = via
        self.change = change
    }
}

/// Everything that can happen to a case. The payload structs are the stable JSON shape of the trail.
public enum Change: Sendable, Equatable {
    case received(Intake)
    case assigned(Assignment)
    case acknowledged(Moment)
    case extensionNotified(ExtensionNotice)
    case responded(Answer)
    case formalComplaintFiled(Filing)
    case escalationReceived(EscalationFiling)
    case lateEscalationDecided(LateDecision)
    case missingItemsReceived(MissingItems)
    case finalResponseSent(Answer)
    case closed(Closure)
    case lapsed(Lapse)
    case reopened(Reopening)
    case noted(Note)
    case paused(Moment)
    case resumed(Moment)
    case mitigated(Mitigation)
    /// Feedback forwarded to a team of the policy; it closes the feedback as routed.
    case routed(Routing)
    /// A complaint's type set or changed (a type of the policy).
    case categorized(Categorization)
    /// One running clock moved to a newer version of the rules (policy or calendar), by an admin
    /// changing them with `--rebase-open`: the due moment before and after, and why.
    case clockRebased(ClockRebase)
    /// A mail message from outside filed with the case (its raw bytes are kept under `sha256`).
    case messageReceived(Correspondence)
    /// A letter the desk sent from the case (its raw bytes are kept under `sha256`).
    case messageSent(Correspondence)
    /// An abuse report's reporter class set or changed, with the reason (it sets the review clock).
    case reporterClassified(ReporterClassification)
    /// Receipt of an abuse report confirmed to the reporter (meets the confirm clock).
    case receiptConfirmed(Moment)
    /// An abuse report's evidence judged actionable or not (meets the review clock; actionable
    /// starts the decide clock).
    case evidenceJudged(EvidenceJudgement)
    /// A mitigation taken back (a hold lifted, a lock removed), as its own move.
    case mitigationUndone(MitigationUndo)
    /// After a mitigation: the registrant's other names reviewed, and those found abusive too.
    case associatedNamesReviewed(AssociatedNamesReview)
    /// An abuse report joined an incident (by hand, or on import: the same domain); `unlinked` undoes it.
    case linked(IncidentLink)
    case unlinked(IncidentLink)

    public struct Assignment: Codable, Sendable, Equatable {
        /// nil when the case is given back to the queue.
        public var to: String?
        public init(to: String?) { self.to = to }
    }

    /// The moment something was sent or happened, which may be earlier than when it was recorded.
    public struct Moment: Codable, Sendable, Equatable {
        public var at: Date
        public init(at: Date) { self.at = at }
    }

    public struct ExtensionNotice: Codable, Sendable, Equatable {
        /// The date the customer was told the answer will come by.
        public var promised: LocalDate
        /// When the notice was sent.
        public var at: Date
        public init(promised: LocalDate, at: Date) {
            self.promised = promised
            self.at = at
        }
    }

    public struct Answer: Codable, Sendable, Equatable {
        public var summary: String
        /// When the answer was sent; the customer's window counts from it.
        public var at: Date
        public init(summary: String, at: Date) {
            self.summary = summary
            self.at = at
        }
    }

    /// A formal complaint addressed to the head of customer support.
    public struct Filing: Codable, Sendable, Equatable {
        public var received: Date
        public var channel: Channel
        public var text: String?
        public init(received: Date, channel: Channel, text: String? = nil) {
            self.received = received
            self.channel = channel
            self.text = text
        }
    }

    public struct EscalationFiling: Codable, Sendable, Equatable {
        public var received: Date
        public var channel: Channel
        /// The subject or the top line of the letter, where the complaint marker is looked for.
        public var heading: String?
        /// The checklist items the escalation carries, in checklist order.
        public var items: [ChecklistItem]
        /// Arrived after the customer's window closed (decided when it was recorded).
        public var late: Bool
        public var text: String?

        public init(received: Date, channel: Channel, heading: String?, items: Set<ChecklistItem>, late: Bool, text: String? = nil) {
            self.received = received
            self.channel = channel
            self.heading = heading
            self.items = ChecklistItem.ordered(items)
            self.late = late
            self.text = text
        }
    }

    public struct LateDecision: Codable, Sendable, Equatable {
        public var accepted: Bool
        public var reason: String
        public init(accepted: Bool, reason: String) {
            self.accepted = accepted
            self.reason = reason
        }
    }

    public struct MissingItems: Codable, Sendable, Equatable {
        public var items: [ChecklistItem]
        public var at: Date
        public init(items: Set<ChecklistItem>, at: Date) {
            self.items = ChecklistItem.ordered(items)
            self.at = at
        }
    }

    public struct Closure: Codable, Sendable, Equatable {
        public var reason: CloseReason
        public var duplicateOf: CaseNumber?
        public var note: String?
        /// When the case was closed, if earlier than the recording (`close --at`).
        public var at: Date?
        public init(reason: CloseReason, duplicateOf: CaseNumber? = nil, note: String? = nil, at: Date? = nil) {
            self.reason = reason
            self.duplicateOf = duplicateOf
            self.note = note
            self.at = at
        }
    }

    public struct Lapse: Codable, Sendable, Equatable {
        /// The end of the customer's window that ran out.
        public var windowEnded: Date
        public init(windowEnded: Date) { self.windowEnded = windowEnded }
    }

    public struct Reopening: Codable, Sendable, Equatable {
        public var reason: String
        public init(reason: String) { self.reason = reason }
    }

    public struct Note: Codable, Sendable, Equatable {
        public var text: String
        /// A note for the next shift (shown in the handover).
        public var handover: Bool
        public init(text: String, handover: Bool = false) {
            self.text = text
            self.handover = handover
        }
    }

    /// A mail message filed with the case, as the trail shows it. The bytes themselves stay in the
    /// store's message archive, found by `sha256`; these fields let the trail say what it was without
    /// opening it, and let a reply find its case by Message-ID.
    public struct Correspondence: Codable, Sendable, Equatable {
        /// SHA-256 of the raw message, 64 lower-case hex digits: what proves the kept bytes unchanged.
        public var sha256: String
        /// The Message-ID in comparison form (no brackets), nil when the message has none.
        public var messageID: String?
        /// When it was received (its Date header, else the import) or sent.
        public var at: Date
        public var from: String
        public var to: String?
        public var subject: String
        /// URLs and IP addresses the message names (abuse reports); the domains go to the case.
        public var urls: [String]
        public var ipAddresses: [String]
        /// For a letter: which one (`acknowledgement`, …) and its language (`en`, `fr`, `de`).
        public var letter: String?
        public var language: String?

        public init(sha256: String, messageID: String?, at: Date, from: String, to: String? = nil, subject: String,
                    urls: [String] = [], ipAddresses: [String] = [], letter: String? = nil, language: String? = nil) {
            self.sha256 = sha256
            self.messageID = messageID
            self.at = at
            self.from = from
            self.to = to
            self.subject = subject
            self.urls = urls
            self.ipAddresses = ipAddresses
            self.letter = letter
            self.language = language
        }
    }

    public struct Routing: Codable, Sendable, Equatable {
        public var team: String
        public init(team: String) { self.team = team }
    }

    public struct ClockRebase: Codable, Sendable, Equatable {
        public var clock: Clock.Kind
        /// The version of the rules the clock counts under from now on.
        public var version: Int
        /// The due moment under the rules it kept until now, and under the new ones.
        public var from: Date
        public var to: Date
        /// What changed, in words ("calendar changed: holiday 2027-05-14 added (Bridge day)").
        public var reason: String
        public init(clock: Clock.Kind, version: Int, from: Date, to: Date, reason: String) {
            self.clock = clock
            self.version = version
            self.from = from
            self.to = to
            self.reason = reason
        }
    }

    public struct Categorization: Codable, Sendable, Equatable {
        /// (Not `type`: that key names the change in the trail's JSON.)
        public var complaintType: String
        public init(type: String) { complaintType = type }
    }

    /// An abuse mitigation (a `MitigationAction`'s name) and the evidence it rests on.
    public struct Mitigation: Codable, Sendable, Equatable {
        public var action: String
        public var evidence: String
        /// When the action was taken, if earlier than the recording (`mitigate --at`).
        public var at: Date?
        /// Registrant notified: the date by which the registrant must act.
        public var deadline: Date?
        public init(action: String, evidence: String, at: Date? = nil, deadline: Date? = nil) {
            self.action = action
            self.evidence = evidence
            self.at = at
            self.deadline = deadline
        }
    }

    public struct ReporterClassification: Codable, Sendable, Equatable {
        public var reporterClass: ReporterClass
        public var reason: String
        public init(reporterClass: ReporterClass, reason: String) {
            self.reporterClass = reporterClass
            self.reason = reason
        }
    }

    public struct EvidenceJudgement: Codable, Sendable, Equatable {
        public var actionable: Bool
        public var reason: String
        /// The policy's checklist items the desk found satisfied, in the policy's words.
        public var checked: [String]
        /// When it was judged, if earlier than the recording (`evidence --at`).
        public var at: Date?
        public init(actionable: Bool, reason: String, checked: [String] = [], at: Date? = nil) {
            self.actionable = actionable
            self.reason = reason
            self.checked = checked
            self.at = at
        }
    }

    public struct MitigationUndo: Codable, Sendable, Equatable {
        /// The `MitigationAction` taken back.
        public var action: String
        public var reason: String
        public var at: Date?
        public init(action: String, reason: String, at: Date? = nil) {
            self.action = action
            self.reason = reason
            self.at = at
        }
    }

    public struct AssociatedNamesReview: Codable, Sendable, Equatable {
        /// How many of the registrant's other names were reviewed.
        public var reviewed: Int
        /// The names found used for abuse too (each may become its own report).
        public var found: [String]
        public var note: String?
        public init(reviewed: Int, found: [String] = [], note: String? = nil) {
            self.reviewed = reviewed
            self.found = found
            self.note = note
        }
    }
}

extension Change {
    /// The stable name of the change in the trail, the CLI's JSON and exports.
    public var type: String {
        switch self {
        case .received: "received"
        case .assigned: "assigned"
        case .acknowledged: "acknowledged"
        case .extensionNotified: "extension_notified"
        case .responded: "responded"
        case .formalComplaintFiled: "formal_complaint"
        case .escalationReceived: "escalation_received"
        case .lateEscalationDecided: "late_escalation_decided"
        case .missingItemsReceived: "missing_items_received"
        case .finalResponseSent: "final_response"
        case .closed: "closed"
        case .lapsed: "lapsed"
        case .reopened: "reopened"
        case .noted: "note"
        case .paused: "paused"
        case .resumed: "resumed"
        case .mitigated: "mitigated"
        case .routed: "routed"
        case .categorized: "categorized"
        case .clockRebased: "clock_rebased"
        case .messageReceived: "message_received"
        case .messageSent: "message_sent"
        case .reporterClassified: "reporter_classified"
        case .receiptConfirmed: "receipt_confirmed"
        case .evidenceJudged: "evidence_judged"
        case .mitigationUndone: "mitigation_undone"
        case .associatedNamesReviewed: "associated_names_reviewed"
        case .linked: "linked"
        case .unlinked: "unlinked"
        }
    }
}

extension Change: Codable {
    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: Decoder) throws {
        let type = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        switch type {
        case "received": self = .received(try Intake(from: decoder))
        case "assigned": self = .assigned(try Assignment(from: decoder))
        case "acknowledged": self = .acknowledged(try Moment(from: decoder))
        case "extension_notified": self = .extensionNotified(try ExtensionNotice(from: decoder))
        case "responded": self = .responded(try Answer(from: decoder))
        case "formal_complaint": self = .formalComplaintFiled(try Filing(from: decoder))
        case "escalation_received": self = .escalationReceived(try EscalationFiling(from: decoder))
        case "late_escalation_decided": self = .lateEscalationDecided(try LateDecision(from: decoder))
        case "missing_items_received": self = .missingItemsReceived(try MissingItems(from: decoder))
        case "final_response": self = .finalResponseSent(try Answer(from: decoder))
        case "closed": self = .closed(try Closure(from: decoder))
        case "lapsed": self = .lapsed(try Lapse(from: decoder))
        case "reopened": self = .reopened(try Reopening(from: decoder))
        case "note": self = .noted(try Note(from: decoder))
        case "paused": self = .paused(try Moment(from: decoder))
        case "resumed": self = .resumed(try Moment(from: decoder))
        case "mitigated": self = .mitigated(try Mitigation(from: decoder))
        case "routed": self = .routed(try Routing(from: decoder))
        case "categorized": self = .categorized(try Categorization(from: decoder))
        case "clock_rebased": self = .clockRebased(try ClockRebase(from: decoder))
        case "message_received": self = .messageReceived(try Correspondence(from: decoder))
        case "message_sent": self = .messageSent(try Correspondence(from: decoder))
        case "reporter_classified": self = .reporterClassified(try ReporterClassification(from: decoder))
        case "receipt_confirmed": self = .receiptConfirmed(try Moment(from: decoder))
        case "evidence_judged": self = .evidenceJudged(try EvidenceJudgement(from: decoder))
        case "mitigation_undone": self = .mitigationUndone(try MitigationUndo(from: decoder))
        case "associated_names_reviewed": self = .associatedNamesReviewed(try AssociatedNamesReview(from: decoder))
        case "linked": self = .linked(try IncidentLink(from: decoder))
        case "unlinked": self = .unlinked(try IncidentLink(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: try decoder.container(keyedBy: TypeKey.self),
                debugDescription: "unknown event type \(type) (written by a newer casedesk?)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(type, forKey: .type)
        switch self {
        case let .received(value): try value.encode(to: encoder)
        case let .assigned(value): try value.encode(to: encoder)
        case let .acknowledged(value): try value.encode(to: encoder)
        case let .extensionNotified(value): try value.encode(to: encoder)
        case let .responded(value): try value.encode(to: encoder)
        case let .formalComplaintFiled(value): try value.encode(to: encoder)
        case let .escalationReceived(value): try value.encode(to: encoder)
        case let .lateEscalationDecided(value): try value.encode(to: encoder)
        case let .missingItemsReceived(value): try value.encode(to: encoder)
        case let .finalResponseSent(value): try value.encode(to: encoder)
        case let .closed(value): try value.encode(to: encoder)
        case let .lapsed(value): try value.encode(to: encoder)
        case let .reopened(value): try value.encode(to: encoder)
        case let .noted(value): try value.encode(to: encoder)
        case let .paused(value): try value.encode(to: encoder)
        case let .resumed(value): try value.encode(to: encoder)
        case let .mitigated(value): try value.encode(to: encoder)
        case let .routed(value): try value.encode(to: encoder)
        case let .categorized(value): try value.encode(to: encoder)
        case let .clockRebased(value): try value.encode(to: encoder)
        case let .messageReceived(value), let .messageSent(value): try value.encode(to: encoder)
        case let .reporterClassified(value): try value.encode(to: encoder)
        case let .receiptConfirmed(value): try value.encode(to: encoder)
        case let .evidenceJudged(value): try value.encode(to: encoder)
        case let .mitigationUndone(value): try value.encode(to: encoder)
        case let .associatedNamesReviewed(value): try value.encode(to: encoder)
        case let .linked(value), let .unlinked(value): try value.encode(to: encoder)
        }
    }
}
