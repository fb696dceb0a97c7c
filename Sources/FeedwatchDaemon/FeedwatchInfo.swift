/// The program's identity, for `--version` and the User-Agent.
public enum FeedwatchInfo {
    /// The release version.
    public static let version = "0.1.0"
}
