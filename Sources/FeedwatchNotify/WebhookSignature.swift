import Crypto
import Foundation

/// Signs webhook bodies so a receiver can check they came from this feedwatch and were not replayed:
/// `X-Feedwatch-Signature: sha256=HEX`, the HMAC-SHA256 with the shared secret of
/// `TIMESTAMP + "." + BODY`, where TIMESTAMP is the `X-Feedwatch-Timestamp` header (Unix seconds).
/// Binding the timestamp into the MAC lets a receiver refuse old deliveries (a replay window).
public enum WebhookSignature {
    /// The header carrying the signature.
    public static let signatureHeader = "X-Feedwatch-Signature"
    /// The header carrying the signing time, Unix seconds.
    public static let timestampHeader = "X-Feedwatch-Timestamp"

    /// `sha256=` and the lowercase hex HMAC-SHA256 of `timestamp.body` under `secret`.
    public static func sign(body: Data, timestamp: Int, secret: Data) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// True when `signature` is the valid signature of the body at that timestamp (constant-time compare),
    /// and the timestamp is within `tolerance` seconds of `now`. For receivers, and for tests.
    public static func verify(
        body: Data, timestamp: Int, signature: String, secret: Data, now: Date = Date(), tolerance: TimeInterval = 300
    ) -> Bool {
        guard abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance, signature.hasPrefix("sha256="),
            let given = hexBytes(signature.dropFirst("sha256=".count))
        else { return false }
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: message, using: SymmetricKey(data: secret))
    }

    private static func hexBytes(_ text: Substring) -> Data? {
        guard text.count == 64 else { return nil }
        var bytes = Data()
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
