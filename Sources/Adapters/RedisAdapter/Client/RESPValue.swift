/// One reply of the Redis serialization protocol (RESP2), as parsed by hiredis.
public enum RESPValue: Sendable, Hashable {
    /// A status reply (`+OK`).
    case simpleString(String)
    /// An error reply (`-ERR ...`).
    case error(String)
    /// An integer reply (`:1`).
    case integer(Int)
    /// A bulk string reply, binary-safe.
    case bulkString([UInt8])
    /// A nil bulk string or nil array.
    case null
    /// An array reply.
    indirect case array([RESPValue])

    /// The reply as bytes when it is a bulk or status string, else nil.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): bytes
        case .simpleString(let string): Array(string.utf8)
        default: nil
        }
    }

    /// The reply as a UTF-8 string when it is a bulk or status string, else nil.
    public var string: String? {
        switch self {
        case .bulkString(let bytes): String(decoding: bytes, as: UTF8.self)
        case .simpleString(let string): string
        default: nil
        }
    }

    /// The reply as an integer when it is an integer (or a bulk string holding one), else nil.
    public var integer: Int? {
        switch self {
        case .integer(let value): value
        case .bulkString(let bytes): Int(String(decoding: bytes, as: UTF8.self))
        default: nil
        }
    }

    /// Whether the reply is an error reply.
    public var isError: Bool {
        if case .error = self { return true }
        return false
    }
}
