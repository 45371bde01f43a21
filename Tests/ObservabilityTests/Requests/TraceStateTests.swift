import Observability
import Testing

@Suite struct TraceStateTests {
    @Test func parsesTheW3CExample() throws {
        let state = try #require(TraceState(header: "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"))
        #expect(state.members.map(\.key) == ["rojo", "congo"])
        #expect(state.members.map(\.value) == ["00f067aa0ba902b7", "t61rcWkgMzE"])
        #expect(state.headerValue == "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
    }

    @Test func dropsEmptyMembersAndOptionalWhiteSpace() throws {
        let state = try #require(TraceState(header: " rojo=1 ,\t, congo=a b \t,"))
        #expect(state.headerValue == "rojo=1,congo=a b")
    }

    @Test(arguments: [
        "fw529a3039@dt=abc",  // multi-tenant key
        "1tenant@sys=x",  // a tenant id may start with a digit
        "a_b-c*d/e=~!\"#$%&'()*+-./:;<>?@[]^_`{|}",  // every allowed key and value character kind
        "k=" + String(repeating: "v", count: 256),
        String(repeating: "k", count: 256) + "=v",
        (0..<32).map { "k\($0)=v" }.joined(separator: ","),
    ])
    func acceptsWhatTheGrammarAllows(header: String) {
        #expect(TraceState(header: header)?.headerValue == header)
    }

    @Test(arguments: [
        nil, "", " ", " , ,",
        "Rojo=1",  // upper-case key
        "1rojo=1",  // a simple key starts with a letter
        "rojo",  // no value
        "rojo=",  // empty value
        "=1",  // empty key
        "rojo=1=2",  // `=` in a value
        "rojo=1,rojo=2",  // duplicate key
        "rojo=1\r\ncongo=2",  // CR/LF
        "rojo=1\u{7F}",  // DEL
        "rojo=caf\u{E9}",  // non-ASCII
        "t@system_id_too_long=1",  // system id over 14
        "t@1sys=1",  // a system id starts with a letter
        "k=" + String(repeating: "v", count: 257),
        String(repeating: "k", count: 257) + "=v",
        (0..<33).map { "k\($0)=v" }.joined(separator: ","),  // over 32 members
    ])
    func refusesMalformedHeadersWhole(header: String?) {
        #expect(TraceState(header: header) == nil)
    }
}
