import GRDB
import GRDBSQLite

/// A cached GRDB statement run with its arguments bound one by one (through GRDB's own
/// `StatementBinding`) and stepped with SQLite's C API, for the statements a pass runs once per item.
///
/// Why: `Statement.execute(arguments:)` builds a `StatementArguments` of boxed values, validates it,
/// and binds it through a recursive chain of closures; for the two or three small statements of each
/// new item that cost more CPU than SQLite's own work on the row (perf of a 20,000-item first pass).
/// Bound and stepped here, the same SQL binds the same values the same way (text with
/// `SQLITE_TRANSIENT` up to its first NUL, as GRDB binds a String; Bool as 0 or 1), so the rows
/// written are the same.
///
/// Only for statements used inside a GRDB transaction on the writer's connection; the statement is
/// reset after each use, so GRDB may run it again as usual. A failing step throws the
/// `DatabaseError` GRDB would have thrown, and the transaction rolls back as before.
struct DirectStatement {
    let statement: Statement

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
    }

    private var handle: SQLiteStatement { statement.sqliteStatement }

    func bind(_ value: String, at index: CInt) { check(value.bind(to: handle, at: index)) }

    func bind(_ value: String?, at index: CInt) {
        if let value { bind(value, at: index) } else { bindNull(at: index) }
    }

    func bind(_ value: Double, at index: CInt) { check(value.bind(to: handle, at: index)) }

    func bind(_ value: Double?, at index: CInt) {
        if let value { bind(value, at: index) } else { bindNull(at: index) }
    }

    func bind(_ value: Int64, at index: CInt) { check(value.bind(to: handle, at: index)) }

    func bind(_ value: Bool, at index: CInt) { check(value.bind(to: handle, at: index)) }

    func bindNull(at index: CInt) { check(DatabaseValue.null.bind(to: handle, at: index)) }

    /// Runs the statement to its end; whether it gave a row (for `SELECT 1 … LIMIT 1`).
    @discardableResult
    func run() throws -> Bool {
        defer { sqlite3_reset(handle) }
        var gaveRow = false
        while true {
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_DONE:
                return gaveRow
            case SQLITE_ROW:
                gaveRow = true
            default:
                let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
            }
        }
    }

    /// Binding a value to a valid index of a prepared statement fails only through a programming error
    /// (GRDB treats it as fatal too).
    private func check(_ code: CInt) {
        precondition(code == SQLITE_OK, "binding a statement argument failed with SQLite code \(code)")
    }
}
