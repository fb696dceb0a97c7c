import FeedwatchCurl
import Foundation
import FeedwatchModel

/// Delivers alerts as signed JSON POSTs through libcurl, in feedwatch's own shape or an ntfy, Slack or
/// Discord template.
public struct WebhookNotifier: Notifier {
    /// The configured URL.
    public let url: String
    /// The HMAC secret; nil sends unsigned requests.
    public let secret: Data?
    /// The payload shape.
    public let template: WebhookTemplate
    /// Seconds for the whole request.
    public let timeout: Int
    /// A CA bundle to trust instead of the system's; checks stay on.
    public let caFile: String?
    let clock: @Sendable () -> Date

    /// Always `webhook`.
    public var channel: String { "webhook" }

    /// Creates a notifier; `clock` gives the signature timestamp (the system clock unless a test fixes it).
    public init(
        url: String, secret: Data? = nil, template: WebhookTemplate = .feedwatch, timeout: Int = 30,
        caFile: String? = nil, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.url = url
        self.secret = secret
        self.template = template
        self.timeout = timeout
        self.caFile = caFile
        self.clock = clock
    }

    /// The headers of a request: content type, idempotency key, and, with a secret, timestamp and signature.
    public func headers(for request: WebhookRequest, idempotencyKey key: String) -> [String] {
        var headers = [
            "Content-Type: \(request.contentType)", "User-Agent: feedwatch", "Idempotency-Key: \(key)",
            "X-Feedwatch-Delivery: \(key)",
        ]
        if let secret {
            let timestamp = Int(clock().timeIntervalSince1970)
            headers.append("\(WebhookSignature.timestampHeader): \(timestamp)")
            headers.append(
                "\(WebhookSignature.signatureHeader): \(WebhookSignature.sign(body: request.body, timestamp: timestamp, secret: secret))")
        }
        return headers
    }

    /// POSTs the alert once: 2xx delivered; 408, 425, 429 and 5xx temporary; other statuses permanent.
    public func deliver(_ alert: Alert) async throws(DeliveryError) {
        try await post(template.request(for: alert, url: url), idempotencyKey: MessageIdentity.idempotencyKey(for: alert))
    }

    /// POSTs the batch as one request once, with `key` as its idempotency key.
    public func deliverBatch(_ alerts: [Alert], key: String) async throws(DeliveryError) {
        // A batch of one (a single alert held by quiet hours) is that alert's own request, like in email.
        if alerts.count == 1 { return try await deliver(alerts[0]) }
        try await post(template.batchRequest(for: alerts, key: key, url: url), idempotencyKey: MessageIdentity.safeToken(key))
    }

    /// POSTs a rendered daily digest once, with an idempotency key stable for the day and zone.
    public func sendDigest(
        subject: String, day: String, timeZone: TimeZone, text: String, markdown: String
    ) async throws(DeliveryError) {
        let request = template.digestRequest(
            subject: subject, day: day, timeZone: timeZone, text: text, markdown: markdown, url: url)
        try await post(request, idempotencyKey: WebhookTemplate.digestKey(day: day, timeZone: timeZone))
    }

    private func post(_ request: WebhookRequest, idempotencyKey: String) async throws(DeliveryError) {
        let outcome = await CurlTransfer.post(
            url: request.url, body: request.body, headers: headers(for: request, idempotencyKey: idempotencyKey),
            options: CurlOptions(connectTimeout: min(15, timeout), timeout: timeout, caFile: caFile))
        if let error = Self.classify(outcome, target: URLRedaction.redacted(request.url)) { throw error }
    }

    static func classify(_ outcome: CurlOutcome, target: String) -> DeliveryError? {
        let status = outcome.responseCode
        if outcome.code != 0 {
            return DeliveryError(
                kind: CurlCodeRetry.kind(ofCode: outcome.code), channel: "webhook", target: target,
                message: outcome.errorText.isEmpty ? "libcurl error \(outcome.code)" : outcome.errorText,
                responseCode: status == 0 ? nil : status)
        }
        switch status {
        case 200...299: return nil
        case 408, 425, 429, 500...599:
            return DeliveryError(
                kind: .temporary, channel: "webhook", target: target,
                message: "HTTP \(status): \(FeedText.shorten(FeedText.singleLine(outcome.responseExcerpt), to: 200))",
                responseCode: status)
        default:
            return DeliveryError(
                kind: .permanent, channel: "webhook", target: target,
                message: "HTTP \(status): \(FeedText.shorten(FeedText.singleLine(outcome.responseExcerpt), to: 200))",
                responseCode: status)
        }
    }
}
