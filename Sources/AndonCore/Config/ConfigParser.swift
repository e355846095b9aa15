import AndonBuiltins

/// Parses the YAML configuration into a `Config`. Every key is optional; anything present must be right.
public enum ConfigParser {
    static let secretHint =
        "secrets are never read from the config file itself; use password_file or password_env"

    /// Parses `yaml`, naming `file` in errors. Relative file paths in it are resolved against `directory`.
    /// `probe` checks that a secret can be read (the loader passes one that reads files); it returns a problem or nil.
    public static func parse(
        yaml: String, file: String, directory: String? = nil,
        probe: (SecretSource) -> String? = { _ in nil }
    ) throws(ConfigError) -> Config {
        var config = Config()
        config.source = file
        guard let top = try YAMLMap.document(yaml, file: file) else { return config }  // empty: all defaults
        try top.checkKeys([
            "title", "refresh", "stale_after", "unknown_after", "prometheus", "principles", "theme", "kiosk", "dwell",
            "kiosk_alarm", "history_step", "profile", "variables", "alertmanager", "escalation", "hooks", "lines",
            "timezone", "log", "log_format", "bell", "range", "oncall", "calls", "alarms", "heartbeat",
        ])
        if let heartbeat = try top.map("heartbeat") {
            try heartbeat.checkKeys(["listen"])
            guard let listen = try heartbeat.string("listen") else {
                throw heartbeat.error("listen", nil, "expected the address to serve the board's metrics on")
            }
            guard let address = ListenAddress.parse(listen) else {
                throw heartbeat.error("listen", heartbeat.node("listen"), ListenAddress.expected)
            }
            config.heartbeat = address
        }
        if let log = try top.string("log") {
            guard !log.isEmpty else { throw top.error("log", top.node("log"), "expected a file's path or stderr") }
            // A relative path is the configuration's folder's, as a profile's is.
            if let directory, log != "stderr", !log.hasPrefix("/") {
                config.log = directory + "/" + log
            } else {
                config.log = log
            }
        }
        if let format = try top.choice("log_format", LogFormat.self) { config.logFormat = format }
        if let bell = try top.choice("bell", BellPolicy.self) { config.bell = bell }
        if let range = try top.choice("range", TrendRange.self) { config.range = range }
        if let zone = try top.string("timezone") {
            guard ["utc", "local"].contains(zone.lowercased()) else {
                throw top.error("timezone", top.node("timezone"), "expected UTC or local (got \"\(zone)\")")
            }
            config.utc = zone.lowercased() == "utc"
        }
        if let variables = try top.map("variables") {
            config.variables = try parseVariables(variables)
            for pair in variables.mapping {
                if let name = pair.key.text { config.variableLines[name] = pair.key.mark.line }
            }
        }
        if let profile = try top.string("profile") {
            guard !profile.isEmpty else { throw top.error("profile", top.node("profile"), "empty") }
            config.profileChoice =
                ProfileLoader.isPath(profile) && !profile.hasPrefix("/") && directory != nil
                ? directory! + "/" + profile : profile
        }
        if let step = try top.duration("history_step") { config.historyStep = step }
        config.theme = try top.string("theme")
        if let kiosk = try top.bool("kiosk") { config.kiosk = kiosk }
        if let dwell = try top.seconds("dwell") { config.dwell = dwell }
        if let alarm = try top.choice("kiosk_alarm", KioskAlarm.self) { config.kioskAlarm = alarm }
        if let title = try top.string("title") { config.title = TextSanitizer.inert(title, limit: 120) }
        if let refresh = try top.seconds("refresh", least: Span.shortestRefresh) { config.refresh = refresh }
        config.staleAfter = try top.seconds("stale_after")
        if let unknownAfter = try top.seconds("unknown_after") { config.unknownAfter = unknownAfter }
        if let prometheus = try top.map("prometheus") {
            config.prometheus = try parsePrometheus(prometheus, directory: directory, probe: probe)
        }
        if let alertmanager = try top.map("alertmanager") {
            config.alertmanager = try parseAlertmanager(alertmanager, directory: directory, probe: probe)
        }
        if let node = top.node("escalation") {
            if node.text.map({ ["off", "false", "no"].contains($0.lowercased()) }) == true {
                config.escalation = nil
            } else {
                let escalation = try YAMLMap(node: node, path: "escalation", file: file)
                try escalation.checkKeys(["escalate_after", "repeat"])
                config.escalation = EscalationConfig(
                    after: try escalation.duration("escalate_after") ?? 300,
                    every: try escalation.duration("repeat") ?? 60)
            }
        } else if config.alertmanager != nil {
            // Where alerts can be answered, an unanswered one escalates by default.
            config.escalation = EscalationConfig()
        }
        if let alarms = try top.map("alarms") {
            try alarms.checkKeys(["first_out", "latch", "ringback", "health"])
            if let node = alarms.node("first_out") {
                let off = node.text.map { ["off", "false", "no"].contains($0.lowercased()) } ?? false
                config.alarms.firstOut = off ? nil : try alarms.duration("first_out")
            }
            config.alarms.latch = try alarms.bool("latch") ?? true
            config.alarms.ringback = try alarms.bool("ringback") ?? true
            if let health = try alarms.map("health") { config.alarms.health = try parseHealthTargets(health) }
        }
        if let node = top.node("lines") {
            (config.lines, config.discoverLines) = try parseLines(node, file: file, directory: directory, probe: probe)
        }
        if let node = top.node("hooks") {
            config.hooks = try parseHooks(node, file: file, directory: directory)
        }
        if let oncall = try top.map("oncall") { config.oncall = try parseOnCall(oncall, directory: directory) }
        if let calls = try top.map("calls") { config.calls = try parseCalls(calls, directory: directory) }
        if let principles = try top.map("principles") {
            try principles.checkKeys(PrincipleID.allCases.map(\.rawValue))
            for id in PrincipleID.allCases {
                guard let entry = try principles.map(id.rawValue) else { continue }
                config.overrides[id] = try parsePrinciple(entry, id: id)
            }
        }
        config.use(.standard)
        return config
    }

