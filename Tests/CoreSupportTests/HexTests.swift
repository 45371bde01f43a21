import CoreSupport
import Testing

struct HexTests {
    @Test func lowercaseHexOfEveryByteValue() {
        #expect(Hex.lowercase([]) == "")
        #expect(Hex.lowercase([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        let all = Hex.lowercase((0...255).map(UInt8.init))
        #expect(all.count == 512)
        #expect(all.hasPrefix("000102") && all.hasSuffix("fdfeff"))
    }

    @Test func constantTimeEqualityComparesLengthAndEveryByte() {
        #expect(Hex.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!Hex.constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!Hex.constantTimeEquals(Array("abc".utf8), Array("ab".utf8)))
        #expect(!Hex.constantTimeEquals(Array("xbc".utf8), Array("abc".utf8)))
        #expect(Hex.constantTimeEquals([], []))
        #expect(Hex.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!Hex.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!Hex.constantTimeEquals([1, 2], [1, 2, 3]))
    }

    @Test func randomSecretsAreHexOfTheirLengthAndDiffer() {
        let one = Hex.randomSecret()
        #expect(one.count == 64)
        #expect(one.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(Hex.randomSecret() != one)
        #expect(Hex.randomSecret(byteCount: 4).count == 8)
    }
}
