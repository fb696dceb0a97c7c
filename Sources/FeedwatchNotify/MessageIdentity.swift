import Crypto
import Foundation
import FeedwatchModel

/// Stable identities for deliveries: the same alert always gets the same Message-ID and idempotency key,
/// so a retry after a crash is recognisable (by the recipient's client, or a webhook receiver) as the same
/// alert rather than a new one.
public enum MessageIdentity {
    /// The hex SHA-256 of the text.
    public static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { byte in
            let digits = Array("0123456789abcdef")
            return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
        }.joined()
    }

    /// The alert's idempotency key: 32 hex digits of SHA-256 of its `alertID` (topic and entry key).
    public static func idempotencyKey(for alert: Alert) -> String {
        String(digest(alert.alertID).prefix(32))
    }

    /// The alert's Message-ID, `<KEY.alert@DOMAIN>`, with the sender's domain as RFC 5322 §3.6.4 suggests.
    public static func messageID(for alert: Alert, domain: String) -> String {
        "<\(idempotencyKey(for: alert)).alert@\(safeDomain(domain))>"
    }

    /// A digest's Message-ID: stable for the day, zone and recipients, so a re-sent digest is the same message.
    public static func digestMessageID(day: String, timeZone: String, recipients: [String], domain: String) -> String {
        let key = digest((["digest", day, timeZone] + recipients.sorted()).joined(separator: "\n"))
        return "<\(key.prefix(32)).digest@\(safeDomain(domain))>"
    }

    /// A key as it may appear in a Message-ID or header: letters, digits and `-` only, else its digest.
    public static func safeToken(_ key: String) -> String {
        let isSafe = !key.isEmpty && key.count <= 64 && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        return isSafe ? key : String(digest(key).prefix(32))
    }

    /// A batch's key: 32 hex digits of the channel and its sorted alert IDs, so forming the same batch
    /// again gives the same identity.
    public static func batchKey(channel: String, alertIDs: [String]) -> String {
        String(digest((["batch", channel] + alertIDs.sorted()).joined(separator: "\n")).prefix(32))
    }

    static func safeDomain(_ domain: String) -> String {
        let isDotAtom = !domain.isEmpty && domain.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        return isDotAtom ? domain.lowercased() : "feedwatch.invalid"
    }
}