    /// `variables:`: each a value, or a list of values (`*`: all).
    static func parseVariables(_ variables: YAMLMap) throws(ConfigError) -> [String: QueryTemplate.Value] {
        var out: [String: QueryTemplate.Value] = [:]
        for pair in variables.mapping {
            let (keyNode, valueNode) = (pair.key, pair.value)
            guard let name = keyNode.text,
                QueryTemplate.variables(in: "$" + name) == [name]
            else {
                throw variables.error(keyNode.text ?? "?", keyNode, "a variable's name is letters, digits and _")
            }
            if let text = valueNode.text {
                out[name] = Config.variableValue([text])
            } else if let sequence = valueNode.sequence {
                var values: [String] = []
                for item in sequence {
                    guard let text = item.text else {
                        throw variables.error(name, item, "expected a value or a list of values")
                    }
                    values.append(text)
                }
                guard !values.isEmpty else { throw variables.error(name, valueNode, "an empty list") }
                out[name] = Config.variableValue(values)
            } else {
                throw variables.error(name, valueNode, "expected a value or a list of values")
            }
        }
        return out
    }

    /// `lines:`: a list of lines, each a name and its own `prometheus:` (and `alertmanager:`), or its
    /// `variables:` on a shared engine.
    static func parseLines(_ node: YAMLNode, file: String, directory: String?, probe: (SecretSource) -> String?)
        throws(ConfigError) -> ([LineConfig], [LineDiscovery])
    {
        guard let items = node.sequence, !items.isEmpty else {
            throw ConfigError(
                file: file, line: node.mark.line, column: node.mark.column, key: "lines",
                message: "expected a list of lines, each with a name and its prometheus: or its variables:")
        }
        var lines: [LineConfig] = []
        var discoveries: [LineDiscovery] = []
        for (index, item) in items.enumerated() {
            let map = try YAMLMap(node: item, path: "lines[\(index)]", file: file)
            if map.node("discover") != nil {
                // Every value of a declared variable is a line (checked against the profile by the loader).
                try map.checkKeys(["discover"])
                guard let variable = try map.string("discover"), !variable.isEmpty else {
                    throw map.error(
                        "discover", map.node("discover"), "name the profile's variable whose values are the lines")
                }
                discoveries.append(
                    LineDiscovery(
                        variable: variable, key: "lines[\(index)].discover", line: map.node("discover")?.mark.line))
                continue
            }
            try map.checkKeys(["name", "prometheus", "alertmanager", "variables"])
            guard let name = try map.string("name").map({ TextSanitizer.inert($0, limit: 40) }),
                !name.trimmingBlanks().isEmpty
            else { throw map.error("name", map.node("name"), "a line needs a name") }
            if lines.contains(where: { $0.name == name }) {
                throw map.error("name", map.node("name"), "another line is named \(name)")
            }
            var line = LineConfig(name: name)
            if let prometheus = try map.map("prometheus") {
                line.prometheus = try parsePrometheus(prometheus, directory: directory, probe: probe)
            }
            if let alertmanager = try map.map("alertmanager") {
                line.alertmanager = try parseAlertmanager(alertmanager, directory: directory, probe: probe)
            }
            if let variables = try map.map("variables") { line.variables = try parseVariables(variables) }
            if line.prometheus == nil && line.variables.isEmpty {
                throw map.error(
                    "name", map.node("name"),
                    "a line needs its own prometheus: (url, ...) or its variables: on the shared one")
            }
            lines.append(line)
        }
        return (lines, discoveries)
    }

