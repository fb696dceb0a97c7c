import FeedwatchCurl
import Foundation

/// Easy handles whose transfers have ended, kept for the next fetches (a few: see `Fetcher.idleHandleLimit`).
///
/// A new handle is a large allocation for libcurl (the handle and its receive buffer), freed again
/// at the transfer's end; in a pass of 304s that was a good part of each transfer's malloc work.
/// A handle comes back here only once the driver has detached it (its fetch has its outcome), and
/// goes out reset to libcurl's defaults plus feedwatch's (`CurlEasy.reset`), as good as new.
///
/// Thread model: any task may take or return a handle; the list is touched only under `lock`.
final class IdleHandles: @unchecked Sendable {
    private let lock = NSLock()
    private var handles: [CurlEasy] = []
    private let capacity: Int

    /// Keeps at most `capacity` idle handles.
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// An idle handle, or a new one when none is left.
    func take() throws(CurlError) -> CurlEasy {
        if let handle = lock.withLock({ handles.popLast() }) { return handle }
        return try CurlEasy()
    }

    /// Takes back the handle of a finished fetch (detached from the multi handle), reset for the
    /// next one; dropped (freed) when enough are idle or the reset failed.
    func recycle(_ handle: CurlEasy) {
        do {
            try handle.reset()
        } catch {
            return
        }
        lock.withLock {
            if handles.count < capacity { handles.append(handle) }
        }
    }
}
