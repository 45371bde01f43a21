import CHiredis
import NIOCore

/// Encodes commands with hiredis' `redisFormatCommandArgv` (binary-safe: every argument goes with its length).
enum RESPCommandEncoder {
    /// Appends the RESP encoding of `command` to `buffer`.
    static func encode(_ command: RedisCommand, into buffer: inout ByteBuffer) throws(RedisError) {
        let arguments = command.arguments
        // One contiguous copy of every argument, so that all argv pointers are valid at once.
        var offsets: [Int] = []
        var lengths: [Int] = []
        offsets.reserveCapacity(arguments.count)
        lengths.reserveCapacity(arguments.count)
        var storage: [UInt8] = []
        storage.reserveCapacity(arguments.reduce(1) { $0 + $1.count })
        for argument in arguments {
            offsets.append(storage.count)
            lengths.append(argument.count)
            storage.append(contentsOf: argument)
        }
        storage.append(0)  // never empty, so the base address is never nil

        let encoded: Int32 = storage.withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { chars in
                let base = chars.baseAddress!
                var argv: [UnsafePointer<CChar>?] = offsets.map { UnsafePointer(base + $0) }
                var target: UnsafeMutablePointer<CChar>? = nil
                let length = argv.withUnsafeMutableBufferPointer { argvBuffer in
                    lengths.withUnsafeBufferPointer { lengthBuffer in
                        redisFormatCommandArgv(
                            &target, Int32(arguments.count), argvBuffer.baseAddress, lengthBuffer.baseAddress)
                    }
                }
                guard length >= 0, let target else { return -1 }
                defer { redisFreeCommand(target) }
                target.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { bytes in
                    _ = buffer.writeBytes(UnsafeBufferPointer(start: bytes, count: Int(length)))
                }
                return length
            }
        }
        if encoded < 0 { throw RedisError(.protocolError, "could not encode command \(command.name)") }
    }
}

extension RESPCommandEncoder {
    /// The RESP encoding of `command` as bytes (for tests and diagnostics).
    static func bytes(of command: RedisCommand) throws(RedisError) -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        try encode(command, into: &buffer)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}
