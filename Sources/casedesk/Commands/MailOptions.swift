import ArgumentParser
import CaseDeskConfig
import Foundation
import MailDesk

/// Where the mail settings come from: `--config`, else `~/.config/casedesk/config.toml`.
struct MailOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp(
        "The settings file whose [mail] table is read (default: $XDG_CONFIG_HOME/casedesk/config.toml, else ~/.config/casedesk/config.toml).",
        valueName: "PATH"))
    var config: String?

    func settings() throws -> MailSettings {
        if let config, !FileManager.default.fileExists(atPath: config) {
            throw CLIError.usage("--config \(config): no such file")
        }
        do {
            return try MailSettings.load(path: config ?? MailSettings.defaultPath())
        } catch {
            throw CLIError.refused(error.description)
        }
    }
}
