/// One Redis command: its name and its arguments, each sent as a binary-safe bulk string.
public struct RedisCommand: Sendable, Hashable {
    /// The command name followed by its arguments.
    public var arguments: [[UInt8]]

    /// A command from its name and arguments, e.g. `RedisCommand("SET", .string(key), .bytes(value))`.
    public init(_ name: String, _ arguments: RedisArgument...) {
        self.init(name, arguments: arguments)
    }

    /// A command from its name and an array of arguments.
    public init(_ name: String, arguments: [RedisArgument]) {
        var all: [[UInt8]] = [Array(name.utf8)]
        all.reserveCapacity(arguments.count + 1)
        for argument in arguments { all.append(argument.bytes) }
        self.arguments = all
    }

    /// The command name, for logs and errors (never the arguments, which may hold secrets).
    public var name: String {
        String(decoding: arguments.first ?? [], as: UTF8.self).uppercased()
    }
}

/// One argument of a `RedisCommand`.
public struct RedisArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// The argument's bytes as sent.
    public var bytes: [UInt8]

    /// Raw bytes, sent as they are.
    public static func bytes(_ bytes: [UInt8]) -> RedisArgument { RedisArgument(bytes: bytes) }

    /// A string, sent as UTF-8.
    public static func string(_ string: String) -> RedisArgument { RedisArgument(bytes: Array(string.utf8)) }

    /// An integer, sent in decimal.
    public static func int(_ value: Int) -> RedisArgument { RedisArgument(bytes: Array(String(value).utf8)) }

    /// Raw bytes, sent as they are.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A string literal, sent as UTF-8.
    public init(stringLiteral value: String) {
        self.bytes = Array(value.utf8)
    }

    /// An integer literal, sent in decimal.
    public init(integerLiteral value: Int) {
        self.bytes = Array(String(value).utf8)
    }
}
