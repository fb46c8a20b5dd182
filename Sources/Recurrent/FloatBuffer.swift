/// A fixed-size block of `Float`s owned by a class, so the time loop can hold plain pointers
/// into it — no copy-on-write checks, no exclusivity checks, no allocation per step.
final class FloatBuffer: @unchecked Sendable {   // handed between owners, never shared while in use
    let base: UnsafeMutablePointer<Float>
    let count: Int

    /// `count` floats, zeroed or left uninitialised (for storage whose every element is written
    /// before it is read).
    init(count: Int, zeroed: Bool) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        if zeroed { base.initialize(repeating: 0, count: max(count, 1)) }
    }

    /// A copy of `values`.
    convenience init(copying values: [Float]) {
        self.init(count: values.count, zeroed: false)
        values.withUnsafeBufferPointer { source in
            if let from = source.baseAddress { base.initialize(from: from, count: count) }
        }
    }

    deinit { base.deallocate() }

    /// The whole buffer as a view.
    var view: FloatView { FloatView(base: base, count: count) }
}

/// A window of `count` floats inside a `FloatBuffer` that someone else keeps alive.
struct FloatView {
    let base: UnsafeMutablePointer<Float>
    let count: Int

    /// `length` values from `offset` as an array (empty when out of range).
    func slice(_ offset: Int, _ length: Int) -> [Float] {
        guard offset >= 0, length >= 0, offset + length <= count else { return [] }
        return Array(UnsafeBufferPointer(start: base + offset, count: length))
    }

    /// All values as an array.
    var array: [Float] { slice(0, count) }

    /// Copies `values` in (as many as fit), or writes zeros when `values` is nil.
    func fill(from values: [Float]?) {
        guard let values else { base.update(repeating: 0, count: count); return }
        values.withUnsafeBufferPointer { source in
            if let from = source.baseAddress { base.update(from: from, count: min(count, values.count)) }
        }
    }
}

/// Carves one allocation into views, each followed by eight spare floats, so an eight-wide load
/// that starts inside a view never reads outside the allocation.
struct Arena {
    private(set) var sizes: [Int] = []
    private static let slack = 8

    /// Reserves a view of `count` floats; returns its index for `views(in:)`.
    mutating func reserve(_ count: Int) -> Int {
        sizes.append(count)
        return sizes.count - 1
    }

    /// The total floats needed, slack included.
    var total: Int { sizes.reduce(0) { $0 + $1 + Arena.slack } }

    /// The reserved views inside `buffer` (which must hold `total` floats), in reservation order.
    func views(in buffer: FloatBuffer) -> [FloatView] {
        var offset = 0
        return sizes.map { size in
            defer { offset += size + Arena.slack }
            (buffer.base + offset + size).initialize(repeating: 0, count: Arena.slack)
            return FloatView(base: buffer.base + offset, count: size)
        }
    }
}
