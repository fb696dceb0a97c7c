@testable import FeedwatchStore
import GRDB
import Testing

/// `Store.write` binds item, match and outbox rows itself (`DirectStatement`) instead of through
/// `Statement.execute(arguments:)`; the stored values must be the ones GRDB stores.
@Suite("Direct statements store what GRDB's arguments store")
struct DirectStatementTests {
    static let texts: [String?] = [
        nil, "", "a", "0000005-03", "fifteen bytes!!", "sixteen bytes!!!", "é", "ñandú café", "emoji 🇪🇨 here",
        "nul\u{0}byte", "\u{0}", "tail nul\u{0}", String(repeating: "long text ", count: 100), "e\u{301}",
        "https://example.org/a?b=1&c=2#f",
    ]

    @Test("text, numbers, NULL and booleans bound directly equal those bound by GRDB")
    func sameValues() throws {
        let database = try DatabaseQueue()
        try database.write { db in
            try db.execute(
                sql: "CREATE TABLE t (source TEXT, n INTEGER, text TEXT, real REAL, flag INTEGER, count INTEGER)")
            for (number, text) in Self.texts.enumerated() {
                let real: Double? = number % 3 == 0 ? nil : Double(number) / 7
                let count: Int? = number % 4 == 0 ? nil : number * 1_000_003 - 7
                try db.execute(
                    sql: "INSERT INTO t VALUES ('grdb', ?, ?, ?, ?, ?)",
                    arguments: [number, text, real, number % 2 == 0, count])
                let direct = try DirectStatement(db, sql: "INSERT INTO t VALUES ('direct', ?, ?, ?, ?, ?)")
                direct.bind(Int64(number), at: 1)
                direct.bind(text, at: 2)
                direct.bind(real, at: 3)
                direct.bind(number % 2 == 0, at: 4)
                direct.bind(count, at: 5)
                try direct.run()
            }
            let columns =
                "n, typeof(text), hex(text), typeof(real), quote(real), typeof(flag), flag, typeof(count), count"
            let grdb = try Row.fetchAll(db, sql: "SELECT \(columns) FROM t WHERE source = 'grdb' ORDER BY n")
            let direct = try Row.fetchAll(db, sql: "SELECT \(columns) FROM t WHERE source = 'direct' ORDER BY n")
            #expect(grdb.count == Self.texts.count)
            #expect(direct == grdb)
        }
    }

    @Test("a failing step throws, and the statement can run again")
    func failureThrows() throws {
        let database = try DatabaseQueue()
        try database.write { db in
            try db.execute(sql: "CREATE TABLE t (key TEXT PRIMARY KEY)")
            let insert = try DirectStatement(db, sql: "INSERT INTO t VALUES (?)")
            insert.bind("a", at: 1)
            try insert.run()
            insert.bind("a", at: 1)
            #expect(throws: DatabaseError.self) { try insert.run() }
            insert.bind("b", at: 1)
            try insert.run()
            #expect(try String.fetchAll(db, sql: "SELECT key FROM t ORDER BY key") == ["a", "b"])
        }
    }
}
