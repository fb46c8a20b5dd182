/// A dense row-major (C order) array of `Float` with a shape — the only data type the engine uses.
///
/// `data.count == shape.reduce(1, *)`. A zero in the shape is allowed (an empty tensor), as in PyTorch.
public struct Tensor: Equatable, Sendable {
    public var shape: [Int]
    public var data: [Float]

    /// Wraps `data` (C order) with `shape`. Precondition: the counts agree.
    public init(shape: [Int], data: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == data.count, "shape \(shape) needs \(shape.reduce(1, *)) values, got \(data.count)")
        self.shape = shape
        self.data = data
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        self.init(shape: shape, data: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    /// Number of dimensions (PyTorch's `dim()`).
    public var rank: Int { shape.count }
    /// Number of elements (PyTorch's `numel()`).
    public var count: Int { data.count }

    /// The same values under another shape with the same number of elements.
    public func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, data: data) }

    /// Swaps the first two axes of a 3-D tensor: `(A, B, C) → (B, A, C)` — how batch-first data
    /// becomes time-major and back.
    public func swappingFirstTwoAxes() -> Tensor {
        precondition(rank == 3, "swappingFirstTwoAxes needs a 3-D tensor, got \(shape)")
        let (a, b, c) = (shape[0], shape[1], shape[2])
        var out = [Float](repeating: 0, count: data.count)
        data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<a {
                    for j in 0..<b {
                        let from = (i * b + j) * c, to = (j * a + i) * c
                        for k in 0..<c { dst[to + k] = src[from + k] }
                    }
                }
            }
        }
        return Tensor(shape: [b, a, c], data: out)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String { "Tensor(shape: \(shape))" }
}

/// PyTorch's way of printing a shape inside messages: `[2, 3, 20]` (a list, as `list(t.size())`).
func shapeList(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

/// PyTorch's way of printing a tuple of ints: `(2, 3, 20)`.
func shapeTuple(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}
