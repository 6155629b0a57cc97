import Foundation
import HTTPTypes
import Hummingbird

/// The client's address as a rate-limit key: the socket's peer, or, when that peer is a trusted proxy,
/// the last address before the trusted ones in `Forwarded` / `X-Forwarded-For`. IPv6 clients are keyed
/// by their /64, since one host usually owns a whole /64.
struct ClientAddress: Sendable {
    let trusted: TrustedNetworks

    func key(peer: [UInt8]?, headers: HTTPFields) -> String {
        guard let peer else { return "unknown" }
        guard !trusted.isEmpty, trusted.contains(peer) else { return Self.limitKey(peer) }
        // Walk the chain from the right: the nearest untrusted hop is the client.
        let chain = Self.forwardedChain(headers)
        for text in chain.reversed() {
            guard let address = CIDR.bytes(of: text) else { break }
            if !trusted.contains(address) { return Self.limitKey(address) }
        }
        return Self.limitKey(peer)
    }

    static func limitKey(_ address: [UInt8]) -> String {
        if address.count == 16 { return CIDR.text(CIDR.masked(address, 64)) + "/64" }
        return CIDR.text(address)
    }

    /// Addresses from `Forwarded: for=...` (RFC 7239) if present, else `X-Forwarded-For`, in order.
    static func forwardedChain(_ headers: HTTPFields) -> [String] {
        let forwarded = headers[values: .forwarded]
        if !forwarded.isEmpty {
            var out: [String] = []
            for element in forwarded.joined(separator: ",").split(separator: ",") {
                for pair in element.split(separator: ";") {
                    let kv = pair.split(separator: "=", maxSplits: 1)
                    guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == "for" else { continue }
                    var value = kv[1].trimmingCharacters(in: .whitespaces)
                    value = value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    if value.hasPrefix("[") , let end = value.firstIndex(of: "]") {
                        value = String(value[value.index(after: value.startIndex)..<end])
                    } else if let colon = value.firstIndex(of: ":"), value.filter({ $0 == ":" }).count == 1 {
                        value = String(value[..<colon])
                    }
                    out.append(value)
                }
            }
            return out
        }
        return headers[values: .xForwardedFor].joined(separator: ",").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

extension HTTPField.Name {
    static let forwarded = Self("Forwarded")!
    static let xForwardedFor = Self("X-Forwarded-For")!
}
