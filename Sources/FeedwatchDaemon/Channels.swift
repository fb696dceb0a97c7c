import FeedwatchConfig
import FeedwatchNotify
import Foundation
import Logging

/// The notifiers the configuration asks for, by channel name (`log`, `email`, `webhook`).
///
/// Secrets (SMTP password, webhook HMAC key) are read from the files the configuration names, so
/// feeds.yml itself holds none; an unreadable file or a malformed address is a configuration error.
public struct Channels: Sendable {
    /// The notifiers, by channel name.
    public let notifiers: [String: any Notifier]

    /// Builds the notifiers of `configuration`; throws every problem, placed on its key.
    public init(configuration: Configuration, logger: Logger) throws(ConfigurationError) {
        var notifiers: [String: any Notifier] = [:]
        var issues: [ConfigurationIssue] = []
        func problem(_ message: String) {
            issues.append(ConfigurationIssue(path: configuration.path, line: 0, column: 0, message: message))
        }
        let notify = configuration.notify
        if notify.log { notifiers["log"] = LogNotifier(logger: logger) }
        if let email = notify.email {
            do {
                let from = try EmailAddress(parsing: email.from)
                let recipients = try email.to.map { address throws(EmailError) in try EmailAddress(parsing: address) }
                var password: String?
                if let file = email.passwordFile {
                    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                        throw ChannelError("notify.email.password_file: cannot read \(file)")
                    }
                    password = text.trimmingCharacters(in: .newlines)
                }
                notifiers["email"] = EmailNotifier(
                    settings: SMTPSettings(
                        url: email.smtpURL, username: email.username, password: password, from: from, to: recipients,
                        requireTLS: email.requireTLS, timeZone: configuration.settings.timeZone,
                        list: ListHeaders(namespace: email.listID, unsubscribe: email.unsubscribe)))
            } catch let error as ChannelError {
                problem(error.message)
            } catch {
                problem("notify.email: \(error)")
            }
        }
        if let webhook = notify.webhook {
            do {
                var secret: Data?
                if let file = webhook.secretFile {
                    guard let data = FileManager.default.contents(atPath: file) else {
                        throw ChannelError("notify.webhook.secret_file: cannot read \(file)")
                    }
                    secret = Data(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines).utf8)
                }
                notifiers["webhook"] = WebhookNotifier(
                    url: webhook.url, secret: secret, template: try WebhookTemplate(named: webhook.template))
            } catch let error as ChannelError {
                problem(error.message)
            } catch {
                problem("notify.webhook: \(error)")
            }
        }
        if !issues.isEmpty { throw ConfigurationError(issues: issues) }
        self.notifiers = notifiers
    }

    /// Channel names in a stable order.
    public var names: [String] { notifiers.keys.sorted() }
}

struct ChannelError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
