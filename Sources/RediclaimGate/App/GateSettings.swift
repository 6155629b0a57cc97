import RediclaimConfig

/// The gate's settings, checked once at start-up (ticket keys, limits, timing).
public struct GateSettings: Sendable {
    public var host: String
    public var port: Int
    public var tickMs: Int
    public var maxBodyBytes: Int
    public var signer: TicketSigner
    public var adminToken: String?
    public var pendingRepublishAfterMs: Int
    public var resultGroup: String
    public var requestTopic: String
    public var resultTopic: String
    public var drainSeconds: Int
    public var ipLimit: (rate: Int, burst: Int)
    public var userLimit: (rate: Int, burst: Int)
    /// `Retry-After` when Redis or Kafka is down.
    public var unavailableRetryAfterSeconds = 2
    /// Most users one tick releases per event (the bucket usually allows fewer).
    public var maxReleasePerTick = 5_000
    /// Redis key prefix; tests use their own (`GateBuildOptions.redisNamespace`).
    public var redisNamespace = "rc"

    public init(_ config: RediclaimConfiguration) throws {
        let gate = config.gate
        guard let secret = gate.ticketSecret?.value, !secret.isEmpty else {
            throw ConfigError(key: "gate.ticketSecret", "is required: set REDICLAIM_GATE_TICKET_SECRET (>= 32 bytes)")
        }
        let current: TicketKey
        var previous: [TicketKey] = []
        do {
            current = try TicketKey(id: gate.ticketKeyId, secret: secret)
            for pair in (gate.ticketPreviousKeys?.value ?? "").split(separator: ",") {
                guard let colon = pair.firstIndex(of: ":") else {
                    throw TicketError.badKey("gate.ticketPreviousKeys expects id:secret,id:secret")
                }
                previous.append(try TicketKey(id: String(pair[..<colon]), secret: String(pair[pair.index(after: colon)...])))
            }
        } catch let error as TicketError {
            if case .badKey(let why) = error { throw ConfigError(key: "gate.ticketSecret", why) }
            throw ConfigError(key: "gate.ticketSecret", "\(error)")
        }
        host = gate.host
        port = gate.port
        tickMs = gate.tickMs
        maxBodyBytes = gate.maxBodyBytes
        signer = TicketSigner(current: current, previous: previous)
        adminToken = gate.adminToken?.value.isEmpty == false ? gate.adminToken?.value : nil
        pendingRepublishAfterMs = gate.pendingRepublishAfterMs
        resultGroup = gate.resultGroup
        requestTopic = config.kafka.requestTopic
        resultTopic = config.kafka.resultTopic
        drainSeconds = gate.drainSeconds
        ipLimit = (gate.rateLimit.ipPerSecond, gate.rateLimit.ipBurst)
        userLimit = (gate.rateLimit.userPerSecond, gate.rateLimit.userBurst)
    }
}
