/// The version of andon, shown by `--version` and sent as the User-Agent.
public enum AndonVersion {
    public static let current = "0.1.0"
}
