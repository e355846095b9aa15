/// A JSON text that is not well-formed (RFC 8259), or nested deeper than `JSONReader.maximumDepth`.
struct JSONSyntaxError: Error, Equatable {}

/// A byte-level JSON reader: a cursor over UTF-8 bytes that reads one value at a time, either into a `JSONValue`
/// tree or straight into the caller's own types (the Prometheus decoder reads sample pairs and label sets without
/// building a tree). Strict about the grammar; string contents that are not valid UTF-8 are repaired, not refused.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    /// Deeper nesting is refused rather than recursed into (a hostile body cannot exhaust the stack).
    static let maximumDepth = 256

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: cursor

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next byte after whitespace, not consumed.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw JSONSyntaxError() }
        index += 1
    }

    /// Consumes `byte` if it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Nothing but whitespace is left.
    mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        guard index == bytes.count else { throw JSONSyntaxError() }
    }

    // MARK: containers, driven by the caller

    /// Reads an object, calling `member` with each key; `member` must read (or skip) the value.
    mutating func readObject(_ member: (inout JSONReader, String) throws(JSONSyntaxError) -> Void)
        throws(JSONSyntaxError)
    {
        try expect(UInt8(ascii: "{"))
        if take(UInt8(ascii: "}")) { return }
        repeat {
            guard peek() == UInt8(ascii: "\"") else { throw JSONSyntaxError() }
            let key = try readString()
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
        } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
    }

    /// Reads an array, calling `element` for each element; `element` must read (or skip) it.
    mutating func readArray(_ element: (inout JSONReader) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        try expect(UInt8(ascii: "["))
        if take(UInt8(ascii: "]")) { return }
        var count = 0
        repeat {
            try element(&self)
            // Long lists are where a large answer's time goes: a cancelled task (a board that is quitting) stops
            // reading here. What it read is thrown away, so the error it ends with is never shown.
            count &+= 1
            if count & 4095 == 0 && Task.isCancelled { throw JSONSyntaxError() }
        } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
    }

    // MARK: values

    /// Any value, as a tree.
    mutating func readValue(depth: Int = 0) throws(JSONSyntaxError) -> JSONValue {
        guard depth < Self.maximumDepth, let byte = peek() else { throw JSONSyntaxError() }
        switch byte {
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "{"):
            var members: [(String, JSONValue)] = []
            try readObject { (reader, key) throws(JSONSyntaxError) in
                members.append((key, try reader.readValue(depth: depth + 1)))
            }
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            try readArray { (reader) throws(JSONSyntaxError) in elements.append(try reader.readValue(depth: depth + 1))
            }
            return .array(elements)
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default: return .number(try readNumber())
        }
    }

    /// Any value, checked and passed over.
    mutating func skipValue(depth: Int = 0) throws(JSONSyntaxError) {
        guard depth < Self.maximumDepth, let byte = peek() else { throw JSONSyntaxError() }
        switch byte {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"):
            try readObject { (reader, _) throws(JSONSyntaxError) in try reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            try readArray { (reader) throws(JSONSyntaxError) in try reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try readNumber()
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        skipWhitespace()
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw JSONSyntaxError() }
        let start = word.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] { throw JSONSyntaxError() }
        index += count
    }

    /// A number by JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func readNumber() throws(JSONSyntaxError) -> Double {
        skipWhitespace()
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, Self.isDigit(bytes[index]) else { throw JSONSyntaxError() }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw JSONSyntaxError() }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw JSONSyntaxError() }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        // Beyond a double's range is refused, as Foundation's parser does, rather than read as infinity.
        guard let value = JSONNumber.parse(UnsafeBufferPointer(rebasing: bytes[start..<index])), value.isFinite else {
            throw JSONSyntaxError()
        }
        return value
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// A string value; the cursor must be at its opening quote (after whitespace).
    mutating func readString() throws(JSONSyntaxError) -> String {
        let (start, end, escaped) = try scanString()
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard escaped else { return String(decoding: raw, as: UTF8.self) }
        return String(decoding: try Self.unescape(raw), as: UTF8.self)
    }

    /// A string's raw bytes (escapes not undone) without making a `String`: for comparisons and numbers.
    mutating func readRawString() throws(JSONSyntaxError) -> (bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) {
        let (start, end, escaped) = try scanString()
        return (UnsafeBufferPointer(rebasing: bytes[start..<end]), escaped)
    }

    mutating func skipString() throws(JSONSyntaxError) { _ = try scanString() }

    /// Finds the extent of a string: the bytes between its quotes, and whether it holds escapes.
    mutating func scanString() throws(JSONSyntaxError) -> (Int, Int, Bool) {
        try expect(UInt8(ascii: "\""))
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (start, index - 1, escaped)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                guard index + 1 < bytes.count else { throw JSONSyntaxError() }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    _ = try Self.hex4(bytes, at: index + 2)
                    index += 6
                default: throw JSONSyntaxError()
                }
                continue
            }
            guard byte >= 0x20 else { throw JSONSyntaxError() }  // control characters must be escaped
            index += 1
        }
        throw JSONSyntaxError()
    }

    /// The bytes of a string with its escapes undone (`\uXXXX` into UTF-8; a lone surrogate becomes U+FFFD).
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let byte = raw[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            guard i + 1 < raw.count else { throw JSONSyntaxError() }
            let code = raw[i + 1]
            i += 2
            switch code {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(code)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(raw, at: i)
                i += 4
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"),
                    raw[i + 1] == UInt8(ascii: "u"), let low = try? hex4(raw, at: i + 2),
                    (0xDC00..<0xE000).contains(low)
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(character).utf8))
            default: throw JSONSyntaxError()
            }
        }
        return out
    }

    static func hex4(_ raw: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONSyntaxError) -> UInt32 {
        guard offset + 4 <= raw.count else { throw JSONSyntaxError() }
        var value: UInt32 = 0
        for k in 0..<4 {
            let byte = raw[offset + k]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONSyntaxError()
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}

/// Decimal numbers from bytes: `[+-]? digits* (. digits*)? ([eE] [+-]? digits+)?` with at least one digit before
/// the exponent. Exact and fast where the digits fit a double exactly (a mantissa up to 2^53 and a power of ten up
/// to 22, one correctly rounded operation); the standard library's parser otherwise.
enum JSONNumber {
    static let powers: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        var negative = false
        if i < text.count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0  // significant digits taken into the mantissa
        var sawDigit = false
        var exponent = 0
        var exact = true
        while i < text.count, JSONReader.isDigit(text[i]) {
            sawDigit = true
            take(text[i], &mantissa, &digits, &exact, &exponent, fraction: false)
            i += 1
        }
        if i < text.count, text[i] == UInt8(ascii: ".") {
            i += 1
            while i < text.count, JSONReader.isDigit(text[i]) {
                sawDigit = true
                take(text[i], &mantissa, &digits, &exact, &exponent, fraction: true)
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < text.count, text[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < text.count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
                exponentNegative = text[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < text.count, JSONReader.isDigit(text[i]) else { return nil }
            var written = 0
            while i < text.count, JSONReader.isDigit(text[i]) {
                if written < 100_000 { written = written * 10 + Int(text[i] - UInt8(ascii: "0")) }
                i += 1
            }
            exponent += exponentNegative ? -written : written
        }
        guard i == text.count else { return nil }
        // Exact when the mantissa is a double (at most 2^53: any 15 digits, most of 16) and the power of ten is
        // too (10^22 at most): one correctly rounded operation (Clinger). Prometheus writes samples with up to
        // 17 significant digits; the 16-digit ones below 2^53 no longer go through `strtod`.
        if exact, mantissa <= 1 << 53, abs(exponent) <= 22 {
            var value = Double(mantissa)
            value = exponent < 0 ? value / powers[-exponent] : value * powers[exponent]
            return negative ? -value : value
        }
        return Double(String(decoding: text, as: UTF8.self))
    }

    @inline(__always)
    static func take(
        _ byte: UInt8, _ mantissa: inout UInt64, _ digits: inout Int, _ exact: inout Bool, _ exponent: inout Int,
        fraction: Bool
    ) {
        let digit = UInt64(byte - UInt8(ascii: "0"))
        if mantissa == 0 && digit == 0 {
            if fraction { exponent -= 1 }  // leading zeros are not significant
            return
        }
        if digits < 19 {
            mantissa = mantissa * 10 + digit
            digits += 1
            if fraction { exponent -= 1 }
        } else {
            exact = false  // more digits than the fast path can hold
            if !fraction { exponent += 1 }
        }
    }
}

extension JSONValue {
    /// A whole JSON text as a tree; nil when it is not well-formed JSON.
    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBufferPointer { buffer -> JSONValue? in
            var reader = JSONReader(buffer)
            do throws(JSONSyntaxError) {
                let value = try reader.readValue()
                try reader.expectEnd()
                return value
            } catch {
                return nil
            }
        }
    }
}
