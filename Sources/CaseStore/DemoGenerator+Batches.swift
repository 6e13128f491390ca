import CaseDesk
import Foundation

extension DemoGenerator {
    /// Cases made per batch by a large demo load.
    public static let batchSize = 10_000

    /// The cases of batch `index` of a load of `count` cases from `firstNumber`, each half from a
    /// seed of its own, so a batch is the same whichever thread makes it and in whatever order;
    /// each case is handed to `body` as `nextCase` hands it over. Cases spread evenly over the span
    /// in case order, with a little jitter: case numbers follow the receipt dates, and index keys
    /// arrive nearly in order.
    public mutating func batch(_ index: Int, of count: Int, from firstNumber: CaseNumber, seed: UInt64, half: Int,
                               _ body: (_ events: [Event], _ state: borrowing CaseState) -> Void) {
        let start = index * Self.batchSize
        let size = min(Self.batchSize, count - start)
        let offsets = half == 0 ? 0..<size / 2 : size / 2..<size
        let halfSeed = seed &+ UInt64(index) &* 0x9E37_79B9 &+ UInt64(half) &* 0x85EB_CA6B
        reseed(halfSeed)
        var jitter = SplitMix64(seed: halfSeed ^ 0x5DEE_CE66)
        for offset in offsets {
            _ = nextCase(number: firstNumber + CaseNumber(start + offset),
                         position: (Double(start + offset) + jitter.unit()) / Double(count), body)
        }
    }
}
