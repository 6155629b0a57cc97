extension MySQLQuery {
    /// Appends a fragment's text and binds, e.g. one more `(?, ?, ?)` row of a multi-row INSERT.
    public mutating func append(_ fragment: MySQLQuery) {
        sql += fragment.sql
        binds += fragment.binds
    }

    /// Appends one fragment per element, separated by `separator`:
    /// `query.append(rows, separator: ", ") { "(\($0.id), \($0.name))" }`.
    public mutating func append<Elements: Sequence>(
        _ elements: Elements, separator: MySQLQuery = ", ",
        _ fragment: (Elements.Element) throws -> MySQLQuery
    ) rethrows {
        var first = true
        for element in elements {
            if !first { append(separator) }
            first = false
            append(try fragment(element))
        }
    }

    /// The two fragments one after the other.
    public static func + (lhs: MySQLQuery, rhs: MySQLQuery) -> MySQLQuery {
        var result = lhs
        result.append(rhs)
        return result
    }

    /// Appends `rhs` to `lhs`.
    public static func += (lhs: inout MySQLQuery, rhs: MySQLQuery) {
        lhs.append(rhs)
    }
}

extension Sequence where Element == MySQLQuery {
    /// The fragments joined by `separator`, binds kept in order.
    public func joined(separator: MySQLQuery = ", ") -> MySQLQuery {
        var result = MySQLQuery(unsafeSQL: "")
        result.append(self, separator: separator) { $0 }
        return result
    }
}
