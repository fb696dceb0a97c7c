import FeedwatchCurl
import Foundation
import Synchronization

/// Fetches feeds politely and safely: every call shares one libcurl multi handle driven by one
/// thread, within a global and a per-host concurrency limit.
public final class Fetcher: Sendable {
    /// The settings every fetch uses.
    public let configuration: FetcherConfiguration
    private let driver: TransferDriver
    /// The addresses of each proxy in use, by its URL (`""`: no proxy, `nil`: the environment's); the
    /// fetcher's own is resolved at once, a feed's own on its first fetch.
    private let proxyAddresses: Mutex<[String?: Set<SocketAddress>]>
    /// The addresses of the fetcher's own proxy, read without the lock: nearly every request uses them,
    /// and two fetches taking the lock at once for them had cost more than the lookup.
    private let ownProxyAddresses: Set<SocketAddress>
    /// Easy handles of finished transfers, reused by the next ones.
    private let idleHandles: IdleHandles

    /// Creates a fetcher and starts its driver thread.
    public init(configuration: FetcherConfiguration = .init()) {
        CurlLibrary.initialize()
        self.configuration = configuration
        ownProxyAddresses = ProxyAddresses.resolve(configuredProxy: configuration.proxy)
        proxyAddresses = Mutex([configuration.proxy: ownProxyAddresses])
        driver = TransferDriver(configuration: configuration)
        // A fetch mostly takes the handle another fetch has just given back, so few need to wait
        // idle; more kept only held memory (each handle keeps its receive buffer): +1.5-2 MB of
        // peak RSS over 5,000 feeds with one per transfer slot (64).
        idleHandles = IdleHandles(capacity: min(configuration.maxConcurrentTransfers, Self.idleHandleLimit))
        driver.start()
    }

    /// The addresses of the proxy `request` goes through, resolved once per proxy.
    private func proxyAddresses(for request: FetchRequest) -> Set<SocketAddress> {
        let key = request.proxy ?? configuration.proxy
        if key == configuration.proxy { return ownProxyAddresses }
        if let known = proxyAddresses.withLock({ $0[key] }) { return known }
        // Resolved outside the lock: a slow DNS answer for one proxy must not hold up other fetches.
        let resolved = ProxyAddresses.resolve(configuredProxy: key)
        proxyAddresses.withLock { $0[key] = resolved }
        return resolved
    }

    deinit { driver.shutdown() }

    /// The most idle easy handles kept for reuse.
    static let idleHandleLimit = 8

    /// Fetches `request.url`: a 2xx or 304 response, or a typed error naming the URL.
    /// Cancelling the awaiting task aborts the transfer.
    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
        let url = request.url
        guard let parsed = CurlURL(url) else {
            throw FetchError(kind: .invalidURL, message: "\(url): not a valid URL", url: url, isTemporary: false)
        }
        guard parsed.scheme == "http" || parsed.scheme == "https" else {
            throw FetchError(kind: .unsupportedScheme,
                message: "\(url): only http and https URLs are fetched (not \(parsed.scheme))", url: url,
                isTemporary: false)
        }
        guard !parsed.host.isEmpty else {
            throw FetchError(kind: .invalidURL, message: "\(url): the URL has no host", url: url, isTemporary: false)
        }
        // An IP literal is refused before any connection; names are checked when libcurl connects.
        let policy = DestinationPolicy(request: request, proxyAddresses: [])
        if let refusal = policy.refusal(beforeConnecting: parsed) {
            throw FetchError(kind: .refused, message: refusal.message(url: url), url: url, isTemporary: false)
        }
        let proxies = proxyAddresses(for: request)
        let id = driver.makeID()
        // The handle is set up here, on the fetching task's thread, not on the driver's (see Transfer).
        let easy: CurlEasy
        do {
            easy = try idleHandles.take()
        } catch {
            throw Self.setupError(error, url: url)
        }
        let transfer: Transfer
        do {
            transfer = try Transfer(
                id: id, request: request, hostKey: parsed.hostAndPort, proxyAddresses: proxies,
                configuration: configuration, easy: easy)
        } catch {
            idleHandles.recycle(easy)
            throw Self.setupError(error, url: url)
        }
        // Every way out below has the transfer detached from the multi handle (or never attached).
        defer { idleHandles.recycle(transfer.easy) }
        let driver = self.driver
        let end = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfer.continuation = continuation
                driver.submit(transfer)
            }
        } onCancel: {
            driver.cancel(id)
        }
        switch end {
        case .completed(let result, let time):
            // The driver has detached the transfer: its outcome is read here, off the driver thread.
            return try transfer.outcome(result, configuration: configuration, now: time).get()
        case .cancelled:
            throw TransferDriver.cancelledError(url)
        case .notStarted(let error):
            throw Self.setupError(error, url: url)
        }
    }

    private static func setupError(_ error: CurlError, url: String) -> FetchError {
        FetchError(kind: .other, message: "\(url): cannot set up the transfer: \(error)", url: url, isTemporary: true)
    }
}
