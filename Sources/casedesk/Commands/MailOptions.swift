import ArgumentParser
import CaseStore
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

    /// Hands over letters recorded as sent but left in the outbox's `tmp/` (see
    /// `Outbox.recoverStranded`). A `--config` given must be readable; without it, unreadable
    /// default settings leave the outbox beside the store to check, so `sweep` from cron still runs.
    func recoverOutbox(store: any CaseStore, storePath: String) throws -> Outbox.Recovery {
        let settings = config == nil ? (try? settings()) ?? MailSettings() : try settings()
        return Outbox(path: settings.outboxPath(storePath: storePath)).recoverStranded(store: store)
    }
}
