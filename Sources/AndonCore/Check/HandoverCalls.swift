/// The calls of a handover's window, read back from the event log's `call` lines (what the shell's commands and
/// the boards wrote, each with the call's own times) and from the calls open in the alert source now: per type
/// and line, how many were raised, how soon someone arrived and how soon they were closed (median and worst, to
/// the second), the highest tier reached; the calls still open at the window's end; the reasons most given.
public struct CallFacts: Sendable, Equatable {
    /// One call as the log and the source tell it.
    public struct Record: Sendable, Equatable {
        public var id: String
        public var type: String
        public var line: String?
        public var raisedBy: String
        public var raisedAt: Double
        public var note: String
        /// The highest tier reached, from 0; -1: none.
        public var tier: Int
        public var arrivedAt: Double?
        public var arrivedBy: String?
        public var closedAt: Double?
    }

    /// The calls of one type at one line raised within the window.
    public struct Group: Sendable, Equatable {
        public var type: String
        public var line: String?
        public var raised: Int
        /// Seconds from raised to the first arrival, of those that had one within the window.
        public var toArrive: [Double]
        /// Seconds from raised to closed, of those closed within the window.
        public var toClose: [Double]
        /// The highest tier reached, from 0; -1: none.
        public var tier: Int
    }

    /// A note given to calls, and how many (notes that differ only in case and spaces are one reason).
    public struct Reason: Sendable, Equatable {
        public var note: String
        public var count: Int
    }

    /// The calls raised within the window, in the order they were raised.
    public var raised: [Record]
    public var groups: [Group]
    /// The calls open at the window's end (raised before it, not closed by it), oldest first.
    public var open: [Record]
    /// The five reasons given most, most first.
    public var reasons: [Reason]
    /// Where the calls were read from (the log's path, the alert source), for the reader.
    public var sources: [String]
    /// Why the log could not be read.
    public var problem: String?

    /// The middle value (of an even count, the mean of the two middle ones); nil for none.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

extension CallFacts {
    /// The facts of `from`…`to` from the log's entries (any events; the `call` ones are read) and the calls
    /// open in the source now (`open`: for a window that ends now; nil otherwise, or when it was not asked). What
    /// happened after `to` is not known at `to`.
    public static func of(
        entries: [LogEntry], open current: [Call]?, from: Double, to: Double, sources: [String] = [],
        problem: String? = nil
    ) -> CallFacts {
        var records: [String: Record] = [:]
        var order: [String] = []
        func merge(_ id: String, _ make: () -> Record, _ change: (inout Record) -> Void) {
            if records[id] == nil {
                records[id] = make()
                order.append(id)
            }
            change(&records[id]!)
        }
        for entry in entries where entry.event == "call" {
            func field(_ key: String) -> String? { entry.fields.first { $0.key == key }?.value }
            guard let id = field("call"), let state = field("state").flatMap(CallStep.init),
                let at = field("at").flatMap(RFC3339.parse), at <= to,
                let raisedAt = field("raised_at").flatMap(RFC3339.parse)
            else { continue }
            merge(
                id,
                {
                    Record(
                        id: id, type: field("type") ?? "?", line: field("call_line"), raisedBy: "", raisedAt: raisedAt,
                        note: "", tier: -1)
                }
            ) { record in
                switch state {
                case .raised:
                    record.raisedBy = field("by") ?? record.raisedBy
                    record.note = field("note") ?? record.note
                case .tier:
                    record.tier = max(record.tier, (field("tier").flatMap(Int.init) ?? 0) - 1)
                case .arrived:
                    if record.arrivedAt.map({ at < $0 }) ?? true {
                        record.arrivedAt = at
                        record.arrivedBy = field("by")
                    }
                case .closed:
                    record.closedAt = min(record.closedAt ?? at, at)
                }
            }
        }
        // The source knows the calls open now exactly (their times are annotations): they fill in what the log
        // lacks (a call raised on another machine).
        for call in current ?? [] where call.raisedAt <= to {
            merge(
                call.id,
                {
                    Record(
                        id: call.id, type: call.type, line: call.line, raisedBy: call.raisedBy,
                        raisedAt: call.raisedAt, note: call.note, tier: -1)
                }
            ) { record in
                if record.raisedBy.isEmpty { record.raisedBy = call.raisedBy }
                if record.note.isEmpty { record.note = call.note }
                record.tier = max(record.tier, call.tier)
                if let at = call.arrivedAt, at <= to, record.arrivedAt.map({ at < $0 }) ?? true {
                    record.arrivedAt = at
                    record.arrivedBy = call.arrivedBy
                }
            }
        }
        let all = order.compactMap { records[$0] }
        let raised = all.filter { $0.raisedAt >= from && $0.raisedAt <= to }.sorted { $0.raisedAt < $1.raisedAt }
        var groups: [Group] = []
        for record in raised {
            var index = groups.firstIndex { $0.type == record.type && $0.line == record.line }
            if index == nil {
                groups.append(
                    Group(type: record.type, line: record.line, raised: 0, toArrive: [], toClose: [], tier: -1))
                index = groups.count - 1
            }
            groups[index!].raised += 1
            groups[index!].tier = max(groups[index!].tier, record.tier)
            if let at = record.arrivedAt { groups[index!].toArrive.append(at - record.raisedAt) }
            if let at = record.closedAt { groups[index!].toClose.append(at - record.raisedAt) }
        }
        groups.sort { ($0.type, $0.line ?? "") < ($1.type, $1.line ?? "") }
        // Open: not closed by the end; where the source was asked (a window that ends now), also open there.
        let live = current.map { Set($0.map(\.id)) }
        let open = all.filter { $0.closedAt == nil && live.map { [id = $0.id] in $0.contains(id) } ?? true }
            .sorted { $0.raisedAt < $1.raisedAt }
        return CallFacts(
            raised: raised, groups: groups, open: open, reasons: reasons(raised), sources: sources, problem: problem)
    }

    /// The notes given most, grouped without regard to case and spacing; the first wording seen stands for each.
    static func reasons(_ records: [Record]) -> [Reason] {
        var reasons: [Reason] = []
        var index: [String: Int] = [:]
        for record in records {
            let words = record.note.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard !words.isEmpty else { continue }
            if let at = index[words] {
                reasons[at].count += 1
            } else {
                index[words] = reasons.count
                reasons.append(Reason(note: record.note, count: 1))
            }
        }
        // Stable: of equal counts, the reason given first comes first.
        return reasons.enumerated().sorted { ($1.element.count, $0.offset) < ($0.element.count, $1.offset) }
            .prefix(5).map(\.element)
    }
}
