import Foundation
import RediclaimMySQL
import Testing

@Suite("MySQLQuery interpolation and building (no server)")
struct MySQLQueryTests {
    @Test func interpolatedValuesBecomeBinds() {
        let id: Int64 = 42
        let name = "Robert'); DROP TABLE t;--"
        let missing: String? = nil
        let query: MySQLQuery = "SELECT * FROM t WHERE id = \(id) AND name = \(name) AND note <=> \(missing)"
        #expect(query.sql == "SELECT * FROM t WHERE id = ? AND name = ? AND note <=> ?")
        #expect(query.binds == [.int(42), .string(name), .null])
        #expect(!query.sql.contains("DROP"))
    }

    @Test func identifiersAndUnescapedText() {
        let table = "coupon`issue"
        let query: MySQLQuery = "SELECT \(unescaped: "COUNT(*)") FROM \(identifier: table) WHERE x = \(true)"
        #expect(query.sql == "SELECT COUNT(*) FROM `coupon``issue` WHERE x = ?")
        #expect(query.binds == [.int(1)])
    }

    @Test func valueKinds() {
        let date = Date(timeIntervalSince1970: 1_700_000_000.25)
        let decimal = Decimal(string: "1234.50", locale: Locale(identifier: "en_US_POSIX"))!
        let query: MySQLQuery =
            "VALUES (\(UInt64.max), \(1.5), \(decimal), \([UInt8]([0, 1])), \(Data([2])), \(date), \(Int32(-7)))"
        #expect(
            query.binds == [
                .uint(.max), .double(1.5), .decimal("1234.5"), .bytes([0, 1]), .bytes([2]), .date(date), .int(-7),
            ])
        #expect(query.sql == "VALUES (?, ?, ?, ?, ?, ?, ?)")
    }

    @Test func multiRowInsertByAppending() {
        let rows = (0..<500).map { (event: Int64(1001), user: "u-\($0)", code: "C\($0)") }
        var query: MySQLQuery = "INSERT IGNORE INTO \(identifier: "coupon_issue") (event_id, user_id, code) VALUES "
        query.append(rows) { "(\($0.event), \($0.user), \($0.code))" }
        #expect(query.binds.count == 1500)
        #expect(query.sql.hasPrefix("INSERT IGNORE INTO `coupon_issue` (event_id, user_id, code) VALUES (?, ?, ?), (?, ?, ?)"))
        #expect(query.sql.filter { $0 == "?" }.count == 1500)
        #expect(query.binds[3] == .int(1001))
        #expect(query.binds[4] == .string("u-1"))
    }

    @Test func joiningAndConcatenating() {
        let fragments: [MySQLQuery] = ["a = \(1)", "b = \(2)", "c = \("x")"]
        let joined = fragments.joined(separator: " AND ")
        #expect(joined.sql == "a = ? AND b = ? AND c = ?")
        #expect(joined.binds == [.int(1), .int(2), .string("x")])
        let full: MySQLQuery = "SELECT 1 FROM t WHERE \(joined)" + " LIMIT \(10)"
        #expect(full.sql == "SELECT 1 FROM t WHERE a = ? AND b = ? AND c = ? LIMIT ?")
        #expect(full.binds.count == 4)
    }

    @Test func descriptionHidesValues() {
        let query: MySQLQuery = "SELECT \("secret-value")"
        #expect(!query.description.contains("secret-value"))
        #expect(query.description.contains("1 binds"))
    }

    @Test func errorCodesMapFromNumbers() {
        #expect(MySQLError.Code(errorNumber: 1062) == .duplicateEntry)
        #expect(MySQLError.Code(errorNumber: 1213) == .deadlock)
        #expect(MySQLError.Code(errorNumber: 1205) == .lockWaitTimeout)
        #expect(MySQLError.Code(errorNumber: 2006) == .connectionLost)
        #expect(MySQLError.Code(errorNumber: 2013) == .connectionLost)
        #expect(MySQLError.Code(errorNumber: 2002) == .cannotConnect)
        #expect(MySQLError.Code(errorNumber: 2003) == .cannotConnect)
        #expect(MySQLError.Code(errorNumber: 1045) == .accessDenied)
        #expect(MySQLError.Code(errorNumber: 1146) == .tableMissing)
        #expect(MySQLError.Code(errorNumber: 1064) == .other(1064))
        // What a failover, a full server or a migration looks like: retried, never dead-lettered.
        for (number, code) in [
            (1040, MySQLError.Code.tooManyConnections), (1135, .tooManyConnections), (1290, .readOnly), (1836, .readOnly),
            (1317, .interrupted), (1969, .interrupted), (1615, .needsReprepare), (1047, .serverNotReady), (1159, .serverNotReady),
            (1161, .serverNotReady),
        ] {
            #expect(MySQLError.Code(errorNumber: UInt32(number)) == code, "\(number)")
            #expect(MySQLError(code, "x", errorNumber: UInt32(number)).isTransient, "\(number)")
        }
        #expect(MySQLError(.deadlock, "x").isTransient)
        #expect(MySQLError(.connectionLost, "x").isTransient)
        #expect(!MySQLError(.duplicateEntry, "x").isTransient)
        let error = MySQLError(.duplicateEntry, "dup", errorNumber: 1062, sqlState: "23000", serverMessage: "Duplicate entry 'u-42'")
        #expect(!error.description.contains("u-42"))
        #expect(error.debugDescription.contains("u-42"))
        #expect(error.debugDescription.contains("23000"))
    }
}
