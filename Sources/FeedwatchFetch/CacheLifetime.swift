import FeedwatchCurl
import Foundation

/// How long a response stays fresh, from its Cache-Control or Expires (RFC 9111 section 4.2.1).
enum CacheLifetime {
    /// Seconds of freshness: `max-age` (less `Age`), else `Expires` minus `Date` (or `now`);
    /// `nil` when the server says nothing or forbids caching (`no-store`, `no-cache`).
    static func seconds(cacheControl: String?, expires: String?, date: String?, age: String?, now: Date) -> Int? {
        if let cacheControl {
            var maxAge: Int?
            for directive in cacheControl.split(separator: ",") {
                let parts = directive.split(separator: "=", maxSplits: 1).map {
                    $0.trimmingCharacters(in: .whitespaces).lowercased()
                }
                switch parts[0] {
                case "no-store", "no-cache": return nil
                case "max-age" where parts.count == 2:
                    maxAge = Int(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
                default: break
                }
            }
            if let maxAge {
                let used = age.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
                return max(0, maxAge - max(0, used))
            }
        }
        guard let expires else { return nil }
        // An Expires that is not a valid date means "already expired" (RFC 9111 section 5.3).
        guard let expiry = CurlLibrary.parseHTTPDate(expires) else { return 0 }
        let reference = date.flatMap { CurlLibrary.parseHTTPDate($0) } ?? now
        return max(0, Int(expiry.timeIntervalSince(reference)))
    }
}
