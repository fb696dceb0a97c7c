/// Receives a transfer's callbacks. libcurl calls these on the thread that drives the transfer
/// (the one calling `CurlMulti.perform()`), one at a time.
public protocol CurlTransferDelegate: AnyObject {
    /// A chunk of the decoded body; return `false` to abort the transfer (it then fails as `writeAborted`).
    func curlTransfer(receivedBody bytes: UnsafeRawBufferPointer) -> Bool
    /// One raw header line (status lines of every redirect hop included, CRLF kept); return `false` to abort.
    func curlTransfer(receivedHeaderLine bytes: UnsafeRawBufferPointer) -> Bool
    /// Whether libcurl may open a connection to `address`; `false` makes this attempt fail as `connect`.
    func curlTransfer(mayConnectTo address: SocketAddress) -> Bool
}
