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
/// A fetch outcome without items (a 304, a failure) is queued without waiting for its commit
/// (`queue`): its poll needs nothing back, and waiting held its place in the pass's window (so a
/// transfer slot) for the group commit's gathering and writing (docs/performance.md, "Fetcher,
/// session 9"). Items are still awaited (`write`): their poll reports what was new.
///
/// Thread model: `write`, `queue`, `pollStarted`, `pollEnded` and `finish` may be called from any
/// task; they touch the queue only under `condition`. The writer thread alone calls the store and
/// resumes the waiting tasks. It ends after `finish`, once the queue is empty; `finish` returns then.
final class PassWriter: @unchecked Sendable {
    /// Whom a job's outcome goes to: the poll awaiting it, or (queued) a handler of its failure.
    private enum Reply {
        case awaited(CheckedContinuation<Result<RecordResult, StoreError>, Never>)
        case ifFailed(@Sendable (StoreError) -> Void)
    }
    private typealias Job = (update: FeedUpdate, reply: Reply)

    private let store: Store
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var waiting: [Job] = []
    /// Polls of the pass that have not returned: when all of them wait here, nothing more is coming.
    private var polling = 0
    /// Jobs in `waiting` whose poll awaits them.
    private var awaited = 0
    private var isFinished = false
    /// Resumed when the thread has written everything and ended.
    private var finished: CheckedContinuation<Void, Never>?
    private var hasEnded = false

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

    /// No more polls: returns once the thread has written every queued update and ended.
    func finish() async {
        await withCheckedContinuation { continuation in
            condition.withLock {
                isFinished = true
                if hasEnded {
                    continuation.resume()
                } else {
                    finished = continuation
                    condition.signal()
                }
            }
        }
    }

    /// Writes `update` (with an fsync only at the pass's end, see `Pipeline.syncItems`); returns what
    /// its items changed, or the error that kept it from being written.
    func write(_ update: FeedUpdate) async -> Result<RecordResult, StoreError> {
        await withCheckedContinuation { continuation in
            condition.withLock {
                waiting.append((update, .awaited(continuation)))
                awaited += 1
                if waiting.count == 1 || isBatchReady { condition.signal() }
            }
        }
    }

    /// Queues `update` (a fetch outcome without items) for the next group commit without waiting for
    /// it; `ifFailed` is called on the writer thread if it cannot be written.
    func queue(_ update: FeedUpdate, ifFailed: @escaping @Sendable (StoreError) -> Void) {
        condition.withLock {
            waiting.append((update, .ifFailed(ifFailed)))
            if waiting.count == 1 || isBatchReady { condition.signal() }
        }
    }

    /// Enough updates for a transaction, or every poll still running is waiting for one.
    private var isBatchReady: Bool {
        !waiting.isEmpty && (waiting.count >= Self.batchTarget || awaited >= polling)
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
            awaited = 0
            condition.unlock()
            for (job, result) in zip(batch, write(batch.map(\.update))) {
                switch (job.reply, result) {
                case (.awaited(let continuation), _): continuation.resume(returning: result)
                case (.ifFailed(let handler), .failure(let error)): handler(error)
                case (.ifFailed, .success): break
                }
            }
            condition.lock()
        }
        hasEnded = true
        let finished = self.finished
        self.finished = nil
        condition.unlock()
        finished?.resume()
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
