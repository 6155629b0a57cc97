import Foundation

/// One value sent as a bind parameter or read from a result column.
public enum MySQLData: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A signed integer (all integer column widths, BOOL/TINYINT(1) included).
    case int(Int64)
    /// An unsigned integer (UNSIGNED columns).
    case uint(UInt64)
    /// FLOAT or DOUBLE.
    case double(Double)
    /// DECIMAL as its exact text, e.g. `"1234.50"`.
    case decimal(String)
    /// Text (VARCHAR, CHAR, TEXT, ENUM, SET, JSON, TIME) decoded as UTF-8.
    case string(String)
    /// Bytes (BINARY, VARBINARY, BLOB, BIT).
    case bytes([UInt8])
    /// DATETIME, TIMESTAMP or DATE, read and written as UTC (microsecond precision).
    case date(Date)

    /// A short name of the kind of value, used in decoding errors.
    public var kindName: String {
        switch self {
        case .null: "NULL"
        case .int: "integer"
        case .uint: "unsigned integer"
        case .double: "double"
        case .decimal: "decimal"
        case .string: "string"
        case .bytes: "bytes"
        case .date: "date"
        }
    }
}
