import FeedwatchCurl
import Foundation

/// A fetch waiting for (or holding) a transfer slot.
struct TransferSubmission: Sendable {
    let id: UInt64
    let request: FetchRequest
    /// `host:port` of the requested URL, for the per-host limit.
    let hostKey: String
    /// The addresses of the proxy this fetch goes through (connecting to them is permitted).
    let proxyAddresses: Set<SocketAddress>
    let continuation: CheckedContinuation<Result<FetchResponse, FetchError>, Never>
}
