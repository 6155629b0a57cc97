import Foundation
import JWTKit

/// A JWKS file and what was last read from it: the key set is rebuilt only when the file's size or
/// modification time changes, and a file that stops parsing keeps the last good keys.
struct JWKSFile: Sendable {
    let path: String
    var stamp: Stamp?

    struct Stamp: Equatable, Sendable {
        let modified: Date
        let size: Int
    }

    init(path: String) { self.path = path }

    func currentStamp() -> Stamp? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let modified = attributes[.modificationDate] as? Date, let size = attributes[.size] as? Int
        else { return nil }
        return Stamp(modified: modified, size: size)
    }

    func read() throws -> JWKS {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(JWKS.self, from: data)
    }
}
