/// Errors of the store layer, with messages an operator can act on.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingResource(String)
    case badMigration(String)
    case migrationChanged(version: Int, name: String)
    case lockTimeout(String)
    case eventNotFound(Int64)
    case eventExists(Int64)
    case conflict(String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .missingResource(let name): "resource \(name) is missing from this build"
        case .badMigration(let why): "bad migration: \(why)"
        case .migrationChanged(let version, let name):
            "migration \(version) (\(name)) was changed after it was applied; add a new migration instead"
        case .lockTimeout(let what): "timed out waiting for \(what)"
        case .eventNotFound(let id): "event \(id) not found"
        case .eventExists(let id): "event \(id) already exists (use `event apply` to update it)"
        case .conflict(let why): why
        case .corrupt(let why): "unexpected data: \(why)"
        }
    }
}
