/// The one error type of the store layer: a code, a message an operator can act on, and the detail
/// (server text, raw values) for logs only.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        case missingResource, badMigration, migrationChanged, lockTimeout, eventNotFound, eventExists, conflict
        /// Data in Redis or MySQL that this build cannot read.
        case corrupt
        /// The stock guard refused raising `issued_count`: counts changed under the event lock.
        case stockGuard
        /// New coupon codes kept colliding with existing ones.
        case codeCollision
    }

    public let code: Code
    /// Safe to show: no server text, no user values beyond ids.
    public let message: String
    /// The underlying detail, for logs.
    public let detail: String?
    public let file: String
    public let line: Int

    public init(_ code: Code, _ message: String, detail: String? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.detail = detail
        self.file = file
        self.line = line
    }

    public var description: String { message }

    public var debugDescription: String {
        "StoreError(\(code.rawValue)): \(message)" + (detail.map { " [\($0)]" } ?? "") + " at \(file):\(line)"
    }

    /// Same code and message: where it was raised and the detail do not make two errors different.
    public static func == (a: StoreError, b: StoreError) -> Bool { a.code == b.code && a.message == b.message }

    public static func missingResource(_ name: String, file: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(.missingResource, "resource \(name) is missing from this build", file: file, line: line)
    }

    public static func badMigration(_ why: String, file: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(.badMigration, "bad migration: \(why)", file: file, line: line)
    }

    public static func migrationChanged(version: Int, name: String, file: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(
            .migrationChanged,
            "migration \(version) (\(name)) was changed after it was applied; add a new migration instead", file: file, line: line)
    }

    public static func lockTimeout(_ what: String, file: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(.lockTimeout, "timed out waiting for \(what)", file: file, line: line)
    }

    public static func eventNotFound(_ id: Int64, file: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(.eventNotFound, "event \(id) not found", file: file, line: line)
    }

    public static func eventExists(_ id: Int64, file: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(.eventExists, "event \(id) already exists (use `event apply` to update it)", file: file, line: line)
    }

    public static func conflict(_ why: String, file: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(.conflict, why, file: file, line: line)
    }

    /// Data this build cannot read; `what` (which may quote stored values) goes to the detail.
    public static func corrupt(_ what: String, file: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(.corrupt, "unexpected data in the store", detail: what, file: file, line: line)
    }
}
