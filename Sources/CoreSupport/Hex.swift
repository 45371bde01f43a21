/// Lower-case hex text of bytes, its constant-time comparison, and random hex secrets: what every signer and
/// checker of HMAC signatures in coursed needs (Pusher's, the embedded store's, the playlist links').
public enum Hex {
    /// `bytes` as lower-case hex, two digits a byte.
    public static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Equal length and equal bytes, without an early exit on the first difference (for signatures).
    public static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// `byteCount` bytes from the system's secure generator, as lower-case hex.
    public static func randomSecret(byteCount: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        return lowercase((0..<byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
