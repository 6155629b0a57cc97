import NIOCore
import NIOPosix

/// The users, connections and figures of one event loop. Everything here runs on that loop only (hence
/// `@unchecked Sendable`: NIO hands it between the loop's own callbacks).
final class LoadShard: @unchecked Sendable {
    let loop: EventLoop
    let plan: SpikePlan
    var users: [SimulatedUser]
    let connections: [GateConnection]
    var idle: [GateConnection]
    var waiting = Deque()
    var stats = SpikeStats()
    /// The next user whose arrival is due.
    var nextArrival = 0
    var startNs: UInt64 = 0
    let host: String

    init(loop: EventLoop, plan: SpikePlan, users: [SimulatedUser], connections: Int) {
        self.loop = loop
        self.plan = plan
        self.users = users
        self.connections = (0..<max(1, connections)).map { _ in GateConnection() }
        idle = self.connections
        host = "\(plan.host):\(plan.port)"
    }

    var finished: Bool { stats.finished == users.count }

    /// Starts the arrivals at `startNs` (uptime), on the loop.
    func start(at startNs: UInt64) {
        loop.execute {
            self.startNs = startNs
            self.arrivals()
        }
    }

    /// Sends every arrival that is due, then wakes up for the next one (at most every millisecond).
    func arrivals() {
        let now = NIODeadline.now().uptimeNanoseconds
        while nextArrival < users.count, users[nextArrival].arrivalNs <= now {
            let k = nextArrival
            nextArrival += 1
            stats.arrived += 1
            send(PendingRequest(user: k, kind: .enqueue, plannedNs: users[k].arrivalNs))
        }
        guard nextArrival < users.count else { return }
        let next = max(users[nextArrival].arrivalNs, now + 1_000_000)
        loop.scheduleTask(deadline: .uptimeNanoseconds(next)) { self.arrivals() }
    }

    func later(_ ms: Int, _ request: PendingRequest) {
        let at = NIODeadline.now().uptimeNanoseconds + UInt64(max(0, ms)) * 1_000_000
        let planned = PendingRequest(user: request.user, kind: request.kind, plannedNs: at)
        loop.scheduleTask(deadline: .uptimeNanoseconds(at)) { self.send(planned) }
    }

    func send(_ request: PendingRequest) {
        let k = request.user
        guard !users[k].done else { return }
        if NIODeadline.now().uptimeNanoseconds - min(users[k].arrivalNs, NIODeadline.now().uptimeNanoseconds)
            > UInt64(plan.deadlineSeconds * 1e9)
        {
            finish(k) { users[k].released ? $0.leftReleased += 1 : ($0.leftWaiting += 1) }
            return
        }
        if let connection = idle.popLast() {
            write(request, on: connection)
        } else {
            waiting.append(request)
        }
    }

    func write(_ request: PendingRequest, on connection: GateConnection) {
        connection.inFlight = request
        let now = NIODeadline.now().uptimeNanoseconds
        let lag = now > request.plannedNs ? now - request.plannedNs : 0
        if lag > UInt64(plan.lateAfterMs) * 1_000_000 { stats.late += 1 }
        stats.worstLagNs = max(stats.worstLagNs, lag)
        if request.kind == .enqueue, users[request.user].polls == 0, !users[request.user].queued {
            stats.firstArrivalNs = min(stats.firstArrivalNs, now)
            stats.lastArrivalNs = max(stats.lastArrivalNs, now)
        }
        stats.requests += 1
        guard let channel = connection.channel, channel.isActive else {
            connect(connection)
            return
        }
        var buffer = channel.allocator.buffer(capacity: 512)
        encode(request, into: &buffer)
        channel.writeAndFlush(buffer, promise: nil)
    }

    func encode(_ request: PendingRequest, into buffer: inout ByteBuffer) {
        let user = users[request.user]
        switch request.kind {
        case .enqueue:
            let body = #"{"eventId":\#(plan.eventId)}"#
            buffer.writeString("POST /enqueue HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\n")
            if let token = user.token {
                buffer.writeString("Authorization: Bearer \(token)\r\n")
                buffer.writeString("Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
            } else {
                let withUser = #"{"eventId":\#(plan.eventId),"userId":"\#(user.id)"}"#
                buffer.writeString("Content-Length: \(withUser.utf8.count)\r\n\r\n\(withUser)")
            }
        case .rank:
            buffer.writeString(
                "GET /rank?eventId=\(plan.eventId)&userId=\(user.id) HTTP/1.1\r\nHost: \(host)\r\nAuthorization: Bearer \(user.ticket ?? "")\r\n\r\n")
        }
    }

    func connect(_ connection: GateConnection) {
        guard !connection.connecting else { return }
        connection.connecting = true
        let bootstrap = ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(3))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(GateResponseHandler(shard: self, connection: connection))
                }
            }
        bootstrap.connect(host: plan.host, port: plan.port).whenComplete { result in
            connection.connecting = false
            switch result {
            case .success(let channel):
                connection.channel = channel
                if let request = connection.inFlight {
                    var buffer = channel.allocator.buffer(capacity: 512)
                    self.encode(request, into: &buffer)
                    channel.writeAndFlush(buffer, promise: nil)
                }
            case .failure:
                self.connectionFailed(connection, reason: "connect")
            }
        }
    }

    /// A connection broke (or never came up): its request is retried shortly, the connection reconnects
    /// when next used.
    func connectionFailed(_ connection: GateConnection, reason: String) {
        connection.channel = nil
        guard let request = connection.inFlight else { return }
        connection.inFlight = nil
        stats.networkErrors += 1
        release(connection)
        later(200, request)
    }

    func release(_ connection: GateConnection) {
        if let next = waiting.popFirst() { write(next, on: connection) } else { idle.append(connection) }
    }

    func answered(_ connection: GateConnection, _ response: WireResponse) {
        guard let request = connection.inFlight else { return }
        connection.inFlight = nil
        if response.closes { connection.channel?.close(promise: nil); connection.channel = nil }
        release(connection)
        handle(request, response)
    }
}

/// A FIFO of requests waiting for a connection (amortised O(1) at both ends).
struct Deque {
    private var items: [PendingRequest] = []
    private var head = 0

    var count: Int { items.count - head }

    mutating func append(_ r: PendingRequest) { items.append(r) }

    mutating func popFirst() -> PendingRequest? {
        guard head < items.count else { return nil }
        let r = items[head]
        head += 1
        if head > 4_096, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return r
    }
}
