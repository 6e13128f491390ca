import CaseDeskConfig
import Foundation

/// The person's own settings for the screens: the top-level keys of `~/.config/casedesk/config.toml`
/// (its `[mail]` table belongs to mail and letters, which read it themselves):
///
/// ```toml
/// theme = "light"        # a built-in or own theme name, or a path to a .toml file
/// ```
///
/// A missing file is no settings; a wrong key is an error that names the file, the key and the line,
/// so a typo never silently does nothing.
public struct DeskConfig: Equatable, Sendable {
    public var theme: String?

    public init(theme: String? = nil) {
        self.theme = theme
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
        _ = try reader.table("mail")
        try reader.rejectUnknownKeys()
        return DeskConfig(theme: theme)
    }
}
