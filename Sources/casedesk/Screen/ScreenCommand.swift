import ArgumentParser
import Foundation

/// The desk on screen: what `casedesk` with no subcommand runs (the root's default subcommand, so its
/// options never shadow the subcommands' own `--db` and `--as`).
struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Open the desk on screen (what casedesk does with no subcommand).",
        discussion: """
            Keys: ? lists every key of the screen you are on. Colour themes: default, light, high-contrast, \
            mono, or your own in ~/.config/casedesk/themes/NAME.toml; choose with --theme or theme = "NAME" \
            in ~/.config/casedesk/config.toml. NO_COLOR or a terminal without colours gives mono.
            """)

    @OptionGroup var place: StorePlace

    @Option(help: ArgumentHelp(
        "Colour theme: a name (default, light, high-contrast, mono, or yours) or a .toml file.", valueName: "NAME|PATH"))
    var theme: String?

    /// Benchmarks: report the first frame on this file descriptor (then run the key script or quit).
    @Option(name: .customLong("bench-report"), help: .hidden) var benchReport: Int32?
    @Flag(name: .customLong("bench-keys"), help: .hidden) var benchKeys = false

    func run() throws {
        let launcher = DeskLauncher(place: place, theme: theme, benchReport: benchReport, benchKeys: benchKeys)
        try MainActor.assumeIsolated { try launcher.run() }
    }
}
