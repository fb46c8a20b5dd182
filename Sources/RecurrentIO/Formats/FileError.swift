/// A file that could not be read or written: one line naming the file and what is wrong.
///
/// Lives beside the parsers (which need only the standard library and Foundation) so that the
/// fuzz harnesses can compile them without the engine.
public struct FileError: Error, CustomStringConvertible, Equatable, Sendable {
    public let path: String
    public let problem: String
    public init(_ path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }
    public var description: String { "\(path): \(problem)" }
}

/// A dense array as a file holds it: a shape and its values in C order, widened to `Float`.
///
/// `values.count == shape.reduce(1, *)` — every parser checks this before returning.
public struct FloatArray: Equatable, Sendable {
    public var shape: [Int]
    public var values: [Float]
    public init(shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
    }
}

/// The number of elements of `shape`, or nil when a dimension is negative or the product overflows.
func checkedElementCount(_ shape: [Int]) -> Int? {
    var count = 1
    for dimension in shape {
        guard dimension >= 0 else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
        if overflow { return nil }
        count = product
    }
    return count
}

/// `count · elementSize` bytes, or nil on overflow.
func checkedByteCount(_ count: Int, elementSize: Int) -> Int? {
    let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
    return overflow ? nil : bytes
}
