/// The fields of a gate answer the simulated user acts on, found by scanning the JSON body for their
/// keys (the gate's answers are small, flat apart from `coupon`/`error`, and escape-free).
struct AnswerFields {
    /// `status` of a 2xx answer (WAITING, PRE_QUEUE, RELEASED, ISSUED, SOLD_OUT).
    var status: String?
    /// The error code of a 4xx/5xx answer, or the coupon code of an ISSUED one.
    var code: String?
    var ticket: String?
    var rank: Int?
    var pollAfterMs: Int?
    var estimatedWaitSeconds: Int?

    init(_ body: [UInt8]) {
        status = Self.string("\"status\":\"", in: body)
        code = Self.string("\"code\":\"", in: body)
        ticket = Self.string("\"ticket\":\"", in: body)
        rank = Self.int("\"rank\":", in: body)
        pollAfterMs = Self.int("\"pollAfterMs\":", in: body)
        estimatedWaitSeconds = Self.int("\"estimatedWaitSeconds\":", in: body)
    }

    static func find(_ key: String, in body: [UInt8]) -> Int? {
        let k = Array(key.utf8)
        guard body.count >= k.count else { return nil }
        var i = 0
        outer: while i <= body.count - k.count {
            for j in 0..<k.count where body[i + j] != k[j] {
                i += 1
                continue outer
            }
            return i + k.count
        }
        return nil
    }

    static func string(_ key: String, in body: [UInt8]) -> String? {
        guard let start = find(key, in: body), let end = body[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: body[start..<end], as: UTF8.self)
    }

    static func int(_ key: String, in body: [UInt8]) -> Int? {
        guard let start = find(key, in: body) else { return nil }
        let digits = body[start...].prefix { $0 >= 48 && $0 <= 57 }
        return Int(ascii: digits)
    }
}
