/// What one poll of one feed writes: the items a 200 brought, and the fetch outcome (validators,
/// schedule, health). `Store.record(_:)` writes both in one transaction, so a crash never keeps the
/// new validators of a document whose items were not recorded (the next poll would be a 304 and
/// lose them).
public struct FeedUpdate: Sendable {
    /// The document's entries, prepared; nil after a 304 or a failure.
    public var items: ItemRecording?
    /// The fetch outcome; nil to record items only.
    public var fetch: RecordedFetch?

    /// Creates an update.
    public init(items: ItemRecording?, fetch: RecordedFetch?) {
        self.items = items
        self.fetch = fetch
    }
}
