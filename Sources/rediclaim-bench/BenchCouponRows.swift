import Foundation

/// The benchmark's deterministic coupon rows, shared by the bridge run and the emitted SQL file.
enum BenchCouponRows {
    struct Row {
        var eventID: Int64
        var userID: String
        var couponCode: String
        var issuedAt: Date
        /// Milliseconds after 2026-01-01 00:00:00 UTC (< one day, so the text form stays simple).
        var millisOfDay: Int
    }

    static let baseEpoch = 1_767_225_600  // 2026-01-01T00:00:00Z
    private static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789".utf8)

    static func schema(table: String) -> String {
        """
        DROP TABLE IF EXISTS `\(table)`;
        CREATE TABLE `\(table)` (
          id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          event_id BIGINT NOT NULL,
          user_id VARCHAR(64) NOT NULL,
          coupon_code CHAR(16) NOT NULL,
          issued_at DATETIME(3) NOT NULL,
          UNIQUE KEY uq_event_user (event_id, user_id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
        """
    }

    static func insertPrefix(table: String) -> String {
        "INSERT IGNORE INTO `\(table)` (event_id, user_id, coupon_code, issued_at) VALUES "
    }

    static func row(_ index: Int) -> Row {
        var state = UInt64(index) &* 0x9E37_79B9_7F4A_7C15 &+ 0xD1B5_4A32_D192_ED03
        var code: [UInt8] = []
        code.reserveCapacity(16)
        for _ in 0..<16 {
            state ^= state >> 29
            state &*= 0xBF58_476D_1CE4_E5B9
            state ^= state >> 32
            code.append(alphabet[Int(state % UInt64(alphabet.count))])
        }
        let millis = index % 86_400_000
        return Row(
            eventID: 1001 + Int64(index % 4), userID: "user-\(index)", couponCode: String(decoding: code, as: UTF8.self),
            issuedAt: Date(timeIntervalSince1970: Double(baseEpoch) + Double(millis) / 1000), millisOfDay: millis)
    }

    /// The row as a SQL tuple of literals (generated values only: no quoting needed beyond '').
    static func literal(_ row: Row) -> String {
        let ms = row.millisOfDay
        let time = String(
            format: "2026-01-01 %02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
        return "(\(row.eventID),'\(row.userID)','\(row.couponCode)','\(time)')"
    }

    static func writeSQL(directory: String, table: String, rows: Int, batch: Int) throws {
        let folder = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try schema(table: table).write(to: folder.appendingPathComponent("schema.sql"), atomically: true, encoding: .utf8)
        var text = ""
        var first = 0
        while first < rows {
            let last = min(first + batch, rows)
            text += insertPrefix(table: table)
            text += (first..<last).map { literal(row($0)) }.joined(separator: ",")
            text += ";\n"
            first = last
        }
        try text.write(to: folder.appendingPathComponent("inserts.sql"), atomically: true, encoding: .utf8)
    }
}
