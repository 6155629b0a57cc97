/// A result column: its name and the server's type name (for error messages).
public struct MySQLColumn: Sendable, Hashable {
    /// The column name or alias.
    public var name: String
    /// The server type, e.g. `"LONGLONG"`, `"VAR_STRING"`, `"DATETIME"`.
    public var typeName: String

    public init(name: String, typeName: String) {
        self.name = name
        self.typeName = typeName
    }
}

/// The columns of one result set, shared by all its rows.
public final class MySQLColumns: Sendable {
    /// The columns in SELECT order.
    public let columns: [MySQLColumn]
    private let indexByName: [String: Int]
    private let indexByLowercasedName: [String: Int]

    init(_ columns: [MySQLColumn]) {
        self.columns = columns
        var exact: [String: Int] = [:]
        var lowercased: [String: Int] = [:]
        for (index, column) in columns.enumerated().reversed() {
            exact[column.name] = index
            lowercased[column.name.lowercased()] = index
        }
        indexByName = exact
        indexByLowercasedName = lowercased
    }

    /// The first column named `name` (MySQL column names compare case-insensitively).
    public func index(of name: String) -> Int? {
        indexByName[name] ?? indexByLowercasedName[name.lowercased()]
    }
}

/// One result row with typed decoding by column name or index.
public struct MySQLRow: Sendable {
    /// The result set's columns.
    public let columns: MySQLColumns
    /// The values, one per column.
    public let values: [MySQLData]

    init(columns: MySQLColumns, values: [MySQLData]) {
        self.columns = columns
        self.values = values
    }

    /// The raw value of the named column, or nil if there is no such column.
    public subscript(_ name: String) -> MySQLData? {
        columns.index(of: name).map { values[$0] }
    }

    /// Decodes the named column; errors name the column (`.unknownColumn`, `.unexpectedNull`, `.typeMismatch`).
    public func decode<T: MySQLDecodable>(_ column: String, as type: T.Type = T.self) throws(MySQLError) -> T {
        guard let index = columns.index(of: column) else {
            throw MySQLError(.unknownColumn, "the result has no column '\(column)'")
        }
        return try decode(index, as: type)
    }

    /// Decodes the column at `index` (0-based).
    public func decode<T: MySQLDecodable>(_ index: Int, as type: T.Type = T.self) throws(MySQLError) -> T {
        guard values.indices.contains(index) else {
            throw MySQLError(.unknownColumn, "the result has no column at index \(index) (\(values.count) columns)")
        }
        let value = values[index]
        if let decoded = T(mysqlData: value) { return decoded }
        let column = columns.columns[index]
        if case .null = value {
            throw MySQLError(
                .unexpectedNull, "column '\(column.name)' is NULL; decode it as \(T.self)? to allow NULL")
        }
        throw MySQLError(
            .typeMismatch,
            "column '\(column.name)' (\(column.typeName)) holds a \(value.kindName) that cannot be read as \(T.self)")
    }
}
