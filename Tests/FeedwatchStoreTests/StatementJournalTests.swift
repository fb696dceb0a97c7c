import FeedwatchModel
import FeedwatchTestSupport
import Foundation
import GRDB
import Testing

@testable import FeedwatchStore

/// A multi-row INSERT that a constraint could abort partway keeps a statement journal (the pages it
/// changes, as they were), and one past 64 KB goes to a temporary file (`etilqs_*`, unlinked at once,
/// open until the transaction ends): a first pass over 1,000 feeds wrote 110 MB into such files.
/// `ItemInsert`'s `INSERT OR IGNORE` cannot abort on a constraint and keeps none; the control (the
/// statement as it was, `ON CONFLICT(key) DO NOTHING`) shows that the check sees such a file.
@Suite("Items go in without a statement journal")
struct StatementJournalTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let feed = FeedContext(name: "F", url: "https://f.example/rss")

    /// Open files of this process that are SQLite temporary files.
    static func temporaryFiles() -> Int {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return descriptors.filter { descriptor in
            let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")
            return target?.contains("etilqs_") == true
        }.count
    }

    /// Entries with random ids (so a chunk's keys land on many index pages), every tenth matching.
    func entries(_ count: Int) -> [Entry] {
        (0..<count).map { index in
            let id = UUID().uuidString
            return Entry(
                id: id, title: index % 10 == 0 ? "a match" : "plain", link: "https://news.example/\(id)/story.html",
                summary: String(repeating: "words ", count: 50))
        }
    }

    static func classify(_ entry: Entry) -> [Match] {
        entry.title == "a match" ? [Match(topic: "t", score: 2, terms: [MatchedTerm(term: "match", field: "title")])] : []
    }

    /// Writes a chunk of 32 new entries into a store that holds thousands and counts the temporary
    /// files open before the transaction ends.
    func temporaryFilesWritingAChunk(_ store: Store) throws -> Int {
        let items = try store.prepareRecording(
            entries: entries(32), feed: feed, feedURL: feed.url, alertCutoff: nil, now: now, classify: Self.classify,
            channels: { _ in ["log"] })
        return try store.database.write { db in
            let result = try Store.write(items, in: db)
            #expect(result.newEntries == 32)
            return Self.temporaryFiles()
        }
    }

    @Test("a chunk of new items written into a large store opens no temporary file")
    func noTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("feedwatch.sqlite"))
        _ = try store.feedState(url: feed.url, name: feed.name)
        _ = try store.record(
            entries: entries(4000), feed: feed, feedURL: feed.url, alertCutoff: nil, now: now, classify: Self.classify,
            channels: { _ in ["log"] })
        #expect(Self.temporaryFiles() == 0)
        #expect(try temporaryFilesWritingAChunk(store) == 0)

        // Control: the same rows through the statement as it was spill its journal to a file.
        let sql = ItemInsert.sql(rows: 32).replacingOccurrences(of: "INSERT OR IGNORE INTO", with: "INSERT INTO")
            + " ON CONFLICT(key) DO NOTHING"
        let opened = try store.database.write { db -> Int in
            var values: [(any DatabaseValueConvertible)?] = []
            for entry in entries(32) {
                values += [
                    "id:\(feed.url) \(entry.id!)", feed.url, entry.link, nil, nil, nil, nil, nil, now.timeIntervalSince1970, 1,
                ]
            }
            try db.execute(sql: sql, arguments: StatementArguments(values))
            #expect(db.changesCount == 32)
            return Self.temporaryFiles()
        }
        #expect(opened >= 1)
        #expect(Self.temporaryFiles() == 0)
        #expect(try store.integrityCheck() == ["ok"])
    }
}
