import ArgumentParser
import Foundation
import RediclaimConfig
import RediclaimCore
import RediclaimStore

/// `rediclaimctl verify EVENT`: checks I1-I8 over Redis, MySQL and the result topic.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the invariants I1-I8 of one event (Redis, MySQL, the request and result topics); non-zero exit on any failure.")

    @OptionGroup var config: ConfigOptions
    @Argument(help: "Event id") var eventId: Int64
    @Flag(help: "Skip reading the topics (faster; the Kafka parts of I3-I8 are not checked, and releases lost with Redis are not seen)")
    var noKafka = false
    @Flag(help: "JSON output") var json = false

    func run() async throws {
        let results = try await CtlContext.run(config) { ctx in
            let data = try await Self.gather(eventId, ctx, readKafka: !noKafka, quiet: json)
            return InvariantChecker.check(data)
        }
        if json {
            try JSONOutput.print(results)
        } else {
            var table = Table("INVARIANT", "RESULT", "DETAIL")
            for r in results { table.add("\(r.id) \(r.title)", r.passed ? "PASS" : "FAIL", r.summary) }
            print(table.render())
            for r in results where !r.passed {
                print("\n\(r.id) failures (first \(r.examples.count)):")
                for e in r.examples { print("  - \(e)") }
            }
        }
        if results.contains(where: { !$0.passed }) { throw ExitCode.failure }
    }

    static func gather(_ eventId: Int64, _ ctx: CtlContext, readKafka: Bool, quiet: Bool) async throws -> AuditData {
        func note(_ s: String) { if !quiet { FileHandle.standardError.write(Data((s + "\n").utf8)) } }
        let record = try await ctx.events().get(eventId)
        note("reading MySQL rows of event \(eventId) ...")
        let rows = try await IssuedCoupons(client: ctx.mysql()).codes(eventId: eventId)
            .map { AuditData.Row(userId: $0.key, code: $0.value) }
        note("reading Redis statuses and the release log ...")
        let room = WaitingRoom(redis: try ctx.redis())
        let records = try await room.userRecords(eventId: eventId)
        let log = try await room.releaseLog(eventId: eventId)
        let outcomes = try await IssueOutcomes(client: ctx.mysql()).all(eventId: eventId)
        let changes = try await ctx.events().changes(eventId)
        var results: [IssueResult]? = nil
        var requests: [IssueRequested]? = nil
        if readKafka {
            let reader = TopicReader(client: ctx.config.kafkaClient(clientID: "rediclaimctl-verify"), logger: ctx.logger)
            let codec = MessageCodec()
            note("reading \(ctx.config.kafka.requestTopic) ...")
            requests = try await reader.readAll(ctx.config.kafka.requestTopic) { note("  \($0) messages read") }
                .compactMap { try? codec.decode(IssueRequested.self, from: $0.value) }.filter { $0.eventId == eventId }
            note("reading \(ctx.config.kafka.resultTopic) ...")
            results = try await reader.readAll(ctx.config.kafka.resultTopic) { note("  \($0) messages read") }
                .compactMap { try? codec.decode(IssueResult.self, from: $0.value) }.filter { $0.eventId == eventId }
        }
        var data = AuditData(
            eventId: eventId, stock: record.event.stock, releaseRate: record.event.releaseRate, tickMs: ctx.config.gate.tickMs,
            issuedCount: record.issuedCount, rows: rows, records: records, releaseLog: log, results: results, requests: requests,
            changes: changes, outcomes: outcomes, closed: record.closed || record.event.closeAt <= Date())
        data.cohort = try await CohortAudit.gather(record, ctx)
        return data
    }
}
