import Foundation
import Testing
@testable import MailIntake

/// The sample messages under `Samples/`, written for these tests in the shapes found in real mail.
enum Samples {
    static var folder: URL {
        get throws {
            try #require(Bundle.module.url(forResource: "Samples", withExtension: nil))
        }
    }

    static func path(_ name: String) throws -> String {
        try folder.appendingPathComponent(name).path
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func message(_ name: String) throws -> MailMessage {
        try MailMessage(bytes: bytes(name))
    }

    static func draft(_ name: String, configuration: IntakeConfiguration = .standard) throws -> IntakeDraft {
        try IntakeParser(configuration: configuration).draft(from: RawMessage(bytes: bytes(name), origin: MessageOrigin(path: name)))
    }
}
