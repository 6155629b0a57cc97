/// A statement: SQL text with `?` placeholders plus the values bound to them.
///
/// Built by string interpolation, every interpolated value becomes a bind parameter and never
/// part of the SQL text: `"SELECT * FROM t WHERE id = \(id)"` is sent as `... id = ?` with `id` bound.
/// Trusted identifiers go in with `\(identifier: name)` (quoted) or `\(unescaped: sql)` (verbatim).
public struct MySQLQuery: Sendable, Hashable {
    /// The SQL text with one `?` per bound value.
    public var sql: String
    /// The values for the `?` placeholders, in order.
    public var binds: [MySQLData]

    /// SQL text taken verbatim; only for trusted text that matches `binds` placeholder for placeholder.
    public init(unsafeSQL sql: String, binds: [MySQLData] = []) {
        self.sql = sql
        self.binds = binds
    }
}

extension MySQLQuery: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// Collects literal SQL and turns each interpolated value into a `?` with a bind.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql: String
        var binds: [MySQLData]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// A value: becomes `?` and a bind parameter.
        public mutating func appendInterpolation(_ value: some MySQLEncodable) {
            sql += "?"
            binds.append(value.mysqlData)
        }

        /// An optional value: `nil` binds NULL (spelled out so optionals interpolate without warnings).
        public mutating func appendInterpolation<Value: MySQLEncodable>(_ value: Value?) {
            sql += "?"
            binds.append(value?.mysqlData ?? .null)
        }

        /// A fragment built elsewhere: its text and binds are spliced in, in order.
        public mutating func appendInterpolation(_ fragment: MySQLQuery) {
            sql += fragment.sql
            binds += fragment.binds
        }

        /// A trusted identifier (table, column, database), quoted with backticks.
        public mutating func appendInterpolation(identifier: String) {
            sql += MySQLQuery.quoteIdentifier(identifier)
        }

        /// Trusted SQL text inserted verbatim. Never pass user input here.
        public mutating func appendInterpolation(unescaped text: String) {
            sql += text
        }
    }

    /// `name` quoted as a MySQL identifier: backticks around, inner backticks doubled.
    public static func quoteIdentifier(_ name: String) -> String {
        "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
    }
}

extension MySQLQuery: CustomStringConvertible {
    /// The SQL text and the number of binds; bound values stay out of logs.
    public var description: String { "\(sql) [\(binds.count) binds]" }
}
