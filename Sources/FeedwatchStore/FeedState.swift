import Foundation

/// What the store knows about one feed: validators, schedule and health.
public struct FeedState: Sendable, Hashable {
    /// The configured URL (the feed's identity).
    public var url: String
    /// Display name.
    public var name: String
    /// Where a permanent redirect moved the feed; fetches go there.
    public var movedTo: String?
    /// ETag of the last 200 response.
    public var etag: String?
    /// Last-Modified of the last 200 response.
    public var lastModified: String?
    /// When the last fetch was tried.
    public var lastAttemptAt: Date?
    /// When a fetch last succeeded (200 or 304).
    public var lastSuccessAt: Date?
    /// HTTP status of the last response, if any.
    public var lastStatus: Int?
    /// The last error message, nil after a success.
    public var lastError: String?
    /// When the current run of failures began.
    public var failingSince: Date?
    /// Failures in a row.
    public var consecutiveFailures: Int
    /// When the feed is due next.
    public var nextPollAt: Date?
    /// The server said 410 Gone: polling stopped.
    public var isGone: Bool
    /// Items recorded from this feed.
    public var itemsSeen: Int
    /// The RSS `ttl` of the last document fetched: minutes it may be cached before polling again.
    public var ttlMinutes: Int?
    /// The RSS `skipHours` of the last document fetched: GMT hours (0–23) in which not to poll.
    public var skipHours: [Int]
    /// The RSS `skipDays` of the last document fetched: days (`Monday`…`Sunday`, GMT) on which not to poll.
    public var skipDays: [String]

    /// Creates a feed state.
    public init(url: String, name: String) {
        self.url = url
        self.name = name
        consecutiveFailures = 0
        isGone = false
        itemsSeen = 0
        skipHours = []
        skipDays = []
    }

    /// The URL to fetch: the permanent redirect target if there was one.
    public var fetchURL: String { movedTo ?? url }

    /// Whether this feed has never been fetched successfully (its first items only catch up).
    public var isNew: Bool { lastSuccessAt == nil }
}

/// The outcome of one fetch, as the store records it.
public enum FetchRecord: Sendable {
    /// 200: new validators; `movedTo` after a 301/308 chain; what the document says about when to
    /// poll it (RSS `ttl`, `skipHours`, `skipDays`), replacing what the last document said.
    case fetched(
        status: Int, etag: String?, lastModified: String?, movedTo: String?, ttlMinutes: Int? = nil,
        skipHours: [Int] = [], skipDays: [String] = [])
    /// 304: nothing changed.
    case notModified
    /// Failed; `isGone` for 410.
    case failed(status: Int?, message: String, isGone: Bool)
}

extension FetchRecord {
    /// A 200 with a document (the only outcome that brings items).
    var isFetched: Bool {
        if case .fetched = self { return true }
        return false
    }
}
