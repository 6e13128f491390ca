// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "casedesk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "casedesk", targets: ["casedesk"]),
        .library(name: "CaseDesk", targets: ["CaseDesk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        // SHA-256 for the trail's links and the message archive (BoringSSL on Linux, CryptoKit's API).
        // (CaseStore hashes the trail through its BoringSSL functions directly: CCryptoBoringSSL, a module of this package.)
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The procedure itself: pure Swift, Foundation only.
        .target(name: "CaseDesk"),
        // Reads policy, calendar and desk configuration files (TOML) into CaseDesk values.
        .target(
            name: "CaseDeskConfig",
            dependencies: ["CaseDesk", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // libpq (PostgreSQL's reference client) as a Clang module; only CaseStore's PostgreSQL folder imports it.
        .systemLibrary(name: "CLibPQ", providers: [.apt(["libpq-dev"])]),
        // `casedesk_rows(?)`, the table-valued function a demo load's INSERT … SELECT reads packed rows through (C: SQLite's module API).
        .target(name: "CBulkRows", linkerSettings: [.linkedLibrary("sqlite3")]),
        // The shared case store: the protocol, and its SQLite and PostgreSQL backends (the only code that knows SQL).
        .target(
            name: "CaseStore",
            dependencies: [
                "CaseDesk", "CaseDeskConfig", "CLibPQ", "CBulkRows",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Mail messages, mbox and Maildir -> intake drafts: pure parsing, no store, no printing.
        .target(name: "MailIntake", dependencies: ["CaseDesk", .product(name: "Crypto", package: "swift-crypto")]),
        // The procedure's letters from Mustache templates (built in, or the desk's own): pure rendering.
        .target(name: "Letters", dependencies: ["CaseDesk", .product(name: "Mustache", package: "swift-mustache")]),
        // Mail in and letters out: imports drafts into the store, writes letters into the outbox.
        .target(name: "MailDesk", dependencies: ["CaseDesk", "CaseDeskConfig", "CaseStore", "MailIntake", "Letters"]),
        .executableTarget(
            name: "casedesk",
            dependencies: [
                "CaseDesk", "CaseDeskConfig", "CaseStore", "TerminalKit", "MailIntake",
                "Letters", "MailDesk", "CaseDeskTUI", "CursesTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Terminal toolkit: text width, grid, theme, keymap and widgets; no ncurses.
        .target(
            name: "TerminalKit",
            dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // libncursesw as a Clang module; only CursesTerminal imports it.
        .systemLibrary(name: "CNCursesW"),
        // The ncurses adapter: start/stop, keys, colours, painting a Grid.
        .target(name: "CursesTerminal", dependencies: ["CNCursesW", "TerminalKit"]),
        // The desk on screen: app state, update (keys -> state + effects), render (state -> Grid); no ncurses.
        // Letters are previewed and sent from the screens, through the same code as `casedesk letter`.
        .target(name: "CaseDeskTUI", dependencies: ["CaseDesk", "CaseDeskConfig", "CaseStore", "TerminalKit", "Letters", "MailIntake",
                                                    "MailDesk"]),
        .testTarget(name: "CaseDeskTests", dependencies: ["CaseDesk"]),
        .testTarget(name: "CaseDeskConfigTests", dependencies: ["CaseDeskConfig"]),
        // The store's contract and reliability tests; they also run the built casedesk binary.
        .testTarget(
            name: "CaseStoreTests",
            dependencies: ["CaseStore", "casedesk", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "CursesTerminalTests", dependencies: ["CursesTerminal", "TerminalKit"]),
        .testTarget(name: "MailIntakeTests", dependencies: ["MailIntake", "CaseDesk"], resources: [.copy("Samples")]),
        .testTarget(name: "LettersTests", dependencies: ["Letters", "CaseDesk"]),
        // Import and sending on real stores, and the import, message and letter commands of the real binary.
        .testTarget(
            name: "MailDeskTests",
            dependencies: ["MailDesk", "MailIntake", "Letters", "CaseStore", "CaseDesk", "casedesk"],
            // Read by path, so the same files are handed to the real binary.
            exclude: ["Samples"]
        ),
        // The screens' snapshots and keys; the end-to-end tests drive the built binary in tmux.
        .testTarget(name: "CaseDeskTUITests", dependencies: ["CaseDeskTUI", "CaseDesk", "CaseStore", "TerminalKit", "Letters", "MailIntake",
                                                         "MailDesk", "casedesk"],
                    exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)
