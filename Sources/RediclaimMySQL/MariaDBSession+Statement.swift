internal import CMariaDB

/// What one prepared-statement execution produced.
struct MariaDBResult {
    var rows: [MySQLRow]
    var affectedRows: UInt64
    var lastInsertID: UInt64
}

extension MariaDBSession {
    /// Prepares (or reuses) the statement for `query.sql`, binds `query.binds`, executes, fetches all rows.
    func execute(_ query: MySQLQuery) throws -> MariaDBResult {
        let statement = try preparedStatement(for: query.sql)
        let expected = Int(mysql_stmt_param_count(statement))
        guard expected == query.binds.count else {
            throw MySQLError(
                .parameterCountMismatch,
                "the statement has \(expected) placeholders but \(query.binds.count) values were bound")
        }
        let parameters = MariaDBParameterBinds(query.binds)
        if parameters.count > 0, mysql_stmt_bind_param(statement, parameters.binds) != 0 {
            throw fail(Self.error(from: statement))
        }
        // `parameters` must stay alive until execute has sent them.
        let executed = withExtendedLifetime(parameters) { mysql_stmt_execute(statement) }
        guard executed == 0 else { throw fail(Self.error(from: statement)) }

        let fieldCount = Int(mysql_stmt_field_count(statement))
        if fieldCount == 0 {
            return MariaDBResult(
                rows: [], affectedRows: mysql_stmt_affected_rows(statement),
                lastInsertID: mysql_stmt_insert_id(statement))
        }
        defer { mysql_stmt_free_result(statement) }
        let rows = try fetchRows(of: statement, fieldCount: fieldCount)
        return MariaDBResult(rows: rows, affectedRows: UInt64(rows.count), lastInsertID: 0)
    }

    private func preparedStatement(for sql: String) throws -> UnsafeMutablePointer<MYSQL_STMT> {
        if let cached = statements.statement(for: sql) { return cached }
        // mysql_stmt_init allocates; the cache owns it from insert() on and closes it on eviction.
        guard let statement = mysql_stmt_init(handle) else { throw fail(Self.error(from: handle)) }
        var text = sql
        let status = text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { mysql_stmt_prepare(statement, $0.baseAddress, UInt(utf8.count)) }
        }
        guard status == 0 else {
            let error = fail(Self.error(from: statement))
            mysql_stmt_close(statement)
            throw error
        }
        statements.insert(statement, for: sql)
        return statement
    }

    private func fetchRows(of statement: UnsafeMutablePointer<MYSQL_STMT>, fieldCount: Int) throws -> [MySQLRow] {
        // The metadata result is a copy owned by us: freed with mysql_free_result.
        guard let metadata = mysql_stmt_result_metadata(statement) else { throw fail(Self.error(from: statement)) }
        defer { mysql_free_result(metadata) }
        guard let fields = mysql_fetch_fields(metadata) else { throw fail(Self.error(from: statement)) }
        let results = MariaDBResultBinds(fields: fields, count: fieldCount)
        guard mysql_stmt_bind_result(statement, results.binds) == 0 else { throw fail(Self.error(from: statement)) }
        guard mysql_stmt_store_result(statement) == 0 else { throw fail(Self.error(from: statement)) }
        var rows: [MySQLRow] = []
        rows.reserveCapacity(Int(mysql_stmt_num_rows(statement)))
        // The statement writes into `results`' buffers on every fetch: keep them alive until done.
        try withExtendedLifetime(results) {
            while true {
                let status = mysql_stmt_fetch(statement)
                if status == MYSQL_NO_DATA { break }
                guard status == 0 || status == MYSQL_DATA_TRUNCATED else { throw fail(Self.error(from: statement)) }
                rows.append(MySQLRow(columns: results.columns, values: try results.currentRow(of: statement)))
            }
        }
        return rows
    }
}
