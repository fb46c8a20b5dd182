import Recurrent

// Entry points the command line uses. Their implementations live in the files beside this one.
// (Stubs until the files issue fills them in.)

/// A file that could not be read or written: one line naming the file and what is wrong.
public struct FileError: Error, CustomStringConvertible, Equatable, Sendable {
    public let path: String
    public let problem: String
    public init(_ path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }
    public var description: String { "\(path): \(problem)" }
}

/// Reads a `.safetensors` file into `name → tensor` (converted to Float).
public func loadStateDict(path: String) throws -> [String: Tensor] {
    throw FileError(path, "safetensors reading is not implemented yet")
}

/// Builds the RNN a state dict describes: sizes, layers, bias and directions inferred from its keys
/// and shapes, under `prefix` (found automatically when exactly one set of RNN keys exists).
/// The nonlinearity and `batch_first` are not stored in a state dict and come from the caller.
public func modelFromStateDict(_ tensors: [String: Tensor], prefix: String?, nonlinearity: String,
                               batchFirst: Bool, source: String) throws -> RNN {
    throw FileError(source, "state dict inference is not implemented yet")
}

/// Reads an input sequence: `.npy` (any shape, float32/float64) or `.csv` (rows are timesteps,
/// columns features → `(T, D)`).
public func loadSequence(path: String) throws -> Tensor {
    throw FileError(path, "input reading is not implemented yet")
}
