internal import CMariaDB

/// Process-wide libmariadb set-up.
enum MariaDBLibrary {
    /// `mysql_library_init` (a macro for `mysql_server_init`) is not thread-safe, and `mysql_init`
    /// would call it lazily from whichever thread comes first; a static let runs it exactly once.
    static let isInitialized: Bool = mysql_server_init(0, nil, nil) == 0
}

/// Metadata keys used in this module's log lines, kept in one place.
enum MySQLLogKey {
    static let connectionID = "mysql.connection.id"
    static let target = "mysql.target"
    static let poolSize = "mysql.pool.size"
    static let errorCode = "mysql.error.code"
    static let errorNumber = "mysql.error.number"
    static let cause = "mysql.cause"
}
