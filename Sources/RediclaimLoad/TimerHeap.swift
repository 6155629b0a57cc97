/// A shard's pending polls and retries by due time: one binary min-heap of small values, woken by a single
/// scheduled task, so a million waiting users cost 24 bytes each rather than a NIO task (closure, promise)
/// each.
struct TimerHeap {
    struct Entry {
        var dueNs: UInt64
        var user: Int
        var kind: PendingRequest.Kind
    }

    private var entries: [Entry] = []

    var count: Int { entries.count }
    var nextDueNs: UInt64? { entries.first?.dueNs }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard entries[i].dueNs < entries[parent].dueNs else { break }
            entries.swapAt(i, parent)
            i = parent
        }
    }

    /// The earliest entry if it is due at `nowNs`, removed.
    mutating func popDue(nowNs: UInt64) -> Entry? {
        guard let first = entries.first, first.dueNs <= nowNs else { return nil }
        let last = entries.removeLast()
        guard !entries.isEmpty else { return first }
        entries[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var smallest = i
            if l < entries.count, entries[l].dueNs < entries[smallest].dueNs { smallest = l }
            if r < entries.count, entries[r].dueNs < entries[smallest].dueNs { smallest = r }
            guard smallest != i else { break }
            entries.swapAt(i, smallest)
            i = smallest
        }
        return first
    }
}
