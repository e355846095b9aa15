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
            "kiosk_alarm", "history_step", "profile", "variables",
        ])
        if let variables = try top.map("variables") {
            for pair in variables.mapping {
                let (keyNode, valueNode) = (pair.key, pair.value)
                guard let name = keyNode.text,
                    QueryTemplate.variables(in: "$" + name) == [name]
                else {
                    throw variables.error(keyNode.text ?? "?", keyNode, "a variable's name is letters, digits and _")
                }
                if let text = valueNode.text {
                    config.variables[name] = Config.variableValue([text])
                } else if let sequence = valueNode.sequence {
                    var values: [String] = []
                    for item in sequence {
                        guard let text = item.text else {
                            throw variables.error(name, item, "expected a value or a list of values")
                        }
                        values.append(text)
                    }
                    guard !values.isEmpty else { throw variables.error(name, valueNode, "an empty list") }
                    config.variables[name] = Config.variableValue(values)
                } else {
                    throw variables.error(name, valueNode, "expected a value or a list of values")
                }
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
        if let dwell = try top.number("dwell") { config.dwell = dwell }
        if let alarm = try top.string("kiosk_alarm") {
            guard let value = KioskAlarm(rawValue: alarm) else {
                throw top.error(
                    "kiosk_alarm", top.node("kiosk_alarm"),
                    "expected one of \(KioskAlarm.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            config.kioskAlarm = value
        }
        if let title = try top.string("title") { config.title = TextSanitizer.inert(title, limit: 120) }
        if let refresh = try top.number("refresh") { config.refresh = refresh }
        config.staleAfter = try top.number("stale_after")
        if let unknownAfter = try top.number("unknown_after") { config.unknownAfter = unknownAfter }
        if let prometheus = try top.map("prometheus") {
            config.prometheus = try parsePrometheus(prometheus, directory: directory, probe: probe)
        }
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

    static func parsePrometheus(_ map: YAMLMap, directory: String?, probe: (SecretSource) -> String?)
        throws(ConfigError) -> PrometheusConfig
    {
        var out = PrometheusConfig()
        try map.checkKeys(
            [
                "url", "timeout", "connect_timeout", "headers", "basic_auth", "bearer_token_file", "bearer_token_env",
                "tls",
            ],
            hint: [
                "bearer_token": "tokens are never read from the config file itself; use bearer_token_file or"
                    + " bearer_token_env", "password": secretHint,
            ])
        if let url = try map.string("url") {
            out.url = try validateURL(url, map: map)
        }
        if let timeout = try map.number("timeout") { out.timeout = timeout }
        if let connect = try map.number("connect_timeout") { out.connectTimeout = connect }
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
        try map.checkKeys(["query", "headline", "unit", "green", "red"])
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
