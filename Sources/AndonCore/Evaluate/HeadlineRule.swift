/// A rule on a principle's headline: an alerting rule whose expression compares the headline query itself with a
/// number. Only such a rule says something of the board's thresholds: `doctor` reads its bound back, and a live
/// board takes its critical alert firing on a green tile as a drift. A rule on another query (an idle queue with
/// no worker, a target down, a ratio of two windows) may rightly fire while the headline is green.
public enum HeadlineRule {
    /// A comparison of the headline with a number, as the rule writes it.
    public struct Comparison: Sendable, Equatable {
        public var op: String
        public var bound: Double
    }

    /// The bounds a rule puts on the headline, when its expression is one of two shapes (blanks ignored, the
    /// headline bare or in parentheses): `HEADLINE OP NUMBER` (a hand-written rule on the headline), or the
    /// yellow rule of `andon rules`, `(H) == (H) unless (H) OP RED unless (H) OP GREEN`. Any other expression
    /// (a ratio of two windows, a conjunction with another query) says nothing about the thresholds: nil.
    public static func comparisons(of headline: String, in expression: String) -> [Comparison]? {
        let squeeze: (String) -> [Character] = { Array($0.filter { !$0.isWhitespace }) }
        let text = squeeze(expression)
        let bare = squeeze(headline)
        let wrapped = squeeze("(" + headline + ")")
        /// `OP NUMBER` at `index`: the comparison and where it ends.
        func comparison(at index: Int) -> (Comparison, Int)? {
            let ops = [">=", "<=", "==", "!=", ">", "<"]
            guard let op = ops.first(where: { text[index...].starts(with: Array($0)) }) else { return nil }
            var cursor = index + op.count
            var number = ""
            while cursor < text.count,
                text[cursor].isNumber || ".eE".contains(text[cursor])
                    || ("+-".contains(text[cursor]) && (number.isEmpty || "eE".contains(number.last!)))
            {
                number.append(text[cursor])
                cursor += 1
            }
            guard let bound = Double(number) else { return nil }
            // A second comparison chained to it (`>= LOW <= HIGH`, how `andon rules` writes `== BOUND`): the
            // first bound stands for both.
            if let (_, end) = comparison(at: cursor) { cursor = end }
            return (Comparison(op: op, bound: bound), cursor)
        }
        // HEADLINE OP NUMBER, to the end.
        for form in [wrapped, bare] where text.starts(with: form) {
            if let (found, end) = comparison(at: form.count), end == text.count { return [found] }
        }
        // (H) == (H) unless (H) OP RED unless (H) OP GREEN.
        let unless = Array("unless")
        let head = wrapped + Array("==") + wrapped + unless + wrapped
        guard text.starts(with: head), let (red, redEnd) = comparison(at: head.count) else { return nil }
        let middle = unless + wrapped
        guard text[redEnd...].starts(with: middle), let (green, end) = comparison(at: redEnd + middle.count),
            end == text.count
        else { return nil }
        return [red, green]
    }

}
