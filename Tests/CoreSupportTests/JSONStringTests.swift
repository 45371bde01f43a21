import CoreSupport
import Foundation
import Testing

@Suite("JSON string literals")
struct JSONStringTests {
    @Test("escapes what JSON and JavaScript cannot hold, and reads back the same text")
    func escapes() throws {
        let text = "a\"b\\c\nd\re\tf\u{01}g\u{7F}h\u{2028}i\u{2029}j<k>&é😀"
        let literal = JSONString.literal(text)
        #expect(literal == #""a\"b\\c\nd\re\tf\u0001g\u007fh\u2028i\u2029j<k>&é😀""#)
        let markup = JSONString.literal("<a&b>", escapingMarkup: true)
        #expect(markup == #""\u003ca\u0026b\u003e""#)
        for candidate in [literal, markup] {
            let decoded = try JSONDecoder().decode(String.self, from: Data(candidate.utf8))
            #expect(decoded == (candidate == literal ? text : "<a&b>"))
        }
    }

    @Test("plain text is copied as is")
    func plain() {
        var out: [UInt8] = []
        JSONString.append("plain text", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"plain text\"")
    }
}
