import Observability
import Testing

@Suite struct TraceParentTests {
    static let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test func parsesTheW3CExample() throws {
        let parent = try #require(TraceParent(header: Self.valid))
        #expect(parent.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(parent.parentID == "00f067aa0ba902b7")
        #expect(parent.flags == 1)
        #expect(parent.isSampled)
        #expect(parent.headerValue == Self.valid)
        #expect(TraceParent(header: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")?.isSampled == false)
    }

    @Test(arguments: [
        nil, "", "garbage",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // forbidden version
        "0G-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // version not hex
        "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // version upper case
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",  // future version, no dash after flags
        "01-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01-abc",  // future version, zero parent id
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-" + String(repeating: "a", count: 500),
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  // zero parent id
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  // upper case
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",  // short trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",  // short flags
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // version 00 has four fields
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n",
        "00-4bf92f3577b34da6a3ce929d0e0e4736\r\n00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7\r\n01",
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
        " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",
        "00-4bf92f3577b34da6a3ce929d0e0e47\u{E9}-00f067aa0ba902b7-01",
        String(repeating: "0", count: 100_000),
    ])
    func malformedHeadersAreRejected(header: String?) {
        #expect(TraceParent(header: header) == nil)
    }

    @Test func aFutureVersionIsReadAsVersion00AndWrittenAs00() throws {
        let bare = try #require(TraceParent(header: "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        #expect(bare.headerValue == Self.valid)
        let extended = try #require(
            TraceParent(header: "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03-what-the-future-holds"))
        #expect(extended.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(extended.parentID == "00f067aa0ba902b7")
        // Only `sampled` is understood in a later version; the other bits are dropped.
        #expect(extended.flags == 0x01)
        #expect(extended.headerValue == Self.valid)
        // Version 00 keeps its flags as sent.
        #expect(TraceParent(header: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03")?.flags == 0x03)
    }

    @Test func childKeepsTheTraceAndMakesANewSpan() throws {
        let parent = try #require(TraceParent(header: Self.valid))
        let child = parent.child()
        #expect(child.traceID == parent.traceID)
        #expect(child.parentID != parent.parentID)
        #expect(child.flags == parent.flags)
        #expect(TraceParent(header: child.headerValue) == child)
    }

    @Test func generatedRootsAreValid() throws {
        for _ in 0..<100 {
            let root = TraceParent.generate()
            let parsed = try #require(TraceParent(header: root.headerValue))
            #expect(parsed == root)
            #expect(parsed.isSampled)
        }
        #expect(TraceParent.generate().traceID != TraceParent.generate().traceID)
    }
}
