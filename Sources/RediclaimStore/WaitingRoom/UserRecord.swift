/// What Redis remembers of a user who left the queue (`u` hash value).
/// `R|score|releasedAtMs`, `I|score|code|expiresAt`, `S|score`.
public enum UserRecord: Sendable, Hashable {
    case released(score: QueueScore, releasedAtMs: Int64)
    case issued(score: QueueScore, code: String, expiresAt: String)
    case soldOut(score: QueueScore)

    public init?(_ text: String) {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        // A result for a user Redis no longer knew (after a data loss) carries score 0.
        let score = parts.count > 1 ? (QueueScore(parts[1]) ?? QueueScore(raw: 0)) : QueueScore(raw: 0)
        switch parts.first {
        case "R" where parts.count == 3:
            guard let at = Int64(parts[2]) else { return nil }
            self = .released(score: score, releasedAtMs: at)
        case "I" where parts.count == 4:
            self = .issued(score: score, code: parts[2], expiresAt: parts[3])
        case "S" where parts.count == 2:
            self = .soldOut(score: score)
        default:
            return nil
        }
    }

    public var score: QueueScore {
        switch self {
        case .released(let score, _), .issued(let score, _, _), .soldOut(let score): score
        }
    }
}
