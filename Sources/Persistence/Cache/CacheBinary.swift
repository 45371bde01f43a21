import CourseDomain
import Foundation

/// Appends the fields of a cached value.
struct CacheBinaryWriter {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// A non-negative count, as a little-endian base-128 varint.
    mutating func length(_ value: Int) {
        var rest = UInt64(value)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func integer(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        let utf8 = value.utf8
        length(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    /// Length-prefixed raw bytes.
    mutating func blob(_ value: [UInt8]) {
        length(value.count)
        bytes.append(contentsOf: value)
    }

    mutating func uuid(_ value: UUID) {
        withUnsafeBytes(of: value.uuid) { bytes.append(contentsOf: $0) }
    }

    mutating func optional<T>(_ value: T?, _ write: (inout CacheBinaryWriter, T) -> Void) {
        guard let value else { return byte(0) }
        byte(1)
        write(&self, value)
    }

    mutating func json(_ value: JSONValue) {
        switch value {
        case .null: byte(0)
        case .bool(let flag): byte(flag ? 2 : 1)
        case .integer(let number):
            byte(3)
            integer(number)
        case .number(let number):
            byte(4)
            integer(Int64(bitPattern: number.bitPattern))
        case .string(let text):
            byte(5)
            string(text)
        case .array(let items):
            byte(6)
            length(items.count)
            for item in items { json(item) }
        case .object(let members):
            byte(7)
            length(members.count)
            for (key, member) in members {
                string(key)
                json(member)
            }
        }
    }
}

/// Reads the fields of a cached value; every read checks bounds and throws on malformed input.
struct CacheBinaryReader {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw CacheStoreError("truncated cached value") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func length() throws -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { break }
            shift += 7
            guard shift < 63 else { throw CacheStoreError("malformed length") }
        }
        // Every counted item takes at least one byte: a larger count is corrupt (and would over-allocate).
        guard value <= UInt64(bytes.count - offset) else { throw CacheStoreError("bad length") }
        return Int(value)
    }

    mutating func integer() throws -> Int64 {
        let raw = try take(8)
        return raw.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
    }

    mutating func string() throws -> String {
        let count = try length()
        let slice = try take(count)
        return String(decoding: slice, as: UTF8.self)
    }

    mutating func blob() throws -> [UInt8] {
        Array(try take(try length()))
    }

    mutating func uuid() throws -> UUID {
        let raw = try take(16)
        return raw.withUnsafeBytes { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
    }

    mutating func optional<T>(_ read: (inout CacheBinaryReader) throws -> T) throws -> T? {
        switch try byte() {
        case 0: return nil
        case 1: return try read(&self)
        default: throw CacheStoreError("malformed optional")
        }
    }

    mutating func json(depth: Int = 0) throws -> JSONValue {
        guard depth < 256 else { throw CacheStoreError("document nested too deep") }
        switch try byte() {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .integer(try integer())
        case 4: return .number(Double(bitPattern: UInt64(bitPattern: try integer())))
        case 5: return .string(try string())
        case 6:
            let count = try length()
            var items: [JSONValue] = []
            for _ in 0..<count { items.append(try json(depth: depth + 1)) }
            return .array(items)
        case 7:
            let count = try length()
            var members: [String: JSONValue] = [:]
            for _ in 0..<count {
                let key = try string()
                members[key] = try json(depth: depth + 1)
            }
            return .object(members)
        default: throw CacheStoreError("malformed document")
        }
    }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - offset else { throw CacheStoreError("truncated cached value") }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }
}
