import RediclaimCore
import RediclaimMySQL
import Testing

/// The database and the result topic after a run, checked against the product invariants I1-I4.
struct Invariants {
    /// user -> coupon code, from `coupon_issue`.
    let rows: [String: String]
    let duplicateRows: Int
    let issuedCount: Int64
    let stock: Int64
    let results: [IssueResult]

    static func load(_ client: MySQLClient, eventId: Int64 = 1001, results: [IssueResult]) async throws -> Invariants {
        let event = try #require(
            try await client.query("SELECT stock, issued_count FROM coupon_event WHERE id = \(eventId)").first)
        var rows: [String: String] = [:]
        var duplicates = 0
        for row in try await client.query("SELECT user_id, coupon_code FROM coupon_issue WHERE event_id = \(eventId)") {
            let user: String = try row.decode("user_id")
            if rows.updateValue(try row.decode("coupon_code"), forKey: user) != nil { duplicates += 1 }
        }
        return Invariants(
            rows: rows, duplicateRows: duplicates, issuedCount: try event.decode("issued_count"),
            stock: try event.decode("stock"), results: results.filter { $0.eventId == eventId })
    }

    /// Users with an ISSUED result, with every code they were told (a set: redeliveries repeat it).
    var issuedCodes: [String: Set<String>] {
        results.reduce(into: [:]) { codes, result in
            if let coupon = result.coupon { codes[result.userId, default: []].insert(coupon.code) }
        }
    }

    var soldOutUsers: Set<String> { Set(results.filter { $0.status == .soldOut }.map(\.userId)) }

    /// I1-I4 for `requested` users; `sourceLocation` points failures at the calling test.
    func verify(requested: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) {
        let rowCount = Int64(rows.count + duplicateRows)
        // I1: never above stock, and the counter agrees with the rows.
        #expect(rowCount <= stock, "I1: \(rowCount) rows for stock \(stock)", sourceLocation: sourceLocation)
        #expect(issuedCount == rowCount, "issued_count \(issuedCount) != \(rowCount) rows", sourceLocation: sourceLocation)
        // I2: one coupon per user.
        #expect(duplicateRows == 0, "I2: \(duplicateRows) users hold two coupons", sourceLocation: sourceLocation)
        // I3: every ISSUED result matches its row, every row was reported ISSUED.
        let issued = issuedCodes
        let wrong = issued.filter { user, codes in codes != [rows[user] ?? "<no row>"] }
        #expect(wrong.isEmpty, "I3: \(wrong.count) users told a code that is not their row's, e.g. \(wrong.first.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
        let unreported = Set(rows.keys).subtracting(issued.keys)
        #expect(unreported.isEmpty, "I3: \(unreported.count) rows never reported ISSUED", sourceLocation: sourceLocation)
        // I4: every request ended ISSUED or SOLD_OUT, never both.
        let answered = Set(issued.keys).union(soldOutUsers)
        let lost = requested.subtracting(answered)
        #expect(lost.isEmpty, "I4: \(lost.count) requested users have no result, e.g. \(lost.sorted().prefix(3))", sourceLocation: sourceLocation)
        // Nobody is told SOLD_OUT while stock remains.
        if !soldOutUsers.isEmpty {
            #expect(rowCount == stock, "SOLD_OUT told with \(stock - rowCount) coupons left", sourceLocation: sourceLocation)
        }
        let both = soldOutUsers.intersection(issued.keys)
        #expect(both.isEmpty, "\(both.count) users told both ISSUED and SOLD_OUT", sourceLocation: sourceLocation)
    }
}
