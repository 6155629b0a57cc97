import Foundation
import HTTPTypes
import RediclaimConfig
import RediclaimCore
import RediclaimIdentity

/// The gate's settings as it uses them (keys, limits, timing), checked once at start-up; every default
/// is declared in `RediclaimConfiguration.Gate`.
public struct GateSettings: Sendable {
    public var host: String
    public var port: Int
    public var opsHost: String
    public var opsPort: Int
    public var tickMs: Int
    public var maxBodyBytes: Int
    public var signer: TicketSigner
    public var ticketPolicy: TicketPolicy
    public var adminToken: String?
    public var pendingRepublishAfterMs: Int
    public var resultGroup: String
    public var requestTopic: String
    public var resultTopic: String
    /// Where results the gate cannot decode go, never dropped.
    public var resultDlqTopic: String
    public var drainSeconds: Int
    public var ipLimit: (rate: Int, burst: Int)
    public var userLimit: (rate: Int, burst: Int)
    public var rankLimit: (rate: Int, burst: Int)
    public var rateLimitKeys: Int
    public var identity: IdentityPlan
    public var trustedProxies: TrustedNetworks
    public var idleTimeoutSeconds: Int
    public var requestTimeoutSeconds: Int
    public var maxConnections: Int
    public var maxHeaderBytes: Int
    public var corsOrigins: [String]
    public var recoveryDrainTimeoutSeconds: Int
    /// The waiting-room page.
    public var page: PageSettings
    /// Expected rank polls per second per event, across all gates (`PollPolicy`).
    public var pollBudgetPerSecond: Int
    /// `Retry-After` when Redis or Kafka is down.
    public var unavailableRetryAfterSeconds = 2
    /// Most users one tick releases per event (the bucket usually allows fewer).
    public var maxReleasePerTick = 5_000
    /// Redis key prefix; tests use their own (`GateBuildOptions.redisNamespace`).
    public var redisNamespace = "rc"

    /// The admin token must be as hard to guess as a ticket key.
    public static let minimumAdminTokenBytes = 32

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
        var previousUntil: Date?
        if !gate.ticketPreviousKeysUntil.isEmpty {
            guard let date = Timestamps.parseISO8601(gate.ticketPreviousKeysUntil) else {
                throw ConfigError(key: "gate.ticketPreviousKeysUntil", "'\(gate.ticketPreviousKeysUntil)' is not an ISO-8601 time")
            }
            previousUntil = date
        }
        if let token = gate.adminToken?.value, !token.isEmpty, token.utf8.count < Self.minimumAdminTokenBytes {
            throw ConfigError(key: "gate.adminToken", "must be at least \(Self.minimumAdminTokenBytes) bytes")
        }
        host = gate.host
        port = gate.port
        opsHost = gate.opsHost
        opsPort = gate.opsPort
        tickMs = gate.tickMs
        maxBodyBytes = gate.maxBodyBytes
        signer = TicketSigner(current: current, previous: previous, previousUntil: previousUntil)
        ticketPolicy = TicketPolicy(ttl: Int64(gate.ticketTtlSeconds), grace: Int64(gate.ticketGraceSeconds))
        adminToken = gate.adminToken?.value.isEmpty == false ? gate.adminToken?.value : nil
        pendingRepublishAfterMs = gate.pendingRepublishAfterMs
        resultGroup = gate.resultGroup
        requestTopic = config.kafka.requestTopic
        resultTopic = config.kafka.resultTopic
        resultDlqTopic = config.kafka.resultDlqTopic
        drainSeconds = gate.drainSeconds
        ipLimit = (gate.rateLimit.ipPerSecond, gate.rateLimit.ipBurst)
        userLimit = (gate.rateLimit.userPerSecond, gate.rateLimit.userBurst)
        rankLimit = (gate.rateLimit.rankPerSecond, gate.rateLimit.rankBurst)
        rateLimitKeys = gate.rateLimit.maxKeys
        identity = try IdentityPlan(gate.identity)
        do {
            trustedProxies = try TrustedNetworks(gate.trustedProxies, key: "gate.trustedProxies")
        } catch {
            throw ConfigError(key: error.key, error.message)
        }
        idleTimeoutSeconds = gate.idleTimeoutSeconds
        requestTimeoutSeconds = gate.requestTimeoutSeconds
        maxConnections = gate.maxConnections
        maxHeaderBytes = gate.maxHeaderBytes
        corsOrigins = gate.cors.allowedOrigins
        recoveryDrainTimeoutSeconds = gate.recoveryDrainTimeoutSeconds
        page = try PageSettings(gate, identity: identity)
        pollBudgetPerSecond = gate.pollBudgetPerSecond
    }
}

/// How the gate will learn who is asking, checked at start-up (`gate.identity.*`).
public enum IdentityPlan: Sendable {
    case token(TokenSettings)
    case header(name: HTTPField.Name, trusted: TrustedNetworks)
    /// Development only: the body's `userId` is believed.
    case body

    init(_ identity: RediclaimConfiguration.Identity) throws {
        switch identity.mode {
        case "body":
            guard identity.allowInsecureBody else {
                throw ConfigError(
                    key: "gate.identity.mode",
                    "body mode lets anyone claim any user id; it starts only with gate.identity.allowInsecureBody=true (development only)")
            }
            self = .body
        case "header":
            guard let name = HTTPField.Name(identity.header) else {
                throw ConfigError(key: "gate.identity.header", "'\(identity.header)' is not a header name")
            }
            let trusted: TrustedNetworks
            do {
                trusted = try TrustedNetworks(identity.trustedProxies, key: "gate.identity.trustedProxies")
            } catch {
                throw ConfigError(key: error.key, error.message)
            }
            guard !trusted.isEmpty else {
                throw ConfigError(
                    key: "gate.identity.trustedProxies",
                    "header mode needs the CIDRs of the authenticating proxies (anyone else could set the header)")
            }
            self = .header(name: name, trusted: trusted)
        default:
            var settings = TokenSettings()
            settings.hmacSecret = identity.jwtSecret?.value.isEmpty == false ? identity.jwtSecret?.value : nil
            settings.jwksFile = identity.jwksFile.isEmpty ? nil : identity.jwksFile
            settings.claim = identity.claim
            settings.issuer = identity.issuer.isEmpty ? nil : identity.issuer
            settings.audience = identity.audience.isEmpty ? nil : identity.audience
            settings.leeway = .seconds(identity.leewaySeconds)
            if let secret = settings.hmacSecret, secret.utf8.count < TokenSettings.minimumSecretBytes {
                throw ConfigError(key: "gate.identity.jwtSecret", "must be at least \(TokenSettings.minimumSecretBytes) bytes")
            }
            guard settings.hmacSecret != nil || settings.jwksFile != nil else {
                throw ConfigError(
                    key: "gate.identity.jwtSecret",
                    "jwt mode needs gate.identity.jwtSecret (HS256) or gate.identity.jwksFile (RS256/ES256)")
            }
            self = .token(settings)
        }
    }

    public var modeName: String {
        switch self {
        case .token: "jwt"
        case .header: "header"
        case .body: "body"
        }
    }
}
