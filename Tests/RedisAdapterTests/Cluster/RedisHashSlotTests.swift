import Testing

@testable import RedisAdapter

@Suite("Redis Cluster slot hashing (CRC16 XMODEM, hash tags)")
struct RedisHashSlotTests {
    /// The check value of CRC16/XMODEM, the one Redis's cluster specification gives.
    @Test func crc16OfTheStandardCheckString() {
        #expect(RedisHashSlot.crc16(Array("123456789".utf8)) == 0x31C3)
        #expect(RedisHashSlot.crc16([UInt8]()) == 0)
    }

    /// Slots Redis itself reports with `CLUSTER KEYSLOT` (the cluster integration test checks more live).
    @Test func slotsOfKnownKeys() {
        #expect(RedisHashSlot.of("foo") == 12182)
        #expect(RedisHashSlot.of("bar") == 5061)
        #expect(RedisHashSlot.of("hello") == 866)
        #expect(RedisHashSlot.of("123456789") == 0x31C3 % 16384)
    }

    @Test func hashTagRules() {
        // The first `{` and the next `}`: only what is between them is hashed.
        #expect(RedisHashSlot.of("{user1000}.following") == RedisHashSlot.of("user1000"))
        #expect(RedisHashSlot.of("{user1000}.followers") == RedisHashSlot.of("{user1000}.following"))
        #expect(RedisHashSlot.of("foo{bar}{zap}") == RedisHashSlot.of("bar"))
        #expect(RedisHashSlot.of("foo{{bar}}zap") == RedisHashSlot.of("{bar"))
        // An empty tag, or a `{` with no `}` after it: the whole key is hashed.
        #expect(RedisHashSlot.of("foo{}{bar}") == Int(RedisHashSlot.crc16(Array("foo{}{bar}".utf8))) % 16384)
        #expect(RedisHashSlot.of("foo{bar") == Int(RedisHashSlot.crc16(Array("foo{bar".utf8))) % 16384)
        #expect(RedisHashSlot.of("}foo{") == Int(RedisHashSlot.crc16(Array("}foo{".utf8))) % 16384)
    }

    @Test func everySlotIsInRange() {
        for index in 0..<2000 {
            #expect((0..<16384).contains(RedisHashSlot.of("key:\(index)")))
        }
    }
}
