import Foundation
import RediclaimCore
import Yams

/// The events YAML file: a top-level `events:` list of event definitions (see config/events.yaml).
enum EventFile {
    static func load(path: String) throws -> [Event] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CtlError("cannot read \(path): \(error.localizedDescription)")
        }
        return try parse(text, source: path)
    }

    static func parse(_ text: String, source: String) throws -> [Event] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw CtlError("\(source) is not valid YAML: \(error)")
        }
        guard let list = root?.mapping?["events"]?.sequence else {
            throw CtlError("\(source): expected a top-level `events:` list")
        }
        var events: [Event] = []
        var seen: Set<Int64> = []
        for (index, node) in list.enumerated() {
            let label = "\(source): events[\(index)]" + (node.mapping?["id"]?.string.map { " (id \($0))" } ?? "")
            let event: Event
            do {
                event = try YAMLDecoder().decode(Event.self, from: node)
            } catch let error as DecodingError {
                throw CtlError("\(label): \(RediclaimError(decodingError: error, format: "YAML").message)")
            } catch let error as RediclaimError {
                throw CtlError("\(label): \(error.message)")
            }
            guard seen.insert(event.id).inserted else { throw CtlError("\(label): id \(event.id) appears twice") }
            events.append(event)
        }
        return events
    }
}
