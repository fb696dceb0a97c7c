import Foundation

/// One webhook request: target, body, content type (always JSON here).
public struct WebhookRequest: Sendable, Hashable {
    /// Where to POST.
    public var url: String
    /// The body.
    public var body: Data
    /// The Content-Type header.
    public var contentType: String = "application/json"
}
