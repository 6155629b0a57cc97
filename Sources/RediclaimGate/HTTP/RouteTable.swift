import HTTPTypes

/// The gate's paths and their methods, so an unmatched request can be told apart: no such path
/// (404) or the wrong method for a path that exists (405 with `Allow`). Hummingbird answers both 404.
struct RouteTable: Sendable {
    private var routes: [(segments: [Substring], methods: [HTTPRequest.Method])] = []

    /// `path` in the router's syntax: `:name` matches any one segment.
    mutating func add(_ path: String, _ method: HTTPRequest.Method) {
        let segments = path.split(separator: "/")
        if let index = routes.firstIndex(where: { $0.segments == segments }) {
            routes[index].methods.append(method)
        } else {
            routes.append((segments, [method]))
        }
    }

    /// The methods a path allows, or nil when no route has it.
    func methods(for path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/")
        for route in routes where route.segments.count == segments.count {
            let matches = zip(route.segments, segments).allSatisfy { pattern, segment in
                pattern.hasPrefix(":") || pattern == segment
            }
            if matches { return route.methods }
        }
        return nil
    }
}
