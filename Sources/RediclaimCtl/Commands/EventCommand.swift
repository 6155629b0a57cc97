import ArgumentParser

/// `rediclaimctl event ...`: the event registry (MySQL first, then the Redis runtime copy).
struct EventCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event", abstract: "Create, inspect and control coupon events.",
        subcommands: [
            EventCreate.self, EventList.self, EventShow.self, EventApply.self, EventPause.self, EventResume.self,
            EventClose.self, EventSetRate.self, EventSync.self,
        ])
}
