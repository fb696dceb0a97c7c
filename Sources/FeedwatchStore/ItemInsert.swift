import GRDB

/// A feed's entries go into `item` by chunks, one multi-row INSERT a chunk, rather than one statement
/// an entry: running a statement costs SQLite a few thousand instructions beside the row itself
/// (opening its cursors, freeing its registers, resetting), paid 30,000 times by a first pass over
/// 1,000 feeds.
///
/// Chunks have a few fixed sizes (each SQL cached once per connection), the largest that fits first:
/// 30 entries are 16 + 8 + 4 + 2. Rows are inserted in the order of the VALUES, each skipped if its
/// key is stored (as `ON CONFLICT(key) DO NOTHING` one entry at a time did), so the rows written, their
/// rowids and which entry counts as new are what one statement an entry gave.
///
/// `INSERT OR IGNORE`, not `ON CONFLICT(key) DO NOTHING`: with the latter a NOT NULL column could still
/// abort the statement after some of its rows went in, so SQLite kept a statement journal (each page
/// the statement changed, as it was) to undo them, spilled to a temporary file past 64 KB: 110 MB
/// written into such files by a first pass over 1,000 feeds that wrote a 41 MB database (strace).
/// A statement that cannot fail partway on a constraint needs none. The two differ only for a NULL in
/// a NOT NULL column (`feed_url`, `first_seen_at`, `fields_pruned`), which is never bound; any other
/// error fails the transaction, as before.
enum ItemInsert {
    /// The chunk sizes, largest first.
    static let chunkSizes = [32, 16, 8, 4, 2, 1]

    /// The INSERT of each chunk size, in `chunkSizes` order.
    static let statements: [String] = chunkSizes.map(sql(rows:))

    /// Bound values a row.
    static let columns: CInt = 10

    static func sql(rows: Int) -> String {
        """
        INSERT OR IGNORE INTO item
            (key, feed_url, link_key, guid, title, link, summary, published_at, first_seen_at, fields_pruned)
        VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", "))
        """
    }

    /// The size of the next chunk when `remaining` entries are left, and its SQL.
    static func chunk(remaining: Int) -> (size: Int, sql: String) {
        let index = chunkSizes.firstIndex { $0 <= remaining }!
        return (chunkSizes[index], statements[index])
    }

    /// The rowid of each entry of `chunk` its INSERT added, nil for one the store had (or an earlier
    /// entry of the chunk had the same key), from the number of rows it added and the last one's rowid.
    ///
    /// New rows take consecutive rowids (one more than the largest, row after row), so when every
    /// entry was new they are `last - count + 1 ... last` in order; otherwise the added rows are read
    /// back by rowid and matched to the entries by key.
    static func newRowIDs(
        of chunk: ArraySlice<PreparedEntry>, inserted: Int, lastRowID: Int64, in db: Database
    ) throws -> [Int64?] {
        if inserted == 0 { return Array(repeating: nil, count: chunk.count) }
        let first = lastRowID - Int64(inserted) + 1
        if inserted == chunk.count { return (0..<Int64(chunk.count)).map { first + $0 } }
        var added: [String: Int64] = [:]
        let read = try DirectStatement(db, sql: "SELECT rowid, key FROM item WHERE rowid >= ? ORDER BY rowid")
        read.bind(first, at: 1)
        try read.forEachRow { row in
            if let rowID = row.int(0), let key = row.text(1) { added[key] = Int64(rowID) }
        }
        // A key is stored up to its first NUL (as it is bound); the first entry with a stored key is
        // the one the INSERT added.
        return chunk.map { added.removeValue(forKey: storedKey($0.key)) }
    }

    /// `key` as the store holds it: up to its first NUL.
    static func storedKey(_ key: String) -> String {
        guard let nul = key.utf8.firstIndex(of: 0) else { return key }
        return String(key[..<nul])
    }
}
