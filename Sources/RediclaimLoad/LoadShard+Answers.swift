import NIOCore

/// What a simulated user does with each answer: the gate's polling contract, followed as a well-behaved
/// client would (pollAfterMs, Retry-After, enqueue again when told).
extension LoadShard {
    func handle(_ request: PendingRequest, _ response: WireResponse) {
        let now = NIODeadline.now().uptimeNanoseconds
        let latencyUs = (now > request.plannedNs ? now - request.plannedNs : 0) / 1_000
        switch request.kind {
        case .enqueue: _ = stats.enqueueLatency.record(latencyUs)
        case .rank: _ = stats.rankLatency.record(latencyUs)
        }
        let k = request.user
        guard !users[k].done else { return }
        let fields = AnswerFields(response.body)
        if response.status >= 500 { stats.http5xx += 1 }
        if now - users[k].arrivalNs > UInt64(plan.deadlineSeconds * 1e9) {
            finish(k) { users[k].released ? $0.leftReleased += 1 : ($0.leftWaiting += 1) }
            return
        }
        switch response.status {
        case 200, 202:
            if request.kind == .enqueue, !users[k].queued {
                users[k].queued = true
                stats.queued += 1
            }
            if let ticket = fields.ticket { users[k].ticket = ticket }
            switch fields.status {
            case "ISSUED":
                if fields.code == nil { stats.issuedWithoutCoupon += 1 }
                releasedNow(k, at: now)
                finish(k) { $0.issued += 1 }
            case "SOLD_OUT":
                // Never released: no wait to compare an estimate with.
                users[k].released = true
                finish(k) { $0.soldOut += 1 }
            default:
                if fields.status == "RELEASED" { releasedNow(k, at: now) }
                if fields.status == "WAITING", let rank = fields.rank {
                    if let last = users[k].lastRank, rank > last { stats.rankWentUp += 1 }
                    users[k].lastRank = rank
                    if users[k].estimate == nil, let eta = fields.estimatedWaitSeconds { users[k].estimate = (eta, now) }
                }
                let wait = fields.pollAfterMs ?? 1_000
                _ = stats.pollAfter.record(UInt64(max(0, wait)))
                users[k].polls += 1
                later(wait, PendingRequest(user: k, kind: .rank, plannedNs: 0))
            }
        case 410:
            if request.kind == .enqueue { stats.soldOutAtEnqueue += 1 }
            finish(k) { $0.soldOut += 1 }
        case 404 where fields.code == "NOT_IN_QUEUE", 401 where fields.code == "TICKET_EXPIRED":
            count(request.kind, fields.code ?? "\(response.status)")
            users[k].lastRank = nil
            later(200 + Int.random(in: 0..<300), PendingRequest(user: k, kind: .enqueue, plannedNs: 0))
        case 409 where fields.code == "EVENT_NOT_OPEN", 429, 503:
            count(request.kind, fields.code ?? "\(response.status)")
            let ms = response.retryAfterSeconds.map { $0 * 1_000 } ?? 1_000
            later(ms + Int.random(in: 0..<250), PendingRequest(user: k, kind: request.kind, plannedNs: 0))
        default:
            count(request.kind, fields.code ?? "HTTP \(response.status)")
            finish(k) { $0.failed += 1 }
        }
    }

    func count(_ kind: PendingRequest.Kind, _ code: String) {
        switch kind {
        case .enqueue: stats.enqueueErrors[code, default: 0] += 1
        case .rank: stats.rankErrors[code, default: 0] += 1
        }
    }

    /// The first RELEASED or ISSUED answer: how far off the user's first wait estimate was (users who end
    /// SOLD_OUT were never released, so they have no real wait to compare with).
    func releasedNow(_ k: Int, at now: UInt64) {
        guard !users[k].released else { return }
        users[k].released = true
        guard let estimate = users[k].estimate else { return }
        let actual = Double(now - estimate.atNs) / 1e9
        let error = abs(Double(estimate.seconds) - actual)
        _ = stats.etaError.record(UInt64(error * 1_000))
        if actual >= 1 { _ = stats.etaRelativeError.record(UInt64(error / actual * 10_000)) }
    }

    func finish(_ k: Int, _ outcome: (inout SpikeStats) -> Void) {
        users[k].done = true
        outcome(&stats)
        let now = NIODeadline.now().uptimeNanoseconds
        _ = stats.timeToFinal.record((now - min(now, users[k].arrivalNs)) / 1_000)
        _ = stats.pollsPerUser.record(UInt64(users[k].polls))
    }
}
