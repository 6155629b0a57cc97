internal import CMariaDB

/// `MYSQL_BIND` array and the memory it points at, for one execution's parameters.
///
/// libmariadb reads the buffers during `mysql_stmt_execute`, so this object must outlive that call;
/// every allocation here is freed in `deinit`.
final class MariaDBParameterBinds {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    let count: Int
    private let lengths: UnsafeMutablePointer<UInt>
    private let scalars: UnsafeMutablePointer<UInt64>
    private let times: UnsafeMutablePointer<MYSQL_TIME>
    private let bytes: UnsafeMutableRawPointer

    init(_ values: [MySQLData]) {
        count = values.count
        var byteCount = 0
        var dateCount = 0
        for value in values {
            switch value {
            case .string(let text), .decimal(let text): byteCount += text.utf8.count
            case .bytes(let data): byteCount += data.count
            case .date: dateCount += 1
            default: break
            }
        }
        binds = .allocate(capacity: max(count, 1))
        binds.initialize(repeating: MYSQL_BIND(), count: max(count, 1))
        lengths = .allocate(capacity: max(count, 1))
        lengths.initialize(repeating: 0, count: max(count, 1))
        scalars = .allocate(capacity: max(count, 1))
        scalars.initialize(repeating: 0, count: max(count, 1))
        times = .allocate(capacity: max(dateCount, 1))
        times.initialize(repeating: MYSQL_TIME(), count: max(dateCount, 1))
        bytes = .allocate(byteCount: max(byteCount, 1), alignment: 8)

        var byteOffset = 0
        var timeIndex = 0
        for (index, value) in values.enumerated() {
            let bind = binds + index
            bind.pointee.length = lengths + index
            switch value {
            case .null:
                bind.pointee.buffer_type = MYSQL_TYPE_NULL
            case .int(let number):
                scalars[index] = UInt64(bitPattern: number)
                setScalar(bind, index: index, type: MYSQL_TYPE_LONGLONG, unsigned: false)
            case .uint(let number):
                scalars[index] = number
                setScalar(bind, index: index, type: MYSQL_TYPE_LONGLONG, unsigned: true)
            case .double(let number):
                scalars[index] = number.bitPattern
                setScalar(bind, index: index, type: MYSQL_TYPE_DOUBLE, unsigned: false)
            case .decimal(let text):
                byteOffset += copyText(text, to: bind, index: index, offset: byteOffset, type: MYSQL_TYPE_NEWDECIMAL)
            case .string(let text):
                byteOffset += copyText(text, to: bind, index: index, offset: byteOffset, type: MYSQL_TYPE_STRING)
            case .bytes(let data):
                let target = bytes + byteOffset
                data.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { target.copyMemory(from: base, byteCount: raw.count) }
                }
                setVariable(bind, index: index, buffer: target, length: data.count, type: MYSQL_TYPE_BLOB)
                byteOffset += data.count
            case .date(let date):
                times[timeIndex] = MariaDBTime.time(from: date)
                bind.pointee.buffer = UnsafeMutableRawPointer(times + timeIndex)
                bind.pointee.buffer_length = UInt(MemoryLayout<MYSQL_TIME>.size)
                bind.pointee.buffer_type = MYSQL_TYPE_DATETIME
                timeIndex += 1
            }
        }
    }

    private func setScalar(_ bind: UnsafeMutablePointer<MYSQL_BIND>, index: Int, type: enum_field_types, unsigned: Bool) {
        bind.pointee.buffer = UnsafeMutableRawPointer(scalars + index)
        bind.pointee.buffer_length = 8
        bind.pointee.buffer_type = type
        bind.pointee.is_unsigned = unsigned ? 1 : 0
    }

    private func setVariable(
        _ bind: UnsafeMutablePointer<MYSQL_BIND>, index: Int, buffer: UnsafeMutableRawPointer, length: Int,
        type: enum_field_types
    ) {
        bind.pointee.buffer = buffer
        bind.pointee.buffer_length = UInt(length)
        bind.pointee.buffer_type = type
        lengths[index] = UInt(length)
    }

    /// Copies the UTF-8 of `text` into the byte arena and binds it; returns the bytes used.
    private func copyText(
        _ text: String, to bind: UnsafeMutablePointer<MYSQL_BIND>, index: Int, offset: Int, type: enum_field_types
    ) -> Int {
        var text = text
        let target = bytes + offset
        let length = text.withUTF8 { utf8 in
            if let base = utf8.baseAddress { target.copyMemory(from: base, byteCount: utf8.count) }
            return utf8.count
        }
        setVariable(bind, index: index, buffer: target, length: length, type: type)
        return length
    }

    deinit {
        binds.deallocate()
        lengths.deallocate()
        scalars.deallocate()
        times.deallocate()
        bytes.deallocate()
    }
}
