import NIOCore

/// Pusher's wire messages, written straight into bytes: `data` is itself JSON text sent as a string.
enum PusherJSON {
    /// `{"event":...,"channel":...,"data":"<data as a JSON string>"}`, encoded once for every socket it goes to.
    static func message(event: String, channel: String?, data: String) -> ByteBuffer {
        var out: [UInt8] = []
        out.reserveCapacity(data.utf8.count + event.utf8.count + 64)
        out.append(contentsOf: #"{"event":"#.utf8)
        quote(event, into: &out)
        if let channel {
            out.append(contentsOf: #","channel":"#.utf8)
            quote(channel, into: &out)
        }
        out.append(contentsOf: #","data":"#.utf8)
        quote(data, into: &out)
        out.append(UInt8(ascii: "}"))
        return ByteBuffer(bytes: out)
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        quote(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
