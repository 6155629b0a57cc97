internal import CMariaDB
import Foundation

/// Result buffers bound per column type for fetching rows of one executed statement.
///
/// Integers are fetched as LONGLONG, floats as DOUBLE, dates as MYSQL_TIME, everything else as
/// text or bytes; values longer than their buffer are re-read whole with `mysql_stmt_fetch_column`.
/// All memory is owned here and freed in `deinit`, after the statement's result is freed.
final class MariaDBResultBinds {
    enum Kind {
        case signed, unsigned, double, date, decimal, text, bytes
    }

    let columns: MySQLColumns
    private let kinds: [Kind]
    private let count: Int
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let isNull: UnsafeMutablePointer<my_bool>
    private let errors: UnsafeMutablePointer<my_bool>
    private let lengths: UnsafeMutablePointer<UInt>
    private let buffers: [UnsafeMutableRawPointer]
    private let capacities: [Int]

    /// Largest buffer bound up front for a text/bytes column; longer values take the re-read path.
    static let initialVariableCapacity = 1024

    init(fields: UnsafeMutablePointer<MYSQL_FIELD>, count: Int) {
        self.count = count
        binds = .allocate(capacity: count)
        binds.initialize(repeating: MYSQL_BIND(), count: count)
        isNull = .allocate(capacity: count)
        isNull.initialize(repeating: 0, count: count)
        errors = .allocate(capacity: count)
        errors.initialize(repeating: 0, count: count)
        lengths = .allocate(capacity: count)
        lengths.initialize(repeating: 0, count: count)
        var kinds: [Kind] = []
        var buffers: [UnsafeMutableRawPointer] = []
        var capacities: [Int] = []
        var columns: [MySQLColumn] = []
        for index in 0..<count {
            let field = fields[index]
            let kind = Self.kind(of: field)
            let capacity: Int
            let bufferType: enum_field_types
            switch kind {
            case .signed, .unsigned: (capacity, bufferType) = (8, MYSQL_TYPE_LONGLONG)
            case .double: (capacity, bufferType) = (8, MYSQL_TYPE_DOUBLE)
            case .date: (capacity, bufferType) = (MemoryLayout<MYSQL_TIME>.size, MYSQL_TYPE_DATETIME)
            case .decimal, .text:
                (capacity, bufferType) = (Self.variableCapacity(field), MYSQL_TYPE_STRING)
            case .bytes: (capacity, bufferType) = (Self.variableCapacity(field), MYSQL_TYPE_BLOB)
            }
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
            buffer.initializeMemory(as: UInt8.self, repeating: 0, count: capacity)
            let bind = binds + index
            bind.pointee.buffer = buffer
            bind.pointee.buffer_length = UInt(capacity)
            bind.pointee.buffer_type = bufferType
            bind.pointee.is_unsigned = kind == .unsigned ? 1 : 0
            bind.pointee.is_null = isNull + index
            bind.pointee.error = errors + index
            bind.pointee.length = lengths + index
            kinds.append(kind)
            buffers.append(buffer)
            capacities.append(capacity)
            columns.append(MySQLColumn(name: Self.name(of: field), typeName: Self.typeName(field.type)))
        }
        self.kinds = kinds
        self.buffers = buffers
        self.capacities = capacities
        self.columns = MySQLColumns(columns)
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
        binds.deallocate()
        isNull.deallocate()
        errors.deallocate()
        lengths.deallocate()
    }

