import CHiredis
import NIOCore

/// Turns the bytes read from Redis into `RESPValue`s with hiredis' reply reader.
///
/// Pure in-memory parsing, so it runs on the channel's event loop. The reader lives from `handlerAdded` to
/// `handlerRemoved`; every `redisReply` tree it returns is converted to Swift values and freed at once.
final class RESPReplyParser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = RESPValue

    private var reader: UnsafeMutablePointer<redisReader>?

    func handlerAdded(context: ChannelHandlerContext) {
        self.reader = redisReaderCreate()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if let reader { redisReaderFree(reader) }
        self.reader = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = self.unwrapInboundIn(data)
        guard let reader else { return }
        let fed = buffer.withUnsafeReadableBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return REDIS_OK }
            return redisReaderFeed(reader, base.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        guard fed == REDIS_OK else { return self.fail(context: context) }
        while true {
            var raw: UnsafeMutableRawPointer? = nil
            guard redisReaderGetReply(reader, &raw) == REDIS_OK else { return self.fail(context: context) }
            guard let raw else { return }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            let value = Self.convert(reply)
            freeReplyObject(raw)
            context.fireChannelRead(self.wrapInboundOut(value))
        }
    }

    private func fail(context: ChannelHandlerContext) {
        let message = self.reader.map { reader in
            withUnsafeBytes(of: reader.pointee.errstr) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        context.fireErrorCaught(RedisError(.protocolError, "invalid reply from server: \(message ?? "?")"))
        context.close(promise: nil)
    }

    /// Converts a hiredis reply tree (RESP2) into a `RESPValue`.
    static func convert(_ reply: UnsafeMutablePointer<redisReply>) -> RESPValue {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            return .bulkString(Self.bytes(node.str, node.len))
        case REDIS_REPLY_STATUS:
            return .simpleString(String(decoding: Self.bytes(node.str, node.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            return .error(String(decoding: Self.bytes(node.str, node.len), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            return .integer(Int(node.integer))
        case REDIS_REPLY_ARRAY:
            var elements: [RESPValue] = []
            elements.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                if let child = node.element[index] { elements.append(Self.convert(child)) }
            }
            return .array(elements)
        default:
            return .null
        }
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ length: Int) -> [UInt8] {
        guard let pointer, length > 0 else { return [] }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }
}
