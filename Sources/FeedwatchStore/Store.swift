// FeedwatchStore: what feedwatch has seen, matched and delivered, in SQLite through GRDB.
//
// Input: feed fetch outcomes, parsed entries with their matches. Output: the alerts that are new
// (recording returns only what is new, house rule 7), the outbox of deliveries, feed states for
// scheduling and status, alerts of a window for digests.
// Invariants: an entry's key is decided here only (`EntryKey`); an alert row and its outbox rows are
// written in the same transaction as the entry, so a crash loses or duplicates nothing; the
// database is in WAL mode with synchronous=FULL, one writer (a daemon pass commits without an fsync
// each and calls `syncToDisk()` once before delivering, see Store+Durability.swift).
import Foundation
import FeedwatchModel
import GRDB

/// The durable state of feedwatch.
public final class Store: Sendable {
    let database: DatabasePool

    /// Opens (creating if needed) the database at `path` and runs pending migrations.
    public init(path: String) throws(StoreError) {
        var configuration = Configuration()
        // WAL: readers (status, digest) never block the writer. synchronous=FULL, set below once the
        // database is set up: an alert's fate, once committed, survives a power cut, not just a
        // process crash. It cannot be set in `prepareDatabase`: GRDB's WAL set-up runs after it and
        // sets NORMAL, which until session 8 left the writer at NORMAL (not FULL) up to the first
        // relaxed transaction (`SynchronousModeTests`). The set-up and the migrations of a new
        // database commit at NORMAL: their loss in a power cut costs nothing (the next open makes
        // them again). A first run over 1,000 feeds makes 2 fdatasync calls before its first fetch,
        // not 6 as before (strace); the two left are GRDB's set-up write, a new WAL's header and its
        // directory, which SQLite syncs even at NORMAL.
        // Another process (a `status` while the daemon writes) may hold the lock briefly.
        configuration.busyMode = .timeout(10)
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
            // The writer connection lives as long as the pool, so this holds for every later write
            // (`performRelaxed` lowers it for one transaction and restores it).
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        } catch {
            throw StoreError(path: path, message: "cannot open the database: \(error)")
        }
    }

    /// Closes idle reader connections and empties SQLite's page caches. After a pass over many
    /// feeds several readers each hold a full cache; the daemon then idles for minutes.
    public func releaseMemory() {
        database.releaseMemory()
    }

    /// The result of SQLite's `PRAGMA integrity_check` (`["ok"]` when sound).
    public func integrityCheck() throws(StoreError) -> [String] {
        try perform("integrity check") { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// Runs a read, converting GRDB errors into `StoreError`.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw StoreError(path: database.path, message: "\(what): \(error)")
        }
    }

    /// Runs a write transaction whose loss in a power cut costs nothing but a repeated fetch (feed
    /// validators, schedule, health): committed with `synchronous=NORMAL`, which in WAL mode skips
    /// the fsync that `FULL` pays on every commit. Items, matches and the outbox go this way only
    /// within a pass that calls `syncToDisk()` before it delivers anything.
    func performRelaxed<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.writeWithoutTransaction { db in
                // Cached: a pass runs these around every group commit, and parsing them each time showed.
                try db.cachedStatement(sql: "PRAGMA synchronous = NORMAL").execute()
                defer { try? db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute() }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw StoreError(path: database.path, message: "\(what): \(error)")
        }
    }

    /// Runs a write transaction, converting GRDB errors into `StoreError`.
    func perform<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.write(body)
        } catch {
            throw StoreError(path: database.path, message: "\(what): \(error)")
        }
    }
}

/// A database failure, naming the file and what was being done.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The database file.
    public var path: String
    /// What failed.
    public var message: String

    /// Creates a store error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `PATH: message`.
    public var description: String { "\(path): \(message)" }
}
