import GRDB

extension Store {
    /// Makes every transaction committed so far survive a power cut: a pass records its feeds without
    /// an fsync each (5 ms apiece here, which made a first pass over 1,000 feeds wait 5 s on the disk)
    /// and calls this once before it delivers anything. SQLite's WAL is append-only and checksummed,
    /// so a power cut before this loses only a suffix of those commits (refetched next time), never
    /// consistency; this checkpoint syncs the WAL, and so all of them, in one go.
    public func syncToDisk() throws(StoreError) {
        let busy: Int
        do {
            // FULL waits (busy timeout) for readers to leave older snapshots, then copies every WAL
            // frame into the database, syncing the WAL before and the database after. If a reader
            // still pins an old snapshot the checkpoint reports busy and may not have synced
            // anything: that is an error, so the caller holds its deliveries and tries again.
            busy = try database.writeWithoutTransaction { db in
                try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(FULL)") ?? 1
            }
        } catch {
            throw StoreError(path: database.path, message: "syncing the database to disk: \(error)")
        }
        if busy != 0 {
            throw StoreError(path: database.path, message: "syncing the database to disk: a reader held an old snapshot")
        }
    }
}
