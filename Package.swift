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
    ],
    targets: [
        // The procedure itself: pure Swift, Foundation only.
        .target(name: "CaseDesk"),
        // Reads policy, calendar and desk configuration files (TOML) into CaseDesk values.
        .target(
            name: "CaseDeskConfig",
            dependencies: ["CaseDesk", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // Mail messages, mbox and Maildir -> intake drafts: pure parsing, no store, no printing.
        .target(name: "MailIntake", dependencies: ["CaseDesk"]),
        .executableTarget(
            name: "casedesk",
            dependencies: [
                "CaseDesk", "CaseDeskConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CaseDeskTests", dependencies: ["CaseDesk"]),
        .testTarget(name: "CaseDeskConfigTests", dependencies: ["CaseDeskConfig"]),
        .testTarget(name: "MailIntakeTests", dependencies: ["MailIntake", "CaseDesk"], resources: [.copy("Samples")]),
    ],
    swiftLanguageModes: [.v6]
)
