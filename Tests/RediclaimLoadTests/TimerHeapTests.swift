import Testing

@testable import RediclaimLoad

@Suite("The generator's timer heap")
struct TimerHeapTests {
    @Test("entries come out in due order, and only once due")
    func order() {
        var heap = TimerHeap()
        var generator = SystemRandomNumberGenerator()
        let dues = (0..<10_000).map { _ in UInt64.random(in: 1...1_000_000, using: &generator) }
        for (k, due) in dues.enumerated() { heap.push(TimerHeap.Entry(dueNs: due, user: k, kind: .rank)) }
        #expect(heap.count == dues.count)
        #expect(heap.nextDueNs == dues.min())
        #expect(heap.popDue(nowNs: dues.min()! - 1) == nil, "nothing is due before the earliest entry")
        var out: [TimerHeap.Entry] = []
        while let e = heap.popDue(nowNs: 500_000) { out.append(e) }
        #expect(out.map(\.dueNs) == dues.filter { $0 <= 500_000 }.sorted())
        #expect(out.allSatisfy { dues[$0.user] == $0.dueNs }, "each entry keeps its user")
        while let e = heap.popDue(nowNs: .max) { out.append(e) }
        #expect(out.map(\.dueNs) == dues.sorted())
        #expect(heap.count == 0 && heap.nextDueNs == nil)
    }
}
