import Synchronization

/// A value created on first use, at most once, shared across tasks.
final class LazyBox<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    var current: Value? { value.withLock { $0 } }

    func get(_ make: () throws -> Value) throws -> Value {
        try value.withLock { stored in
            if let stored { return stored }
            let made = try make()
            stored = made
            return made
        }
    }
}
