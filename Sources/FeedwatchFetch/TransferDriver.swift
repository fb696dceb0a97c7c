import FeedwatchCurl
import Foundation
import Synchronization

/// Runs every transfer of one `Fetcher` on one libcurl multi handle, from one dedicated thread:
/// admits waiting fetches within the global and per-host limits, lets `CurlMulti` wait for and
/// handle the sockets that are ready (libcurl's event API, see CurlMulti), and resumes each fetch's
/// continuation when its transfer ends.
///
/// Thread model: `submit`, `cancel` and `shutdown` may be called from any thread; they change only
/// the lock-protected `inbox` and wake the driver with curl_multi_wakeup. Everything else (the
/// multi handle, transfers, queues) is touched only by the driver thread. Every transfer of the
/// fetcher passes through this one thread, so it does only what must happen here: the fetching
/// tasks set up each transfer's handle before submitting it and turn its result into a response
/// after (see `Transfer`); a 304 pass over thousands of feeds had the driver thread as its busiest.
final class TransferDriver: @unchecked Sendable {
    private let configuration: FetcherConfiguration
    private let multi: CurlMulti

    /// State shared with other threads, guarded by `lock`.
    private struct Inbox {
        var submissions: [Transfer] = []
        var cancellations: [UInt64] = []
        /// Fetches submitted and not yet finished: a cancellation for any other id is stale.
        var live: Set<UInt64> = []
        var isShuttingDown = false
    }
    private let lock = NSLock()
    private var inbox = Inbox()
    private let lastID = Atomic<UInt64>(0)

    // Driver-thread state.
    private var waiting: [UInt64: Transfer] = [:]
    private var ready = WaitingQueue<Waiter>()
    /// Fetches that were held back by their host's limit and may now go first.
    private var released = WaitingQueue<Waiter>()
    private var heldByHost: [String: WaitingQueue<Waiter>] = [:]
    private var activeByHost: [String: Int] = [:]
    private var active: [UInt64: Transfer] = [:]
    private var activeByHandle: [ObjectIdentifier: Transfer] = [:]

    init(configuration: FetcherConfiguration) {
        self.configuration = configuration
        do {
            multi = try CurlMulti()
        } catch {
            // Only an out-of-memory libcurl fails here; there is nothing sensible to continue with.
            fatalError("feedwatch: cannot start the fetcher: \(error)")
        }
        // Keep enough idle connections for every slot, so keep-alive survives between polls.
        multi.setMaximumCachedConnections(max(configuration.maxConcurrentTransfers, 4))
    }

