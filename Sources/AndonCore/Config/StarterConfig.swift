/// `andon init`: a commented configuration for the plant detection found, to edit rather than write from nothing:
/// the Prometheus URL, the Alertmanager found through it, each measured principle's profile as detected (so that
/// the file gives the board detection gave), and the labels that could tell lines apart, with their values.
public struct StarterConfig: Sendable {
    /// A label that could tell the lines of a plant apart, and the values Prometheus lists for it.
    public struct Candidate: Sendable, Equatable {
        public var label: String
        public var values: [String]

        public init(label: String, values: [String]) {
            self.label = label
            self.values = values
        }
    }

    /// The labels looked at as line candidates, in this order.
    public static let candidateLabels = ["job", "instance", "namespace", "service", "line", "cluster", "env"]

    public var prometheus: String
    public var alertmanager: String?
    public var detection: Detection?
    public var candidates: [Candidate]
    /// When the file was written (RFC 3339), for its first comment.
    public var writtenAt: String

    public init(
        prometheus: String, alertmanager: String?, detection: Detection?, candidates: [Candidate], writtenAt: String
    ) {
        self.prometheus = prometheus
        self.alertmanager = alertmanager
        self.detection = detection
        self.candidates = candidates
        self.writtenAt = writtenAt
    }

    /// The file. Everything from Prometheus is either checked (URLs, profile names) or written in comments, made
    /// inert and on one line: a label value cannot add a key.
    public func yaml() -> String {
        var lines = [
            "# andon configuration, written by `andon init` at \(writtenAt) from what \(Self.comment(prometheus))",
            "# exports. Every key is optional; docs/configuration.md has them all, docs/profiles.md how profiles",
            "# are detected. Check it with `andon doctor --config THIS-FILE`.",
            "",
            "title: \"Andon\"",
            "refresh: 15",
            "",
            "prometheus:",
            "  url: " + Self.quoted(prometheus),
            "  # basic_auth: {username: board, password_file: secrets/password}",
            "  # bearer_token_file: secrets/token",
            "",
        ]
        if let alertmanager {
            lines += [
                "# The Alertmanager Prometheus sends its alerts to: its silences and acknowledgements show on the board.",
                "alertmanager:",
                "  url: " + Self.quoted(alertmanager),
                "  allow_ack: false   # true lets the board and `andon ack` acknowledge (write silences)",
                "",
            ]
        } else {
            lines += [
                "# No Alertmanager was found through Prometheus; with one, its silences show on the board:",
                "# alertmanager:",
                "#   url: http://alertmanager:9093",
                "",
            ]
        }
        let suppliers = detection?.suppliers ?? [:]
        if suppliers.isEmpty {
            lines += [
                "# Detection found no profile that fits"
                    + (detection?.problem.map { " (" + Self.comment($0) + ")" } ?? "")
                    + "; choose one (`andon profiles` lists them):",
                "# profile: tps",
                "",
            ]
        } else {
            lines += [
                "# Each principle read from the profile detection chose for it; change one with another profile",
                "# (`andon profiles`), or give a whole profile with `profile: NAME` instead. A principle commented",
                "# out was not measured here: nothing this Prometheus exports reads it.",
                "principles:",
            ]
            for id in PrincipleID.allCases {
                if let name = suppliers[id] {
                    lines.append("  \(id.rawValue):")
                    lines.append("    profile: \(name)")
                } else if let missing = detection?.notMeasured.first(where: { $0.id == id }) {
                    lines.append("  # \(id.rawValue): not measured here: " + Self.comment(missing.text))
                }
            }
            lines.append("")
        }
        if !candidates.isEmpty {
            lines += [
                "# Labels that could tell the lines of this plant apart, with the values found. To give each its own",
                "# row on a plant board, see docs/scale-out.md (lines:, discover:).",
            ]
            for candidate in candidates {
                let shown = candidate.values.prefix(5).map { Self.comment($0) }.joined(separator: ", ")
                let more = candidate.values.count > 5 ? ", …" : ""
                lines.append("#   \(candidate.label): \(candidate.values.count) values (\(shown)\(more))")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// Text for a comment: inert, on one line, short.
    static func comment(_ text: String) -> String {
        TextSanitizer.inert(text, limit: 120)
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in TextSanitizer.inert(text, limit: 2000).unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
