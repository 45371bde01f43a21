import Testing

@testable import Observability

@Suite struct IdentifierRandomTests {
    @Test func xoshiroMatchesTheReferenceSequence() {
        // The reference C implementation seeded with {1, 2, 3, 4}.
        var generator = Xoshiro256StarStar(state: (1, 2, 3, 4))
        #expect(generator.next() == 11520)
        #expect(generator.next() == 0)
        #expect(generator.next() == 1_509_978_240)
        #expect(generator.next() == 1_215_971_899_390_074_240)
    }

    @Test func sharedGeneratorGivesDistinctNonZeroValues() {
        var seen = Set<UInt64>()
        for _ in 0..<10_000 {
            let value = IdentifierRandom.nextNonZero()
            #expect(value != 0)
            seen.insert(value)
        }
        #expect(seen.count == 10_000)
    }

    @Test func traceIdsAreLowerHexOfFixedWidth() {
        for _ in 0..<200 {
            let trace = TraceParent.generate()
            #expect(trace.traceID.utf8.count == 32 && trace.parentID.utf8.count == 16)
            #expect(trace.headerValue.hasPrefix("00-") && trace.headerValue.hasSuffix("-01"))
            #expect(TraceParent(header: trace.headerValue) != nil)
        }
    }
}
