import CaseDeskConfig
import CaseStore
import Foundation
import Letters
import MailIntake

/// The desk's mail settings: the `[mail]` table of `~/.config/casedesk/config.toml`
/// (`$XDG_CONFIG_HOME/casedesk/config.toml`). Only that table is read here; the file's other
/// tables belong to other parts of casedesk, which read them themselves.
///
/// ```toml
/// [mail]
/// from = "Registrar Customer Support <complaints@registrar.example>"  # From of every letter
/// abuse_from = "Registrar Abuse Desk <abuse@registrar.example>"       # letters on abuse reports (default: from)
/// outbox = "/var/spool/casedesk/outbox"  # the Maildir letters go to (default: outbox/ beside the store)
/// language = "de"                         # letters when the case gives no clue (default: en)
/// desk_name = "Customer Support"          # the signature (default: the template's own)
/// templates = "/etc/casedesk/templates"   # the desk's templates (default: ~/.config/casedesk/templates)
/// complaints = ["complaints", "beschwerde@registrar.example"]  # recipients that make a complaint
/// abuse = ["abuse"]
/// feedback = ["feedback"]
/// ```
public struct MailSettings: Sendable, Equatable {
    public var from: MailAddress?
    public var abuseFrom: MailAddress?
    public var outbox: String?
    public var language: LetterLanguage?
    public var deskName: String?
    public var templates: String?
    /// Which recipients make a complaint, an abuse report or feedback (local parts or full addresses).
    public var addresses: MailAddresses
    /// The settings file these come from (read, or looked for and missing); nil when not from a file.
    public var file: String?

    public init(from: MailAddress? = nil, abuseFrom: MailAddress? = nil, outbox: String? = nil, language: LetterLanguage? = nil,
                deskName: String? = nil, templates: String? = nil, addresses: MailAddresses = .standard) {
        self.from = from
        self.abuseFrom = abuseFrom
        self.outbox = outbox
        self.language = language
        self.deskName = deskName
        self.templates = templates
        self.addresses = addresses
    }

    /// `$XDG_CONFIG_HOME/casedesk/config.toml`, else `~/.config/casedesk/config.toml`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/casedesk/config.toml" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/casedesk/config.toml" }
        return nil
    }

    /// The settings of the file at `path`; a missing file (or nil) is the defaults.
    public static func load(path: String?) throws(ConfigError) -> MailSettings {
        var settings = MailSettings()
        if let path, FileManager.default.fileExists(atPath: path) { settings = try parse(ConfigDocument.load(path: path)) }
        settings.file = path
        return settings
    }

    public static func parse(_ document: ConfigDocument) throws(ConfigError) -> MailSettings {
        guard let mail = try document.reader().table("mail") else { return MailSettings() }
        var settings = MailSettings()
        settings.from = try address(mail, "from")
        settings.abuseFrom = try address(mail, "abuse_from")
        settings.outbox = try path(mail, "outbox")
        settings.templates = try path(mail, "templates")
        if let text = try mail.string("language") {
            guard let language = LetterLanguage(argument: text) else {
                throw mail.error("language", .invalidValue("\"\(text)\" is not a letter language: en, fr or de"))
            }
            settings.language = language
        }
        settings.deskName = try mail.string("desk_name").flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let standard = MailAddresses.standard
        settings.addresses = MailAddresses(
            complaints: try recipients(mail, "complaints") ?? standard.complaints,
            abuse: try recipients(mail, "abuse") ?? standard.abuse,
            feedback: try recipients(mail, "feedback") ?? standard.feedback)
        try mail.rejectUnknownKeys()
        return settings
    }

    /// The outbox: as configured, else `outbox/` in the store's folder.
    public func outboxPath(storePath: String) -> String {
        if let outbox { return outbox }
        // A store on a database server has no folder of its own: the letters wait in this account's.
        if case .postgreSQL? = try? StoreLocation(storePath) { return StorePath.dataFolder() + "/outbox" }
        return URL(fileURLWithPath: storePath).deletingLastPathComponent().appendingPathComponent("outbox").path
    }

    /// The From of letters on a case of this kind.
    public func sender(abuse: Bool) -> MailAddress? {
        abuse ? abuseFrom ?? from : from
    }

    private static func address(_ reader: ConfigDocument.Reader, _ key: String) throws(ConfigError) -> MailAddress? {
        guard let text = try reader.string(key) else { return nil }
        let addresses = MailAddress.list(from: text)
        guard addresses.count == 1, let address = addresses.first, address.address.contains("@"), !address.domain.isEmpty else {
            throw reader.error(key, .invalidValue("\"\(text)\" is not one mail address (e.g. \"Customer Support <complaints@registrar.example>\")"))
        }
        return address
    }

    private static func path(_ reader: ConfigDocument.Reader, _ key: String) throws(ConfigError) -> String? {
        guard let text = try reader.string(key) else { return nil }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw reader.error(key, .invalidValue("is empty; name a folder")) }
        if text.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] { return home + text.dropFirst(1) }
        return text
    }

    private static func recipients(_ reader: ConfigDocument.Reader, _ key: String) throws(ConfigError) -> [String]? {
        guard let list = try reader.strings(key) else { return nil }
        if list.isEmpty || list.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw reader.error(key, .invalidValue("list at least one address or local part, none of them empty"))
        }
        return list
    }
}
