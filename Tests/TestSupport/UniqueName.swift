import Foundation

/// A name no other test (or concurrent test run) uses: for keys, topics, tables and groups.
public func uniqueName(_ prefix: String) -> String {
    let random = UInt64.random(in: 0..<UInt64.max)
    return "\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(String(random, radix: 36))"
}
