import ArgumentParser
import RediclaimConfig
import RediclaimStore

/// `rediclaimctl migrate`: applies pending schema migrations, once, even when run concurrently.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending MySQL schema migrations (safe to run twice or concurrently).")

    @OptionGroup var config: ConfigOptions

    @Flag(help: "Only show which migrations are applied")
    var status = false

    func run() async throws {
        try await CtlContext.run(config) { ctx in
            let migrator = Migrator(client: try ctx.mysql(), migrations: try Migration.bundled(), logger: ctx.logger)
            if status {
                var table = Table("VERSION", "NAME", "STATUS")
                for s in try await migrator.status() {
                    table.add(String(format: "%04d", s.migration.version), s.migration.name, s.applied ? "applied" : "pending")
                }
                print(table.render())
                return
            }
            let applied = try await migrator.migrate { migration in
                print("applying \(String(format: "%04d", migration.version))_\(migration.name) ...")
            }
            print(applied.isEmpty ? "schema is up to date" : "applied \(applied.count) migration(s)")
        }
    }
}
