import FeedwatchStore
import Foundation

/// Writes the feed updates of a pass from one thread of its own, in group commits: each transaction
/// takes every update queued while the previous one was written, after waiting a few milliseconds
/// for more when there are few.
///
/// So a first pass over a thousand feeds writes a few dozen transactions instead of hundreds (each
/// commit rewrites the index pages it touched into the WAL), and SQLite's work runs beside parsing
/// and classifying on the other core instead of taking a cooperative thread from them.
///
/// Thread model: `write`, `pollStarted`, `pollEnded` and `finish` may be called from any task; they
/// touch the queue only under `condition`. The writer thread alone calls the store and resumes the
/// waiting tasks. It ends after `finish`, once the queue is empty (every poll awaits its write, so
/// it is empty when `pollAll` finishes).
final class PassWriter: @unchecked Sendable {
    private typealias Job = (
        update: FeedUpdate, continuation: CheckedContinuation<Result<RecordResult, StoreError>, Never>
    )

    private let store: Store
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var waiting: [Job] = []
    /// Polls of the pass that have not returned: when all of them wait here, nothing more is coming.
    private var polling = 0
    private var isFinished = false

    /// Updates worth a transaction at once.
    static let batchTarget = 64
    /// How long the writer waits for a batch to fill: short beside a pass, long beside a commit.
    static let gatherSeconds = 0.010

    /// Creates the writer and starts its thread (which keeps it alive until `finish`).
    init(store: Store) {
        self.store = store
        let thread = Thread { [self] in run() }
        thread.name = "feedwatch-store"
        thread.start()
    }

    /// A poll of the pass begins.
    func pollStarted() {
        condition.withLock { polling += 1 }
    }

    /// A poll of the pass returned (whether or not it wrote anything).
    func pollEnded() {
        condition.withLock {
            polling -= 1
            if isBatchReady { condition.signal() }
        }
    }

    /// No more polls: the thread ends once the queue is empty.
    func finish() {
        condition.withLock {
            isFinished = true
            condition.signal()
        }
    }

    /// Writes `update` (with an fsync only at the pass's end, see `Pipeline.syncItems`); returns what
    /// its items changed, or the error that kept it from being written.
    func write(_ update: FeedUpdate) async -> Result<RecordResult, StoreError> {
        await withCheckedContinuation { continuation in
            condition.withLock {
                waiting.append((update, continuation))
                if waiting.count == 1 || isBatchReady { condition.signal() }
            }
        }
    }

    /// Enough updates for a transaction, or every poll still running is waiting for one.
    private var isBatchReady: Bool {
        !waiting.isEmpty && (waiting.count >= Self.batchTarget || waiting.count >= polling)
    }

    private func run() {
        condition.lock()
        while true {
            while waiting.isEmpty && !isFinished { condition.wait() }
            if waiting.isEmpty { break }
            let deadline = Date(timeIntervalSinceNow: Self.gatherSeconds)
            while !isBatchReady && !isFinished && condition.wait(until: deadline) {}
            let batch = waiting
            waiting = []
            condition.unlock()
            for (job, result) in zip(batch, write(batch.map(\.update))) {
                job.continuation.resume(returning: result)
            }
            condition.lock()
        }
        condition.unlock()
    }

    /// One transaction for the batch; if it fails, each update alone, so one feed whose update cannot be
    /// written does not cost the others theirs.
    private func write(_ updates: [FeedUpdate]) -> [Result<RecordResult, StoreError>] {
        do {
            return try store.record(updates, isDurable: false).map { .success($0) }
        } catch {
            if updates.count == 1 { return [.failure(error)] }
        }
        return updates.map { update in
            Result { () throws(StoreError) in try store.record([update], isDurable: false)[0] }
        }
    }
}
