import CaseDeskConfig
import Foundation

/// The person's own settings for the screens: the top-level keys of `~/.config/casedesk/config.toml`
/// (its `[mail]` table belongs to mail and letters, which read it themselves):
///
/// ```toml
/// theme = "light"        # a built-in or own theme name, or a path to a .toml file
/// assign_new_cases_to_me = false   # a case taken in on the screen stays unassigned (default: true)
/// print_command = ["lpr", "-P", "office"]   # p on a letter pipes it here (default: lpr); a string splits at spaces
///
/// [[filter]]             # saved views of the queue, cycled with v (see `SavedFilter`)
/// name = "urgent"
/// due = "overdue-or-today"
/// ```
///
/// A missing file is no settings; a wrong key is an error that names the file, the key and the line,
/// so a typo never silently does nothing.
public struct DeskConfig: Equatable, Sendable {
    public var theme: String?
    /// A case taken in on the screen is assigned to whoever took it in.
    public var assignsNewCasesToTaker: Bool
    /// The queue's saved views, in the file's order.
    public var filters: [SavedFilter]
    /// What p on a letter pipes the letter to (argv): for post and fax contacts.
    public var printCommand: [String]

    public init(theme: String? = nil, assignsNewCasesToTaker: Bool = true, filters: [SavedFilter] = [], printCommand: [String] = ["lpr"]) {
        self.theme = theme
        self.printCommand = printCommand
        self.assignsNewCasesToTaker = assignsNewCasesToTaker
        self.filters = filters
    }

    public static func load(path: String) throws(ConfigError) -> DeskConfig {
        guard FileManager.default.fileExists(atPath: path) else { return DeskConfig() }
        return try parse(ConfigDocument.load(path: path))
    }

    public static func parse(_ document: ConfigDocument) throws(ConfigError) -> DeskConfig {
        let reader = document.reader()
        let theme = try reader.string("theme")
        if let theme, theme.trimmingCharacters(in: .whitespaces).isEmpty {
            throw reader.error("theme", .invalidValue("is empty; name a theme (default, light, high-contrast, mono) or a file"))
        }
        let assigns = try reader.bool("assign_new_cases_to_me") ?? true
        var filters: [SavedFilter] = []
        for table in try reader.tables("filter") {
            let filter = try SavedFilter.parse(table)
            if filters.contains(where: { $0.name == filter.name }) {
                throw table.error("name", .invalidValue("\"\(filter.name)\" names two filters"))
            }
            filters.append(filter)
        }
        var printCommand = ["lpr"]
        if let list = try? reader.strings("print_command") {
            printCommand = list
        } else if let line = try reader.string("print_command") {
            printCommand = line.split(separator: " ").map(String.init)
        }
        if printCommand.first?.isEmpty ?? true {
            throw reader.error("print_command", .invalidValue("is empty; name the program that prints (lpr by default)"))
        }
        _ = try reader.table("mail")
        try reader.rejectUnknownKeys()
        return DeskConfig(theme: theme, assignsNewCasesToTaker: assigns, filters: filters, printCommand: printCommand)
    }
}
