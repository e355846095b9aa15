import AndonBuiltins

/// The version of andon, shown by `--version` and sent as the User-Agent.
public enum AndonVersion {
    public static let current = "0.1.0"
    /// The commit the build comes from, or "unknown" (a build from a tree without git).
    public static let commit = BuildCommit.hash
    /// What `andon --version` prints: the version and the commit.
    public static let long = "\(current) (commit \(commit))"
}
