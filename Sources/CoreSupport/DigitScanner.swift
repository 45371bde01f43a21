/// Reads fixed-width ASCII digits and separators off the front of a timestamp's text.
struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Whether every byte has been read.
    var atEnd: Bool { index == bytes.count }

    /// Reads `character` when it comes next.
    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    /// Reads exactly `width` digits.
    mutating func number(width: Int) -> Int64? {
        guard index + width <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<index + width] {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        index += width
        return value
    }

    /// Reads one or more digits (at most 18 count), returning their value and how many were counted.
    mutating func fraction() -> (value: Int64, width: Int)? {
        var value: Int64 = 0
        var width = 0
        let start = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
            if width < 18 {
                value = value * 10 + Int64(bytes[index] - 0x30)
                width += 1
            }
            index += 1
        }
        return index > start ? (value, width) : nil
    }

    /// Reads `word` when it comes next.
    mutating func skip(word: String) -> Bool {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected
        else { return false }
        index += expected.count
        return true
    }

    /// Reads one of `words` and returns its position in the list.
    mutating func oneOf(_ words: [String]) -> Int? {
        for (position, word) in words.enumerated() where skip(word: word) { return position }
        return nil
    }
}
