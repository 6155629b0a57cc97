internal import CMariaDB

/// Prepared statements of one session keyed by SQL text, bounded, least recently used closed first.
struct MariaDBStatementCache {
    private struct Entry {
        var statement: UnsafeMutablePointer<MYSQL_STMT>
        var lastUse: UInt64
    }

    let capacity: Int
    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { entries.count }

    /// The cached statement for `sql`, or nil; marks it as just used.
    mutating func statement(for sql: String) -> UnsafeMutablePointer<MYSQL_STMT>? {
        guard var entry = entries[sql] else { return nil }
        clock += 1
        entry.lastUse = clock
        entries[sql] = entry
        return entry.statement
    }

    /// Keeps `statement` for `sql`, closing the least recently used one when full.
    mutating func insert(_ statement: UnsafeMutablePointer<MYSQL_STMT>, for sql: String) {
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[oldest.key] = nil
            mysql_stmt_close(oldest.value.statement)
        }
        clock += 1
        entries[sql] = Entry(statement: statement, lastUse: clock)
    }

    /// Forgets and closes the statement for `sql`, e.g. after an error left it unusable.
    mutating func remove(_ sql: String) {
        if let entry = entries.removeValue(forKey: sql) { mysql_stmt_close(entry.statement) }
    }

    /// Closes every statement (before `mysql_close`).
    mutating func closeAll() {
        for entry in entries.values { mysql_stmt_close(entry.statement) }
        entries = [:]
    }
}
