import Foundation
import GRDB

extension Store {
    /// Keeps a rendered digest of a local day (`YYYY-MM-DD`), replacing an earlier rendering.
    public func saveDigest(day: String, text: String, html: String, at now: Date) throws(StoreError) {
        try perform("saving the digest of \(day)") { db in
            try db.execute(
                sql: """
                    INSERT INTO digest (day, text, html, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(day) DO UPDATE SET text = excluded.text, html = excluded.html, created_at = excluded.created_at
                    """,
                arguments: [day, text, html, now.timeIntervalSince1970])
        }
    }

    /// Records that a day's digest went out, so a restart does not send it again.
    public func markDigestSent(day: String, at now: Date) throws(StoreError) {
        try perform("marking the digest of \(day) sent") { db in
            try db.execute(sql: "UPDATE digest SET sent_at = ? WHERE day = ?", arguments: [now.timeIntervalSince1970, day])
        }
    }

    /// Whether the digest of a day has been sent.
    public func isDigestSent(day: String) throws(StoreError) -> Bool {
        try read("reading the digest of \(day)") { db in
            try Double.fetchOne(db, sql: "SELECT sent_at FROM digest WHERE day = ?", arguments: [day]) != nil
        }
    }
}
