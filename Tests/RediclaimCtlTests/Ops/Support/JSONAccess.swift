/// Small readers for `rediclaimctl --json` objects in tests.
enum JSONAccess {
    /// `{"kind": count}` of a reconcile check (`found` or `recheck`).
    static func kinds(_ check: Any?) -> [String: Int] {
        let groups = (check as? [String: Any])?["mismatches"] as? [[String: Any]] ?? []
        return Dictionary(groups.compactMap { g in (g["kind"] as? String).map { ($0, g["count"] as? Int ?? 0) } }, uniquingKeysWith: +)
    }

    static func object(_ value: Any?) -> [String: Any] { value as? [String: Any] ?? [:] }
    static func objects(_ value: Any?) -> [[String: Any]] { value as? [[String: Any]] ?? [] }
}
