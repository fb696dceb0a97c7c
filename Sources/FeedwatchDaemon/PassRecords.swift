import FeedwatchStore
import Synchronization

/// The fetch outcomes of a pass not yet written: `pollAll` writes them in batches (one transaction for
/// many feeds) instead of one transaction a feed, which cost more than the fetches on a pass of 304s.
final class PassRecords: Sendable {
    private let pending = Mutex<[RecordedFetch]>([])

    /// Queues an outcome.
    func append(_ outcome: RecordedFetch) { pending.withLock { $0.append(outcome) } }

    /// How many outcomes wait.
    var count: Int { pending.withLock { $0.count } }

    /// Takes every waiting outcome.
    func drain() -> [RecordedFetch] { pending.withLock { queued in defer { queued = [] }; return queued } }
}
