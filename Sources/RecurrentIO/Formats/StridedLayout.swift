/// Where a tensor's elements lie in its storage: element `[i0, i1, …]` is storage element
/// `offset + i0·stride[0] + i1·stride[1] + …` (all in elements, as `torch.Tensor.stride()` counts).
/// Views — a transpose, a slice, one of several tensors sharing a storage — are saved this way.
struct StridedLayout {
    var shape: [Int]
    var stride: [Int]
    var offset: Int

    /// Checks the layout against a storage of `storageCount` elements and returns the element count.
    ///
    /// Every element must lie inside the storage, and a tensor may not have more elements than its
    /// storage (an expanded one, stride 0, could): that bounds what is allocated by the file's size.
    func validate(storageCount: Int) throws(LayoutProblem) -> Int {
        guard shape.count == stride.count else {
            throw LayoutProblem("has \(shape.count) sizes but \(stride.count) strides")
        }
        guard offset >= 0, stride.allSatisfy({ $0 >= 0 }), let count = checkedElementCount(shape) else {
            throw LayoutProblem("has a negative offset, stride or size (shape \(shape), stride \(stride), offset \(offset))")
        }
        guard count > 0 else {
            guard offset <= storageCount else { throw LayoutProblem("starts at element \(offset) of a storage of \(storageCount)") }
            return 0
        }
        var last = offset
        for (size, step) in zip(shape, stride) {
            let (reach, overflow) = (size - 1).multipliedReportingOverflow(by: step)
            let (sum, carry) = last.addingReportingOverflow(reach)
            guard !overflow, !carry else { throw LayoutProblem("reaches past any storage (stride \(stride))") }
            last = sum
        }
        guard last < storageCount else {
            throw LayoutProblem("shape \(shape) with stride \(stride) from element \(offset) reaches element "
                                + "\(last) of a storage of \(storageCount)")
        }
        guard count <= storageCount else {
            throw LayoutProblem("shape \(shape) with stride \(stride) has more elements than its storage of "
                                + "\(storageCount) (expanded tensors are not read; save a .contiguous() copy)")
        }
        return count
    }

    /// The `count` elements in C order, read from a storage that starts at byte `base` of `bytes`
    /// (the layout validated against that storage first).
    func gather(_ bytes: UnsafeRawBufferPointer, base: Int, dtype: StoredFloat, count: Int) -> [Float] {
        guard count > 0 else { return [] }
        if isContiguous { return dtype.decode(bytes, at: base + offset * dtype.size, count: count) }
        var values = [Float]()
        values.reserveCapacity(count)
        var index = [Int](repeating: 0, count: shape.count)
        var element = offset
        for _ in 0..<count {
            values.append(dtype.element(bytes, at: base + element * dtype.size))
            // Advance the last dimension, carrying into earlier ones like an odometer.
            var dimension = shape.count - 1
            while dimension >= 0 {
                if index[dimension] + 1 < shape[dimension] {
                    index[dimension] += 1
                    element += stride[dimension]
                    break
                }
                element -= stride[dimension] * (shape[dimension] - 1)
                index[dimension] = 0
                dimension -= 1
            }
        }
        return values
    }

    /// Whether the elements follow each other in C order (size-1 dimensions may have any stride).
    /// Only for a validated layout of at least one element (so no product overflows).
    var isContiguous: Bool {
        var expected = 1
        for (size, step) in zip(shape, stride).reversed() where size != 1 {
            guard step == expected else { return false }
            expected *= size
        }
        return true
    }
}

/// Why a layout does not fit its storage: a sentence the checkpoint reader prefixes with the tensor's name.
struct LayoutProblem: Error {
    var text: String
    init(_ text: String) { self.text = text }
}
