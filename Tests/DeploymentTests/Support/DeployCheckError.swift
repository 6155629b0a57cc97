/// A deployment check that could not run or found a problem; the message says which and what to do.
struct DeployCheckError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
