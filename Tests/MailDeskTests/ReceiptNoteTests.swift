import Foundation
import MailIntake
import Testing
@testable import MailDesk

@Suite("The receipt note's time")
struct ReceiptNoteTests {
    @Test("written as ISO8601DateFormatter writes it, before 1970 too", arguments: [
        0.0, 1_805_706_900, 1_805_706_900.999, -1.5, -946_079_983, 4_102_444_800, 631_151_999,
    ] as [Double])
    func sameAsFormatter(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(IntakeDraft.isoUTC(date) == ISO8601DateFormatter().string(from: date))
    }
}
