import RediclaimRedis
import Testing
import TestSupport

@Suite("RedisClient failures and recovery", .timeLimit(.minutes(1)))
struct RedisClientFailureTests {
    /// Waits until `clientID` is blocked in BLPOP as seen by another connection.
    private func waitUntilBlocked(_ clientID: Int, admin: RedisClient) async throws {
        for _ in 0..<200 {
            let info = try await admin.send("CLIENT", "LIST", "ID", clientID).string ?? ""
            if info.contains("cmd=blpop") { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("client \(clientID) never showed up blocked in BLPOP")
    }

    @Test func reconnectsAfterClientKill() async throws {
        let single = sharedConfiguration {
            $0.connectionCount = 1
            $0.commandTimeout = .seconds(10)
        }
        try await withClient(single) { client async throws in
            try await withClient { admin async throws in
                let firstID = try #require(try await client.send("CLIENT", "ID").int)
                let key = uniqueName("blpop")
                let started = ContinuousClock.now
                async let inFlight = redisError { _ = try await client.send("BLPOP", key, 30) }
                try await waitUntilBlocked(firstID, admin: admin)
                #expect(try await admin.send("CLIENT", "KILL", "ID", firstID) == .integer(1))

                let error = await inFlight
                #expect(error?.code == .connectionLost)
                #expect(ContinuousClock.now - started < .seconds(20), "BLPOP should fail at the kill, not at its 30 s")

                let secondID = try #require(try await client.send("CLIENT", "ID").int)
                #expect(secondID != firstID)
                try await client.ping()
            }
        }
    }

    @Test func commandTimeoutFailsWithTimeout() async throws {
        let impatient = sharedConfiguration {
            $0.connectionCount = 1
            $0.commandTimeout = .milliseconds(300)
        }
        try await withClient(impatient) { client async throws in
            let started = ContinuousClock.now
            let error = await redisError { _ = try await client.send("BLPOP", uniqueName("never"), 20) }
            #expect(error?.code == .timeout)
            // Well before BLPOP's own 20 s; loose because the suite shares two cores with other tests.
            #expect(ContinuousClock.now - started < .seconds(10))
            try await client.ping()  // a fresh connection replaces the one that timed out
        }
    }

    @Test func unreachablePortFailsFast() async throws {
        let port = try LocalPorts.free()
        // A refused connection must fail at once, not wait out the 10 s connect timeout; the bound is loose
        // because the suite runs many tests in parallel on two shared cores.
        try await withClient(RedisConfiguration(port: port, connectTimeout: .seconds(10))) { client async throws in
            let started = ContinuousClock.now
            let error = await redisError { try await client.ping() }
            #expect(error?.code == .connectionFailed)
            #expect(error?.message.contains("127.0.0.1:\(port)") == true)
            #expect(ContinuousClock.now - started < .seconds(5))
            // Later calls keep failing cleanly (after a short back-off), never hang.
            let again = await redisError { try await client.ping() }
            #expect(again?.code == .connectionFailed)
        }
    }

    @Test func wrongOrMissingPasswordIsRejected() async throws {
        let server = try await PrivateRedis(arguments: ["--requirepass", "s3cret"])
        try await withClient(RedisConfiguration(port: server.port, password: "wrong")) { client async throws in
            let started = ContinuousClock.now
            let error = await redisError { try await client.ping() }
            #expect(error?.code == .authenticationFailed)
            #expect(ContinuousClock.now - started < .seconds(5))
        }
        try await withClient(RedisConfiguration(port: server.port)) { client async throws in
            let error = await redisError { try await client.ping() }
            #expect(error?.code == .authenticationFailed)
            #expect(error?.serverMessage?.hasPrefix("NOAUTH") == true)
        }
        let configuration = try RedisConfiguration(url: "redis://:s3cret@127.0.0.1:\(server.port)/2")
        try await withClient(configuration) { client async throws in
            try await client.ping()
            #expect(try await client.send("CLIENT", "INFO").string?.contains(" db=2 ") == true)
        }
        await server.stop()
    }

    @Test func survivesAServerRestart() async throws {
        var server = try await PrivateRedis()
        let port = server.port
        try await withClient(RedisConfiguration(port: port, connectionCount: 1)) { client async throws in
            try await client.ping()
            await server.stop()
            let error = await redisError { try await client.ping() }
            #expect(error?.code == .connectionLost || error?.code == .connectionFailed)

            server = try await PrivateRedis(port: port)
            var recovered = false
            for _ in 0..<50 where !recovered {
                recovered = (try? await client.ping()) != nil
                if !recovered { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(recovered, "the client should reconnect once the server is back")
        }
        await server.stop()
    }

    @Test func shutdownFailsInFlightAndQueuedCommands() async throws {
        let single = sharedConfiguration {
            $0.connectionCount = 1
            $0.commandTimeout = .seconds(60)
        }
        let client = RedisClient(configuration: single, logger: testLogger)
        let clientID = try #require(try await client.send("CLIENT", "ID").int)
        async let blocked = redisError { _ = try await client.send("BLPOP", uniqueName("shutdown"), 30) }
        try await withClient { admin async throws in try await waitUntilBlocked(clientID, admin: admin) }
        async let queued = redisError { try await client.ping() }
        try await Task.sleep(for: .milliseconds(50))

        let started = ContinuousClock.now
        await client.shutdown()
        #expect(ContinuousClock.now - started < .seconds(15), "shutdown must not wait out the 30 s BLPOP")
        #expect(await blocked?.code == .shutdown)
        #expect(await queued?.code == .shutdown)
        #expect(await redisError { try await client.ping() }?.code == .shutdown)
    }

    @Test("a server that accepts and hangs up at once (maxclients): every request of a crowd bigger than a batch gets an answer")
    func everyRequestAnsweredWhenTheServerHangsUp() async throws {
        let server = try await PrivateRedis(arguments: ["--maxclients", "1"])
        let tiny = RedisConfiguration(port: server.port, commandTimeout: .seconds(30), connectionCount: 1, maxBatchSize: 4)
        try await withClient(RedisConfiguration(port: server.port)) { holder async throws in
            try await holder.ping()  // takes the only client slot
            try await withClient(tiny) { client async throws in
                // More than a batch queues while connecting, so full batches are flushed while the rest are
                // still being written; the server's error and hang-up must fail every one of them.
                let failures = await withTaskGroup(of: Bool.self) { group in
                    for _ in 0..<200 { group.addTask { (try? await client.ping()) == nil } }
                    return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(failures == 200)
                await holder.shutdown()
                var recovered = false
                for _ in 0..<50 where !recovered {
                    recovered = (try? await client.ping()) != nil
                    if !recovered { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(recovered, "the client should connect once the slot is free")
            }
        }
        await server.stop()
    }
}
