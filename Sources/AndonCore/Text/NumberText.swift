import Foundation

/// Numbers as people read them on the board and in `check`.
public enum NumberText {
    /// The shortest text that reads back as the same number: `30`, `0.5`, `+Inf`.
    public static func plain(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// A number with a fixed count of decimals, without locale (a wall in Germany still reads `1.5`).
    public static func fixed(_ value: Double, decimals: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return exactFixed(value, decimals: decimals) ?? cFormat("%.*f", Int32(decimals), value)
    }

    /// `%.Nf` by integer arithmetic, digit for digit what the C library prints: the binary value times 10^N,
    /// rounded half to even. Nil beyond 2^63 or 9 decimals. (`vsnprintf` itself is cheap, but handing it a
    /// `Double` through `withVaList` costs a dynamic cast per type, a search of the whole conformance table:
    /// 1.4 million instructions at a cold start for ten numbers.)
    static func exactFixed(_ value: Double, decimals: Int) -> String? {
        guard (0...9).contains(decimals), value.magnitude < 0x1p63 else { return nil }
        // value = significand × 2^exponent, exactly.
        let significand = UInt128(value.significandBitPattern | (value.isNormal ? 1 << 52 : 0))
        let exponent = value.isNormal ? Int(value.exponent) - 52 : -1074
        var scaled = significand
        for _ in 0..<decimals { scaled *= 10 }  // below 2^53 × 10^9 < 2^83
        var units: UInt128
        if exponent >= 0 {
            units = scaled << exponent  // value < 2^63, so below 2^93
        } else if -exponent >= 84 {
            units = 0  // below 2^83 / 2^84: less than a half
        } else {
            let shift = -exponent
            units = scaled >> shift
            let remainder = scaled & ((1 << shift) - 1)
            let half = UInt128(1) << (shift - 1)
            if remainder > half || (remainder == half && units & 1 == 1) { units += 1 }
        }
        var digits = String(units)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals + 1 - digits.count) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (value.sign == .minus ? "-" : "") + digits
    }

    /// The C library's own formatting, in the C locale whatever the process's (the board sets LC_ALL from the
    /// environment for ncurses): `String(format:)`'s text without Foundation. For what `exactFixed` leaves.
    static func cFormat(_ format: String, _ arguments: any CVarArg...) -> String {
        let previous = uselocale(cLocale)
        defer { uselocale(previous) }
        var buffer = [CChar](repeating: 0, count: 400)  // the largest double in %f: 309 digits
        let length = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
        if length >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(length) + 1)
            _ = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The C locale (the categories not named are C too); never freed: one for the life of the process.
    nonisolated(unsafe) private static let cLocale: locale_t? = newlocale(1 << LC_NUMERIC, "C", nil)

    /// Thousands separated by commas; fractions rounded to whole units.
    public static func grouped(_ value: Double) -> String {
        let rounded = value.rounded()
        guard abs(rounded) < 1e15 else { return cFormat("%.3g", value) }
        let digits = String(Int64(abs(rounded)))
        var out = ""
        for (index, char) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(char)
        }
        return (rounded < 0 ? "-" : "") + out
    }

    /// A finite decimal number only (no NaN, no infinity): digits, one point, an optional exponent.
    public static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { bytes in
            guard (1..<64).contains(bytes.count), let value = JSONNumber.parse(bytes), value.isFinite else {
                return nil
            }
            return value
        }
    }
}
