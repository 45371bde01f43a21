import Foundation
import Testing

@testable import PostgresAdapter

@Suite("UUID text and array parameters (no database)")
struct UUIDAndArrayCodingTests {
    @Test("the hand-written UUID parser agrees with Foundation, in either case")
    func uuidParsingMatchesFoundation() throws {
        for _ in 0..<200 {
            let id = UUID()
            #expect(UUID(postgresText: id.uuidString.lowercased()) == id)
            #expect(UUID(postgresText: id.uuidString) == id)
        }
        let fixed = try #require(UUID(uuidString: "00000000-0000-0000-0000-00000000000F"))
        #expect(UUID(postgresText: "00000000-0000-0000-0000-00000000000f") == fixed)
    }

    @Test(
        "malformed UUID text is refused",
        arguments: [
            "", "not-a-uuid", "0123456789abcdef0123456789abcdef", "01234567-89ab-cdef-0123-456789abcdeg",
            "01234567-89ab-cdef-0123-456789abcde", "01234567-89ab-cdef-0123-456789abcdef0",
            "01234567089ab-cdef-0123-456789abcdef", "{1234567-89ab-cdef-0123-456789abcdef}",
            "01234567-89ab-cdef-0123-456789abcdé",
        ])
    func malformedUUIDs(_ text: String) {
        #expect(UUID(postgresText: text) == nil)
    }

    @Test("array parameters quote and escape every element")
    func arrayText() {
        #expect(PostgresArray([String]()).postgresText == "{}")
        #expect(PostgresArray(["a", "b"]).postgresText == #"{"a","b"}"#)
        #expect(PostgresArray([#"q"uote"#, #"back\slash"#, "}{,"]).postgresText == #"{"q\"uote","back\\slash","}{,"}"#)
        #expect(PostgresArray([Optional("x"), nil]).postgresText == #"{"x",NULL}"#)
        let id = UUID()
        #expect(PostgresArray([id]).postgresText == "{\"\(id.uuidString.lowercased())\"}")
    }
}
