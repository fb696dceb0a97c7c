import CCurl

/// Owns one libcurl multi handle: many transfers on one thread, sharing connections and DNS cache.
///
/// Every method except `wakeup()` must be called from the single thread that drives the handle;
/// `wakeup()` may be called from any thread (curl_multi_wakeup is thread-safe).
public final class CurlMulti: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    /// The easy handles attached now, each holding the +1 retain taken in `add`.
    private var attached: [UnsafeMutableRawPointer: Unmanaged<CurlEasy>] = [:]

    /// Creates a multi handle with HTTP/2 multiplexing enabled.
    public init() throws(CurlError) {
        CurlLibrary.initialize()
        guard let handle = curl_multi_init() else { throw CurlError("creating a multi handle", reason: "out of memory") }
        self.handle = handle
        _ = fw_multi_setopt_long(handle, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    }

    deinit {
        for (easyHandle, retained) in attached {
            curl_multi_remove_handle(handle, easyHandle)
            retained.release()  // balances the passRetained in add
        }
        curl_multi_cleanup(handle)
    }

    /// The number of transfers attached.
    public var count: Int { attached.count }

    /// Caps the connections kept open in the connection cache.
    public func setMaximumCachedConnections(_ count: Int) {
        _ = fw_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, count)
    }

    /// Starts driving `easy`; it stays alive (retained) until `remove` or a completion hands it back.
    public func add(_ easy: CurlEasy) throws(CurlError) {
        easy.resetErrorText()
        let code = curl_multi_add_handle(handle, easy.handle)
        guard code == CURLM_OK else { throw CurlError("adding a transfer", multiCode: code) }
        // +1 retain for as long as libcurl may call back into `easy` (see CurlEasy.installCallbacks);
        // released in `remove` (or `deinit`) right after curl_multi_remove_handle.
        attached[easy.handle] = Unmanaged.passRetained(easy)
    }

    /// Stops and detaches `easy` (a finished or aborted transfer).
    public func remove(_ easy: CurlEasy) {
        guard let retained = attached.removeValue(forKey: easy.handle) else { return }
        curl_multi_remove_handle(handle, easy.handle)
        retained.release()  // balances the passRetained in add
    }

    /// Does all the work that can be done now without blocking; returns the number of running transfers.
    @discardableResult
    public func perform() -> Int {
        var running: Int32 = 0
        _ = curl_multi_perform(handle, &running)
        return Int(running)
    }

    /// Waits until a socket is ready, libcurl's own timer is due, `wakeup()` is called, or
    /// `timeoutMilliseconds` pass.
    public func poll(timeoutMilliseconds: Int) {
        var ready: Int32 = 0
        _ = curl_multi_poll(handle, nil, 0, Int32(timeoutMilliseconds), &ready)
    }

    /// Interrupts a `poll` in progress (from any thread).
    public func wakeup() {
        _ = curl_multi_wakeup(handle)
    }

    /// The transfers that finished since the last call, with their results. They stay attached:
    /// call `remove` for each.
    public func completedTransfers() -> [(easy: CurlEasy, result: CurlResult)] {
        var finished: [(easy: CurlEasy, result: CurlResult)] = []
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(handle, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easyHandle = message.pointee.easy_handle,
                let retained = attached[easyHandle]
            else { continue }
            let easy = retained.takeUnretainedValue()
            finished.append((easy, CurlResult(code: message.pointee.data.result, detail: easy.errorText)))
        }
        return finished
    }
}