    /// The current row's values, after `mysql_stmt_fetch` returned 0 or MYSQL_DATA_TRUNCATED.
    func currentRow(of statement: UnsafeMutablePointer<MYSQL_STMT>) throws -> [MySQLData] {
        var values: [MySQLData] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            if isNull[index] != 0 {
                values.append(.null)
                continue
            }
            let buffer = buffers[index]
            switch kinds[index] {
            case .signed: values.append(.int(buffer.loadUnaligned(as: Int64.self)))
            case .unsigned: values.append(.uint(buffer.loadUnaligned(as: UInt64.self)))
            case .double: values.append(.double(buffer.loadUnaligned(as: Double.self)))
            case .date:
                let time = buffer.loadUnaligned(as: MYSQL_TIME.self)
                values.append(MariaDBTime.date(from: time).map(MySQLData.date) ?? .null)
            case .decimal, .text, .bytes:
                values.append(try variableValue(at: index, of: statement))
            }
        }
        return values
    }

    /// Reads a text/bytes column, re-fetching it whole when it did not fit its buffer.
    private func variableValue(at index: Int, of statement: UnsafeMutablePointer<MYSQL_STMT>) throws -> MySQLData {
        let length = Int(lengths[index])
        if length <= capacities[index] {
            return makeValue(kinds[index], UnsafeRawBufferPointer(start: buffers[index], count: length))
        }
        let whole = UnsafeMutableRawBufferPointer.allocate(byteCount: length, alignment: 8)
        defer { whole.deallocate() }
        var wholeLength: UInt = 0
        var wholeNull: my_bool = 0
        var bind = MYSQL_BIND()
        bind.buffer = whole.baseAddress
        bind.buffer_length = UInt(length)
        bind.buffer_type = binds[index].buffer_type
        let status = withUnsafeMutablePointer(to: &wholeLength) { lengthPointer in
            withUnsafeMutablePointer(to: &wholeNull) { nullPointer in
                bind.length = lengthPointer
                bind.is_null = nullPointer
                return mysql_stmt_fetch_column(statement, &bind, UInt32(index), 0)
            }
        }
        guard status == 0 else { throw MariaDBSession.error(from: statement) }
        let read = min(Int(wholeLength), length)
        return makeValue(kinds[index], UnsafeRawBufferPointer(start: whole.baseAddress, count: read))
    }

    private func makeValue(_ kind: Kind, _ raw: UnsafeRawBufferPointer) -> MySQLData {
        switch kind {
        case .bytes: .bytes([UInt8](raw))
        case .decimal: .decimal(String(decoding: raw, as: UTF8.self))
        default: .string(String(decoding: raw, as: UTF8.self))
        }
    }

    /// Chooses how a column is fetched from its type, flags and character set (63 = binary).
    static func kind(of field: MYSQL_FIELD) -> Kind {
        let unsigned = field.flags & UInt32(UNSIGNED_FLAG) != 0
        switch field.type {
        case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_INT24, MYSQL_TYPE_LONGLONG,
            MYSQL_TYPE_YEAR:
            return unsigned ? .unsigned : .signed
        case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE: return .double
        case MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL: return .decimal
        case MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE, MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP: return .date
        case MYSQL_TYPE_BIT: return .bytes
        case MYSQL_TYPE_TINY_BLOB, MYSQL_TYPE_MEDIUM_BLOB, MYSQL_TYPE_LONG_BLOB, MYSQL_TYPE_BLOB,
            MYSQL_TYPE_VAR_STRING, MYSQL_TYPE_STRING, MYSQL_TYPE_VARCHAR, MYSQL_TYPE_GEOMETRY:
            return field.charsetnr == 63 ? .bytes : .text
        default: return .text
        }
    }

    private static func variableCapacity(_ field: MYSQL_FIELD) -> Int {
        min(max(Int(field.length), 16), initialVariableCapacity)
    }

    private static func name(of field: MYSQL_FIELD) -> String {
        guard let name = field.name else { return "" }
        let raw = UnsafeRawBufferPointer(start: name, count: Int(field.name_length))
        return String(decoding: raw, as: UTF8.self)
    }

    static func typeName(_ type: enum_field_types) -> String {
        switch type {
        case MYSQL_TYPE_TINY: "TINY"
        case MYSQL_TYPE_SHORT: "SHORT"
        case MYSQL_TYPE_LONG: "LONG"
        case MYSQL_TYPE_INT24: "INT24"
        case MYSQL_TYPE_LONGLONG: "LONGLONG"
        case MYSQL_TYPE_YEAR: "YEAR"
        case MYSQL_TYPE_FLOAT: "FLOAT"
        case MYSQL_TYPE_DOUBLE: "DOUBLE"
        case MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL: "DECIMAL"
        case MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE: "DATE"
        case MYSQL_TYPE_DATETIME: "DATETIME"
        case MYSQL_TYPE_TIMESTAMP: "TIMESTAMP"
        case MYSQL_TYPE_TIME: "TIME"
        case MYSQL_TYPE_BIT: "BIT"
        case MYSQL_TYPE_VAR_STRING, MYSQL_TYPE_VARCHAR: "VARCHAR"
        case MYSQL_TYPE_STRING: "CHAR"
        case MYSQL_TYPE_TINY_BLOB, MYSQL_TYPE_MEDIUM_BLOB, MYSQL_TYPE_LONG_BLOB, MYSQL_TYPE_BLOB: "BLOB"
        case MYSQL_TYPE_JSON: "JSON"
        case MYSQL_TYPE_NULL: "NULL"
        default: "type \(type.rawValue)"
        }
    }
}
