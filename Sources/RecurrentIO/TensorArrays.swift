import Recurrent

// MARK: Between the parsers' arrays and the engine's tensors
// (Foundation-free, so the state-dict fuzz harness compiles it with the parsers and the engine.)

extension Tensor {
    /// The tensor a file's array holds (the parsers guarantee the counts agree).
    public init(_ array: FloatArray) { self.init(shape: array.shape, data: array.values) }
}

extension FloatArray {
    public init(_ tensor: Tensor) { self.init(shape: tensor.shape, values: tensor.data) }
}


extension WeightsFile {
    /// The file's tensors as a state dict, `name → tensor` (names are unique in either format).
    public var stateDict: [String: Tensor] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.name, Tensor($0.array)) })
    }
}
