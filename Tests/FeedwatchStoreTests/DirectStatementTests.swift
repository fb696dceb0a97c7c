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

    @Test("text kept by the statement (read in place by SQLite) is stored as GRDB stores it, however long")
    func keptTextSameValues() throws {
        var generator = SystemRandomNumberGenerator()
        // The listed texts, then random ones of every size up to several times the first buffer block
        // (so values of one row span blocks), with NULs, multi-byte characters and empty strings.
        var texts: [String?] = Self.texts
        let pieces = ["a", "é", "🇪🇨", "\u{0}", " ", "e\u{301}", "https://x.example/", "\u{2028}"]
        for _ in 0..<300 {
            let count = [0, 1, 15, 16, 200, 2_000, 5_000, 9_000].randomElement(using: &generator)!
            var text = ""
            while text.utf8.count < count { text += pieces.randomElement(using: &generator)! }
            texts.append(text)
        }
        let database = try DatabaseQueue()
        try database.write { db in
            try db.execute(sql: "CREATE TABLE t (source TEXT, n INTEGER, a TEXT, b TEXT, c TEXT)")
            let direct = try DirectStatement(db, sql: "INSERT INTO t VALUES ('direct', ?, ?, ?, ?)", keepsText: true)
            for number in texts.indices {
                let row = [texts[number], texts[(number + 1) % texts.count], texts[(number * 7) % texts.count]]
                try db.execute(
                    sql: "INSERT INTO t VALUES ('grdb', ?, ?, ?, ?)", arguments: [number, row[0], row[1], row[2]])
                direct.bind(Int64(number), at: 1)
                direct.bind(row[0], at: 2)
                direct.bind(row[1], at: 3)
                direct.bind(row[2], at: 4)
                try direct.run()
            }
            let columns = "n, typeof(a), hex(a), typeof(b), hex(b), typeof(c), hex(c)"
            let grdb = try Row.fetchAll(db, sql: "SELECT \(columns) FROM t WHERE source = 'grdb' ORDER BY n")
            let kept = try Row.fetchAll(db, sql: "SELECT \(columns) FROM t WHERE source = 'direct' ORDER BY n")
            #expect(grdb.count == texts.count)
            #expect(kept == grdb)
        }
    }

    @Test("a statement that kept its text forgets it once run: unbound again, its parameters are NULL")
    func keptTextForgotten() throws {
        let database = try DatabaseQueue()
        try database.write { db in
            try db.execute(sql: "CREATE TABLE t (n INTEGER, text TEXT)")
            let insert = try DirectStatement(db, sql: "INSERT INTO t VALUES (?, ?)", keepsText: true)
            insert.bind(Int64(1), at: 1)
            insert.bind(String(repeating: "kept ", count: 2_000), at: 2)
            try insert.run()
            try insert.run()
            let rows = try Row.fetchAll(db, sql: "SELECT n, length(text) AS length FROM t ORDER BY rowid")
            #expect(rows.map { $0["n"] as Int? } == [1, nil])
            #expect(rows.map { $0["length"] as Int? } == [10_000, nil])
            #expect(insert.changes == 1)
            #expect(insert.lastInsertedRowID == 2)
        }
    }
}