    /// Starts the driver thread. The thread keeps the driver alive until `shutdown`.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "feedwatch-fetch"
        thread.start()
    }

    /// A fresh id for a fetch.
    func makeID() -> UInt64 {
        lastID.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Queues a transfer (its `continuation` set), or ends it at once as cancelled when its task is
    /// already cancelled or the driver stopped.
    func submit(_ transfer: Transfer) {
        // Checked under the lock: a cancellation either happened before (seen here) or its
        // handler runs after this registers the id (and finds it in `live`).
        let (accepted, needsWakeup): (Bool, Bool) = lock.withLock {
            if Task.isCancelled || inbox.isShuttingDown { return (false, false) }
            inbox.live.insert(transfer.id)
            // Only the first submission into an empty inbox wakes the driver: a non-empty inbox has
            // a wakeup pending already (the driver empties it in one go). Saves a syscall a fetch.
            let wasEmpty = inbox.submissions.isEmpty
            inbox.submissions.append(transfer)
            return (true, wasEmpty)
        }
        if accepted {
            if needsWakeup { multi.wakeup() }
        } else {
            Self.resume(transfer, .cancelled)
        }
    }

    /// Asks the driver to abort fetch `id` (its task was cancelled).
    func cancel(_ id: UInt64) {
        let known = lock.withLock {
            guard inbox.live.contains(id) else { return false }
            inbox.cancellations.append(id)
            return true
        }
        if known { multi.wakeup() }
    }

    /// Stops the driver thread; fetches still waiting or running finish as cancelled.
    func shutdown() {
        lock.withLock { inbox.isShuttingDown = true }
        multi.wakeup()
    }

    // MARK: The driver thread

    private func run() {
        while true {
            let (submissions, cancellations, stop) = lock.withLock {
                defer {
                    inbox.submissions.removeAll(keepingCapacity: true)
                    inbox.cancellations.removeAll(keepingCapacity: true)
                }
                return (inbox.submissions, inbox.cancellations, inbox.isShuttingDown)
            }
            if stop {
                abandonEverything()
                return
            }
            for transfer in submissions {
                waiting[transfer.id] = transfer
                ready.append(Waiter(id: transfer.id, hostKey: transfer.hostKey))
            }
            for id in cancellations { abort(id) }
            admit()
            var finishedAny = false
            if multi.count > 0 {
                multi.perform()
                let completed = multi.completedTransfers()
                let now = completed.isEmpty ? nil : Date()
                for (easy, result) in completed {
                    guard let transfer = activeByHandle[ObjectIdentifier(easy)], let now else { continue }
                    detach(transfer)
                    finish(transfer, .completed(result, at: now))
                    finishedAny = true
                }
            }
            // A finished transfer frees a slot: admit and perform again before sleeping.
            if finishedAny && (!ready.isEmpty || !released.isEmpty) { continue }
            multi.poll(timeoutMilliseconds: multi.count > 0 ? 1000 : 60_000)
        }
    }

    /// Starts waiting fetches while the global limit allows, holding back those whose host is at its limit.
    private func admit() {
        while active.count < configuration.maxConcurrentTransfers {
            guard let waiter = released.popFirst() ?? ready.popFirst() else { return }
            let host = waiter.hostKey
            guard let transfer = waiting.removeValue(forKey: waiter.id) else {
                // Cancelled while waiting; if it held its host's freed slot, hand that on.
                releaseNext(for: host)
                continue
            }
            if activeByHost[host, default: 0] >= configuration.maxTransfersPerHost {
                waiting[waiter.id] = transfer
                heldByHost[host, default: WaitingQueue()].append(waiter)
                continue
            }
            start(transfer)
        }
    }

    private func start(_ transfer: Transfer) {
        do {
            try multi.add(transfer.easy)
            active[transfer.id] = transfer
            activeByHandle[ObjectIdentifier(transfer.easy)] = transfer
            activeByHost[transfer.hostKey, default: 0] += 1
        } catch {
            finish(transfer, .notStarted(error))
        }
    }

    /// Removes a running transfer from the multi handle and frees its host slot.
    private func detach(_ transfer: Transfer) {
        multi.remove(transfer.easy)
        active[transfer.id] = nil
        activeByHandle[ObjectIdentifier(transfer.easy)] = nil
        let host = transfer.hostKey
        activeByHost[host, default: 1] -= 1
        if activeByHost[host] == 0 { activeByHost[host] = nil }
        releaseNext(for: host)
    }

    /// Moves the next fetch held back for `host` to the front of the line.
    private func releaseNext(for host: String) {
        guard var held = heldByHost[host], let next = held.popFirst() else { return }
        released.append(next)
        heldByHost[host] = held.isEmpty ? nil : held
    }

    private func abort(_ id: UInt64) {
        if let transfer = active[id] {
            detach(transfer)
            finish(transfer, .cancelled)
        } else if let transfer = waiting.removeValue(forKey: id) {
            finish(transfer, .cancelled)
        }
    }

    private func abandonEverything() {
        for transfer in Array(active.values) {
            detach(transfer)
            finish(transfer, .cancelled)
        }
        for transfer in waiting.values {
            finish(transfer, .cancelled)
        }
        waiting = [:]
        let late = lock.withLock {
            defer { inbox.submissions = [] }
            return inbox.submissions
        }
        for transfer in late { finish(transfer, .cancelled) }
    }

    /// Hands `transfer` back to its task; the driver must not touch it afterwards.
    private func finish(_ transfer: Transfer, _ end: TransferEnd) {
        _ = lock.withLock { inbox.live.remove(transfer.id) }
        Self.resume(transfer, end)
    }

    private static func resume(_ transfer: Transfer, _ end: TransferEnd) {
        let continuation = transfer.continuation
        transfer.continuation = nil
        continuation?.resume(returning: end)
    }

    static func cancelledError(_ url: String) -> FetchError {
        FetchError(kind: .cancelled, message: "\(url): the fetch was cancelled", url: url, isTemporary: true)
    }
}

/// A waiting fetch's id and the host it counts against.
private struct Waiter {
    let id: UInt64
    let hostKey: String
}
