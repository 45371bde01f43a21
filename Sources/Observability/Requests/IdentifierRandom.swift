import Synchronization

/// Random bits for request and trace ids: xoshiro256** seeded once from the system generator.
///
/// Ids need to be unique and unpredictable enough to not collide across processes, not to be secrets; the system
/// generator costs a system call per 64 bits (and Foundation's `UUID()` opens `/dev/urandom` every time), which
/// showed in the profile of the cheapest request. Shared behind a lock: an uncontended lock is a few nanoseconds.
enum IdentifierRandom {
    private static let state = Mutex(Xoshiro256StarStar())

    /// 64 random bits.
    static func next() -> UInt64 {
        state.withLock { $0.next() }
    }

    /// 64 random bits, never all zero (W3C trace and span ids must not be zero).
    static func nextNonZero() -> UInt64 {
        state.withLock { generator in
            var value = generator.next()
            while value == 0 { value = generator.next() }
            return value
        }
    }

    /// `value` as lower-case hex, zero-padded to `digits` (at most 16).
    static func hex(_ value: UInt64, digits: Int) -> String {
        let alphabet: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: digits) { buffer in
            for index in 0..<digits {
                let nibble = Int((value >> (4 * UInt64(digits - 1 - index))) & 0xF)
                buffer[index] = alphabet.utf8Start[nibble]
            }
            return digits
        }
    }
}

/// The xoshiro256** generator (Blackman and Vigna), seeded from `SystemRandomNumberGenerator`.
struct Xoshiro256StarStar: RandomNumberGenerator {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    init() {
        var system = SystemRandomNumberGenerator()
        repeat {
            s = (system.next(), system.next(), system.next(), system.next())
        } while s == (0, 0, 0, 0)
    }

    /// A generator in a given state (tests compare it with the reference implementation).
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        s = state
    }

    mutating func next() -> UInt64 {
        let result = rotate(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotate(s.3, 45)
        return result
    }

    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}
