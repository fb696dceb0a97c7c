import Logging

/// The logger of one feed's poll (its metadata names the feed), made only when the poll logs.
///
/// A poll used to copy the pipeline's logger and add the feed's name before fetching: a metadata
/// dictionary and an interpolated string for every feed, about 4,000 instructions a feed in a pass
/// of 304s (callgrind), which logs nothing at the usual levels (docs/performance.md, "Fetcher,
/// session 9").
struct FeedLog: Sendable {
    /// The pipeline's logger.
    let base: Logger
    /// The feed's name, as the `feed` metadata.
    let feedName: String

    /// `base` with the feed's name as metadata.
    var logger: Logger {
        var log = base
        log[metadataKey: "feed"] = "\(feedName)"
        return log
    }
}
