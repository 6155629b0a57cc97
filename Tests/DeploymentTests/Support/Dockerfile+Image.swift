import Foundation

/// What a stage tells the container runtime (user, environment, command, ports) and what it copies.
extension Dockerfile.Stage {
    /// A Debian image's PATH when no `ENV PATH` replaces it.
    static let debianPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    func instructions(_ keyword: String) -> [Dockerfile.Instruction] { instructions.filter { $0.keyword == keyword } }

    /// `ENV NAME=value`, one pair per instruction as the Dockerfile writes them.
    var environment: [String: String] {
        var out: [String: String] = [:]
        for env in instructions("ENV") {
            let pair = env.arguments.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { out[pair[0]] = pair[1] }
        }
        return out
    }

    var path: String { environment["PATH"] ?? Self.debianPath }

    /// The last `USER uid:gid`, when both are numbers.
    var numericUser: (uid: Int, gid: Int)? {
        guard let user = instructions("USER").last?.arguments else { return nil }
        let parts = user.split(separator: ":").map { Int($0) }
        guard parts.count == 2, let uid = parts[0], let gid = parts[1] else { return nil }
        return (uid, gid)
    }

    /// The last exec-form (JSON array) `CMD` or `ENTRYPOINT`; nil when there is none.
    func execForm(_ keyword: String) -> [String]? {
        guard let text = instructions(keyword).last?.arguments else { return nil }
        return try? JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    var exposedPorts: [Int] {
        instructions("EXPOSE").flatMap { $0.arguments.split(separator: " ") }
            .compactMap { Int($0.split(separator: "/").first ?? "") }
    }

    /// `COPY --from=STAGE SOURCE DESTINATION`.
    var stageCopies: [(from: String, source: String, destination: String)] {
        instructions("COPY").compactMap { copy in
            let words = copy.arguments.split(separator: " ").map(String.init)
            guard words.count == 3, words[0].hasPrefix("--from=") else { return nil }
            return (String(words[0].dropFirst("--from=".count)), words[1], words[2])
        }
    }

    /// Names the stage's RUNs `cp` into `directory` (`cp "$bin/x" "$bin"/*.resources /out/` gives
    /// `x` and `*.resources`).
    func copiedNames(into directory: String) -> [String] {
        runs().flatMap { $0.components(separatedBy: "&&") }.flatMap { command -> [String] in
            let words = command.split(separator: " ").map { $0.replacingOccurrences(of: "\"", with: "") }
            guard words.first == "cp", words.count >= 3, words.last == directory else { return [] }
            return words.dropFirst().dropLast().filter { !$0.hasPrefix("-") }
                .map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        }
    }
}