    static func parseAlertmanager(_ map: YAMLMap, directory: String?, probe: (SecretSource) -> String?)
        throws(ConfigError) -> AlertmanagerConfig
    {
        var out = AlertmanagerConfig()
        let endpoint = try parsePrometheus(
            map, directory: directory, probe: probe, extraKeys: ["allow_ack", "ack_by", "ack_for"])
        if try map.string("url") == nil {
            throw map.error("url", nil, "alertmanager needs a url, such as http://localhost:9093")
        }
        out.endpoint = endpoint
        out.allowAck = try map.bool("allow_ack") ?? false
        if let by = try map.string("ack_by") {
            let clean = TextSanitizer.inert(by, limit: 80)
            guard !clean.trimmingBlanks().isEmpty else { throw map.error("ack_by", map.node("ack_by"), "empty") }
            out.ackBy = clean
        }
        if let duration = try map.duration("ack_for") { out.ackFor = duration }
        return out
    }

    /// `alarms: health:`: the targets of `check --alarm-health`, each as EEMUA 191's by default.
    static func parseHealthTargets(_ map: YAMLMap) throws(ConfigError) -> AlarmHealthTargets {
        try map.checkKeys([
            "steady", "steady_limit", "flood", "flood_percent", "flood_percent_limit", "critical_percent",
        ])
        var targets = AlarmHealthTargets()
        let raised = "a number of alerts raised per 10 minutes"
        if let steady = try map.number("steady", what: raised) { targets.steady = steady }
        targets.steadyLimit = try map.number("steady_limit", what: raised) ?? max(targets.steadyLimit, targets.steady)
        if targets.steadyLimit < targets.steady {
            throw map.error(
                "steady_limit", map.node("steady_limit"),
                "must be at least steady (\(NumberText.plain(targets.steady)))")
        }
        if let flood = try map.count("flood") { targets.flood = flood }
        if let share = try map.percent("flood_percent") { targets.floodShare = share }
        targets.floodShareLimit =
            try map.percent("flood_percent_limit") ?? max(targets.floodShareLimit, targets.floodShare)
        if targets.floodShareLimit < targets.floodShare {
            throw map.error("flood_percent_limit", map.node("flood_percent_limit"), "must be at least flood_percent")
        }
        if let critical = try map.percent("critical_percent") { targets.critical = critical }
        return targets
    }

