/// The metric names a PromQL expression reads, for `doctor` ("which metrics does this query need, and how fresh
/// are they?"). A small lexer, not a parser: it skips strings, label matchers, durations, numbers, function and
/// aggregation names, keywords and the label lists of `by`, `without`, `on`, `ignoring`, `group_left` and
/// `group_right`; what is left are metric names.
public enum PromQLMetrics {
    static let keywords: Set<String> = [
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
        "atan2", "inf", "nan", "Inf", "NaN", "start", "end",
    ]
    static let labelListKeywords: Set<String> = ["by", "without", "on", "ignoring", "group_left", "group_right"]

    public static func names(in query: String) -> [String] {
        let bytes = Array(query.utf8)
        var names: [String] = []
        var index = 0
        func isStart(_ b: UInt8) -> Bool {
            (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || b == 95 || b == 58
        }
        func isPart(_ b: UInt8) -> Bool { isStart(b) || (b >= 48 && b <= 57) }
        func skipSpaces(_ from: Int) -> Int {
            var i = from
            while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
            return i
        }
        /// Skips from an opening bracket to past its match, stepping over strings.
        func skipGroup(_ from: Int, open: UInt8, close: UInt8) -> Int {
            var depth = 0
            var i = from
            while i < bytes.count {
                let b = bytes[i]
                if b == 34 || b == 39 || b == 96 {
                    i = skipString(i)
                    continue
                }
                if b == open { depth += 1 }
                if b == close {
                    depth -= 1
                    if depth == 0 { return i + 1 }
                }
                i += 1
            }
            return i
        }
        func skipString(_ from: Int) -> Int {
            let quote = bytes[from]
            var i = from + 1
            while i < bytes.count, bytes[i] != quote {
                if bytes[i] == 92, quote != 96 { i += 1 }
                i += 1
            }
            return i + 1
        }
        /// Whether the word at `from` is `by` or `without` (an aggregation's modifier before its arguments).
        func followedByModifier(_ from: Int) -> Bool {
            var end = from
            while end < bytes.count, isPart(bytes[end]) { end += 1 }
            let word = String(decoding: bytes[from..<end], as: UTF8.self)
            return word == "by" || word == "without"
        }
        while index < bytes.count {
            let b = bytes[index]
            if b == 34 || b == 39 || b == 96 {
                index = skipString(index)
            } else if b == 123 {  // {…}: label matchers
                index = skipGroup(index, open: 123, close: 125)
            } else if b == 91 {  // […]: a range or subquery duration
                index = skipGroup(index, open: 91, close: 93)
            } else if b >= 48 && b <= 57
                || (b == 46 && index + 1 < bytes.count && bytes[index + 1] >= 48 && bytes[index + 1] <= 57)
            {
                // A number or a duration: 5m, 1e-9, 0x1F, 1.5.
                index += 1
                while index < bytes.count {
                    let c = bytes[index]
                    if isPart(c) || c == 46 {
                        index += 1
                    } else if (c == 43 || c == 45), bytes[index - 1] == 101 || bytes[index - 1] == 69 {
                        index += 1
                    } else {
                        break
                    }
                }
            } else if isStart(b) {
                let start = index
                while index < bytes.count, isPart(bytes[index]) { index += 1 }
                let word = String(decoding: bytes[start..<index], as: UTF8.self)
                let next = skipSpaces(index)
                if labelListKeywords.contains(word) {
                    if next < bytes.count, bytes[next] == 40 { index = skipGroup(next, open: 40, close: 41) }
                } else if next < bytes.count, bytes[next] == 40 {
                    continue  // a function or an aggregation
                } else if followedByModifier(next) {
                    continue  // an aggregation written `sum by (…) (…)`
                } else if !keywords.contains(word), !names.contains(word) {
                    names.append(word)
                }
            } else {
                index += 1
            }
        }
        return names
    }
}
