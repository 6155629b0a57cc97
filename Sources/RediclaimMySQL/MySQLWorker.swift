internal import CMariaDB
import Dispatch
import Foundation
import Synchronization

/// One dedicated thread per connection that runs every blocking libmariadb call of that connection.
///
/// The session (the `MYSQL*` handle) is created, used and closed on this thread only, so it never
/// crosses threads; the cooperative pool only waits on continuations. Jobs get `nil` once the
/// session is gone (connect failed or the worker stopped), and must then fail their continuation.
final class MySQLWorker: Sendable {
    typealias Job = @Sendable (MariaDBSession?) -> Void

    private struct State {
        var jobs: [Job] = []
        var stopping = false
    }

    private let state = Mutex(State())
    /// Signalled once per queued job and once for stop, so the thread sleeps while idle.
    private let wakeUp = DispatchSemaphore(value: 0)

    private init() {}

    /// Starts the thread; it connects first and reports the session's facts (or the error) to `onConnect`.
    static func start(
        name: String, configuration: MySQLConfiguration,
        onConnect: @escaping @Sendable (MySQLWorker, Result<MariaDBSessionInfo, any Error>) -> Void
    ) {
        let worker = MySQLWorker()
        // The thread's closure holds the worker strongly until the loop ends.
        let thread = Thread { worker.main(configuration: configuration, onConnect: onConnect) }
        thread.name = name
        thread.start()
    }

    /// Queues `job`; if the worker has stopped, runs it right here with `nil`.
    func submit(_ job: @escaping Job) {
        let accepted = state.withLock { state in
            guard !state.stopping else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted { wakeUp.signal() } else { job(nil) }
    }

    /// Lets the thread finish the queued jobs, close the session and exit.
    func stop() {
        let first = state.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        if first { wakeUp.signal() }
    }

    private func main(
        configuration: MySQLConfiguration,
        onConnect: @Sendable (MySQLWorker, Result<MariaDBSessionInfo, any Error>) -> Void
    ) {
        // Connector/C wants every thread that uses it registered, and unregistered before it exits.
        _ = MariaDBLibrary.isInitialized
        mysql_thread_init()
        defer { mysql_thread_end() }

        var session: MariaDBSession?
        do {
            let opened = try MariaDBSession(configuration: configuration)
            session = opened
            let info = MariaDBSessionInfo(connectionID: opened.connectionID, serverVersion: opened.serverVersion)
            onConnect(self, .success(info))
        } catch {
            onConnect(self, .failure(error))
            stop()
        }
        while true {
            wakeUp.wait()
            let next: Job? = state.withLock { state in
                state.jobs.isEmpty ? nil : state.jobs.removeFirst()
            }
            guard let job = next else { break }  // only the stop signal finds the queue empty
            job(session)
        }
        session?.close()
        // Jobs that raced with stop() were never queued, so nothing is left to fail here.
    }
}

/// What a connection learns about its session when it opens.
struct MariaDBSessionInfo: Sendable {
    var connectionID: UInt64
    var serverVersion: String
}
