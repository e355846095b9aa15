/// `andon check` in the monitoring-plugin format (Nagios, Icinga, Sensu, ...): the first line is
/// `ANDON <STATE> - <what is wrong> | <performance data>`, the rest of the summary follows.
extension CheckReport {
    /// `ANDON CRITICAL - andon 1.1% > 1%, kanban 1001 > 1000 | jidoka=40%;0;30 kanban=1001;500;1000 ...`
    public func pluginLine() -> String {
        "ANDON \(evaluation.overall.pluginState) - \(pluginSummary()) | \(performanceData())"
    }

    /// The principles that are not green, loudest first (red, unknown, yellow), each with why.
    func pluginSummary() -> String {
        var parts: [String] = []
        for reading in evaluation.readings where reading.status == .red {
            parts.append(Self.pluginReason(reading, config.spec(reading.id)))
        }
        // What cannot be seen, grouped by reason: "jidoka, kanban and alerts no data (connection refused: ...)".
        var blind: [(reason: String, names: [String])] = []
        func add(_ name: String, _ reason: String) {
            if let index = blind.firstIndex(where: { $0.reason == reason }) {
                blind[index].names.append(name)
            } else {
                blind.append((reason, [name]))
            }
        }
        for reading in evaluation.readings where reading.status == .unknown {
            add(reading.id.rawValue, Self.inline(reading.reason ?? "no value"))
        }
        if case .failure(let error) = evaluation.alerts { add("alerts", Self.inline(error.description)) }
        for group in blind {
            let names =
                group.names.count == 1
                ? group.names[0] : group.names.dropLast().joined(separator: ", ") + " and " + group.names.last!
            parts.append("\(names) no data (\(group.reason))")
        }
        for reading in evaluation.readings where reading.status == .yellow {
            parts.append(Self.pluginReason(reading, config.spec(reading.id)))
        }
        if parts.isEmpty {
            let count = evaluation.readings.count
            return count == 1 ? "\(evaluation.readings[0].id.rawValue) green" : "all \(count) principles green"
        }
        return parts.joined(separator: ", ")
    }

    /// `andon 1.1% > 1%` for red, `kanban 700 >= 500` for yellow.
    static func pluginReason(_ reading: Reading, _ spec: PrincipleSpec) -> String {
        let name = reading.id.rawValue
        guard let value = reading.value else { return "\(name) no data" }
        let unit = uom(spec.unit)
        let shown = pluginNumber(value, spec.unit)
        if reading.status == .red {
            let red = spec.thresholds.red
            return "\(name) \(shown) \(red.op.rawValue) \(NumberText.plain(red.bound))\(unit)"
        }
        // Yellow: the green condition does not hold.
        let green = spec.thresholds.green
        return "\(name) \(shown) \(green.op.negation) \(NumberText.plain(green.bound))\(unit)"
    }

    /// `label=value[UOM];warn;crit` for every principle checked; `U` when there is no value.
    public func performanceData() -> String {
        evaluation.readings.map { reading in
            let spec = config.spec(reading.id)
            let value = reading.value.flatMap { $0.isFinite ? Self.perfNumber($0) + Self.uom(spec.unit) : nil } ?? "U"
            return "\(reading.id.rawValue)=\(value);\(Self.range(spec.thresholds.green, warning: true))"
                + ";\(Self.range(spec.thresholds.red, warning: false))"
        }.joined(separator: " ")
    }

    /// A threshold as a plugin range: `500` (alert above 500) or `95:` (alert below 95). The warning range is
    /// where green ends; the critical range where red begins.
    static func range(_ condition: Condition, warning: Bool) -> String {
        let bound = perfNumber(condition.bound)
        switch condition.op {
        case .less, .lessOrEqual: return warning ? bound : bound + ":"
        case .greater, .greaterOrEqual: return warning ? bound + ":" : bound
        case .equal: return bound
        }
    }

    /// The unit of measurement plugins know: `%`, `s`, or none.
    static func uom(_ unit: Unit) -> String {
        switch unit {
        case .percent: "%"
        case .seconds: "s"
        case .items, .perSecond, .perMinute, .none: ""
        }
    }

    /// A number for performance data: no grouping, no exponent, at most six decimals.
    static func perfNumber(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = NumberText.fixed(value, decimals: 6)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// The value as a person reads it in the summary: `1.10%`, `1001`, `7.50s`.
    static func pluginNumber(_ value: Double, _ unit: Unit) -> String {
        switch unit {
        case .percent, .seconds, .perSecond, .perMinute:
            let text = NumberText.value(value, unit: unit)
            if unit == .percent { return text.replacingOccurrences(of: " %", with: "%") }
            if unit == .seconds { return text.replacingOccurrences(of: " ", with: "") }
            return text
        case .items, .none:
            return perfNumber(value)
        }
    }

    /// Text safe inside the first line: one line, no `|` (which starts the performance data), inert.
    static func inline(_ text: String) -> String {
        TextSanitizer.inert(text, limit: 160).replacingOccurrences(of: "|", with: "/")
    }
}

extension Condition.Operator {
    /// The comparison that holds exactly when this one does not.
    var negation: String {
        switch self {
        case .less: ">="
        case .lessOrEqual: ">"
        case .greater: "<="
        case .greaterOrEqual: "<"
        case .equal: "!="
        }
    }
}

extension Status {
    /// The state word of the plugin format.
    public var pluginState: String {
        switch self {
        case .green: "OK"
        case .yellow: "WARNING"
        case .red: "CRITICAL"
        case .unknown: "UNKNOWN"
        }
    }
}

extension Evaluation {
    /// Only the given principles (in board order), and their alerts; pending alerts dropped if asked.
    public func restricted(to principles: Set<PrincipleID>?, ignoringPending: Bool) -> Evaluation {
        var copy = self
        if let principles {
            copy.readings = readings.filter { principles.contains($0.id) }
            if !principles.contains(.kaizen) { copy.budgets = nil }
        }
        copy.alerts = alerts.map { alerts in
            alerts.filter { alert in
                if ignoringPending && alert.state == .pending { return false }
                guard let principles else { return true }
                return alert.principle.map(principles.contains) ?? false
            }
        }
        return copy
    }
}
