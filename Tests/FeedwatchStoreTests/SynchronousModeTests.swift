import FeedwatchTestSupport
import Foundation
import GRDB
import Testing

@testable import FeedwatchStore

/// GRDB's WAL set-up leaves the writer at `synchronous=NORMAL`, and the migrations run so; the store
/// then sets `FULL`. This test fails if the open leaves the writer relaxed, which would make every
/// commit until the first relaxed transaction lose its power-cut durability (as it did before).
@Suite("The writer's synchronous mode after opening")
struct SynchronousModeTests {
    /// `PRAGMA synchronous` on the store's writer connection (2 is FULL, 1 NORMAL, 0 OFF).
    private func writerMode(_ store: Store) throws -> Int {
        try store.database.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    @Test("a new database and a reopened one both leave the writer at FULL, with the schema in place")
    func fullAfterOpen() throws {
        let directory = try TemporaryDirectory(prefix: "feedwatch-sync-mode")
        let path = directory.path("state/feedwatch.sqlite")
        do {
            let store = try Store(path: path)
            #expect(try writerMode(store) == 2)
            _ = try store.ensureFeeds([(url: "http://127.0.0.1:9/a.xml", name: "a")], in: [:])
            // A relaxed write in between restores FULL afterwards too.
            #expect(try writerMode(store) == 2)
        }
        let reopened = try Store(path: path)
        #expect(try writerMode(reopened) == 2)
        let states = try reopened.knownFeedStates(capacity: 1)
        #expect(states["http://127.0.0.1:9/a.xml"]?.name == "a")
        #expect(try reopened.integrityCheck() == ["ok"])
    }
}
