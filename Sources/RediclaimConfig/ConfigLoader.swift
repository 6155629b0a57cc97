import Foundation
import Yams

/// Reads settings in order: defaults, then a YAML file, then `REDICLAIM_*` environment variables, then flags.
public enum ConfigLoader {
    /// The environment variable naming a config file when no `--config` is given.
    public static let fileVariable = "REDICLAIM_CONFIG"

    public static func load(
        file: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        overrides: [String] = []
    ) throws -> ConfigValues {
        var values = ConfigValues()
        if let path = file ?? environment[fileVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            try applyFile(path, to: &values)
        }
        try applyEnvironment(environment, to: &values)
        for assignment in overrides {
            guard let eq = assignment.firstIndex(of: "=") else {
                throw ConfigError(key: nil, "--set expects key=value, got '\(assignment)'")
            }
            let name = String(assignment[..<eq]).trimmingCharacters(in: .whitespaces)
            try values.set(name, String(assignment[assignment.index(after: eq)...]), from: .flag)
        }
        return values
    }

    static func applyFile(_ path: String, to values: inout ConfigValues) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(key: nil, "cannot read config file \(path): \(error.localizedDescription)")
        }
        try applyYAML(text, path: path, to: &values)
    }

    static func applyYAML(_ text: String, path: String, to values: inout ConfigValues) throws {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(key: nil, "\(path) is not valid YAML: \(error)")
        }
        guard let node else { return }
        var flat: [(String, String)] = []
        try flatten(node, prefix: "", path: path, into: &flat)
        for (name, value) in flat { try values.set(name, value, from: .file(path)) }
    }

    static func flatten(_ node: Node, prefix: String, path: String, into out: inout [(String, String)]) throws {
        switch node {
        case .mapping(let mapping):
            for (key, child) in mapping {
                guard let name = key.string else {
                    throw ConfigError(key: prefix.isEmpty ? nil : prefix, "\(path): keys must be strings")
                }
                try flatten(child, prefix: prefix.isEmpty ? name : "\(prefix).\(name)", path: path, into: &out)
            }
        case .scalar(let scalar):
            out.append((prefix, scalar.string))
        case .sequence, .alias:
            throw ConfigError(key: prefix, "\(path): expected a single value")
        }
    }

    static func applyEnvironment(_ environment: [String: String], to values: inout ConfigValues) throws {
        for key in ConfigKeys.all {
            if let value = environment[key.environmentVariable] {
                try values.set(key.name, value, from: .environment(key.environmentVariable))
            }
            if let fileVariable = key.fileVariable, let path = environment[fileVariable], !path.isEmpty {
                let content: String
                do {
                    content = try String(contentsOfFile: path, encoding: .utf8)
                } catch {
                    throw ConfigError(key: key.name, "cannot read \(fileVariable)=\(path): \(error.localizedDescription)")
                }
                let trimmed = content.trimmingCharacters(in: .newlines)
                try values.set(key.name, trimmed, from: .environment(fileVariable))
            }
        }
    }
}