    /// `calls:`: `allow:`, `types:` (each `principle:`, `respond_within:`, `ladder:` of `{after:, notify:}` in the
    /// order they are reached) and `notify:` (each target `hook: PROGRAM` or `command: [PROGRAM, ARGS...]`).
    static func parseCalls(_ map: YAMLMap, directory: String?) throws(ConfigError) -> CallsConfig {
        try map.checkKeys(["allow", "types", "notify", "keys", "alerts"])
        var calls = CallsConfig()
        calls.allow = try map.bool("allow") ?? false
        if let notify = try map.map("notify") {
            for pair in notify.mapping {
                guard let name = pair.key.text else { continue }
                let target = try YAMLMap(node: pair.value, path: "calls.notify.\(name)", file: map.file)
                try target.checkKeys(["hook", "command", "pass_environment"])
                var command: [String] = []
                if let hook = try target.string("hook") {
                    command = [hook]
                } else if let argv = target.node("command")?.sequence {
                    for part in argv {
                        guard let text = part.text else { throw target.error("command", part, "expected text") }
                        command.append(text)
                    }
                }
                guard let program = command.first, !program.isEmpty else {
                    throw target.error(
                        "hook", target.node("hook"),
                        "a target needs hook: PROGRAM, or command: [PROGRAM, ARGS...] (run directly, never by a shell)")
                }
                if !program.hasPrefix("/") && program.contains("/") { command[0] = resolve(program, directory) }
                calls.notify[name] = command
                if let node = target.node("pass_environment") {
                    guard let names = node.sequence?.compactMap(\.text), !names.isEmpty else {
                        throw target.error("pass_environment", node, "expected a list of variables' names")
                    }
                    calls.passEnvironment[name] = names
                }
            }
        }
        guard let types = try map.map("types") else { return calls }
        for pair in types.mapping {
            guard let name = pair.key.text else { continue }
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) })
            else { throw types.error(name, pair.key, "a call type's name is letters, digits, - and _") }
            let entry = try YAMLMap(node: pair.value, path: "calls.types.\(name)", file: map.file)
            try entry.checkKeys(["principle", "respond_within", "ladder"])
            let principle = try entry.choice("principle", PrincipleID.self)
            guard let within = try entry.duration("respond_within") else {
                throw entry.error("respond_within", nil, "a call type needs respond_within: such as 5m")
            }
            var ladder: [CallType.Tier] = []
            if let node = entry.node("ladder") {
                guard let items = node.sequence, !items.isEmpty else {
                    throw entry.error("ladder", node, "expected a list of tiers such as [{after: 0m, notify: line}]")
                }
                for (index, item) in items.enumerated() {
                    let tier = try YAMLMap(node: item, path: "calls.types.\(name).ladder[\(index)]", file: map.file)
                    try tier.checkKeys(["after", "notify"])
                    // `0m`: at once (a duration must otherwise be positive).
                    let zero = tier.node("after")?.text.map { ["0", "0s", "0m", "0h"].contains($0) } ?? false
                    guard let seconds = zero ? 0 : try tier.duration("after") else {
                        throw tier.error("after", nil, "a tier needs after: how long after the call it is reached")
                    }
                    guard let target = try tier.string("notify"), calls.notify[target] != nil else {
                        let known = calls.notify.keys.sorted().joined(separator: ", ")
                        throw tier.error(
                            "notify", tier.node("notify"), "a tier notifies a target of calls.notify (\(known))")
                    }
                    if let last = ladder.last, seconds <= last.after {
                        throw tier.error("after", tier.node("after"), "the tiers are reached one after another")
                    }
                    ladder.append(CallType.Tier(after: seconds, notify: target))
                }
            }
            calls.types.append(CallType(name: name, principle: principle, respondWithin: within, ladder: ladder))
        }
        if let keys = try map.map("keys") {
            for pair in keys.mapping {
                guard let text = pair.key.text, text.count == 1, let key = text.first, !key.isWhitespace,
                    !"quit".contains(key)
                else {
                    throw keys.error(
                        pair.key.text ?? "", pair.key, "a key is one character, not a blank nor a letter of quit")
                }
                guard let type = pair.value.text, calls.type(type) != nil else {
                    throw keys.error(text, pair.value, "a key raises a call of one of calls.types")
                }
                calls.keys[key] = type
            }
        }
        if let node = map.node("alerts") {
            guard let items = node.sequence else {
                throw map.error("alerts", node, "expected a list such as [{match: {severity: critical}, ladder: help}]")
            }
            for (index, item) in items.enumerated() {
                let entry = try YAMLMap(node: item, path: "calls.alerts[\(index)]", file: map.file)
                try entry.checkKeys(["match", "ladder"])
                var match: [String: String] = [:]
                if let labels = try entry.map("match") {
                    for pair in labels.mapping {
                        guard let name = pair.key.text, let value = pair.value.text else {
                            throw entry.error("match", pair.key, "expected labels and their values")
                        }
                        match[name] = value
                    }
                }
                guard !match.isEmpty else {
                    throw entry.error("match", entry.node("match"), "expected the labels an alert must have")
                }
                guard let type = try entry.string("ladder"), calls.type(type) != nil else {
                    let known = calls.types.map(\.name).joined(separator: ", ")
                    throw entry.error("ladder", entry.node("ladder"), "a ladder is one of calls.types (\(known))")
                }
                calls.alerts.append(AlertLadder(match: match, type: type))
            }
        }
        return calls
    }

    /// `oncall:`: `calendar: FILE`, `calendar_url: URL`, `calendar_url_env: NAME`, or `rotation: [people]` with
    /// `every:` and `from:`; exactly one of them.
    static func parseOnCall(_ map: YAMLMap, directory: String?) throws(ConfigError) -> OnCallConfig {
        try map.checkKeys(["calendar", "calendar_url", "calendar_url_env", "rotation", "every", "from"])
        let given = ["calendar", "calendar_url", "calendar_url_env", "rotation"].filter { map.node($0) != nil }
        guard given.count == 1 else {
            throw map.error(
                given.last ?? "calendar", given.last.flatMap(map.node),
                "give one of calendar (a file), calendar_url, calendar_url_env (a variable holding the URL) or"
                    + " rotation")
        }
        if let path = try map.string("calendar") {
            guard !path.isEmpty else { throw map.error("calendar", map.node("calendar"), "empty") }
            return .calendarFile(resolve(path, directory))
        }
        if let url = try map.string("calendar_url") {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw map.error("calendar_url", map.node("calendar_url"), "expected an http:// or https:// URL")
            }
            return .calendarURL(url)
        }
        if let variable = try map.string("calendar_url_env") {
            guard !variable.isEmpty, variable.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            else { throw map.error("calendar_url_env", map.node("calendar_url_env"), "expected a variable's name") }
            return .calendarURLFrom(variable: variable)
        }
        let node = map.node("rotation")!
        guard let items = node.sequence, !items.isEmpty else {
            throw map.error("rotation", node, "expected a list of people, such as [ana, bo, cy]")
        }
        var people: [String] = []
        for item in items {
            guard let name = item.text, !name.isEmpty else { throw map.error("rotation", item, "expected a name") }
            people.append(TextSanitizer.inert(name, limit: 40))
        }
        guard let every = try map.duration("every") else {
            throw map.error("every", nil, "a rotation needs every: how long each turn lasts, such as 1w or 24h")
        }
        guard let fromText = try map.string("from"), let from = RFC3339.parse(fromText) else {
            throw map.error(
                "from", map.node("from"),
                "a rotation needs from: when the first turn began (RFC 3339, such as"
                    + " 2026-12-07T08:00:00Z)")
        }
        return .rotation(people: people, every: every, from: from)
    }

    static func parseHooks(_ node: YAMLNode, file: String, directory: String?) throws(ConfigError) -> [HookConfig] {
        guard let items = node.sequence else {
            throw ConfigError(
                file: file, line: node.mark.line, column: node.mark.column, key: "hooks",
                message: "expected a list of hooks, each with a name and a command")
        }
        var hooks: [HookConfig] = []
        for (index, item) in items.enumerated() {
            let map = try YAMLMap(node: item, path: "hooks[\(index)]", file: file)
            try map.checkKeys(["name", "command", "on", "timeout", "pass_environment"])
            let name = TextSanitizer.inert(try map.string("name") ?? "hook \(index + 1)", limit: 40)
            guard let commandNode = map.node("command") else {
                throw map.error("command", nil, "a hook needs a command: a list, the program and its arguments")
            }
            guard let argv = commandNode.sequence else {
                throw map.error(
                    "command", commandNode,
                    "expected a list such as [\"/usr/bin/espeak-ng\", \"-v\", \"en\"]: a hook is run directly,"
                        + " never through a shell")
            }
            var command: [String] = []
            for part in argv {
                guard let text = part.text else { throw map.error("command", part, "expected text") }
                command.append(text)
            }
            guard let program = command.first, !program.isEmpty else {
                throw map.error("command", commandNode, "the list is empty")
            }
            if !program.hasPrefix("/") && program.contains("/") { command[0] = resolve(program, directory) }
            var on = HookTrigger.allCases
            if let onNode = map.node("on") {
                let names = onNode.sequence?.compactMap(\.text) ?? onNode.text.map { [$0] } ?? []
                on = []
                for name in names {
                    guard let trigger = HookTrigger(rawValue: name) else {
                        throw map.error(
                            "on", onNode,
                            "unknown event \"\(TextSanitizer.inert(name, limit: 30))\"; expected some of: "
                                + HookTrigger.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    on.append(trigger)
                }
                if on.isEmpty {
                    throw map.error(
                        "on", onNode,
                        "expected some of: " + HookTrigger.allCases.map(\.rawValue).joined(separator: ", "))
                }
            }
            var passed: [String] = []
            if let node = map.node("pass_environment") {
                guard let items = node.sequence?.compactMap(\.text), items.count == node.sequence?.count else {
                    throw map.error("pass_environment", node, "expected a list of environment variable names")
                }
                for item in items {
                    guard !item.isEmpty, item.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
                    else {
                        throw map.error(
                            "pass_environment", node,
                            "\"\(TextSanitizer.inert(item, limit: 40))\" is not an environment variable's name")
                    }
                    passed.append(item)
                }
            }
            hooks.append(
                HookConfig(
                    name: name, command: command, on: on, timeout: try map.duration("timeout") ?? 10,
                    passEnvironment: passed))
        }
        return hooks
    }

    static func parsePrometheus(
        _ map: YAMLMap, directory: String?, probe: (SecretSource) -> String?, extraKeys: [String] = []
    )
        throws(ConfigError) -> PrometheusConfig
    {
        var out = PrometheusConfig()
        try map.checkKeys(
            [
                "url", "timeout", "connect_timeout", "headers", "basic_auth", "bearer_token_file", "bearer_token_env",
                "tls",
            ] + extraKeys,
            hint: [
                "bearer_token": "tokens are never read from the config file itself; use bearer_token_file or"
                    + " bearer_token_env", "password": secretHint,
            ])
        if let url = try map.string("url") {
            out.url = try validateURL(url, map: map)
        }
        if let timeout = try map.seconds("timeout") { out.timeout = timeout }
        if let connect = try map.seconds("connect_timeout") { out.connectTimeout = connect }
        if let headers = try map.map("headers") {
            for pair in headers.mapping {
                let (keyNode, valueNode) = (pair.key, pair.value)
                guard let name = keyNode.text, isToken(name) else {
                    throw headers.error(keyNode.text ?? "?", keyNode, "not a valid HTTP header name")
                }
                guard let value = valueNode.text, !value.contains(where: { $0.isNewline }) else {
                    throw headers.error(name, valueNode, "expected a one-line header value")
                }
                out.headers.append(HTTPHeader(name: name, value: value))
            }
        }
        if let basic = try map.map("basic_auth") {
            try basic.checkKeys(["username", "password_file", "password_env"], hint: ["password": secretHint])
            guard let username = try basic.string("username") else {
                throw basic.error("username", nil, "basic_auth needs a username")
            }
            out.auth.username = username
            out.auth.password = try secret(
                basic, file: "password_file", env: "password_env", directory: directory, probe: probe)
            if out.auth.password == nil {
                throw basic.error("password_file", nil, "basic_auth needs password_file or password_env")
            }
        }
        out.auth.bearerToken = try secret(
            map, file: "bearer_token_file", env: "bearer_token_env", directory: directory, probe: probe)
        if out.auth.bearerToken != nil && out.auth.username != nil {
            throw map.error(
                "bearer_token_file", map.keyNode("bearer_token_file"),
                "use either basic_auth or a bearer token, not both")
        }
        if let tls = try map.map("tls") {
            try tls.checkKeys(["ca_file", "cert_file", "key_file", "insecure_skip_verify"])
            out.tls.caFile = try tls.string("ca_file").map { resolve($0, directory) }
            out.tls.certFile = try tls.string("cert_file").map { resolve($0, directory) }
            out.tls.keyFile = try tls.string("key_file").map { resolve($0, directory) }
            out.tls.insecureSkipVerify = try tls.bool("insecure_skip_verify") ?? false
            if (out.tls.certFile == nil) != (out.tls.keyFile == nil) {
                throw tls.error(
                    out.tls.certFile == nil ? "cert_file" : "key_file", nil,
                    "a client certificate needs both cert_file and key_file")
            }
        }
        return out
    }

    static func secret(
        _ map: YAMLMap, file: String, env: String, directory: String?, probe: (SecretSource) -> String?
    ) throws(ConfigError) -> SecretSource? {
        let path = try map.string(file)
        let variable = try map.string(env)
        let source: SecretSource
        let key: String
        switch (path, variable) {
        case (nil, nil): return nil
        case (let path?, nil): (source, key) = (.file(resolve(path, directory)), file)
        case (nil, let variable?): (source, key) = (.environment(variable), env)
        case (.some, .some): throw map.error(env, map.keyNode(env), "give either \(file) or \(env), not both")
        }
        if let problem = probe(source) { throw map.error(key, map.node(key), problem) }
        return source
    }

    static func validateURL(_ url: String, map: YAMLMap) throws(ConfigError) -> String {
        switch URLCheck.validate(url) {
        case .success(let clean): return clean
        case .failure(let problem): throw map.error("url", map.node("url"), problem.message)
        }
    }

    static func parsePrinciple(_ map: YAMLMap, id: PrincipleID) throws(ConfigError) -> PrincipleOverride {
        var change = PrincipleOverride()
        try map.checkKeys(["query", "headline", "unit", "green", "red", "profile"])
        if let name = try map.string("profile") {
            guard let profile = Profile.builtin(name) else {
                throw map.error(
                    "profile", map.node("profile"),
                    "no built-in profile \"\(TextSanitizer.inert(name, limit: 40))\"; the built-in ones are "
                        + Profile.builtinNames.joined(separator: ", "))
            }
            guard profile.principle(id) != nil else {
                throw map.error("profile", map.node("profile"), "the profile \(name) leaves \(id.rawValue) out")
            }
            change.profile = name
        }
        if let query = try map.string("query") {
            guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw map.error("query", map.node("query"), "the query is empty")
            }
            change.query = query
        }
        if let headline = try map.string("headline") { change.headline = TextSanitizer.inert(headline, limit: 40) }
        if let unit = try map.string("unit") {
            guard
                let parsed = Unit(rawValue: unit) ?? (unit == "percent" ? .percent : unit == "seconds" ? .seconds : nil)
            else {
                throw map.error("unit", map.node("unit"), "expected one of: %, items, s, \"\" (got \"\(unit)\")")
            }
            change.unit = parsed
        }
        for key in ["green", "red"] {
            guard let text = try map.string(key) else { continue }
            guard let condition = Condition(parsing: text) else {
                throw map.error(
                    key, map.node(key),
                    "expected a condition such as \"< 500\", \"> 1000\" or \"== 0\", got \"\(TextSanitizer.inert(text, limit: 40))\""
                )
            }
            if key == "green" { change.green = condition } else { change.red = condition }
        }
        return change
    }

    static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
    }

    static func resolve(_ path: String, _ directory: String?) -> String {
        if path.hasPrefix("/") || directory == nil { return path }
        if path.hasPrefix("~/") { return path }
        return directory! + "/" + path
    }

}
