internal import CMariaDB

/// Owns one `MYSQL*` handle and its prepared statements.
///
/// Not thread-safe and not Sendable: it is created, used and closed on its connection's own
/// worker thread only (see `MySQLWorker`), which is what libmariadb requires of a handle.
final class MariaDBSession {
    let handle: UnsafeMutablePointer<MYSQL>
    var statements: MariaDBStatementCache
    /// Set once a call reported a lost connection; the session is then never used again.
    private(set) var isBroken = false
    private var isClosed = false
    let connectionID: UInt64
    let serverVersion: String

    init(configuration: MySQLConfiguration) throws {
        guard MariaDBLibrary.isInitialized else {
            throw MySQLError(.other(0), "the MariaDB client library failed to initialise")
        }
        // mysql_init(NULL) allocates the handle; mysql_close frees it (in close() or below on failure).
        guard let handle = mysql_init(nil) else {
            throw MySQLError(.other(2008), "out of memory creating a MySQL handle")
        }
        Self.applyOptions(configuration, to: handle)
        let flags = UInt(CLIENT_MULTI_STATEMENTS)
        let connected = mysql_real_connect(
            handle, configuration.unixSocket == nil ? configuration.host : nil, configuration.user,
            configuration.password, configuration.database, UInt32(configuration.port),
            configuration.unixSocket, flags)
        if connected == nil {
            var error = Self.error(from: handle)
            error.detail = "connecting to \(configuration.unixSocket ?? "\(configuration.host):\(configuration.port)")"
            mysql_close(handle)
            throw error
        }
        self.handle = handle
        self.statements = MariaDBStatementCache(capacity: configuration.statementCacheCapacity)
        self.connectionID = UInt64(mysql_thread_id(handle))
        self.serverVersion = mysql_get_server_info(handle).map { String(cString: $0) } ?? "unknown"
        do {
            // utf8mb4 is set by MYSQL_SET_CHARSET_NAME; dates are read and written as UTC.
            try simpleQuery("SET time_zone = '+00:00', autocommit = 1")
        } catch {
            close()
            throw error
        }
    }

    /// Translates the configuration to libmariadb option names; the only place that does.
    private static func applyOptions(_ configuration: MySQLConfiguration, to handle: UnsafeMutablePointer<MYSQL>) {
        func seconds(_ duration: Duration) -> UInt32 {
            let (whole, fraction) = duration.components
            return UInt32(clamping: max(1, whole + (fraction > 0 ? 1 : 0)))
        }
        var connectTimeout = seconds(configuration.connectTimeout)
        var readTimeout = seconds(configuration.readTimeout)
        var writeTimeout = seconds(configuration.writeTimeout)
        var no: my_bool = 0
        var yes: my_bool = 1
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout)
        mysql_options(handle, MYSQL_OPT_READ_TIMEOUT, &readTimeout)
        mysql_options(handle, MYSQL_OPT_WRITE_TIMEOUT, &writeTimeout)
        // The pool replaces lost connections itself; a silent reconnect would lose session state.
        mysql_options(handle, MYSQL_OPT_RECONNECT, &no)
        mysql_options(handle, MYSQL_OPT_LOCAL_INFILE, &no)
        mysql_options(handle, MYSQL_REPORT_DATA_TRUNCATION, &yes)
        mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4")
    }

    /// Runs trusted SQL without parameters; several `;`-separated statements are allowed.
    func simpleQuery(_ sql: String) throws {
        var sql = sql
        let status = sql.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { mysql_real_query(handle, $0.baseAddress, UInt(utf8.count)) }
        }
        guard status == 0 else { throw fail(Self.error(from: handle)) }
        // Drain every result of a multi-statement batch; an error stops the batch.
        while true {
            if let result = mysql_store_result(handle) {
                mysql_free_result(result)
            } else if mysql_field_count(handle) > 0 {
                throw fail(Self.error(from: handle))
            }
            let next = mysql_next_result(handle)
            if next == -1 { return }
            if next > 0 { throw fail(Self.error(from: handle)) }
        }
    }

    /// A round trip to check the connection is alive.
    func ping() throws {
        guard mysql_ping(handle) == 0 else { throw fail(Self.error(from: handle)) }
    }

    /// True while a transaction is open on the server side.
    var inTransaction: Bool {
        handle.pointee.server_status & UInt32(SERVER_STATUS_IN_TRANS) != 0
    }

    /// Closes the statements and the handle; safe to call twice.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        statements.closeAll()
        mysql_close(handle)
    }

    deinit { close() }

    /// Records whether `error` broke the connection, and returns it for throwing.
    func fail(_ error: MySQLError) -> MySQLError {
        // 2014 "commands out of sync" leaves the protocol state unknown: treat it as lost too. A statement
        // to prepare again, or an interrupted one, is retried on a fresh connection with fresh statements.
        if error.code == .connectionLost || error.errorNumber == 2014 || error.code == .needsReprepare || error.code == .interrupted {
            isBroken = true
        }
        return error
    }

    static func error(from handle: UnsafeMutablePointer<MYSQL>) -> MySQLError {
        makeError(
            number: mysql_errno(handle), sqlState: mysql_sqlstate(handle), message: mysql_error(handle))
    }

    static func error(from statement: UnsafeMutablePointer<MYSQL_STMT>) -> MySQLError {
        makeError(
            number: mysql_stmt_errno(statement), sqlState: mysql_stmt_sqlstate(statement),
            message: mysql_stmt_error(statement))
    }

    private static func makeError(
        number: UInt32, sqlState: UnsafePointer<CChar>?, message: UnsafePointer<CChar>?
    ) -> MySQLError {
        let code = MySQLError.Code(errorNumber: number)
        return MySQLError(
            code, code.safeMessage, errorNumber: number, sqlState: sqlState.map { String(cString: $0) },
            serverMessage: message.map { String(cString: $0) })
    }
}
