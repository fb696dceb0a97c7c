import Glibc
import GRDB
import GRDBSQLite

/// A cached GRDB statement run with its arguments bound one by one (through GRDB's own
/// `StatementBinding`) and stepped with SQLite's C API, for the statements a pass runs once per item.
///
/// Why: `Statement.execute(arguments:)` builds a `StatementArguments` of boxed values, validates it,
/// and binds it through a recursive chain of closures; for the two or three small statements of each
/// new item that cost more CPU than SQLite's own work on the row (perf of a 20,000-item first pass).
/// Bound and stepped here, the same SQL binds the same values the same way (text copied by SQLite up
/// to its first NUL, as GRDB binds a String; Bool as 0 or 1), so the rows written are the same.
///
/// Rows are read the same way (`forEachRow`): the feed states a pass reads first, a thousand rows of
/// seventeen columns, cost 34,000 instructions a row through `Row.fetchAll` and generic column
/// decoding, a tenth of a `run --once` pass of 304s over 1,000 feeds (callgrind).
///
/// Only for statements used inside a GRDB transaction or read on its connection; the statement is
/// reset after each use, so GRDB may run it again as usual. A failing step throws the
/// `DatabaseError` GRDB would have thrown, and the transaction rolls back as before.
struct DirectStatement {
    let statement: Statement
    /// Where bound text waits for the step when the statement keeps it (`keepsText`), instead of a
    /// copy SQLite allocates and frees for each bound value.
    private let texts: BoundTexts?

    /// - Parameter keepsText: text is bound from a buffer of the statement's own, valid until the
    ///   statement has run (SQLite reads it in place: `SQLITE_STATIC`); without it SQLite copies each
    ///   value (`SQLITE_TRANSIENT`). For the statements a pass runs once per item: the copies, a
    ///   malloc and a free each, cost a first pass over 1,000 feeds 190M instructions (callgrind).
    init(_ db: Database, sql: String, keepsText: Bool = false) throws {
        statement = try db.cachedStatement(sql: sql)
        texts = keepsText ? BoundTexts() : nil
    }

    private var handle: SQLiteStatement { statement.sqliteStatement }

    /// Binds text as GRDB binds a String (NUL-terminated, so up to its first NUL), but from the
    /// String's own UTF-8 with its length: passing a small String where C wants a `char *` copies it
    /// into a new heap array first, for every guid, key or title of 15 bytes or less.
    func bind(_ value: String, at index: CInt) {
        var value = value
        let code = value.withUTF8 { bytes -> CInt in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                // Empty text, not NULL (a null pointer would bind NULL).
                let empty: StaticString = ""
                return sqlite3_bind_text(
                    handle, index, UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self), 0,
                    Self.static)
            }
            let length =
                memchr(base, 0, bytes.count).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
                ?? bytes.count
            if let texts {
                let kept = texts.keep(UnsafeRawBufferPointer(start: base, count: length))
                return sqlite3_bind_text(handle, index, kept, CInt(length), Self.static)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, CInt(length), Self.transient)
            }
        }
        check(code)
    }

    /// SQLite copies the text before the bind returns (`SQLITE_TRANSIENT`).
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }

    /// SQLite reads the text where it is, until the statement is reset or the value rebound (`SQLITE_STATIC`).
    private static var `static`: sqlite3_destructor_type? { nil }

    func bind(_ value: String?, at index: CInt) {
        if let value { bind(value, at: index) } else { bindNull(at: index) }
    }

    func bind(_ value: Double, at index: CInt) { check(sqlite3_bind_double(handle, index, value)) }

    func bind(_ value: Double?, at index: CInt) {
        if let value { bind(value, at: index) } else { bindNull(at: index) }
    }

    func bind(_ value: Int64, at index: CInt) { check(sqlite3_bind_int64(handle, index, value)) }

    func bind(_ value: Int?, at index: CInt) {
        if let value { bind(Int64(value), at: index) } else { bindNull(at: index) }
    }

    func bind(_ value: Bool, at index: CInt) { check(sqlite3_bind_int64(handle, index, value ? 1 : 0)) }

    func bindNull(at index: CInt) { check(sqlite3_bind_null(handle, index)) }

    /// Rows the last INSERT, UPDATE or DELETE on this connection changed (`Database.changesCount`,
    /// without its queue check: 460 instructions a call, once per item of a pass).
    var changes: Int { Int(sqlite3_changes(sqlite3_db_handle(handle))) }

    /// The rowid of the last row inserted on this connection (`Database.lastInsertedRowID`).
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(sqlite3_db_handle(handle)) }

    /// Runs the statement to its end; whether it gave a row (for `SELECT 1 … LIMIT 1`).
    @discardableResult
    func run() throws -> Bool {
        defer { finish() }
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

    /// Runs the statement, calling `body` with each row.
    func forEachRow(_ body: (DirectRow) throws -> Void) throws {
        defer { finish() }
        while true {
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_DONE:
                return
            case SQLITE_ROW:
                try body(DirectRow(handle: handle))
            default:
                let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
            }
        }
    }

    /// Resets the statement; one whose text was kept forgets its bindings (NULL again, so no later
    /// step can read the buffer) before the buffer is reused.
    private func finish() {
        sqlite3_reset(handle)
        if let texts {
            sqlite3_clear_bindings(handle)
            texts.removeAll()
        }
    }

    /// Binding a value to a valid index of a prepared statement fails only through a programming error
    /// (GRDB treats it as fatal too).
    private func check(_ code: CInt) {
        precondition(code == SQLITE_OK, "binding a statement argument failed with SQLite code \(code)")
    }
}

/// The current row of a `DirectStatement`, read column by column with SQLite's C API (valid only
/// inside `forEachRow`'s body). NULL reads as nil; values convert as SQLite converts them, as GRDB's
/// do for the column types feedwatch writes (text, integer, real).
struct DirectRow {
    let handle: SQLiteStatement

    func isNull(_ column: CInt) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// Text, decoded as UTF-8 (invalid bytes repaired, as `String(cString:)` does in GRDB).
    func text(_ column: CInt) -> String? {
        guard !isNull(column), let bytes = sqlite3_column_text(handle, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    func double(_ column: CInt) -> Double? { isNull(column) ? nil : sqlite3_column_double(handle, column) }

    func int(_ column: CInt) -> Int? { isNull(column) ? nil : Int(sqlite3_column_int64(handle, column)) }
}
