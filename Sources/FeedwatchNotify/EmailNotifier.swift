import FeedwatchCurl
import Foundation
import FeedwatchModel

/// Delivers alerts as email over SMTP through libcurl: one message per alert, to every recipient.
public struct EmailNotifier: Notifier {
    /// The SMTP settings.
    public let settings: SMTPSettings
    /// The origination date of a message; the clock is passed in so tests can fix it.
    let clock: @Sendable () -> Date

    /// Always `email`.
    public var channel: String { "email" }

    /// Creates a notifier; `clock` gives the Date header (the system clock unless a test fixes it).
    public init(settings: SMTPSettings, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.clock = clock
    }

    /// Sends the alert's email once; a 5xx reply or a TLS/certificate refusal is permanent, a 4xx reply
    /// or a network failure temporary.
    public func deliver(_ alert: Alert) async throws(DeliveryError) {
        let message: EmailMessage
        do {
            message = try AlertEmail.compose(
                alert, from: settings.from, to: settings.to, date: clock(), timeZone: settings.timeZone,
                list: settings.list)
        } catch {
            throw DeliveryError(kind: .permanent, channel: channel, target: settings.displayURL, message: error.description)
        }
        try await send(message)
    }

    /// Sends one email for the batch (grouped by topic); its Message-ID comes from `key`, so a retry
    /// is recognisable as the same message.
    public func deliverBatch(_ alerts: [Alert], key: String) async throws(DeliveryError) {
        let message: EmailMessage
        do {
            message = try BatchEmail.compose(
                alerts, from: settings.from, to: settings.to, date: clock(), timeZone: settings.timeZone,
                list: settings.list, batchKey: key)
        } catch {
            throw DeliveryError(kind: .permanent, channel: channel, target: settings.displayURL, message: error.description)
        }
        try await send(message)
    }

    /// Sends a composed message (an alert's or a digest's) once.
    public func send(_ message: EmailMessage) async throws(DeliveryError) {
        let outcome = await CurlTransfer.sendMail(
            url: settings.url, from: settings.from.address, recipients: message.recipients,
            message: Data(message.rendered().utf8), username: settings.username, password: settings.password,
            requireTLS: settings.requireTLS && settings.url.lowercased().hasPrefix("smtp://"),
            options: CurlOptions(connectTimeout: settings.connectTimeout, timeout: settings.timeout, caFile: settings.caFile))
        if let error = Self.classify(outcome, target: settings.displayURL) { throw error }
    }

    /// The error for a finished transfer, nil on success. The server's reply code decides first
    /// (RFC 5321 §4.2.1: 5yz permanent, 4yz transient); without one, libcurl's result does.
    static func classify(_ outcome: CurlOutcome, target: String) -> DeliveryError? {
        guard outcome.code != 0 else { return nil }
        let reply = outcome.responseCode
        let detail = outcome.errorText.isEmpty ? "libcurl error \(outcome.code)" : outcome.errorText
        func error(_ kind: DeliveryError.Kind, _ message: String) -> DeliveryError {
            DeliveryError(kind: kind, channel: "email", target: target, message: message, responseCode: reply == 0 ? nil : reply)
        }
        switch reply {
        case 500...599: return error(.permanent, "server replied \(reply): \(detail)")
        case 400...499: return error(.temporary, "server replied \(reply): \(detail)")
        default: break
        }
        return error(CurlCodeRetry.kind(ofCode: outcome.code), detail)
    }
}

/// How libcurl's result codes map to retry decisions when no reply code decided it.
enum CurlCodeRetry {
    static func kind(ofCode code: Int) -> DeliveryError.Kind {
        switch code {
        case 1, 3:  // unsupported protocol, malformed URL: configuration
            .permanent
        case 58, 60, 77, 83, 90, 91:  // certificate problems: checks stay on, so retrying cannot help
            .permanent
        case 64:  // STARTTLS required (CURLUSESSL_ALL) but the server does not offer it
            .permanent
        case 67:  // login denied (the reply code, when the server gave one, decided already)
            .permanent
        default:  // connection refused, DNS, timeouts, resets, TLS handshake: the network, try again
            .temporary
        }
    }
}
