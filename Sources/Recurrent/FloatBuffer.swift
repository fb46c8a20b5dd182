/// A fixed-size block of `Float`s owned by a class, so the time loop can hold plain pointers
/// into it — no copy-on-write checks, no exclusivity checks, no allocation per step.
final class FloatBuffer {
    let base: UnsafeMutablePointer<Float>
    let count: Int

    /// `count` zeros.
    init(zeros count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    /// A copy of `values`.
    init(copying values: [Float]) {
        count = values.count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
        values.withUnsafeBufferPointer { source in
            if let from = source.baseAddress { base.update(from: from, count: count) }
        }
    }

    deinit { base.deallocate() }

    /// `count` values from `offset` as an array (empty when out of range).
    func slice(_ offset: Int, _ length: Int) -> [Float] {
        guard offset >= 0, length >= 0, offset + length <= count else { return [] }
        return Array(UnsafeBufferPointer(start: base + offset, count: length))
    }

    /// All values as an array.
    var array: [Float] { slice(0, count) }
}
