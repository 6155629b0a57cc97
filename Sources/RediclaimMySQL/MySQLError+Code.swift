extension MySQLError {
    /// Named error codes; anything unnamed from the server keeps its number in `.other`.
    public enum Code: Sendable, Hashable, CustomStringConvertible {
        /// 1062: a UNIQUE or PRIMARY KEY already holds the value.
        case duplicateEntry
        /// 1213: the transaction was chosen as a deadlock victim and rolled back.
        case deadlock
        /// 1205: waiting for a row lock took longer than `innodb_lock_wait_timeout`.
        case lockWaitTimeout
        /// 2006/2013 (and the server's "connection killed"): the connection is gone and is discarded.
        case connectionLost
        /// 2002/2003/2005: no connection could be opened.
        case cannotConnect
        /// 1040: the server is at `max_connections`; 1135: it cannot start a thread for one.
        case tooManyConnections
        /// 1290/1836: the server is read-only (`read_only`, or a replica during a failover).
        case readOnly
        /// 1317: the statement was interrupted (KILL QUERY, a server shutdown); 1969: max_statement_time.
        case interrupted
        /// 1615: a prepared statement must be prepared again (a table changed under it).
        case needsReprepare
        /// 1047 (Galera: node not ready), 1159/1161 (network read/write interrupted): retry elsewhere or later.
        case serverNotReady
        /// 1045/1044: wrong user, password or database privileges.
        case accessDenied
        /// 1146: the table does not exist.
        case tableMissing
        /// A column value was NULL but the requested type is not Optional.
        case unexpectedNull
        /// A column value cannot be represented as the requested Swift type.
        case typeMismatch
        /// No column of that name or index exists in the row.
        case unknownColumn
        /// The number of `?` placeholders differs from the number of bound values.
        case parameterCountMismatch
        /// A configuration value or URL is not usable.
        case invalidConfiguration
        /// The client (pool) or connection was closed.
        case closed
        /// `withTransaction` inside an open transaction (MySQL would silently commit the outer one).
        case nestedTransaction
        /// Any other server or client error number.
        case other(UInt32)

        public var description: String {
            switch self {
            case .duplicateEntry: "duplicateEntry"
            case .deadlock: "deadlock"
            case .lockWaitTimeout: "lockWaitTimeout"
            case .connectionLost: "connectionLost"
            case .cannotConnect: "cannotConnect"
            case .tooManyConnections: "tooManyConnections"
            case .readOnly: "readOnly"
            case .interrupted: "interrupted"
            case .needsReprepare: "needsReprepare"
            case .serverNotReady: "serverNotReady"
            case .accessDenied: "accessDenied"
            case .tableMissing: "tableMissing"
            case .unexpectedNull: "unexpectedNull"
            case .typeMismatch: "typeMismatch"
            case .unknownColumn: "unknownColumn"
            case .parameterCountMismatch: "parameterCountMismatch"
            case .invalidConfiguration: "invalidConfiguration"
            case .closed: "closed"
            case .nestedTransaction: "nestedTransaction"
            case .other(let number): "other(\(number))"
            }
        }

        /// Maps a `mysql_errno` / `mysql_stmt_errno` value to its name.
        public init(errorNumber: UInt32) {
            switch errorNumber {
            case 1062, 1586: self = .duplicateEntry
            case 1213: self = .deadlock
            case 1205: self = .lockWaitTimeout
            // 1927: MariaDB's "connection was killed"; 4031: MySQL 8 disconnected an idle client.
            case 2006, 2013, 2055, 1927, 4031, 1053: self = .connectionLost
            case 2002, 2003, 2005: self = .cannotConnect
            case 1040, 1135: self = .tooManyConnections
            case 1290, 1836: self = .readOnly
            case 1317, 1969: self = .interrupted
            case 1615: self = .needsReprepare
            case 1047, 1159, 1161: self = .serverNotReady
            case 1044, 1045: self = .accessDenied
            case 1146: self = .tableMissing
            default: self = .other(errorNumber)
            }
        }

        /// The message safe to show for a server or client error of this code.
        var safeMessage: String {
            switch self {
            case .duplicateEntry: "a row with the same unique key already exists"
            case .deadlock: "the transaction was rolled back after a deadlock"
            case .lockWaitTimeout: "waiting for a row lock timed out"
            case .connectionLost: "the database connection was lost"
            case .cannotConnect: "cannot connect to the database server"
            case .tooManyConnections: "the database server has no connection to spare"
            case .readOnly: "the database server is read-only"
            case .interrupted: "the statement was interrupted"
            case .needsReprepare: "a prepared statement must be prepared again"
            case .serverNotReady: "the database server is not ready"
            case .accessDenied: "access to the database was denied"
            case .tableMissing: "a table the statement uses does not exist"
            default: "the database reported an error"
            }
        }
    }
}
