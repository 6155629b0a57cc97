import NIOCore

/// An IPv4 or IPv6 network (`10.0.0.0/8`, `fd00::/8`, or one address), for trusted proxies.
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    let network: [UInt8]
    let prefix: Int

    /// nil when `text` is not an address with an optional `/prefix` in range.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let bytes = Self.bytes(of: String(first)) else { return nil }
        let bits = bytes.count * 8
        let prefix: Int
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...bits).contains(value), String(value) == parts[1] else { return nil }
            prefix = value
        } else {
            prefix = bits
        }
        self.network = Self.masked(bytes, prefix)
        self.prefix = prefix
    }

    public var description: String { "\(Self.text(network))/\(prefix)" }

    public func contains(_ address: [UInt8]) -> Bool {
        address.count == network.count && Self.masked(address, prefix) == network
    }

    /// The 4 or 16 bytes of an address written as text (IPv4-mapped IPv6 becomes IPv4).
    static func bytes(of text: String) -> [UInt8]? {
        guard let address = try? SocketAddress(ipAddress: text, port: 0) else { return nil }
        return bytes(of: address)
    }

    static func bytes(of address: SocketAddress) -> [UInt8]? {
        switch address {
        case .v4(let v4):
            return withUnsafeBytes(of: v4.address.sin_addr.s_addr) { Array($0) }
        case .v6(let v6):
            let raw = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            // ::ffff:a.b.c.d is an IPv4 client reached over a dual-stack socket.
            if raw[0..<10].allSatisfy({ $0 == 0 }) && raw[10] == 0xFF && raw[11] == 0xFF { return Array(raw[12...]) }
            return raw
        default:
            return nil
        }
    }

    static func masked(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        var out = bytes
        for i in 0..<out.count {
            let keep = max(0, min(8, prefix - i * 8))
            out[i] &= keep == 8 ? 0xFF : UInt8(truncatingIfNeeded: 0xFF << (8 - keep))
        }
        return out
    }

    static func text(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}

/// A list of trusted networks.
public struct TrustedNetworks: Sendable {
    public let networks: [CIDR]

    /// Every entry must parse; the error names the first that does not.
    public init(_ entries: [String], key: String) throws(APIConfigurationError) {
        var networks: [CIDR] = []
        for entry in entries {
            guard let cidr = CIDR(entry) else { throw APIConfigurationError(key: key, "'\(entry)' is not an IP address or CIDR") }
            networks.append(cidr)
        }
        self.networks = networks
    }

    public var isEmpty: Bool { networks.isEmpty }

    public func contains(_ address: [UInt8]) -> Bool { networks.contains { $0.contains(address) } }
}

/// A gate setting that cannot be used, naming its key (the executables print it and exit).
public struct APIConfigurationError: Error, Sendable, CustomStringConvertible {
    public let key: String
    public let message: String

    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "config \(key): \(message)" }
}
