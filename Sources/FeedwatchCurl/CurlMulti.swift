import CCurl
import Glibc

/// Owns one libcurl multi handle: many transfers on one thread, sharing connections and DNS cache.
///
/// Driven through libcurl's event API (`curl_multi_socket_action`): libcurl tells which sockets it
/// waits on (the socket callback, kept in an epoll set) and when its next timeout is due (the timer
/// callback); `poll` waits on the set and `perform` hands libcurl only the sockets that are ready
/// and the timeout when it is due. `curl_multi_perform`, used before, visits every transfer on each
/// call and checks each one's socket with a `poll(2)` of its own (libcurl 7.88's `Curl_readwrite`):
/// 30-40 system calls a feed in a pass of 304s (docs/performance.md, "Fetcher, session 9").
///
/// Every method except `wakeup()` must be called from the single thread that drives the handle;
/// `wakeup()` may be called from any thread (it writes to an eventfd in the epoll set).
public final class CurlMulti: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    /// The easy handles attached now, each holding the +1 retain taken in `add`.
    private var attached: [UnsafeMutableRawPointer: Unmanaged<CurlEasy>] = [:]
    /// The epoll set of libcurl's sockets and `wakeupFD`.
    private let epollFD: Int32
    /// Written by `wakeup()`, read (emptied) by `poll`.
    private let wakeupFD: Int32
    /// Sockets found ready by `poll` and their `CURL_CSELECT_*` bits, for `perform`.
    private var readySockets: [(socket: curl_socket_t, bits: Int32)] = []
    /// When libcurl wants `socket_action(CURL_SOCKET_TIMEOUT)` (monotonic nanoseconds), if ever.
    private var timeoutDeadline: UInt64?
    /// The buffers `fw_epoll_wait` fills: ready descriptors and their `CURL_CSELECT_*` bits.
    private var readyFDs = [Int32](repeating: 0, count: 128)
    private var readyBits = [Int32](repeating: 0, count: 128)

    /// Creates a multi handle with HTTP/2 multiplexing enabled.
    public init() throws(CurlError) {
        CurlLibrary.initialize()
        guard let handle = curl_multi_init() else { throw CurlError("creating a multi handle", reason: "out of memory") }
        self.handle = handle
        epollFD = fw_epoll_create()
        wakeupFD = fw_eventfd_create()
        guard epollFD >= 0, wakeupFD >= 0, fw_epoll_watch(epollFD, wakeupFD, 1, 0) == 0 else {
            curl_multi_cleanup(handle)
            throw CurlError("creating a multi handle", reason: "cannot create its epoll set")
        }
        _ = fw_multi_setopt_long(handle, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        // Unmanaged pairing: the callbacks get `self` UNRETAINED; libcurl calls them only from calls
        // this object makes on its handle (add, remove, socket_action, cleanup in deinit).
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = fw_multi_setopt_pointer(handle, CURLMOPT_SOCKETDATA, context)
        _ = fw_multi_setopt_pointer(handle, CURLMOPT_TIMERDATA, context)
        _ = fw_multi_setopt_socket_function(handle, curlMultiSocket)
        _ = fw_multi_setopt_timer_function(handle, curlMultiTimer)
    }

    deinit {
        for (easyHandle, retained) in attached {
            curl_multi_remove_handle(handle, easyHandle)
            retained.release()  // balances the passRetained in add
        }
        curl_multi_cleanup(handle)
        close(epollFD)
        close(wakeupFD)
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

    /// Does all the work that can be done now without blocking: the sockets `poll` found ready, then
    /// libcurl's timeout if it is due (a transfer just added is started that way).
    public func perform() {
        var running: Int32 = 0
        let ready = readySockets
        readySockets.removeAll(keepingCapacity: true)
        for (socket, bits) in ready {
            _ = curl_multi_socket_action(handle, socket, bits, &running)
        }
        if let deadline = timeoutDeadline, deadline <= Self.now() {
            timeoutDeadline = nil
            _ = curl_multi_socket_action(handle, fw_socket_timeout(), 0, &running)
        }
    }

    /// Waits until a socket is ready, libcurl's own timer is due, `wakeup()` is called, or
    /// `timeoutMilliseconds` pass.
    public func poll(timeoutMilliseconds: Int) {
        var timeout = timeoutMilliseconds
        if let deadline = timeoutDeadline {
            let now = Self.now()
            // Rounded up: waking a millisecond early would only find the timer not yet due.
            timeout = deadline <= now ? 0 : min(timeout, Int((deadline - now + 999_999) / 1_000_000))
        }
        let count = readyFDs.withUnsafeMutableBufferPointer { fds in
            readyBits.withUnsafeMutableBufferPointer { bits in
                fw_epoll_wait(epollFD, fds.baseAddress, bits.baseAddress, Int32(fds.count), Int32(timeout))
            }
        }
        guard count > 0 else { return }
        for index in 0..<Int(count) {
            let socket = readyFDs[index]
            if socket == wakeupFD {
                var value: UInt64 = 0
                _ = read(wakeupFD, &value, MemoryLayout<UInt64>.size)
                continue
            }
            readySockets.append((socket, readyBits[index]))
        }
    }

    /// Interrupts a `poll` in progress (from any thread).
    public func wakeup() {
        var one: UInt64 = 1
        _ = write(wakeupFD, &one, MemoryLayout<UInt64>.size)
    }

    // MARK: libcurl's callbacks (on the driving thread, inside calls on `handle`)

    /// Watches `socket` for `what` (`CURL_POLL_*`), or stops watching it.
    fileprivate func watch(_ socket: curl_socket_t, what: Int32) {
        if what == CURL_POLL_REMOVE {
            // libcurl says so before it closes the socket; if it has already, there is nothing to remove.
            _ = fw_epoll_unwatch(epollFD, socket)
            readySockets.removeAll { $0.socket == socket }
            return
        }
        _ = fw_epoll_watch(epollFD, socket, what & CURL_POLL_IN != 0 ? 1 : 0, what & CURL_POLL_OUT != 0 ? 1 : 0)
    }

    /// Sets when libcurl wants its timeout handled: in `milliseconds` (0: at once), or never (-1).
    fileprivate func setTimer(milliseconds: Int) {
        timeoutDeadline = milliseconds < 0 ? nil : Self.now() + UInt64(milliseconds) * 1_000_000
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
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

/// CURLMOPT_SOCKETFUNCTION: what libcurl waits for on `socket`.
private func curlMultiSocket(
    _ easy: UnsafeMutableRawPointer?, _ socket: curl_socket_t, _ what: Int32, _ context: UnsafeMutableRawPointer?,
    _ socketContext: UnsafeMutableRawPointer?
) -> Int32 {
    guard let context else { return -1 }
    Unmanaged<CurlMulti>.fromOpaque(context).takeUnretainedValue().watch(socket, what: what)  // see init
    return 0
}

/// CURLMOPT_TIMERFUNCTION: when libcurl wants its timeout handled.
private func curlMultiTimer(_ multi: UnsafeMutableRawPointer?, _ milliseconds: Int, _ context: UnsafeMutableRawPointer?)
    -> Int32
{
    guard let context else { return -1 }
    Unmanaged<CurlMulti>.fromOpaque(context).takeUnretainedValue().setTimer(milliseconds: milliseconds)  // see init
    return 0
}
