import Foundation

/// The parts of the project's Dockerfile the checks read: stages, their instructions, `ARG` defaults.
struct Dockerfile {
    struct Instruction {
        let keyword: String
        let arguments: String
    }

    struct Stage {
        /// The base image with global `ARG` defaults substituted (`debian:trixie-slim`).
        let base: String
        let name: String?
        var instructions: [Instruction] = []

        func runs() -> [String] { instructions.filter { $0.keyword == "RUN" }.map(\.arguments) }

        /// Every package an `apt-get install` in this stage names.
        var aptPackages: [String] { runs().flatMap(Dockerfile.aptInstallPackages) }
    }

    private(set) var globalArgs: [String: String] = [:]
    private(set) var stages: [Stage] = []

    init(_ text: String) {
        for line in Self.logicalLines(text) {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let keyword = parts[0].uppercased()
            let arguments = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            if keyword == "FROM" {
                let words = arguments.split(separator: " ").map(String.init)
                let name = words.count >= 3 && words[1].uppercased() == "AS" ? words[2] : nil
                stages.append(Stage(base: substitute(words.first ?? ""), name: name))
            } else if stages.isEmpty {
                if keyword == "ARG" {
                    let pair = arguments.split(separator: "=", maxSplits: 1).map(String.init)
                    globalArgs[pair[0]] = pair.count > 1 ? pair[1] : ""
                }
            } else {
                stages[stages.count - 1].instructions.append(Instruction(keyword: keyword, arguments: arguments))
            }
        }
    }

    func stage(named name: String) -> Stage? { stages.first { $0.name == name } }

    /// The image that runs: the last stage.
    var runtime: Stage? { stages.last }

    private func substitute(_ word: String) -> String {
        var out = word
        for (name, value) in globalArgs {
            out = out.replacingOccurrences(of: "${\(name)}", with: value)
            out = out.replacingOccurrences(of: "$\(name)", with: value)
        }
        return out
    }

    /// Instructions with continuation lines joined and comment lines dropped (also inside a RUN).
    static func logicalLines(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || (line.isEmpty && current.isEmpty) { continue }
            if line.hasSuffix("\\") {
                current += line.dropLast() + " "
            } else {
                current += line
                if !current.trimmingCharacters(in: .whitespaces).isEmpty { out.append(current) }
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Package names in the `apt-get install` commands of one RUN: options and `-o` values (`A::B=c`)
    /// skipped, a pin `name=version` read as `name`.
    static func aptInstallPackages(_ run: String) -> [String] {
        var packages: [String] = []
        for command in run.components(separatedBy: "&&").flatMap({ $0.components(separatedBy: ";") }) {
            let words = command.split(separator: " ").map(String.init)
            guard let apt = words.firstIndex(where: { $0 == "apt-get" || $0 == "apt" }),
                let install = words[apt...].firstIndex(of: "install")
            else { continue }
            packages += words[(install + 1)...].filter { !$0.hasPrefix("-") && !$0.contains("::") }
                .map { String($0.split(separator: "=").first ?? "") }
        }
        return packages
    }
}
